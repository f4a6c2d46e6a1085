//! The REST endpoints of the original requirements brief. Each runs a fixed GraphQL operation (`operations/*.graphql`,
//! whose aliases are the brief's snake_case keys) through the same authentication, rate limits, metric cache, fallback
//! and resolvers as `POST /graphql`, then reshapes the answer: no figure has a second implementation.

mod endpoint;
pub mod openapi;
mod params;
mod shape;

use std::sync::Arc;
use std::time::Instant;

use async_graphql::{ServerError, Variables};
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::ALLOW;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

pub use self::endpoint::Endpoint;
use self::params::Params;
use self::shape::Insufficient;
use super::graphql::{Answer, execute_as, request_id, respond};
use super::metrics::Outcome;
use crate::error::{Error, ErrorCode};
use crate::graphql::context::{ServedLog, log_internal};

use crate::graphql::guard::Charge;
use crate::startup::AppState;

/// The REST routes and the OpenAPI document describing them.
pub fn routes() -> Router<AppState> {
    Endpoint::ALL
        .into_iter()
        .fold(Router::new(), |router, endpoint| {
            router.route(
                endpoint.route(),
                get(
                    move |State(state): State<AppState>,
                          path: Result<Path<String>, PathRejection>,
                          RawQuery(query): RawQuery,
                          headers: HeaderMap| async move {
                        handle(&state, endpoint, path, query, &headers).await
                    },
                )
                .fallback(method_not_allowed),
            )
        })
        .route("/api/v1/openapi.json", get(openapi::serve).fallback(method_not_allowed))
}

/// Any method but GET on a REST path: 405 in the brief's error shape.
async fn method_not_allowed(headers: HeaderMap) -> Response {
    let request_id = request_id(&headers);
    let refused = Error::BadUserInput("only GET is served at this path".into());
    let error = RestError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        ..RestError::from_error(&refused, &request_id)
    };
    let mut response = respond(error.answer(None, None, None), Instant::now(), &request_id, "rest");
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// Any other path: NOT_FOUND in the brief's error shape.
pub async fn not_found(headers: HeaderMap) -> Response {
    let error = RestError::from_error(&Error::NotFound("this path".into()), &request_id(&headers));
    let error = RestError {
        message: "no endpoint answers at this path; see /api/v1/openapi.json and /graphql".into(),
        details: json!({}),
        ..error
    };
    respond(
        error.answer(None, None, None),
        Instant::now(),
        &request_id(&headers),
        "rest",
    )
}

async fn handle(
    state: &AppState,
    endpoint: Endpoint,
    path: Result<Path<String>, PathRejection>,
    query: Option<String>,
    headers: &HeaderMap,
) -> Response {
    let started = Instant::now();
    let request_id = request_id(headers);
    let answer = match tokio::time::timeout(
        state.request_timeout,
        answer(state, endpoint, path, query.as_deref(), headers, &request_id),
    )
    .await
    {
        Ok(answer) => answer,
        Err(_) => {
            let limit = state.request_timeout.as_millis() as u64;
            RestError::from_error(&Error::Timeout(limit), &request_id).answer(
                None,
                Some(endpoint.operation().into()),
                None,
            )
        }
    };
    respond(answer, started, &request_id, "rest")
}

async fn answer(
    state: &AppState,
    endpoint: Endpoint,
    path: Result<Path<String>, PathRejection>,
    query: Option<&str>,
    headers: &HeaderMap,
    request_id: &str,
) -> Answer {
    let operation = Some(endpoint.operation().to_owned());
    let prepared = async {
        let principal = state.auth.authenticate(headers).await?;
        let Path(organization) =
            path.map_err(|_| Error::BadUserInput("the organization id in the path is malformed".into()))?;
        if organization != principal.organization {
            return Err(Error::OrganizationMismatch {
                path: organization,
                header: principal.organization,
            });
        }
        let params = Params::parse(query, endpoint.parameters())?;
        let variables = endpoint.variables(&organization, &params)?;
        Ok((principal, params, variables))
    };
    let (principal, params, variables) = match prepared.await {
        Ok(prepared) => prepared,
        Err(error) => {
            let organization = headers
                .get(super::auth::ORGANIZATION_HEADER)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            return RestError::from_error(&error, request_id)
                .with_context(endpoint, organization.as_deref(), None)
                .answer(None, operation, None);
        }
    };
    let organization = principal.organization.clone();
    let timeframe = endpoint
        .has_timeframe()
        .then(|| params.timeframe().map(|t| t.0).unwrap_or_default());
    let charge = Arc::new(Charge::new(principal.grant.caller.clone(), Some(organization.clone())));
    let request = async_graphql::Request::new(endpoint.document())
        .operation_name(endpoint.operation())
        .variables(Variables::from_json(variables))
        .data(charge);
    let (response, served) = execute_as(state, request, Some(principal), request_id).await;
    let shaped = shaped(endpoint, response, &params, request_id);
    match shaped {
        Ok(body) => Answer {
            status: StatusCode::OK,
            body: serde_json::to_vec(&body).unwrap_or_default().into(),
            organization: Some(organization),
            operation,
            from: "execution",
            outcome: Outcome::Ok,
            code: None,
            served,
            retry_after: None,
        },
        Err(error) => error.with_context(endpoint, Some(&organization), timeframe).answer(
            Some(organization.clone()),
            operation,
            Some(served),
        ),
    }
}

