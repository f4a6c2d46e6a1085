//! HTTP: routes, authentication and middleware around the GraphQL schema.

pub mod auth;
pub mod document;
pub mod graphql;
pub mod health;
pub mod request_id;

use axum::Router;
use axum::routing::get;

use crate::startup::AppState;

/// Every route of the service.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(graphql::graphiql).post(graphql::execute))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .layer(axum::middleware::from_fn(request_id::assign))
        .with_state(state)
}
