//! The benchmark of clinic-analytics: seeds its own database, then measures in one run the cold dashboard against
//! the plain definitions, the warm service under load, a cold storm, freshness after writes, memory and refusals, and
//! writes BENCHMARKS.md. Run it with `cargo run --release -p clinic-analytics-bench`.

mod client;
mod refusals;
mod report;
mod stats;

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use chrono::Utc;
use clap::{Args, Parser};
use clinic_analytics::analytics::window::Timeframe;
use clinic_analytics::auth::{Claims, Grant, Principal, mint_hs256};
use clinic_analytics::cli::progress::Progress;
use clinic_analytics::cli::seed::{current_second, seed_organizations};
use clinic_analytics::config::{Cli, Command as CliCommand, DatabaseUrl, LogFormat, Secret, ServeArgs};
use clinic_analytics::dashboard::FactSource;
use clinic_analytics::db::{self, Db, roles};
use clinic_analytics::{cli, startup, telemetry};
use clinic_analytics_seed::{OrganizationSpec, spec};
use serde_json::{Value, json};
use sqlx::PgPool;

use self::client::{Connection, LoadRun, Picker, Prepared, closed_loop, open_loop};
use self::report::{Cold, Report, Warm};
use self::stats::latencies;

/// The argument that makes this binary serve as the service under test, in a process of its own.
const SERVE: &str = "serve-for-bench";

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

/// The full dashboard: every metric group, daily charts and the summary.
const FULL_DASHBOARD: &str = r#"query Dashboard($org: ID!, $timeframe: Timeframe!, $asOf: DateTime) { organization(id: $org) {
  bookingMetrics(timeframe: $timeframe, asOf: $asOf) { totalBookings previousPeriodBookings periodComparison bookingsViaAi meta { freshness } }
  patientMetrics(timeframe: $timeframe, asOf: $asOf) { totalPatients activePatients newPatients meta { freshness } }
  financialMetrics(timeframe: $timeframe, asOf: $asOf) { totalRevenue avgRevenuePerPatient lifetimeValueTotal lifetimeValueAverage meta { freshness } }
  automationMetrics(timeframe: $timeframe, asOf: $asOf) { automationBookings automatedRevenue operationalCosts totalRoi totalContacts successfulContacts efficiencyScore meta { freshness } }
  charts(timeframe: $timeframe, granularity: DAY, asOf: $asOf) { bookingTrends { date bookings revenue } patientEngagementTrend { date activePatients newPatients } automationPerformance { date efficiencyScore automationRate } meta { freshness } }
  summary(asOf: $asOf) { totalPatients activePatients patientsWithUpcoming patientsWithRecent engagementRate meta { freshness } }
  reengagement(asOf: $asOf) { currentlyActive currentlyDormant currentlyStale lifetimeValueTotal meta { freshness } }
} }"#;

/// The other dashboard views of the warm mix.
const VIEWS: [&str; 3] = [
    r#"query Overview($org: ID!) { organization(id: $org) { name
  bookingMetrics(timeframe: LAST_7_DAYS) { totalBookings periodComparison meta { freshness } }
  patientMetrics(timeframe: LAST_7_DAYS) { activePatients newPatients meta { freshness } }
  summary { engagementRate patientsWithUpcoming meta { freshness } } } }"#,
    r#"query Trends($org: ID!) { organization(id: $org) {
  charts(timeframe: LAST_90_DAYS, granularity: WEEK) { bookingTrends { date bookings revenue } patientEngagementTrend { date activePatients } meta { freshness } } } }"#,
    r#"query Patients($org: ID!) { organization(id: $org) {
  reengagement { currentlyActive currentlyDormant currentlyStale meta { freshness } }
  financialMetrics(timeframe: LAST_365_DAYS) { lifetimeValueTotal avgRevenuePerPatient meta { freshness } }
  upcomingAppointments(first: 10) { totalCount edges { node { startsAt appointmentType } } } } }"#,
];

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some(SERVE) {
        return serve_for_bench().await;
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

    progress.say("1/6 cold full dashboard of the large organization, rollups against the plain definitions");
    report.cold = cold_dashboards(&serve_args, &large, &ids, args.samples, &progress).await?;

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
        "2/6 warm load: {} clients for {} s per run",
        args.clients, args.seconds
    ));
    report.warm = warm(address, &authorization, &ids, &args, &progress).await?;

    progress.say("3/6 cold storm: every cache dropped while the 50 organizations are asked at once");
    report.storm = storm(address, &authorization, &ids, &admin).await?;

    progress.say("4/6 freshness: 100 committed writes");
    report.freshness = freshness(address, &authorization, &ids, &admin).await?;

    progress.say("5/6 resident memory");
    report.resident_megabytes = service.resident_megabytes();
    service.stop();

    progress.say("6/6 refusals: hostile requests in process, 500 of each");
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

