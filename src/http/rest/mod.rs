//! The REST endpoints of the original requirements brief. Each runs a fixed GraphQL operation (`operations/*.graphql`,
//! whose aliases are the brief's snake_case keys) through the same authentication, rate limits, metric cache, fallback
//! and resolvers as `POST /graphql`, then reshapes the answer: no figure has a second implementation.

pub(crate) mod endpoint;
pub mod openapi;
mod params;
mod shape;
mod window;

use std::sync::Arc;
use std::time::Instant;

use async_graphql::{PathSegment, Variables};
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::ALLOW;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

pub use self::endpoint::Endpoint;
use self::params::Params;
use self::shape::Insufficient;
use super::answer::{Answer, Outcome};
use super::state::AppState;
use crate::auth::ORGANIZATION_HEADER;
use crate::error::{ClientError, Error, ErrorCode};
use crate::graphql::guard::Charge;

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
async fn method_not_allowed() -> Response {
    let refused = Error::MethodNotAllowed("only GET is served at this path".into());
    let mut response = refusal(&ClientError::of(&refused), None, None).respond(Instant::now(), "rest");
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// Any other path: NOT_FOUND in the brief's error shape.
pub async fn not_found() -> Response {
    let error = ClientError {
        message: "no endpoint answers at this path; see /api/v1/openapi.json and /graphql".into(),
        details: json!({}),
        ..ClientError::of(&Error::NotFound("this path".into()))
    };
    refusal(&error, None, None).respond(Instant::now(), "rest")
}

async fn handle(
    state: &AppState,
    endpoint: Endpoint,
    path: Result<Path<String>, PathRejection>,
    query: Option<String>,
    headers: &HeaderMap,
) -> Response {
    let started = Instant::now();
    let answer = match tokio::time::timeout(
        state.request_timeout,
        answer(state, endpoint, path, query.as_deref(), headers),
    )
    .await
    {
        Ok(answer) => answer,
        Err(_) => {
            let limit = state.request_timeout.as_millis() as u64;
            refusal(
                &ClientError::of(&Error::Timeout(limit)),
                None,
                Some(endpoint.operation().into()),
            )
        }
    };
    answer.respond(started, "rest")
}

async fn answer(
    state: &AppState,
    endpoint: Endpoint,
    path: Result<Path<String>, PathRejection>,
    query: Option<&str>,
    headers: &HeaderMap,
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
                .get(ORGANIZATION_HEADER)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let client = with_context(ClientError::of(&error), organization.as_deref(), None);
            return refusal(&client, None, operation);
        }
    };
    let organization = principal.organization.clone();
    let window = endpoint
        .has_window()
        .then(|| params.window().map(|window| window.echo).ok())
        .flatten();
    let charge = Arc::new(Charge::new(principal.grant.caller.clone(), Some(organization.clone())));
    let request = async_graphql::Request::new(endpoint.document())
        .operation_name(endpoint.operation())
        .variables(Variables::from_json(variables))
        .data(charge);
    let (response, served) = state.execute(request, Some(principal)).await;
    match shaped(endpoint, response, &params) {
        Ok(body) => Answer {
            served,
            ..Answer::ok(
                serde_json::to_vec(&body).unwrap_or_default().into(),
                json_type(),
                Some(organization),
                operation,
            )
        },
        Err(client) => {
            let client = with_context(client, Some(&organization), window);
            Answer {
                from: "execution",
                outcome: Outcome::Failed,
                served,
                ..refusal(&client, Some(organization.clone()), operation)
            }
        }
    }
}

/// A request refused or failed, in the brief's error shape.
fn refusal(client: &ClientError, organization: Option<String>, operation: Option<String>) -> Answer {
    Answer::rendered(client, client.rest_body(), json_type(), organization, operation)
}

fn json_type() -> HeaderValue {
    HeaderValue::from_static("application/json")
}

/// The REST body of a GraphQL answer; the first error that is not a figure's INSUFFICIENT_DATA fails the request.
fn shaped(endpoint: Endpoint, response: async_graphql::Response, params: &Params) -> Result<Value, ClientError> {
    let mut insufficient = Vec::new();
    for error in &response.errors {
        let client = ClientError::of_graphql(error);
        if client.code == ErrorCode::InsufficientData && error.path.len() > 1 {
            insufficient.push(Insufficient {
                field: error
                    .path
                    .iter()
                    .skip(1)
                    .map(|segment| match segment {
                        PathSegment::Field(name) => name.clone(),
                        PathSegment::Index(index) => index.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("."),
                message: error.message.clone(),
            });
        } else {
            return Err(client);
        }
    }
    let organization = match response.data.into_json() {
        Ok(Value::Object(mut data)) => data.remove("organization").unwrap_or(Value::Null),
        _ => Value::Null,
    };
    shape::body(endpoint, organization, params, &insufficient).map_err(|error| ClientError::of(&error))
}

/// Adds what the brief's details name: the organization and the window asked for.
fn with_context(
    mut client: ClientError,
    organization: Option<&str>,
    window: Option<serde_json::Map<String, Value>>,
) -> ClientError {
    if let (Some(organization), Some(details)) = (organization, client.details.as_object_mut()) {
        details.entry("organization_id").or_insert_with(|| json!(organization));
        for (name, value) in window.into_iter().flatten().filter(|(_, value)| !value.is_null()) {
            details.entry(name).or_insert(value);
        }
    }
    client
}
