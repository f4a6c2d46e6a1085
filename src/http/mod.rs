//! HTTP: routes, authentication and middleware around the GraphQL schema.

pub mod auth;
pub mod document;
pub mod graphql;
pub mod health;
pub mod metrics;
pub mod request_id;

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;

use crate::startup::AppState;

/// Every route of the service.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(graphql::graphiql).post(graphql::execute))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(axum::middleware::from_fn(request_id::assign))
        .with_state(state)
}

/// A bug must not drop the connection or show a stack trace: the client gets a CALCULATION_ERROR, the log the panic.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    let error = crate::error::Error::Internal(format!("panic: {message}"));
    let body = graphql::refusal(&error, "");
    (error.http_status(), axum::Json(body)).into_response()
}