/// Executes the full dashboard in-process with an empty cache `samples` times per timeframe, from the rollups and from
/// the definitions, checking both give the same figures.
async fn cold_dashboards(
    serve: &ServeArgs,
    large: &str,
    ids: &[String],
    samples: u32,
    progress: &Progress,
) -> Result<Vec<Cold>> {
    let db = Db::new(db::connect_quietly(&serve.database).await?);
    let rollups = startup::build(db.clone(), serve, FactSource::Rollups);
    let definitions = startup::build(db, serve, FactSource::Definitions);
    let principal = Principal {
        grant: Grant {
            subject: None,
            organizations: ids.to_vec(),
            caller: "bench".into(),
            expires_at: None,
        },
        organization: large.to_owned(),
    };
    // One instant for both sources, so they count over exactly the same windows.
    let as_of = current_second().to_rfc3339();
    let mut results = Vec::new();
    for timeframe in Timeframe::ALL {
        let variables = json!({ "org": large, "timeframe": graphql_timeframe(timeframe), "asOf": as_of });
        let run = |state: clinic_analytics::http::AppState, count: u32| {
            let (principal, variables) = (principal.clone(), variables.clone());
            async move {
                let mut times = Vec::new();
                let mut data = Value::Null;
                for _ in 0..count {
                    state.dashboard.cache().invalidate_all();
                    let request = async_graphql::Request::new(FULL_DASHBOARD)
                        .variables(async_graphql::Variables::from_json(variables.clone()));
                    let started = Instant::now();
                    let (response, _) = state.execute(request, Some(principal.clone())).await;
                    times.push(started.elapsed());
                    if !response.errors.is_empty() {
                        return Err(Failure::new(format!("the dashboard failed: {:?}", response.errors)));
                    }
                    data = without_meta(response.data.into_json().unwrap_or_default());
                }
                Ok::<_, Failure>((times, data))
            }
        };
        run(rollups.clone(), 2).await?;
        let (mut rolled_up, rolled_up_data) = run(rollups.clone(), samples).await?;
        let (mut plain, plain_data) = run(definitions.clone(), (samples / 5).max(3)).await?;
        if rolled_up_data != plain_data {
            return Err(Failure::new(format!(
                "the rollups and the definitions disagree for {timeframe:?}"
            )));
        }
        let cold = Cold {
            timeframe,
            rollups: latencies(&mut rolled_up),
            definitions: latencies(&mut plain),
        };
        progress.say(format!(
            "  {:?}: rollups p50 {:.1} ms, definitions p50 {:.1} ms ({:.0}x)",
            timeframe,
            cold.rollups.p50,
            cold.definitions.p50,
            cold.definitions.p50 / cold.rollups.p50
        ));
        results.push(cold);
    }
    Ok(results)
}

fn graphql_timeframe(timeframe: Timeframe) -> &'static str {
    match timeframe {
        Timeframe::Last7Days => "LAST_7_DAYS",
        Timeframe::Last30Days => "LAST_30_DAYS",
        Timeframe::Last90Days => "LAST_90_DAYS",
        Timeframe::Last365Days => "LAST_365_DAYS",
    }
}

/// The data without `meta` (freshness and computation times differ between runs by design).
fn without_meta(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            map.remove("meta");
            for item in map.values_mut() {
                *item = without_meta(item.take());
            }
        }
        Value::Array(items) => {
            for item in items {
                *item = without_meta(item.take());
            }
        }
        _ => {}
    }
    value
}

