//! Integration tests: one binary, one module per area, each test on its own database.

mod app;
mod auth;
mod batching;
mod charts;
mod cli;
mod conformance;
mod contract;
mod errors;
mod faults;
mod fixtures;
mod freshness;
mod graphql_http;
mod helpers;
mod isolation;
mod layers;
mod limits;
mod live;
mod metrics;
mod observability;
mod proxy;
mod rest;
mod rollups;
mod schema;
mod seed;
mod shutdown;
mod windows;
