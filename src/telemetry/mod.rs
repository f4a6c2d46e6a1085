//! Logging (JSON lines by default, human-readable on request, on standard error), traces over OTLP when configured
//! ([`traces`]), and the Prometheus metrics registry.

pub mod traces;

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::LogFormat;
use crate::error::StartupError;

/// Installs the global tracing subscriber: logs filtered by `filter`, and spans exported over OTLP when
/// `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
pub fn init(format: LogFormat, filter: &str) -> Result<(), StartupError> {
    let filter =
        EnvFilter::try_new(filter).map_err(|e| StartupError::Config(format!("invalid log filter '{filter}': {e}")))?;
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_span_events(FmtSpan::NONE);
    let logs = match format {
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .with_filter(filter)
            .boxed(),
        LogFormat::Pretty => logs.compact().with_filter(filter).boxed(),
    };
    // The service's own spans only: the libraries' would export their internals (and the exporter's own HTTP client
    // would trace itself).
    let spans = traces::provider_from_env()?.map(|provider| {
        tracing_opentelemetry::layer()
            .with_tracer(traces::activate(provider))
            .with_filter(Targets::new().with_target(env!("CARGO_CRATE_NAME"), tracing::Level::INFO))
    });
    tracing_subscriber::registry()
        .with(logs)
        .with(spans)
        .try_init()
        .map_err(|e| StartupError::Config(format!("cannot install the logger: {e}")))
}

/// Metric names, in Prometheus conventions (base units, `_total` counters).
pub mod names {
    /// Histogram: GraphQL request duration, by operation and organization.
    pub const REQUEST_DURATION: &str = "graphql_request_duration_seconds";
    /// Counter: GraphQL requests, by operation, organization, outcome and error code.
    pub const REQUESTS: &str = "graphql_requests_total";
    /// Counter: responses that served at least one stale fallback group.
    pub const STALE_RESPONSES: &str = "graphql_stale_responses_total";
    /// Counter: metric group cache lookups, by group and result (hit or miss).
    pub const CACHE_LOOKUPS: &str = "metric_cache_lookups_total";
    /// Counter: whole-response cache lookups, by result.
    pub const RESPONSE_CACHE_LOOKUPS: &str = "response_cache_lookups_total";
    /// Counter: fallbacks to the last known value, by group, reason and whether one was known.
    pub const FALLBACKS: &str = "metric_fallbacks_total";
    /// Histogram: database statement duration, by query.
    pub const QUERY_DURATION: &str = "db_query_duration_seconds";
    /// Counter: failed database statements, by query and kind of failure.
    pub const QUERY_ERRORS: &str = "db_query_errors_total";
    /// Gauge: pooled connections, by state (idle or in use).
    pub const POOL_CONNECTIONS: &str = "db_pool_connections";
    /// Gauge: the pool's largest size.
    pub const POOL_MAX: &str = "db_pool_max_connections";
    /// Gauge: tasks waiting for a pooled connection.
    pub const POOL_WAITING: &str = "db_pool_waiting";
    /// Counter: waits for a pooled connection that timed out.
    pub const POOL_TIMEOUTS: &str = "db_pool_acquire_timeouts_total";
    /// Gauge: 1 while the database circuit breaker is open.
    pub const BREAKER_OPEN: &str = "db_circuit_breaker_open";
    /// Counter: requests refused by a rate limit, by scope (caller or organization).
    pub const RATE_LIMITED: &str = "rate_limited_requests_total";
    /// Gauge: open WebSocket connections of `/graphql/ws` that passed `connection_init`.
    pub const LIVE_CONNECTIONS: &str = "live_connections";
    /// Counter: `dashboardUpdated` events sent.
    pub const LIVE_UPDATES: &str = "live_updates_total";
    /// Gauge: open `dashboardUpdated` subscriptions.
    pub const LIVE_SUBSCRIPTIONS: &str = "live_subscriptions";
    /// Counter: statements sent to the primary because the replica had not replayed an announced change in time (or
    /// could not say how far it had, or the primary's position was unknown).
    pub const REPLICA_FALLBACKS: &str = "replica_fallbacks_total";
    /// Gauge: how far the replica's replay is behind the primary, in bytes of WAL.
    pub const REPLICA_LAG_BYTES: &str = "replica_lag_bytes";
    /// Gauge: seconds since the replica last replayed a transaction, while it has WAL to replay (0 when caught up).
    pub const REPLICA_LAG_SECONDS: &str = "replica_lag_seconds";
    /// Counter: rate-limit checks let through because Redis did not answer.
    pub const RATE_LIMIT_BACKEND_ERRORS: &str = "rate_limit_backend_errors_total";
    /// Histogram: from the start of a writing transaction to the service hearing of its change.
    pub const CHANGE_FEED_LAG: &str = "change_feed_lag_seconds";
    /// Counter: requests refused before execution, by error code.
    pub const REFUSALS: &str = "requests_refused_total";
    /// Gauge: always 1, labelled with the build's version.
    pub const BUILD_INFO: &str = "clinic_analytics_build_info";
}

