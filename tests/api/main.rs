//! Integration tests: one binary, one module per area, each test on its own database.

mod app;
mod batching;
mod charts;
mod cli;
mod contract;
mod errors;
mod fixtures;
mod helpers;
mod metrics;
mod schema;
mod seed;
