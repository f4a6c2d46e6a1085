//! Building the application (state and router) apart from serving it, so tests drive it in-process.

use axum::Router;
use axum::routing::get;
use sqlx::PgPool;
use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::db;
use crate::error::Result;
use crate::http::health;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The service's connection pool.
    pub pool: PgPool,
}

impl AppState {
    /// Connects to the database and checks it is migrated.
    pub async fn connect(args: &ServeArgs) -> Result<Self> {
        let pool = db::connect(&args.database).await?;
        db::ensure_migrated(&pool).await?;
        Ok(Self::new(pool))
    }

    /// State over an existing pool.
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

/// The service's routes.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(state)
}

/// Serves the application until SIGTERM or Ctrl-C, letting in-flight requests finish.
pub async fn serve(listener: TcpListener, state: AppState) -> Result<()> {
    axum::serve(listener, app(state))
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
