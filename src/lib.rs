//! clinic-analytics: the GraphQL analytics API behind multi-tenant clinic dashboards.
//!
//! The layers, lowest first (a module uses only modules before it; a test holds the code to this order):
//! error, config, telemetry → analytics → db → auth, limits → dashboard → graphql → http → startup → cli.

pub mod analytics;
pub mod auth;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod limits;
pub mod startup;
pub mod telemetry;
