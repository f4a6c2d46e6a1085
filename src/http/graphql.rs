//! `POST /graphql` and the GraphiQL page: authenticate, refuse what must be refused before execution, execute, and
//! answer with an HTTP status that says how it went.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::dataloader::DataLoader;
use async_graphql::http::GraphiQLSource;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use super::auth::{ORGANIZATION_HEADER, Principal, bearer_token};
use super::document::root_fields;
use super::metrics::{Outcome, record_request};
use super::request;
use crate::cache::KeptResponse;
use crate::dashboard::{MetricsLoader, to_microseconds};
use crate::error::{Error, ErrorCode};
use crate::graphql::context::{RequestContext, ServedLog, log_internal};
use crate::graphql::guard::Charge;
use crate::startup::AppState;
use crate::telemetry::names;

/// The header carrying the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// `GET /graphql`: GraphiQL, with the demo's headers filled in when the demo serves it; not found when introspection
/// is off, since it could not show the schema.
pub async fn graphiql(State(state): State<AppState>) -> Response {
    if !state.exposure.introspection {
        return StatusCode::NOT_FOUND.into_response();
    }
    let page = GraphiQLSource::build()
        .endpoint("/graphql")
        .subscription_endpoint("/graphql/ws")
        .title("clinic-analytics");
    match &state.demo_credentials {
        Some(demo) => {
            let bearer = format!("Bearer {}", demo.token);
            Html(
                page.header("Authorization", &bearer)
                    .header(ORGANIZATION_HEADER, &demo.organization)
                    .ws_connection_param("Authorization", &bearer)
                    .finish(),
            )
            .into_response()
        }
        None => Html(page.finish()).into_response(),
    }
}

/// `POST /graphql`: one GraphQL request in a JSON body.
pub async fn execute(State(state): State<AppState>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    let request_id = request_id(headers);
    let client = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let answer = match prepare(&state, headers, body, client).await {
        Err(error) => Answer::refused(&error, &request_id, None, None),
        Ok(prepared) => {
            let organization = prepared.principal.as_ref().map(|p| p.organization.clone());
            let operation = prepared.operation.clone();
            match tokio::time::timeout(state.request_timeout, answer(&state, prepared, &request_id)).await {
                Ok(answer) => answer,
                Err(_) => {
                    let limit = state.request_timeout.as_millis() as u64;
                    Answer::refused(&Error::Timeout(limit), &request_id, organization, operation)
                }
            }
        }
    };
    respond(answer, started, &request_id, "graphql")
}

/// Records and logs an answered request (one line per request, whichever API it came through) and makes its response.
pub(super) fn respond(answer: Answer, started: Instant, request_id: &str, api: &'static str) -> Response {
    let elapsed = started.elapsed();
    record_request(
        answer.operation.as_deref(),
        answer.organization.as_deref(),
        answer.outcome,
        answer.code.as_deref(),
        answer.served.stale > 0 || answer.served.stale_organizations > 0,
        elapsed,
    );
    let served = &answer.served;
    tracing::info!(
        request_id,
        api,
        organization = answer.organization.as_deref().unwrap_or("-"),
        operation = answer.operation.as_deref().unwrap_or("-"),
        timeframes = served.timeframes.iter().copied().collect::<Vec<_>>().join(","),
        status = answer.status.as_u16(),
        code = answer.code.as_deref().unwrap_or("-"),
        answered_from = answer.from,
        groups_computed = served.computed,
        groups_cached = served.cached,
        groups_stale = served.stale,
        duration_ms = elapsed.as_secs_f64() * 1e3,
        "request"
    );
    let mut response = (
        answer.status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        answer.body,
    )
        .into_response();
    if let Some(seconds) = answer.retry_after {
        response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// A request ready to execute.
struct Prepared {
    request: async_graphql::Request,
    principal: Option<Principal>,
    /// Who it is charged to.
    charge: Arc<Charge>,
    /// The operation's name, from the request or its document.
    operation: Option<String>,
    /// For requests about one organization only: the text identifying the request for the response cache.
    cache_text: Option<Arc<str>>,
}

/// A response, where it came from, and what it held.
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) body: Bytes,
    pub(super) organization: Option<String>,
    pub(super) operation: Option<String>,
    pub(super) from: &'static str,
    pub(super) outcome: Outcome,
    pub(super) code: Option<String>,
    pub(super) served: ServedLog,
    /// Seconds to wait, for a request refused by a rate limit.
    pub(super) retry_after: Option<u64>,
}

