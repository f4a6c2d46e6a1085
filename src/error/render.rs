//! Errors as clients see them, rendered in one place: as a GraphQL error (`ErrorExtensions`), and as the body, status
//! and `Retry-After` of a request refused over HTTP, in GraphQL's shape (`{"errors": [...]}`) or REST's
//! (`{"error": {...}}`). Internal failures are logged here with their causes and the request id, and reach the client
//! as their code and the request id only.

use std::sync::Arc;

use async_graphql::{ErrorExtensions, ServerError};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Error, ErrorCode};

tokio::task_local! {
    /// The id of the request being answered (the `x-request-id` header), set around each request's handling so that
    /// an internal failure is logged, and answered, with it wherever it is rendered.
    pub static REQUEST_ID: Arc<str>;
}

/// The id of the request this task is answering, when it answers one.
pub fn current_request_id() -> Option<Arc<str>> {
    REQUEST_ID.try_with(Arc::clone).ok()
}

/// An error as a client receives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientError {
    /// The HTTP status of a request refused with it.
    pub status: StatusCode,
    /// Its stable code.
    pub code: ErrorCode,
    /// What the client is told.
    pub message: String,
    /// Structured details, an object; internal failures carry the request id.
    pub details: Value,
    /// Seconds to wait before retrying, for a rate-limit refusal.
    pub retry_after: Option<u64>,
}

impl ClientError {
    /// What a client sees of `error`; an internal failure is logged with its causes and the request id.
    pub fn of(error: &Error) -> Self {
        let mut details = error.details();
        if error.is_internal() {
            let request_id = current_request_id().unwrap_or_else(|| Arc::from(""));
            log_internal(&request_id, error);
            details["request_id"] = json!(&*request_id);
        }
        Self {
            status: error.http_status(),
            code: error.code(),
            message: error.client_message(),
            details,
            retry_after: error.retry_after_seconds(),
        }
    }

    /// An error of an executed GraphQL response: coded by this service, or (uncoded) by the executor itself, whose
    /// parse and validation errors are the client's.
    pub fn of_graphql(error: &ServerError) -> Self {
        let extension = |name: &str| error.extensions.as_ref().and_then(|extensions| extensions.get(name));
        let code = match extension("code") {
            Some(async_graphql::Value::String(code)) => ErrorCode::parse(code),
            _ => None,
        }
        .unwrap_or(ErrorCode::BadUserInput);
        let details = extension("details")
            .and_then(|details| details.clone().into_json().ok())
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({}));
        Self {
            status: code.http_status(),
            retry_after: details.get("retry_after_seconds").and_then(Value::as_u64),
            code,
            message: error.message.clone(),
            details,
        }
    }

    /// As a GraphQL error, to return from a resolver.
    pub fn into_graphql(self) -> async_graphql::Error {
        let Self {
            code, message, details, ..
        } = self;
        async_graphql::Error::new(message).extend_with(|_, extensions| {
            extensions.set("code", code.as_str());
            extensions.set(
                "details",
                async_graphql::Value::from_json(details).unwrap_or(async_graphql::Value::Null),
            );
        })
    }

    /// As a GraphQL error of a request refused before execution (no position, no path).
    pub fn into_server_error(self) -> ServerError {
        let message = self.message.clone();
        let mut error = ServerError::new(message, None);
        error.extensions = self.into_graphql().extensions;
        error
    }

    /// The body of a GraphQL request refused with it: `{"errors": [...]}`, without `data`.
    pub fn graphql_body(&self) -> Value {
        json!({
            "errors": [{
                "message": self.message,
                "extensions": { "code": self.code.as_str(), "details": self.details },
            }]
        })
    }

    /// The body of a REST request refused with it: `{"error": {"code", "message", "details"}}`.
    pub fn rest_body(&self) -> Value {
        json!({ "error": { "code": self.code.as_str(), "message": self.message, "details": self.details } })
    }

    /// An HTTP response with this error's status and `Retry-After`, and `body` as `content_type`.
    pub fn response(&self, body: &Value, content_type: HeaderValue) -> Response {
        let body = serde_json::to_vec(body).unwrap_or_default();
        http_response(self.status, content_type, body.into(), self.retry_after)
    }
}

/// An HTTP response: its status, body and content type, and `Retry-After` when the client must wait.
pub fn http_response(
    status: StatusCode,
    content_type: HeaderValue,
    body: axum::body::Bytes,
    retry_after: Option<u64>,
) -> Response {
    let mut response = (status, [(CONTENT_TYPE, content_type)], body).into_response();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

impl ErrorExtensions for Error {
    fn extend(&self) -> async_graphql::Error {
        ClientError::of(self).into_graphql()
    }
}

/// Logs an internal failure with its whole cause chain and the request id the client saw.
fn log_internal(request_id: &str, error: &Error) {
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        causes.push(cause.to_string());
        source = cause.source();
    }
    tracing::error!(request_id, error = %error, causes = ?causes, "request failed");
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::error::{RateRefusal, RateScope};

    #[tokio::test]
    async fn an_internal_failure_reaches_the_client_as_its_code_and_the_request_id() {
        let error = Error::Internal("the ledger did not cover its window".into());

        let client = REQUEST_ID
            .scope(Arc::from("req-1"), async { ClientError::of(&error) })
            .await;

        assert_eq!(client.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(client.details, json!({ "request_id": "req-1" }));
        assert!(!client.message.contains("ledger"));
    }

    #[test]
    fn a_rate_limit_refusal_renders_both_shapes_with_its_retry_after() {
        let error = Error::RateLimited(RateRefusal {
            scope: RateScope::Organization,
            retry_after: Duration::from_millis(2_500),
        });

        let client = ClientError::of(&error);

        assert_eq!(client.retry_after, Some(3));
        assert_eq!(client.graphql_body()["errors"][0]["extensions"]["code"], "RATE_LIMITED");
        assert_eq!(client.rest_body()["error"]["details"]["scope"], "organization");
    }

    #[test]
    fn an_executor_error_without_a_code_is_the_clients_bad_input() {
        let error = ServerError::new("Unknown field \"x\"", None);

        let client = ClientError::of_graphql(&error);

        assert_eq!(client.code, ErrorCode::BadUserInput);
        assert_eq!(client.details, json!({}));
    }

    #[test]
    fn a_coded_graphql_error_round_trips() {
        let original = ClientError::of(&Error::Forbidden("org_b".into()));

        let back = ClientError::of_graphql(&original.clone().into_server_error());

        assert_eq!(back, original);
    }
}
