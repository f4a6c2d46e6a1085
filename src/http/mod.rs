//! HTTP: the routes, the state every handler shares, and the middleware around the GraphQL schema.

pub mod answer;
pub mod document;
pub mod envelope;
pub mod graphql;
pub mod health;
pub mod known;
pub mod live;
pub mod metrics;
pub mod negotiate;
pub mod request;
pub mod rest;
pub mod state;
pub mod web;

use std::time::Duration;

use axum::Router;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use self::envelope::{EnvelopeLayer, REQUEST_ID_HEADER};
pub use self::state::{AppState, DemoCredentials, Shared};
use crate::error::{ClientError, Error};

/// Every route of the service, and the layers every response passes: compression, CORS for the configured origins
/// only, and the envelope (a request id, and headers that keep browsers and proxies from sniffing or storing answers).
pub fn routes(state: AppState, cors_allowed_origins: &[String]) -> Router {
    let cors = cors(cors_allowed_origins);
    let router = Router::new()
        .route("/", get(web::dashboard))
        .route("/assets/{*path}", get(web::asset))
        .route("/graphiql/config.json", get(web::graphiql_config))
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .merge(rest::routes())
        .fallback(rest::not_found)
        .layer(CatchPanicLayer::custom(panicked))
        .layer(CompressionLayer::new())
        // After the layers above: an upgraded connection has no body to compress.
        .route("/graphql/ws", get(live::upgrade));
    let router = match cors {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router.layer(EnvelopeLayer).with_state(state)
}

/// Cross-origin access for the configured origins (none: browsers keep to the same origin).
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                AUTHORIZATION,
                CONTENT_TYPE,
                HeaderName::from_static("x-organization-id"),
                HeaderName::from_static(REQUEST_ID_HEADER),
                HeaderName::from_static(graphql::CONSISTENCY_TOKEN_HEADER),
            ])
            .expose_headers([HeaderName::from_static(REQUEST_ID_HEADER), RETRY_AFTER])
            .max_age(Duration::from_secs(600)),
    )
}

/// A bug must not drop the connection or show a stack trace: the client gets a CALCULATION_ERROR, the log the panic.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    let client = ClientError::of(&Error::Internal(format!("panic: {message}")));
    client.response(&client.graphql_body(), negotiate::MediaType::Json.content_type())
}
