//! `POST /graphql` and the GraphiQL page: authenticate, refuse what must be refused before execution, execute, and
//! answer with an HTTP status that says how it went.

use std::time::Instant;

use async_graphql::dataloader::DataLoader;
use async_graphql::http::GraphiQLSource;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use super::auth::{ORGANIZATION_HEADER, Principal, bearer_token};
use super::document::root_fields;
use crate::dashboard::MetricsLoader;
use crate::error::{Error, ErrorCode};
use crate::graphql::context::{RequestContext, log_internal};
use crate::startup::AppState;

/// The header carrying the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// `GET /graphql`: GraphiQL, with the demo's headers filled in when the demo serves it.
pub async fn graphiql(State(state): State<AppState>) -> Html<String> {
    let page = GraphiQLSource::build().endpoint("/graphql").title("clinic-analytics");
    match &state.demo_credentials {
        Some(demo) => {
            let bearer = format!("Bearer {}", demo.token);
            Html(
                page.header("Authorization", &bearer)
                    .header(ORGANIZATION_HEADER, &demo.organization)
                    .finish(),
            )
        }
        None => Html(page.finish()),
    }
}

/// `POST /graphql`: one GraphQL request in a JSON body.
pub async fn execute(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let started = Instant::now();
    let request_id = request_id(&headers);
    let (status, body, organization, operation) = match prepare(&state, &headers, &body) {
        Err(error) => (error.code().http_status(), refusal(&error, &request_id), None, None),
        Ok((request, principal)) => {
            let organization = principal.as_ref().map(|p| p.organization.clone());
            let operation = request.operation_name.clone();
            let now = Utc::now();
            let context = RequestContext {
                request_id: request_id.clone(),
                now,
                principal,
            };
            let loader = DataLoader::new(MetricsLoader::new(state.db.clone(), now), tokio::spawn);
            let response = state.schema.execute(request.data(context).data(loader)).await;
            let (status, response) = classify(response);
            (
                status,
                serde_json::to_value(&response).unwrap_or_default(),
                organization,
                operation,
            )
        }
    };
    tracing::info!(
        request_id,
        organization = organization.as_deref().unwrap_or("-"),
        operation = operation.as_deref().unwrap_or("-"),
        status = status.as_u16(),
        duration_ms = started.elapsed().as_secs_f64() * 1e3,
        "graphql request"
    );
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Parses and authenticates a request; every refusal here happens before any database work.
fn prepare(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(async_graphql::Request, Option<Principal>), Error> {
    let request = parse_body(body)?;
    let roots = root_fields(&request.query, request.operation_name.as_deref(), &request.variables);
    let introspection_only = roots.as_ref().is_some_and(|r| r.introspection_only);
    if introspection_only && bearer_token(headers)?.is_none() {
        return Ok((request, None));
    }
    let principal = state.auth.authenticate(headers)?;
    if let Some(other) = roots
        .iter()
        .flat_map(|r| &r.organization_ids)
        .find(|id| **id != principal.organization)
    {
        return Err(Error::Forbidden(other.clone()));
    }
    Ok((request, Some(principal)))
}

fn parse_body(body: &[u8]) -> Result<async_graphql::Request, Error> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| Error::BadUserInput(format!("the body is not JSON: {e}")))?;
    if value.is_array() {
        return Err(Error::BadUserInput(
            "batched requests are not accepted: send one operation per request".into(),
        ));
    }
    serde_json::from_value(value).map_err(|e| Error::BadUserInput(format!("the body is not a GraphQL request: {e}")))
}

/// Gives every error a code (the executor's own parse and validation errors are the client's: BAD_USER_INPUT) and
/// picks the status: 200 when there is data to show, else the status of the first error's code.
fn classify(mut response: async_graphql::Response) -> (StatusCode, async_graphql::Response) {
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", ErrorCode::BadUserInput.as_str());
            extensions.set("details", async_graphql::Value::Object(Default::default()));
        }
    }
    let status = if response.errors.is_empty() || response.data != async_graphql::Value::Null {
        StatusCode::OK
    } else {
        response
            .errors
            .first()
            .and_then(|error| error.extensions.as_ref())
            .and_then(|extensions| match extensions.get("code") {
                Some(async_graphql::Value::String(code)) => status_of_code(code),
                _ => None,
            })
            .unwrap_or(StatusCode::BAD_REQUEST)
    };
    (status, response)
}

fn status_of_code(code: &str) -> Option<StatusCode> {
    [
        ErrorCode::Unauthorized,
        ErrorCode::MissingHeader,
        ErrorCode::Forbidden,
        ErrorCode::BadUserInput,
        ErrorCode::NotFound,
        ErrorCode::InsufficientData,
        ErrorCode::CalculationError,
    ]
    .into_iter()
    .find(|c| c.as_str() == code)
    .map(ErrorCode::http_status)
}

/// The body of a request refused before execution: `{"errors": [...]}`.
pub fn refusal(error: &Error, request_id: &str) -> serde_json::Value {
    let mut details = error.details();
    if error.is_internal() {
        log_internal(request_id, error);
        details["request_id"] = json!(request_id);
    }
    json!({
        "errors": [{
            "message": error.client_message(),
            "extensions": { "code": error.code().as_str(), "details": details },
        }]
    })
}

/// The request's id, set by the request-id layer.
pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
