//! Building the application (its state, from the configuration) apart from serving it, so tests and the benchmark
//! drive it in-process; the tasks that run beside the requests; serving with a graceful shutdown.

use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

use crate::auth::Authenticator;
use crate::config::ServeArgs;
use crate::dashboard::{Dashboard, FactSource, Retention, spawn_listener};
use crate::dashboard::{MetricGroup, ORGANIZATION_LOOKUP};
use crate::db::replica::Replica;
use crate::db::{self, Db, roles, rollups};
use crate::error::{ErrorCode, Failure, RateScope, StartupError};
use crate::graphql::guard::QueryGuard;
use crate::graphql::{Exposure, build_schema};
use crate::http::known::KnownRequests;
use crate::http::live::LiveConnections;
use crate::http::{AppState, DemoCredentials, Shared};
use crate::limits::{QueryLimits, RateLimits};
use crate::telemetry::KnownLabels;

/// How often the writers' rollup contributions are folded into the daily rows.
const ROLLUP_FOLD_INTERVAL: Duration = Duration::from_secs(2);

/// How often an open circuit breaker tries the database again.
const BREAKER_PROBE_INTERVAL: Duration = Duration::from_millis(250);

/// How often the replica's lag is measured.
const REPLICA_LAG_INTERVAL: Duration = Duration::from_secs(1);

/// Connects to the database, checks it is migrated and that row-level security holds the role it connects as, and
/// builds the state for `args` (with GraphiQL's headers filled in for `demo`). The identity provider's key set and
/// the API keys are loaded before it answers anything.
pub async fn connect(args: &ServeArgs, demo: Option<DemoCredentials>) -> Result<AppState, StartupError> {
    args.live.validate()?;
    let pool = db::connect(&args.database).await?;
    db::ensure_migrated(&pool).await?;
    roles::verify_service_login(&pool).await?;
    let mut db = Db::new(pool);
    if let Some(url) = &args.database.database_read_url {
        // The replica's role is held by row-level security exactly as the primary's, checked the same way.
        let replica = db::connect_replica(&args.database, url).await?;
        db::ensure_migrated(&replica).await?;
        roles::verify_service_login(&replica).await?;
        let max_wait = Duration::from_millis(args.database.replica_max_wait_ms);
        db = db.with_replica(Replica::new(replica, max_wait));
        tracing::info!(replica = %url, max_wait_ms = args.database.replica_max_wait_ms, "reading metrics from a replica");
    }
    let state = assemble(db, args, FactSource::Rollups, demo);
    state.auth.load_keys().await?;
    state.auth.api_keys().reload(&state.db).await?;
    if !state.auth.accepts_jwts() {
        tracing::warn!("neither JWT_HS256_SECRET nor JWKS_URL / JWKS_FILE is set: only API keys are accepted");
    }
    Ok(state)
}

/// The state over an open database, counting from `source` (the rollups, except when a benchmark measures the
/// definitions).
pub fn build(db: Db, args: &ServeArgs, source: FactSource) -> AppState {
    assemble(db, args, source, None)
}

fn assemble(db: Db, args: &ServeArgs, source: FactSource, demo: Option<DemoCredentials>) -> AppState {
    crate::telemetry::register_at_zero(&known_labels());
    let megabytes = |count: u64| count * 1024 * 1024;
    let retention = Retention {
        cache_ttl: Duration::from_secs(args.cache_ttl_seconds),
        cache_bytes: megabytes(args.cache_max_megabytes),
        fallback_ttl: Duration::from_secs(args.fallback_ttl_hours * 3600),
        fallback_bytes: megabytes(args.fallback_max_megabytes),
    };
    let limits = QueryLimits::from_args(&args.limits);
    let rate_limits = RateLimits::from_args(&args.limits);
    let exposure = Exposure {
        introspection: args.limits.graphql_introspection,
        suggestions: args.limits.graphql_suggestions,
    };
    AppState::new(Shared {
        schema: build_schema(QueryGuard::new(limits, rate_limits.clone()), exposure),
        dashboard: Dashboard::new(retention, source),
        auth: Authenticator::from_args(&args.auth),
        db,
        limits,
        rate_limits,
        exposure,
        request_timeout: Duration::from_millis(args.request_timeout_ms),
        live: LiveConnections::new(&args.live),
        known: KnownRequests::default(),
        demo,
    })
}

/// The label values every metric can take that are known before the first request.
fn known_labels() -> KnownLabels {
    KnownLabels {
        groups: MetricGroup::ALL.iter().map(|group| group.as_str()).collect(),
        other_fallbacks: vec![ORGANIZATION_LOOKUP],
        failures: Failure::ALL.iter().map(|failure| failure.as_str()).collect(),
        refusal_codes: ErrorCode::ALL.iter().map(|code| code.as_str()).collect(),
        rate_limit_scopes: RateScope::ALL.iter().map(|scope| scope.as_str()).collect(),
    }
}

/// Starts what runs beside the requests: the change listener, the rollup folding, the breaker's probe, the reloading
/// of keys and the forgetting of quiet callers.
pub fn start_background_tasks(state: &AppState) {
    listen_for_changes(state);
    fold_rollups_periodically(state.db.clone());
    state.db.probe_while_open(BREAKER_PROBE_INTERVAL);
    state.auth.keep_keys_fresh(state.db.clone());
    state.rate_limits.forget_quiet_callers();
    report_replica_lag(state.db.clone());
}

/// Publishes the replica's lag every second, when there is a replica.
fn report_replica_lag(db: Db) {
    if db.replica().is_none() {
        return;
    }
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(REPLICA_LAG_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Some(replica) = db.replica()
                && let Err(error) = replica.report_lag(db.pool()).await
            {
                tracing::debug!(%error, "cannot read the replica's lag");
            }
        }
    });
}

/// Starts listening for committed data changes: the cache drops what they affect, subscribers hear of them, and API
/// keys are reloaded when they change.
pub fn listen_for_changes(state: &AppState) -> tokio::task::JoinHandle<()> {
    let options = (*state.db.pool().connect_options()).clone();
    let api_keys = state.auth.api_keys().clone();
    let dashboard = &state.dashboard;
    spawn_listener(
        options,
        state.db.clone(),
        dashboard.cache().clone(),
        dashboard.feed().clone(),
        move || api_keys.changed(),
    )
}

/// Folds the writers' rollup contributions into the daily rows every few seconds, so reads stay a day per row.
fn fold_rollups_periodically(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(ROLLUP_FOLD_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match rollups::fold_changes(&db).await {
                Ok(0) => {}
                Ok(folded) => tracing::debug!(folded, "folded rollup changes"),
                Err(error) => tracing::warn!(%error, "cannot fold rollup changes"),
            }
        }
    })
}

/// Serves `router` until SIGTERM or Ctrl-C, letting in-flight requests finish.
pub async fn serve(listener: TcpListener, router: Router) -> Result<(), StartupError> {
    // The peer's address keys the rate limit of anonymous (introspection) requests.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
