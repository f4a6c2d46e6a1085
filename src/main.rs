//! The clinic-analytics binary: parse the command line and run it.

use std::process::ExitCode;

use clap::Parser;
use clinic_analytics::cli;
use clinic_analytics::config::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    cli::main(Cli::parse()).await
}