/// The REST body of a GraphQL answer; the first error that is not a figure's INSUFFICIENT_DATA fails the request.
fn shaped(
    endpoint: Endpoint,
    response: async_graphql::Response,
    params: &Params,
    request_id: &str,
) -> Result<Value, RestError> {
    let mut insufficient = Vec::new();
    for error in &response.errors {
        let code = error_code(error);
        if code == Some(ErrorCode::InsufficientData.as_str()) && error.path.len() > 1 {
            insufficient.push(Insufficient {
                field: error
                    .path
                    .iter()
                    .skip(1)
                    .map(|segment| match segment {
                        async_graphql::PathSegment::Field(name) => name.clone(),
                        async_graphql::PathSegment::Index(index) => index.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("."),
                message: error.message.clone(),
            });
        } else {
            return Err(RestError::from_server_error(error));
        }
    }
    let organization = match response.data.into_json() {
        Ok(Value::Object(mut data)) => data.remove("organization").unwrap_or(Value::Null),
        _ => Value::Null,
    };
    shape::body(endpoint, organization, params, &insufficient)
        .map_err(|error| RestError::from_error(&error, request_id))
}

fn error_code(error: &ServerError) -> Option<&str> {
    match error.extensions.as_ref()?.get("code") {
        Some(async_graphql::Value::String(code)) => Some(code.as_str()),
        _ => None,
    }
}

/// An error in the brief's shape: `{"error": {"code", "message", "details"}}`.
#[derive(Debug, Clone)]
struct RestError {
    status: StatusCode,
    code: String,
    message: String,
    details: Value,
    retry_after: Option<u64>,
}

impl RestError {
    /// A service error; internal ones are logged and carry the request id.
    fn from_error(error: &Error, request_id: &str) -> Self {
        let mut details = error.details();
        if error.is_internal() {
            log_internal(request_id, error);
            details["request_id"] = json!(request_id);
        }
        Self {
            status: error.http_status(),
            code: error.code().as_str().to_owned(),
            message: error.client_message(),
            retry_after: match error {
                Error::RateLimited(refusal) => Some(refusal.retry_after_seconds()),
                _ => None,
            },
            details,
        }
    }

    /// An error of the GraphQL answer (already coded, and logged when internal); uncoded ones are the executor's
    /// own validation errors.
    fn from_server_error(error: &ServerError) -> Self {
        let code = error_code(error).unwrap_or(ErrorCode::BadUserInput.as_str()).to_owned();
        let details = error
            .extensions
            .as_ref()
            .and_then(|extensions| extensions.get("details"))
            .and_then(|details| details.clone().into_json().ok())
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({}));
        let status = ErrorCode::parse(&code).map_or(StatusCode::BAD_REQUEST, ErrorCode::http_status);
        let retry_after = details.get("retry_after_seconds").and_then(Value::as_u64);
        Self {
            status,
            code,
            message: error.message.clone(),
            details,
            retry_after,
        }
    }

    /// Adds what the brief's details name: the organization and the timeframe.
    fn with_context(mut self, endpoint: Endpoint, organization: Option<&str>, timeframe: Option<&str>) -> Self {
        if let (Some(organization), Some(details)) = (organization, self.details.as_object_mut()) {
            details.entry("organization_id").or_insert_with(|| json!(organization));
            if endpoint.has_timeframe()
                && let Some(timeframe) = timeframe
            {
                details.entry("timeframe").or_insert_with(|| json!(timeframe));
            }
        }
        self
    }

    /// The answer: refused before execution when nothing was `executed`, else failed in it.
    fn answer(self, organization: Option<String>, operation: Option<String>, executed: Option<ServedLog>) -> Answer {
        let body = json!({ "error": { "code": self.code, "message": self.message, "details": self.details } });
        let (from, outcome) = match executed {
            Some(_) => ("execution", Outcome::Failed),
            None => ("refused", Outcome::Refused),
        };
        Answer {
            status: self.status,
            body: serde_json::to_vec(&body).unwrap_or_default().into(),
            organization,
            operation,
            from,
            outcome,
            code: Some(self.code),
            served: executed.unwrap_or_default(),
            retry_after: self.retry_after,
        }
    }
}
