//! What wraps every request and response, in one layer: the request id (a caller's plain token is kept, so ids can be
//! followed across services; anything else is replaced), the id errors are logged and rendered with while the request
//! is handled, and the headers that keep browsers and proxies from sniffing, storing or referring answers. One layer
//! with its own future, rather than a middleware function and a layer per header, each boxing and cloning per request.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use pin_project_lite::pin_project;
use tokio::task::futures::TaskLocalFuture;
use tower::{Layer, Service};
use tracing::Instrument;
use tracing::instrument::Instrumented;

use super::rest::endpoint::Endpoint;
use crate::auth::ORGANIZATION_HEADER;
use crate::error::REQUEST_ID;
use crate::telemetry::traces;

/// The header carrying the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Wraps a service in the envelope.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvelopeLayer;

impl<S> Layer<S> for EnvelopeLayer {
    type Service = Envelope<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Envelope { inner }
    }
}

/// A service in the envelope.
#[derive(Debug, Clone)]
pub struct Envelope<S> {
    inner: S,
}

impl<S> Service<Request> for Envelope<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Enveloped<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let id = request
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .filter(|value| is_plain_token(value))
            .map(str::to_owned)
            .unwrap_or_else(new_id);
        let value = HeaderValue::from_str(&id).expect("request ids are plain ASCII");
        request.headers_mut().insert(REQUEST_ID_HEADER, value.clone());
        let span = if traces::enabled() {
            request_span(&request, &id)
        } else {
            tracing::Span::none()
        };
        Enveloped {
            inner: REQUEST_ID
                .scope(Arc::from(id), self.inner.call(request))
                .instrument(span),
            id: Some(value),
        }
    }
}

pin_project! {
    /// The response future of a service in the envelope.
    pub struct Enveloped<F: Future> {
        #[pin]
        inner: Instrumented<TaskLocalFuture<Arc<str>, F>>,
        id: Option<HeaderValue>,
    }
}

impl<F, E> Future for Enveloped<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let mut response = match this.inner.as_mut().poll(cx) {
            Poll::Ready(Ok(response)) => response,
            other => return other,
        };
        let span = this.inner.as_ref().get_ref().span();
        if !span.is_none() {
            let status = response.status();
            span.record("http.response.status_code", status.as_u16());
            if status.is_server_error() {
                span.record("otel.status_code", "ERROR");
            }
            traces::inject(span, response.headers_mut());
        }
        let headers = response.headers_mut();
        if let Some(id) = this.id.take() {
            headers.insert(REQUEST_ID_HEADER, id);
        }
        // An upgraded connection (the WebSocket) has no answer for these to protect.
        if response.status() != StatusCode::SWITCHING_PROTOCOLS {
            let headers = response.headers_mut();
            headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
            headers
                .entry(CACHE_CONTROL)
                .or_insert(HeaderValue::from_static("no-store"));
        }
        Poll::Ready(Ok(response))
    }
}

/// The span of one HTTP request, continuing the caller's trace. Only ids go in it: the route's template, never a path
/// that could carry a name.
fn request_span(request: &Request, id: &str) -> tracing::Span {
    let method = request.method().as_str();
    let route = route_of(request.uri().path());
    let organization = request
        .headers()
        .get(ORGANIZATION_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_plain_token(value));
    let span = tracing::info_span!(
        "http.request",
        otel.name = format!("{method} {route}"),
        otel.kind = "server",
        otel.status_code = tracing::field::Empty,
        http.request.method = method,
        http.route = route,
        http.response.status_code = tracing::field::Empty,
        organization.id = organization,
        request.id = id,
    );
    traces::continue_trace(&span, request.headers());
    span
}

/// The route a path takes, as its template.
fn route_of(path: &str) -> &'static str {
    const EXACT: [&str; 8] = [
        "/",
        "/graphql",
        "/graphql/ws",
        "/graphiql/config.json",
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/v1/openapi.json",
    ];
    if let Some(route) = EXACT.into_iter().find(|route| *route == path) {
        return route;
    }
    if path.starts_with("/assets/") {
        return "/assets/{*path}";
    }
    Endpoint::ALL
        .into_iter()
        .map(Endpoint::route)
        .find(|template| matches_template(template, path))
        .unwrap_or("other")
}

/// Whether `path` fits `template`, whose `{…}` segments match any one segment.
fn matches_template(template: &str, path: &str) -> bool {
    let (mut template, mut path) = (template.split('/'), path.split('/'));
    loop {
        match (template.next(), path.next()) {
            (None, None) => return true,
            (Some(wanted), Some(given)) if wanted == given || (wanted.starts_with('{') && !given.is_empty()) => {}
            _ => return false,
        }
    }
}

/// A new request id: a prefix drawn at random when the process starts and a counter, so ids are unique across
/// replicas without asking the operating system for randomness on every request.
fn new_id() -> String {
    static PREFIX: LazyLock<String> = LazyLock::new(|| uuid::Uuid::new_v4().simple().to_string()[..16].to_owned());
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("{}-{:x}", *PREFIX, NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Letters, digits, `-`, `_` and `.`, at most 64 of them: nothing that could forge a log line.
fn is_plain_token(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_tokens_are_kept_as_request_ids() {
        assert!(is_plain_token("3f2a-9c.req_1"));
        assert!(!is_plain_token(""));
        assert!(!is_plain_token("id\nforged=log"));
        assert!(!is_plain_token(&"a".repeat(65)));
    }

    #[test]
    fn a_path_is_traced_as_its_route_template_so_no_name_or_id_becomes_a_span_name() {
        assert_eq!(route_of("/graphql"), "/graphql");
        assert_eq!(route_of("/assets/index-3f2a.js"), "/assets/{*path}");
        assert_eq!(
            route_of("/api/v1/dashboard/org_1/analytics"),
            "/api/v1/dashboard/{organization_id}/analytics"
        );
        assert_eq!(
            route_of("/api/v1/dashboard/org_1"),
            "/api/v1/dashboard/{organization_id}"
        );
        assert_eq!(
            route_of("/api/v1/appointments/org_1/upcoming/summary"),
            "/api/v1/appointments/{organization_id}/upcoming/summary"
        );
        assert_eq!(route_of("/api/v1/dashboard//analytics"), "other");
        assert_eq!(route_of("/patients/Jane%20Doe"), "other");
    }

    #[test]
    fn new_ids_are_plain_tokens_and_differ() {
        let (first, second) = (new_id(), new_id());

        assert!(is_plain_token(&first), "{first}");
        assert_ne!(first, second);
    }
}
