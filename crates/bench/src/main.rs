//! The benchmark of clinic-analytics: seeds its own database, then measures in one run the cold dashboard against
//! the plain definitions, the warm service under load, a cold storm, freshness after writes, memory and refusals, and
//! writes BENCHMARKS.md. Run it with `cargo run --release -p clinic-analytics-bench`.

mod client;
mod cold;
mod overhead;
mod queries;
mod refusals;
mod report;
mod service;
mod stats;
mod warm;

use std::process::ExitCode;

use axum::http::HeaderValue;
use chrono::Utc;
use clap::{Args, Parser};
use clinic_analytics::auth::{Claims, mint_hs256};
use clinic_analytics::cli::progress::Progress;
use clinic_analytics::cli::seed::{current_second, seed_organizations};
use clinic_analytics::config::{Cli, Command as CliCommand, DatabaseUrl, LogFormat, Secret, ServeArgs};
use clinic_analytics::db::{self, Db, roles};
use clinic_analytics::{cli, telemetry};
use clinic_analytics_seed::{OrganizationSpec, spec};
use sqlx::PgPool;

use self::report::Report;
use self::service::{Service, free_address};

/// The argument that makes this binary serve as the service under test, in a process of its own.
pub const SERVE: &str = "serve-for-bench";

/// The argument that makes this binary serve as the bare axum + async-graphql server, the bound of the request path.
pub const BARE: &str = "bare-for-bench";

/// Why the benchmark stopped.
#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    /// A failure saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(error: E) -> Self {
        Self(error.to_string())
    }
}

/// The benchmark's result type.
pub type Result<T> = std::result::Result<T, Failure>;

/// clinic-analytics-bench: measures the service on a database it seeds itself.
#[derive(Debug, Parser)]
#[command(name = "clinic-analytics-bench", version, about)]
struct BenchCli {
    #[command(flatten)]
    args: BenchArgs,
}

/// What the benchmark measures, and where.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// The benchmark's own database (created and seeded when missing; kept for the next run).
    #[arg(
        long,
        env = "BENCH_DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/clinic_analytics_bench",
        hide_env_values = true
    )]
    pub database_url: DatabaseUrl,

    /// Seconds each load run lasts.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,

    /// Concurrent clients of the warm runs.
    #[arg(long, default_value_t = 64)]
    pub clients: u32,

    /// Requests per second of the steady (open-loop) run.
    #[arg(long, default_value_t = 1_000)]
    pub rate: u32,

    /// Cold dashboards measured per timeframe from the rollups (the definitions get a fifth as many, at least 3).
    #[arg(long, default_value_t = 20)]
    pub samples: u32,

    /// Where the report is written.
    #[arg(long, default_value = "BENCHMARKS.md")]
    pub output: std::path::PathBuf,
}

