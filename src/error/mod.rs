//! The one error type of requests: every failure has a stable code, an HTTP status and a client-safe message, and is
//! rendered for clients in one place (`render`). Start-up and command failures have a type of their own (`startup`).

mod kinds;
mod render;
mod startup;

use axum::http::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};

pub use self::kinds::{Failure, Limit, LimitExceeded, RateRefusal, RateScope};
pub use self::render::{ClientError, REQUEST_ID, current_request_id, http_response};
pub use self::startup::StartupError;

/// Stable error codes, as clients see them in `extensions.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// Missing, malformed, expired or badly signed credentials.
    Unauthorized,
    /// A required header is absent.
    MissingHeader,
    /// The credentials do not grant the organization asked for.
    Forbidden,
    /// An argument or request is invalid.
    BadUserInput,
    /// The organization does not exist.
    NotFound,
    /// The data cannot support this figure (for example no costs to compute a return on).
    InsufficientData,
    /// The database or the service failed; details are in the logs under the request id.
    CalculationError,
    /// The query is too large, deep, complex or wide for this server's limits.
    QueryLimitExceeded,
    /// The request body is larger than the server accepts.
    PayloadTooLarge,
    /// The request body is not `application/json`.
    UnsupportedMediaType,
    /// The caller or the organization has asked too much lately; retry after `Retry-After` seconds.
    RateLimited,
}

impl ErrorCode {
    /// Every code.
    pub const ALL: [Self; 11] = [
        Self::Unauthorized,
        Self::MissingHeader,
        Self::Forbidden,
        Self::BadUserInput,
        Self::NotFound,
        Self::InsufficientData,
        Self::CalculationError,
        Self::QueryLimitExceeded,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::RateLimited,
    ];

    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthorized => "UNAUTHORIZED",
            Self::MissingHeader => "MISSING_HEADER",
            Self::Forbidden => "FORBIDDEN",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::NotFound => "NOT_FOUND",
            Self::InsufficientData => "INSUFFICIENT_DATA",
            Self::CalculationError => "CALCULATION_ERROR",
            Self::QueryLimitExceeded => "QUERY_LIMIT_EXCEEDED",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::RateLimited => "RATE_LIMITED",
        }
    }

    /// The code whose wire form is `code`.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The HTTP status of a request refused with this code.
    pub fn http_status(self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::MissingHeader | Self::BadUserInput | Self::QueryLimitExceeded => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::InsufficientData => StatusCode::UNPROCESSABLE_ENTITY,
            Self::CalculationError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Everything that can go wrong while answering a request, for clients and for operators.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Credentials are missing or invalid; the message says which, never why a signature failed in detail.
    #[error("{0}")]
    Unauthorized(String),

    /// A required header is absent.
    #[error("the {0} header is required")]
    MissingHeader(&'static str),

    /// The caller may not see this organization.
    #[error("this token does not grant access to organization {0}")]
    Forbidden(String),

    /// A REST path names another organization than the `X-Organization-ID` header.
    #[error(
        "the path names organization {path} but the X-Organization-ID header names {header}; they must be the same"
    )]
    OrganizationMismatch {
        /// The path's organization.
        path: String,
        /// The header's organization.
        header: String,
    },

    /// An argument is out of range or malformed.
    #[error("{0}")]
    BadUserInput(String),

    /// No organization has this id.
    #[error("organization {0} was not found")]
    NotFound(String),

    /// The data cannot support the figure asked for.
    #[error("{0}")]
    InsufficientData(String),

    /// The query is over one of the server's limits.
    #[error("{}", .0.message())]
    QueryLimit(LimitExceeded),

    /// The body is larger than the server accepts.
    #[error("the request body is larger than the {0} bytes this server accepts")]
    PayloadTooLarge(usize),

    /// The method is not served at this path (a mutation sent with GET, say).
    #[error("{0}")]
    MethodNotAllowed(String),

    /// The body's content type is not JSON.
    #[error("send GraphQL requests as `Content-Type: application/json` (this one is {0})")]
    UnsupportedMediaType(String),

    /// The caller or the organization has spent its allowance.
    #[error("{}", .0.message())]
    RateLimited(RateRefusal),

    /// A caller holds as many live connections, or a connection as many subscriptions, as allowed.
    #[error("at most {maximum} {} are allowed", limit.replace('_', " "))]
    LiveLimit {
        /// Which: `connections_per_caller` or `subscriptions_per_connection`.
        limit: &'static str,
        /// Its configured maximum.
        maximum: usize,
    },

    /// A database failure while computing a figure.
    #[error("database query failed")]
    Database(#[from] sqlx::Error),

    /// The database was not asked: the circuit breaker is open.
    #[error("{}", .0.reason())]
    Unavailable(Failure),

    /// The whole request ran past its time limit.
    #[error("the request took longer than {0} ms")]
    Timeout(u64),

    /// A failure inside the service.
    #[error("{0}")]
    Internal(String),
}

