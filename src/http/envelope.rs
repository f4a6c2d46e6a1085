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

use crate::error::REQUEST_ID;

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
        Enveloped {
            inner: REQUEST_ID.scope(Arc::from(id), self.inner.call(request)),
            id: Some(value),
        }
    }
}

pin_project! {
    /// The response future of a service in the envelope.
    pub struct Enveloped<F: Future> {
        #[pin]
        inner: TaskLocalFuture<Arc<str>, F>,
        id: Option<HeaderValue>,
    }
}

impl<F, E> Future for Enveloped<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match this.inner.poll(cx) {
            Poll::Ready(Ok(response)) => response,
            other => return other,
        };
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
    fn new_ids_are_plain_tokens_and_differ() {
        let (first, second) = (new_id(), new_id());

        assert!(is_plain_token(&first), "{first}");
        assert_ne!(first, second);
    }
}
