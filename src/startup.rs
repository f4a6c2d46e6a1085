//! Building the application (state and router) apart from serving it, so tests drive it in-process.

use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

use crate::cache::MetricCache;
use crate::changes::{self, ChangeFeed};
use crate::config::ServeArgs;
use crate::dashboard::FactSource;
use crate::db::{self, Db, roles, rollups};
use crate::error::Result;
use crate::fallback::LastKnown;
use crate::graphql::guard::QueryGuard;
use crate::graphql::{AppSchema, Exposure, build_schema};
use crate::http::limits::QueryLimits;
use crate::http::live::LiveConnections;
use crate::http::rate_limit::RateLimits;
use crate::http::{self, auth::Authenticator};

/// How often the writers' rollup contributions are folded into the daily rows.
const ROLLUP_FOLD_INTERVAL: Duration = Duration::from_secs(2);

/// How often an open circuit breaker tries the database again.
const BREAKER_PROBE_INTERVAL: Duration = Duration::from_millis(250);

/// A ready-made token shown in GraphiQL when the demo serves it.
#[derive(Debug, Clone)]
pub struct DemoCredentials {
    /// The bearer token.
    pub token: String,
    /// The organization it is for.
    pub organization: String,
}

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The shared metric cache.
    pub cache: MetricCache,
    /// The last values computed, for when computing fails.
    pub last_known: LastKnown,
    /// Longest a GraphQL request may run.
    pub request_timeout: Duration,
    /// The GraphQL schema.
    pub schema: AppSchema,
    /// Token verification.
    pub auth: Authenticator,
    /// Credentials GraphiQL fills in, in the demo only.
    pub demo_credentials: Option<DemoCredentials>,
    /// Where metric counts come from: the rollups, except when a benchmark measures the definitions.
    pub fact_source: FactSource,
    /// Data changes as they are committed, for live subscribers.
    pub changes: ChangeFeed,
    /// How large and costly a request may be.
    pub limits: QueryLimits,
    /// The callers' and organizations' allowances.
    pub rate_limits: RateLimits,
    /// Whether introspection and suggestions are on.
    pub exposure: Exposure,
    /// Browser origins allowed to call the API.
    pub cors_allowed_origins: Vec<String>,
    /// The WebSocket connections of live subscribers.
    pub live: LiveConnections,
}

impl AppState {
    /// Connects to the database, checks it is migrated and that row-level security holds the role it connects as,
    /// and builds the state for `args`.
    /// The identity provider's key set and the API keys are loaded before it answers anything.
    pub async fn connect(args: &ServeArgs) -> Result<Self> {
        args.live.validate()?;
        let pool = db::connect(&args.database).await?;
        db::ensure_migrated(&pool).await?;
        roles::verify_service_login(&pool).await?;
        let state = Self::new(Db::new(pool), args);
        state.auth.load_keys().await?;
        state.auth.api_keys().reload(&state.db).await?;
        if !state.auth.accepts_jwts() {
            tracing::warn!("neither JWT_HS256_SECRET nor JWKS_URL / JWKS_FILE is set: only API keys are accepted");
        }
        Ok(state)
    }

    /// The state over an open database.
    pub fn new(db: Db, args: &ServeArgs) -> Self {
        crate::telemetry::metrics_handle();
        let cache = MetricCache::new(
            Duration::from_secs(args.cache_ttl_seconds),
            args.cache_max_megabytes * 1024 * 1024,
        );
        let auth = Authenticator::from_args(&args.auth);
        let last_known = LastKnown::new(
            Duration::from_secs(args.fallback_ttl_hours * 3600),
            args.fallback_max_megabytes * 1024 * 1024,
        );
        let limits = QueryLimits::from_args(&args.limits);
        let rate_limits = RateLimits::from_args(&args.limits);
        let changes = ChangeFeed::new();
        let exposure = Exposure {
            introspection: args.limits.graphql_introspection,
            suggestions: args.limits.graphql_suggestions,
        };
        Self {
            schema: build_schema(
                cache.clone(),
                last_known.clone(),
                changes.clone(),
                QueryGuard::new(limits, rate_limits.clone()),
                exposure,
            ),
            limits,
            rate_limits,
            exposure,
            cors_allowed_origins: args.cors_allowed_origins.clone(),
            db,
            cache,
            last_known,
            request_timeout: Duration::from_millis(args.request_timeout_ms),
            auth,
            demo_credentials: None,
            fact_source: FactSource::Rollups,
            changes,
            live: LiveConnections::new(&args.live),
        }
    }

    /// Starts what runs beside the requests: the change listener, the rollup folding, the breaker's probe, and the
    /// reloading of keys.
    pub fn start_background_tasks(&self) {
        self.listen_for_changes();
        self.fold_rollups_periodically();
        self.db.probe_while_open(BREAKER_PROBE_INTERVAL);
        self.auth.keep_keys_fresh(self.db.clone());
        self.rate_limits.forget_quiet_callers();
    }

    /// Folds the writers' rollup contributions into the daily rows every few seconds, so reads stay a day per row.
    pub fn fold_rollups_periodically(&self) -> tokio::task::JoinHandle<()> {
        let db = self.db.clone();
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

    /// Starts listening for committed data changes: the cache drops what they affect and subscribers hear of them.
    pub fn listen_for_changes(&self) -> tokio::task::JoinHandle<()> {
        let options = (*self.db.pool().connect_options()).clone();
        changes::spawn_listener(
            options,
            self.cache.clone(),
            self.changes.clone(),
            self.auth.api_keys().clone(),
        )
    }
}

/// The service's routes.
pub fn app(state: AppState) -> Router {
    http::routes(state)
}

/// Serves the application until SIGTERM or Ctrl-C, letting in-flight requests finish.
pub async fn serve(listener: TcpListener, state: AppState) -> Result<()> {
    // The peer's address keys the rate limit of anonymous (introspection) requests.
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
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