/// The result type of requests.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable code clients see.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthorized(_) => ErrorCode::Unauthorized,
            Self::MissingHeader(_) => ErrorCode::MissingHeader,
            Self::Forbidden(_) | Self::OrganizationMismatch { .. } => ErrorCode::Forbidden,
            Self::BadUserInput(_) | Self::MethodNotAllowed(_) => ErrorCode::BadUserInput,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::InsufficientData(_) => ErrorCode::InsufficientData,
            Self::QueryLimit(_) => ErrorCode::QueryLimitExceeded,
            Self::PayloadTooLarge(_) => ErrorCode::PayloadTooLarge,
            Self::UnsupportedMediaType(_) => ErrorCode::UnsupportedMediaType,
            Self::RateLimited(_) | Self::LiveLimit { .. } => ErrorCode::RateLimited,
            Self::Database(_) | Self::Unavailable(_) | Self::Timeout(_) | Self::Internal(_) => {
                ErrorCode::CalculationError
            }
        }
    }

    /// The message a client may see: internal failures are summarised, never detailed.
    pub fn client_message(&self) -> String {
        match self.code() {
            ErrorCode::CalculationError => {
                "the figures could not be calculated; the failure is logged under the request id".into()
            }
            _ => self.to_string(),
        }
    }

    /// Structured details for the client, an object (possibly empty).
    pub fn details(&self) -> Value {
        match self {
            Self::MissingHeader(header) => json!({ "required_header": header }),
            Self::Forbidden(organization) | Self::NotFound(organization) => {
                json!({ "organization_id": organization })
            }
            Self::QueryLimit(exceeded) => json!({
                "limit": exceeded.limit.as_str(),
                "maximum": exceeded.maximum,
                "found": exceeded.found,
            }),
            Self::OrganizationMismatch { path, header } => {
                json!({ "organization_id": path, "header_organization_id": header })
            }
            Self::LiveLimit { limit, maximum } => json!({ "limit": limit, "maximum": maximum }),
            Self::PayloadTooLarge(maximum) => json!({ "maximum_bytes": maximum }),
            Self::UnsupportedMediaType(_) => json!({ "expected": "application/json" }),
            Self::RateLimited(refusal) => json!({
                "scope": refusal.scope.as_str(),
                "retry_after_seconds": refusal.retry_after_seconds(),
            }),
            _ => json!({}),
        }
    }

    /// The HTTP status of a request that failed with this error: its code's, but 503 for a request cut by its time
    /// limit (a retry may well succeed) and 405 for a method not served.
    pub fn http_status(&self) -> StatusCode {
        match self {
            Self::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            _ => self.code().http_status(),
        }
    }

    /// Seconds a client refused by a rate limit should wait.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            Self::RateLimited(refusal) => Some(refusal.retry_after_seconds()),
            _ => None,
        }
    }

    /// What went wrong with the database, when it was the database.
    pub fn failure(&self) -> Failure {
        match self {
            Self::Database(error) => Failure::of(error),
            Self::Unavailable(failure) => *failure,
            Self::Timeout(_) => Failure::TimedOut,
            _ => Failure::Other,
        }
    }

    /// True when the failure is the service's or the database's rather than the caller's.
    pub fn is_internal(&self) -> bool {
        self.code() == ErrorCode::CalculationError
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_failures_reach_clients_as_calculation_errors_without_detail() {
        let error = Error::Database(sqlx::Error::Protocol("relation \"appointments\" ...".into()));

        assert_eq!(error.code(), ErrorCode::CalculationError);
        assert_eq!(error.code().http_status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.client_message().contains("appointments"));
    }

    #[test]
    fn missing_header_names_the_header_in_its_details() {
        let error = Error::MissingHeader("X-Organization-ID");

        assert_eq!(error.code().as_str(), "MISSING_HEADER");
        assert_eq!(error.details(), json!({ "required_header": "X-Organization-ID" }));
        assert_eq!(error.client_message(), "the X-Organization-ID header is required");
    }

    #[test]
    fn every_client_error_code_has_its_own_http_status() {
        let statuses = [
            (ErrorCode::Unauthorized, 401),
            (ErrorCode::MissingHeader, 400),
            (ErrorCode::Forbidden, 403),
            (ErrorCode::BadUserInput, 400),
            (ErrorCode::NotFound, 404),
            (ErrorCode::InsufficientData, 422),
            (ErrorCode::CalculationError, 500),
            (ErrorCode::QueryLimitExceeded, 400),
            (ErrorCode::PayloadTooLarge, 413),
            (ErrorCode::UnsupportedMediaType, 415),
            (ErrorCode::RateLimited, 429),
        ];

        assert_eq!(statuses.len(), ErrorCode::ALL.len());
        for (code, status) in statuses {
            assert_eq!(code.http_status().as_u16(), status, "{code:?}");
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
    }
}