/// Buckets of the duration histograms, in seconds: from a cache hit to a timed-out statement.
const DURATION_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How often buffered histogram samples are folded into their buckets.
const METRICS_UPKEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's metrics registry, installed on first use.
pub fn metrics_handle() -> &'static PrometheusHandle {
    RECORDER.get_or_init(|| {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &DURATION_BUCKETS)
            .and_then(|builder| builder.install_recorder())
            .expect("the metrics recorder is installed once, with valid buckets");
        describe();
        metrics::gauge!(names::BUILD_INFO, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
        // Histogram samples wait in per-metric buffers until upkeep folds them into the buckets: without it they
        // would pile up between scrapes (or forever, unscraped). A thread, so it runs whichever runtime is about.
        let upkeep = handle.clone();
        let spawned = std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(METRICS_UPKEEP_INTERVAL);
                    upkeep.run_upkeep();
                }
            });
        if let Err(error) = spawned {
            tracing::error!(%error, "cannot start the metrics upkeep thread");
        }
        handle
    })
}

/// Label values known before anything happens. Each series they make is registered at zero at start-up: an alert
/// over a series that does not exist yet cannot fire, and a panel over one shows nothing.
#[derive(Debug, Clone, Default)]
pub struct KnownLabels {
    /// The metric groups, as cache lookups and fallbacks label them.
    pub groups: Vec<&'static str>,
    /// What else falls back to its last known value (the organization lookup).
    pub other_fallbacks: Vec<&'static str>,
    /// Kinds of database failure.
    pub failures: Vec<&'static str>,
    /// Error codes a request may be refused with.
    pub refusal_codes: Vec<&'static str>,
    /// Rate-limit scopes.
    pub rate_limit_scopes: Vec<&'static str>,
}

