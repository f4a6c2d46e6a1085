//! Integration tests: one binary, one module per area, each test on its own database.

mod app;
mod batching;
mod charts;
mod cli;
mod contract;
mod errors;
mod fixtures;
mod freshness;
mod helpers;
mod metrics;
mod rollups;
mod schema;
mod seed;