fn prepared(query: &str, organization: &str, timeframe: Option<&str>) -> Prepared {
    let mut variables = json!({ "org": organization });
    if let Some(timeframe) = timeframe {
        variables["timeframe"] = json!(timeframe);
    }
    Prepared {
        body: serde_json::to_vec(&json!({ "query": query, "variables": variables }))
            .expect("JSON serializes")
            .into(),
        organization: HeaderValue::from_str(organization).expect("ids are valid headers"),
    }
}

/// The warm mix: every organization, each of four dashboard views.
fn mix(ids: &[String]) -> Vec<Prepared> {
    ids.iter()
        .flat_map(|id| {
            std::iter::once(prepared(FULL_DASHBOARD, id, Some("LAST_30_DAYS")))
                .chain(VIEWS.iter().map(move |view| prepared(view, id, None)))
        })
        .collect()
}

fn cycling(requests: Vec<Prepared>) -> Picker {
    let requests = Arc::new(requests);
    Arc::new(move |n| {
        // A multiplicative hash spreads consecutive requests over organizations and views.
        let index = (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % requests.len();
        requests[index].clone()
    })
}

async fn warm(
    address: SocketAddr,
    authorization: &HeaderValue,
    ids: &[String],
    args: &BenchArgs,
    progress: &Progress,
) -> Result<Warm> {
    let duration = Duration::from_secs(args.seconds);
    let mix = mix(ids);
    let mut connection = Connection::open(address).await?;
    for request in &mix {
        connection.graphql(authorization, request).await?;
    }
    let dashboards: Vec<Prepared> = ids
        .iter()
        .map(|id| prepared(FULL_DASHBOARD, id, Some("LAST_30_DAYS")))
        .collect();
    let typename = vec![Prepared {
        body: br#"{"query":"{ __typename }"}"#.as_slice().into(),
        organization: HeaderValue::from_str(&ids[0]).expect("ids are valid headers"),
    }];

    let auth = authorization.clone();
    let mixed = closed_loop(address, auth.clone(), args.clients, duration, cycling(mix.clone())).await?;
    progress.say(format!("  dashboard mix: {:.0} requests/s", mixed.throughput()));
    let full = closed_loop(address, auth.clone(), args.clients, duration, cycling(dashboards)).await?;
    progress.say(format!("  cached full dashboard: {:.0} requests/s", full.throughput()));
    let empty = closed_loop(address, auth.clone(), args.clients, duration, cycling(typename)).await?;
    progress.say(format!("  {{ __typename }}: {:.0} requests/s", empty.throughput()));
    let steady = open_loop(address, auth, args.clients, args.rate, duration, cycling(mix)).await?;
    progress.say(format!(
        "  steady {} requests/s: {:.0} achieved",
        args.rate,
        steady.throughput()
    ));
    Ok(Warm::from_runs(mixed, full, empty, steady))
}

/// Drops every cache of the service (through the same notifications the sync's writes send), then asks each
/// organization for its full dashboard at once; five rounds.
async fn storm(address: SocketAddr, authorization: &HeaderValue, ids: &[String], admin: &PgPool) -> Result<LoadRun> {
    let requests: Vec<Prepared> = ids
        .iter()
        .map(|id| prepared(FULL_DASHBOARD, id, Some("LAST_30_DAYS")))
        .collect();
    let mut connections = Vec::new();
    for _ in &requests {
        connections.push(Connection::open(address).await?);
    }
    let mut total = LoadRun::default();
    for _ in 0..5 {
        sqlx::query(
            "select pg_notify('clinic_analytics_changes', json_build_object('organization_id', id, 'table', 'organizations')::text)
             from unnest($1::text[]) as id",
        )
        .bind(ids)
        .execute(admin)
        .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let round = futures_util::future::try_join_all(connections.iter_mut().zip(&requests).map(
            |(connection, request)| async move {
                let sent = Instant::now();
                let (status, body) = connection.graphql(authorization, request).await?;
                Ok::<_, Failure>((status, body, sent.elapsed()))
            },
        ))
        .await?;
        for (status, body, latency) in round {
            total.latencies.push(latency);
            total.failures += u64::from(status != StatusCode::OK);
            if !body.windows(11).any(|w| w == b"\"REAL_TIME\"") {
                return Err(Failure::new(
                    "a storm request was served from a cache that should be empty",
                ));
            }
        }
        total.elapsed += started.elapsed();
    }
    Ok(total)
}

/// Commits 100 bookings, each for one of the organizations, and times until its (cached) dashboard shows it. The
/// dashboard is asked as of a fixed instant, so only these bookings change its count.
async fn freshness(
    address: SocketAddr,
    authorization: &HeaderValue,
    ids: &[String],
    admin: &PgPool,
) -> Result<Vec<Duration>> {
    const QUERY: &str = r#"query($org: ID!, $asOf: DateTime) { organization(id: $org) {
        bookingMetrics(timeframe: LAST_7_DAYS, asOf: $asOf) { totalBookings } } }"#;
    let as_of = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let mut connection = Connection::open(address).await?;
    let mut delays = Vec::new();
    let bookings = |body: &[u8]| -> Result<i64> {
        let value: Value = serde_json::from_slice(body).map_err(|e| Failure::new(e.to_string()))?;
        value
            .pointer("/data/organization/bookingMetrics/totalBookings")
            .and_then(Value::as_i64)
            .ok_or_else(|| Failure::new(format!("no bookings in {value}")))
    };
    for write in 0..100 {
        let org = &ids[write % ids.len()];
        let request = Prepared {
            body: serde_json::to_vec(&json!({ "query": QUERY, "variables": { "org": org, "asOf": as_of } }))
                .expect("JSON serializes")
                .into(),
            organization: HeaderValue::from_str(org).expect("ids are valid headers"),
        };
        let before = bookings(&connection.graphql(authorization, &request).await?.1)?;
        // Twice, so the second answer is certainly the cached one.
        connection.graphql(authorization, &request).await?;
        sqlx::query(
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source)
             select $1, 'bench_' || $2, p.id, now() - interval '1 minute', now() + interval '2 days', 'booked', 'online'
             from patients p where p.organization_id = $1 limit 1",
        )
        .bind(org)
        .bind(format!("{}_{write}", Utc::now().timestamp_micros()))
        .execute(admin)
        .await?;
        let committed = Instant::now();
        loop {
            let now = bookings(&connection.graphql(authorization, &request).await?.1)?;
            if now > before {
                delays.push(committed.elapsed());
                break;
            }
            if committed.elapsed() > Duration::from_secs(10) {
                return Err(Failure::new(format!("a booking of {org} did not show within 10 s")));
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    sqlx::query("delete from appointments where id like 'bench\\_%'")
        .execute(admin)
        .await?;
    Ok(delays)
}

fn free_address() -> Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// The service under test, in a process of its own so its memory is its own.
struct Service {
    child: Child,
}

impl Service {
    async fn start(service_url: &DatabaseUrl, secret: &Secret, address: SocketAddr) -> Result<Self> {
        let child = Command::new(std::env::current_exe()?)
            .arg(SERVE)
            .env("DATABASE_URL", service_url.expose())
            .env("JWT_HS256_SECRET", secret.expose())
            .env("LISTEN_ADDR", address.to_string())
            .env("RUST_LOG", "warn")
            // One caller asking thousands of times a second is the load being measured, not abuse to refuse.
            .env("RATE_LIMIT_CALLER_PER_SECOND", "0")
            .env("RATE_LIMIT_ORGANIZATION_PER_SECOND", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        let service = Self { child };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok(mut connection) = Connection::open(address).await
                && matches!(connection.get("/readyz").await, Ok((StatusCode::OK, _)))
            {
                // Let the change listener connect before measuring freshness.
                tokio::time::sleep(Duration::from_millis(500)).await;
                return Ok(service);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(Failure::new("the service did not become ready within 30 s"))
    }

    fn resident_megabytes(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }

    fn stop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
