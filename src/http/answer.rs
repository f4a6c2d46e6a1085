//! An answered request, whichever API it came through: its response, and the one log line and the metrics it leaves.

use std::time::Instant;

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use super::metrics::record_request;
use crate::error::{ClientError, Error, current_request_id, http_response};
use crate::graphql::context::ServedLog;

/// How a request ended, for the requests counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered with data and no error.
    Ok,
    /// Answered with data and some errors (a null field).
    Partial,
    /// Executed, but without data (its root failed).
    Failed,
    /// Refused before execution.
    Refused,
}

impl Outcome {
    /// The outcome of an executed response.
    pub fn of(response: &async_graphql::Response) -> Self {
        if response.errors.is_empty() {
            Self::Ok
        } else if response.data == async_graphql::Value::Null {
            Self::Failed
        } else {
            Self::Partial
        }
    }

    /// The outcome's label.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Partial => "partial",
            Self::Failed => "failed",
            Self::Refused => "refused",
        }
    }
}

/// A response, where it came from, and what it held.
pub struct Answer {
    /// Its status.
    pub status: StatusCode,
    /// Its body.
    pub body: Bytes,
    /// Its content type.
    pub content_type: HeaderValue,
    /// The organization it was about.
    pub organization: Option<String>,
    /// The operation's name.
    pub operation: Option<String>,
    /// What answered it: `execution`, `response cache` or `refused`.
    pub from: &'static str,
    /// How it ended.
    pub outcome: Outcome,
    /// The first error's code.
    pub code: Option<&'static str>,
    /// What its metric groups were served from.
    pub served: ServedLog,
    /// Seconds to wait, for a request refused by a rate limit.
    pub retry_after: Option<u64>,
}

impl Answer {
    /// A 200 answer with `body`, executed.
    pub fn ok(body: Bytes, content_type: HeaderValue, organization: Option<String>, operation: Option<String>) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            content_type,
            organization,
            operation,
            from: "execution",
            outcome: Outcome::Ok,
            code: None,
            served: ServedLog::default(),
            retry_after: None,
        }
    }

    /// A GraphQL request refused before (or cut during) execution.
    pub fn refused(
        error: &Error,
        content_type: HeaderValue,
        organization: Option<String>,
        operation: Option<String>,
    ) -> Self {
        let client = ClientError::of(error);
        Self::rendered(&client, client.graphql_body(), content_type, organization, operation)
    }

    /// A refusal rendered as `body`.
    pub fn rendered(
        client: &ClientError,
        body: serde_json::Value,
        content_type: HeaderValue,
        organization: Option<String>,
        operation: Option<String>,
    ) -> Self {
        Self {
            status: client.status,
            from: "refused",
            outcome: Outcome::Refused,
            code: Some(client.code.as_str()),
            retry_after: client.retry_after,
            ..Self::ok(
                serde_json::to_vec(&body).unwrap_or_default().into(),
                content_type,
                organization,
                operation,
            )
        }
    }

    /// Records and logs the answer (one line per request, whichever API it came through) and makes its response.
    pub fn respond(self, started: Instant, api: &'static str) -> Response {
        let elapsed = started.elapsed();
        let served = &self.served;
        record_request(
            self.operation.as_deref(),
            self.organization.as_deref(),
            self.outcome,
            self.code,
            served.stale > 0 || served.stale_organizations > 0,
            elapsed,
        );
        let request_id = current_request_id();
        tracing::info!(
            request_id = request_id.as_deref().unwrap_or("-"),
            api,
            organization = self.organization.as_deref().unwrap_or("-"),
            operation = self.operation.as_deref().unwrap_or("-"),
            windows = served.windows.iter().cloned().collect::<Vec<_>>().join(","),
            status = self.status.as_u16(),
            code = self.code.unwrap_or("-"),
            answered_from = self.from,
            groups_computed = served.computed,
            groups_cached = served.cached,
            groups_stale = served.stale,
            duration_ms = elapsed.as_secs_f64() * 1e3,
            "request"
        );
        http_response(self.status, self.content_type, self.body, self.retry_after)
    }
}
