//! Integration tests: one binary, one module per area, each test on its own database.

mod cli;
mod contract;
mod helpers;
mod seed;