impl Answer {
    /// A request refused before (or cut during) execution.
    fn refused(error: &Error, request_id: &str, organization: Option<String>, operation: Option<String>) -> Self {
        Self {
            status: error.http_status(),
            body: serde_json::to_vec(&refusal(error, request_id))
                .unwrap_or_default()
                .into(),
            organization,
            operation,
            from: "refused",
            outcome: Outcome::Refused,
            code: Some(error.code().as_str().to_owned()),
            served: ServedLog::default(),
            retry_after: match error {
                Error::RateLimited(refusal) => Some(refusal.retry_after_seconds()),
                _ => None,
            },
        }
    }
}

/// Answers a prepared request, from the response cache when it holds it.
async fn answer(state: &AppState, prepared: Prepared, request_id: &str) -> Answer {
    let organization = prepared.principal.as_ref().map(|p| p.organization.clone());
    let operation = prepared.operation.clone();
    let key = organization
        .as_deref()
        .zip(prepared.cache_text)
        .map(|(organization, text)| state.cache.response_key(organization, text));
    if let Some(key) = &key {
        let cached = state.cache.response(key).await;
        let result = if cached.is_some() { "hit" } else { "miss" };
        metrics::counter!(names::RESPONSE_CACHE_LOOKUPS, "result" => result).increment(1);
        if let Some(kept) = cached {
            // A kept answer costs the caller what computing it did: the cache saves the service work, not the
            // caller their allowance.
            let charge = &prepared.charge;
            if let Err(error) = state
                .rate_limits
                .charge(&charge.caller, charge.organization.as_deref(), kept.cost)
            {
                return Answer::refused(&error, request_id, organization, operation);
            }
            return Answer {
                status: StatusCode::OK,
                body: kept.body,
                organization,
                operation,
                from: "response cache",
                outcome: Outcome::Ok,
                code: None,
                served: ServedLog::default(),
                retry_after: None,
            };
        }
    }
    let charge = prepared.charge;
    let request = prepared.request.data(Arc::clone(&charge));
    let (response, served) = execute_as(state, request, prepared.principal, request_id).await;
    let (status, response) = classify(response);
    let body: Bytes = serde_json::to_vec(&response).unwrap_or_default().into();
    if let Some(key) = key
        && status == StatusCode::OK
        && let Some(ttl) = keepable(state, &response, &served)
    {
        let kept = KeptResponse {
            body: as_cached(&body),
            cost: charge.cost(),
        };
        state.cache.keep_response(key, kept, ttl).await;
    }
    let outcome = if response.errors.is_empty() {
        Outcome::Ok
    } else if response.data == async_graphql::Value::Null {
        Outcome::Failed
    } else {
        Outcome::Partial
    };
    Answer {
        status,
        body,
        organization,
        operation,
        from: "execution",
        outcome,
        code: first_code(&response),
        served,
        retry_after: retry_after(&response),
    }
}

/// The seconds a response refused by the rate limits (in validation) asks the client to wait.
fn retry_after(response: &async_graphql::Response) -> Option<u64> {
    let extensions = response.errors.first()?.extensions.as_ref()?;
    match (extensions.get("code"), extensions.get("details")) {
        (Some(async_graphql::Value::String(code)), Some(async_graphql::Value::Object(details)))
            if code == ErrorCode::RateLimited.as_str() =>
        {
            match details.get("retry_after_seconds") {
                Some(async_graphql::Value::Number(seconds)) => seconds.as_u64(),
                _ => None,
            }
        }
        _ => None,
    }
}

fn first_code(response: &async_graphql::Response) -> Option<String> {
    let extensions = response.errors.first()?.extensions.as_ref()?;
    match extensions.get("code") {
        Some(async_graphql::Value::String(code)) => Some(code.clone()),
        _ => None,
    }
}

