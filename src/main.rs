//! The clinic-analytics binary: parse configuration, start logging, run one command.

use std::process::ExitCode;

use clap::Parser;
use clinic_analytics::config::{Cli, Command, LogFormat};
use clinic_analytics::{cli, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let args = Cli::parse();
    let default_format = match args.command {
        Command::Demo(_) => LogFormat::Pretty,
        _ => LogFormat::Json,
    };
    let format = args.logging.log_format.unwrap_or(default_format);
    if let Err(error) = telemetry::init(format, &args.logging.log_filter) {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    match cli::run(args.command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
