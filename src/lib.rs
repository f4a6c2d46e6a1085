//! clinic-analytics: the GraphQL analytics API behind multi-tenant clinic dashboards.

pub mod analytics;
pub mod cache;
pub mod changes;
pub mod cli;
pub mod config;
pub mod contract;
pub mod dashboard;
pub mod db;
pub mod error;
pub mod fallback;
pub mod graphql;
pub mod http;
pub mod seed;
pub mod startup;
pub mod telemetry;