/// How long a response may be kept whole: until its oldest group would expire; never when it holds a stale fallback
/// or a failure that the next attempt may not repeat.
fn keepable(state: &AppState, response: &async_graphql::Response, served: &ServedLog) -> Option<Duration> {
    let failed = response.errors.iter().any(|error| {
        let code = error.extensions.as_ref().and_then(|e| e.get("code"));
        !matches!(code, Some(async_graphql::Value::String(code)) if code != ErrorCode::CalculationError.as_str())
    });
    if failed || served.stale > 0 || served.stale_organizations > 0 || response.data == async_graphql::Value::Null {
        return None;
    }
    let age = served.oldest.map_or(Duration::ZERO, |oldest| {
        (Utc::now() - oldest).to_std().unwrap_or_default()
    });
    state.cache.ttl().checked_sub(age).filter(|ttl| !ttl.is_zero())
}

/// The body as later requests receive it: every group it holds now comes from the cache.
fn as_cached(body: &[u8]) -> Bytes {
    const FRESH: &[u8] = br#""freshness":"REAL_TIME""#;
    const CACHED: &[u8] = br#""freshness":"CACHED""#;
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.windows(FRESH.len()).position(|w| w == FRESH) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(CACHED);
        rest = &rest[at + FRESH.len()..];
    }
    out.extend_from_slice(rest);
    out.into()
}

/// Executes an authenticated request: its own clock, a database handle that row-level security limits to the
/// organizations the caller is granted, and a fresh loader that batches its metric groups. Also says what the groups
/// were served from.
pub async fn execute_as(
    state: &AppState,
    request: async_graphql::Request,
    principal: Option<Principal>,
    request_id: &str,
) -> (async_graphql::Response, ServedLog) {
    let now = to_microseconds(Utc::now());
    let granted = principal
        .as_ref()
        .map(|p| p.grant.organizations.as_slice())
        .unwrap_or_default();
    let db = state.db.scoped(granted);
    let context = RequestContext::new(request_id.to_owned(), now, principal);
    let served = context.clone();
    let loader = DataLoader::new(MetricsLoader::new(db.clone(), state.fact_source, now), tokio::spawn);
    let response = state.schema.execute(request.data(context).data(db).data(loader)).await;
    (response, served.served())
}

/// Reads, checks and authenticates a request; every refusal here happens before any database work.
async fn prepare(state: &AppState, headers: &HeaderMap, body: Body, client: Option<IpAddr>) -> Result<Prepared, Error> {
    let request = request::read(headers, body, &state.limits).await?;
    let roots = root_fields(&request.query, request.operation_name.as_deref(), &request.variables);
    if let Some(roots) = &roots {
        state.limits.check_shape(roots.aliases, roots.count)?;
        // async-graphql would answer a disabled `__schema` with a silent null.
        if roots.introspects && !state.exposure.introspection {
            return Err(Error::BadUserInput("introspection is turned off on this server".into()));
        }
    }
    let introspection_only = roots.as_ref().is_some_and(|r| r.introspection_only);
    let operation = request
        .operation_name
        .clone()
        .or_else(|| roots.as_ref().and_then(|r| r.operation_name.clone()));
    if introspection_only && state.exposure.introspection && bearer_token(headers)?.is_none() {
        let caller = client.map_or_else(|| "anonymous".to_owned(), |ip| format!("anonymous:{ip}"));
        return Ok(Prepared {
            request,
            principal: None,
            charge: Arc::new(Charge::new(caller, None)),
            operation,
            cache_text: None,
        });
    }
    let principal = state.auth.authenticate(headers).await?;
    if let Some(other) = roots
        .iter()
        .flat_map(|r| &r.organization_ids)
        .find(|id| **id != principal.organization)
    {
        return Err(Error::Forbidden(other.clone()));
    }
    let cache_text = roots.filter(|r| r.organization_only && !r.introspection_only).map(|_| {
        let variables = serde_json::to_string(&request.variables).unwrap_or_default();
        let operation = request.operation_name.as_deref().unwrap_or_default();
        Arc::from(format!("{operation}\0{}\0{variables}", request.query))
    });
    let charge = Charge::new(principal.grant.caller.clone(), Some(principal.organization.clone()));
    Ok(Prepared {
        request,
        principal: Some(principal),
        charge: Arc::new(charge),
        operation,
        cache_text,
    })
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
    ErrorCode::parse(code).map(ErrorCode::http_status)
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