/// Registers every counter and gauge with known labels at zero (an increment of nothing: a process that serves many
/// apps, such as the tests, keeps its counts).
pub fn register_at_zero(known: &KnownLabels) {
    metrics_handle();
    for group in &known.groups {
        for result in ["hit", "miss"] {
            metrics::counter!(names::CACHE_LOOKUPS, "group" => *group, "result" => result).increment(0);
        }
    }
    for group in known.groups.iter().chain(&known.other_fallbacks) {
        for reason in &known.failures {
            for outcome in ["stale", "none"] {
                metrics::counter!(names::FALLBACKS, "group" => *group, "reason" => *reason, "outcome" => outcome)
                    .increment(0);
            }
        }
    }
    for result in ["hit", "miss"] {
        metrics::counter!(names::RESPONSE_CACHE_LOOKUPS, "result" => result).increment(0);
    }
    for code in &known.refusal_codes {
        metrics::counter!(names::REFUSALS, "code" => *code).increment(0);
    }
    for scope in &known.rate_limit_scopes {
        metrics::counter!(names::RATE_LIMITED, "scope" => *scope).increment(0);
    }
    for counter in [
        names::STALE_RESPONSES,
        names::POOL_TIMEOUTS,
        names::LIVE_UPDATES,
        names::RATE_LIMIT_BACKEND_ERRORS,
        names::REPLICA_FALLBACKS,
    ] {
        metrics::counter!(counter).increment(0);
    }
    for gauge in [
        names::LIVE_CONNECTIONS,
        names::LIVE_SUBSCRIPTIONS,
        names::POOL_WAITING,
        names::REPLICA_LAG_BYTES,
        names::REPLICA_LAG_SECONDS,
    ] {
        metrics::gauge!(gauge).increment(0.0);
    }
    metrics::gauge!(names::BREAKER_OPEN).increment(0.0);
    // Registering is enough: the histogram shows, empty, until the first change is heard.
    let _ = metrics::histogram!(names::CHANGE_FEED_LAG);
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_histogram!(
        names::REQUEST_DURATION,
        Unit::Seconds,
        "GraphQL request duration by operation and organization"
    );
    describe_counter!(
        names::REQUESTS,
        "GraphQL requests by operation, organization, outcome and error code"
    );
    describe_counter!(
        names::STALE_RESPONSES,
        "GraphQL responses holding at least one stale fallback metric group"
    );
    describe_counter!(names::CACHE_LOOKUPS, "Metric group cache lookups by group and result");
    describe_counter!(names::RESPONSE_CACHE_LOOKUPS, "Whole-response cache lookups by result");
    describe_counter!(
        names::FALLBACKS,
        "Fallbacks to the last known value by group, reason and outcome"
    );
    describe_histogram!(
        names::QUERY_DURATION,
        Unit::Seconds,
        "Database statement duration by query"
    );
    describe_counter!(
        names::QUERY_ERRORS,
        "Failed database statements by query and kind of failure"
    );
    describe_counter!(names::RATE_LIMITED, "Requests refused by a rate limit, by scope");
    describe_gauge!(names::POOL_CONNECTIONS, "Pooled database connections by state");
    describe_gauge!(names::POOL_MAX, "Largest number of pooled database connections");
    describe_gauge!(names::POOL_WAITING, "Tasks waiting for a pooled database connection");
    describe_counter!(
        names::POOL_TIMEOUTS,
        "Waits for a pooled database connection that timed out"
    );
    describe_gauge!(names::BREAKER_OPEN, "1 while the database circuit breaker is open");
    describe_gauge!(names::BUILD_INFO, "Always 1, labelled with the build's version");
    describe_gauge!(names::LIVE_CONNECTIONS, "Open live-update WebSocket connections");
    describe_gauge!(names::LIVE_SUBSCRIPTIONS, "Open dashboardUpdated subscriptions");
    describe_counter!(names::LIVE_UPDATES, "dashboardUpdated events sent");
    describe_counter!(names::REFUSALS, "Requests refused before execution, by error code");
    describe_counter!(
        names::REPLICA_FALLBACKS,
        "Statements sent to the primary because the replica had not replayed an announced change in time"
    );
    describe_gauge!(
        names::REPLICA_LAG_BYTES,
        "How far the replica's replay is behind the primary, in bytes"
    );
    describe_gauge!(
        names::REPLICA_LAG_SECONDS,
        "Seconds since the replica last replayed a transaction, while it has WAL to replay"
    );
    describe_counter!(
        names::RATE_LIMIT_BACKEND_ERRORS,
        "Rate-limit checks let through because Redis did not answer"
    );
    describe_histogram!(
        names::CHANGE_FEED_LAG,
        Unit::Seconds,
        "From the start of a writing transaction to the service hearing of its change"
    );
}