#[tokio::main]
async fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some(SERVE) => return serve_for_bench().await,
        Some(BARE) => {
            let address = std::env::args().nth(2).unwrap_or_default();
            return match overhead::serve_bare(&address).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        _ => {}
    }
    let BenchCli { args } = BenchCli::parse();
    if let Err(error) = telemetry::init(LogFormat::Pretty, "warn") {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Serves as the service does (`clinic-analytics serve`, configured by the environment), so the process measured
/// runs exactly the service's code.
async fn serve_for_bench() -> ExitCode {
    cli::main(Cli::parse_from(["clinic-analytics", "serve"])).await
}

/// Runs the benchmark.
async fn run(args: BenchArgs) -> Result<()> {
    let progress = Progress::new();
    let specs = dataset();
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    db::create_database_if_missing(&args.database_url).await?;
    let admin = db::connect_admin_pool(&args.database_url, 3).await?;
    db::migrate(&mut *admin.acquire().await?).await?;
    ensure_seeded(&admin, specs, &progress).await?;
    // The service is measured as it runs in production: a login role held by row-level security.
    roles::ensure_service_login(&mut *admin.acquire().await?, roles::DEFAULT_SERVICE_LOGIN, None).await?;
    let service_url = args
        .database_url
        .with_user(roles::DEFAULT_SERVICE_LOGIN)
        .map_err(Failure::new)?;
    let large = ids[0].clone();

    let secret = Secret::new(format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    ));
    let serve_args = serve_args(&service_url, &secret)?;
    let mut report = Report::new(&admin, &args).await?;

    progress.say("1/7 cold full dashboard of the large organization, rollups against the plain definitions");
    report.cold = cold::cold_dashboards(&serve_args, &large, &ids, args.samples, &progress).await?;

    progress.say("starting the service");
    let address = free_address()?;
    let mut service = Service::start(&service_url, &secret, address).await?;
    let authorization = HeaderValue::from_str(&format!(
        "Bearer {}",
        mint_hs256(
            &secret,
            &Claims::granting(
                &ids.iter().map(String::as_str).collect::<Vec<_>>(),
                Utc::now() + chrono::Duration::hours(2)
            )
        )?
    ))
    .expect("a token is a valid header");

    progress.say(format!(
        "2/7 warm load: {} clients for {} s per run",
        args.clients, args.seconds
    ));
    report.warm = warm::warm(address, &authorization, &ids, &args, &progress).await?;

    progress.say("3/7 cold storm: every cache dropped while the 50 organizations are asked at once");
    report.storm = warm::storm(address, &authorization, &ids, &admin).await?;

    progress.say("4/7 freshness: 100 committed writes");
    report.freshness = warm::freshness(address, &authorization, &ids, &admin).await?;

    progress.say("5/7 request path under wrk: a bare axum + async-graphql server, and the service");
    report.overhead = overhead::measure(address, &authorization, &large, args.seconds, &progress).await?;

    progress.say("6/7 resident memory");
    report.resident_megabytes = service.resident_megabytes();
    service.stop();

    progress.say("7/7 refusals: hostile requests in process, 500 of each");
    let db = Db::new(db::connect_quietly(&serve_args.database).await?);
    report.refusals = refusals::measure(db, &serve_args, &secret, &large).await?;

    let text = report.render();
    println!("{text}");
    std::fs::write(&args.output, &text)?;
    progress.say(format!("written to {}", args.output.display()));
    Ok(())
}

/// The benchmark's organizations: the large clinic group first, then 49 of 2,000 patients and 50,000 appointments.
fn dataset() -> Vec<OrganizationSpec> {
    let mut specs = vec![spec::large_clinic_group(7)];
    specs.extend((0..49).map(|i| spec::generated(7, i, 2_000, 50_000, 730, None)));
    specs
}

async fn ensure_seeded(admin: &PgPool, specs: Vec<OrganizationSpec>, progress: &Progress) -> Result<()> {
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    let present: i64 = sqlx::query_scalar("select count(*) from organizations where id = any($1)")
        .bind(&ids)
        .fetch_one(admin)
        .await?;
    if present == ids.len() as i64 {
        progress.say("the benchmark's 50 organizations are already seeded");
        return Ok(());
    }
    progress.say("seeding the benchmark's 50 organizations (2,950,000 appointments)");
    seed_organizations(admin, specs, 7, current_second(), true).await?;
    Ok(())
}

fn serve_args(service_url: &DatabaseUrl, secret: &Secret) -> Result<ServeArgs> {
    let argv = [
        "clinic-analytics",
        "serve",
        "--database-url",
        service_url.expose(),
        "--jwt-hs256-secret",
        secret.expose(),
        // The plain definitions over a year of a large organization take seconds.
        "--db-statement-timeout-ms",
        "600000",
    ];
    match Cli::try_parse_from(argv)?.command {
        CliCommand::Serve(serve) => Ok(*serve),
        _ => Err(Failure::new("`serve` parsed as another command")),
    }
}
