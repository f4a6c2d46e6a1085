//! `/graphql` over HTTP: a query POSTed as JSON (or sent with GET in the URL), authenticated, refused before execution
//! when it must be, answered from the response cache when it can be, else executed; and the GraphiQL page.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::parser::types::OperationType;
use async_graphql::{ServerError, Value};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use chrono::Utc;
use serde::Serialize;

use super::answer::{Answer, Outcome};
use super::known::Understood;
use super::negotiate::MediaType;
use super::request;
use super::state::AppState;
use crate::auth::{ORGANIZATION_HEADER, Principal, bearer_token};
use crate::dashboard::KeptResponse;
use crate::error::{ClientError, Error, ErrorCode};
use crate::graphql::context::ServedLog;
use crate::graphql::enums::{Freshness, schema_name};
use crate::graphql::guard::Charge;
use crate::telemetry::names;

/// `GET /graphql`: a query in the URL, or, without one, GraphiQL (with the demo's headers filled in when the demo
/// serves it; not found when introspection is off, since it could not show the schema). A HEAD request with a query
/// is refused: it would ask for an answer without wanting it.
pub async fn get(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _body) = request.into_parts();
    let query_string = parts.uri.query().unwrap_or_default();
    if !request::asks_a_query(query_string) {
        return super::web::graphiql(&state);
    }
    if parts.method != Method::GET {
        let refused = Error::MethodNotAllowed("send queries with GET or POST".into());
        let media = MediaType::accepted(&parts.headers);
        return Answer::refused(&refused, media.content_type(), None, None).respond(Instant::now(), "graphql");
    }
    let sent = [b"GET".as_slice(), query_string.as_bytes()];
    let understood = state.known.understand(&sent, &state.limits, async {
        request::parse_query_string(query_string)
    });
    handle(&state, &parts, understood, true).await
}

/// `POST /graphql`: one GraphQL request in a JSON body.
pub async fn post(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let understood = async {
        let sent = request::body(&parts.headers, body, &state.limits).await?;
        let read = async { request::parse(&sent) };
        state.known.understand(&[b"POST", &sent], &state.limits, read).await
    };
    handle(&state, &parts, understood, false).await
}

/// Reads, prepares and answers a request within the time limit.
async fn handle(
    state: &AppState,
    parts: &Parts,
    understood: impl Future<Output = Result<Arc<Understood>, Error>>,
    by_get: bool,
) -> Response {
    let started = Instant::now();
    let media = MediaType::accepted(&parts.headers);
    let client = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let prepared = async {
        let understood = understood.await?;
        let prepared = prepare(state, &parts.headers, understood.clone(), client, by_get).await?;
        // Kept only once it passed the checks and authentication: no one can fill the cache without credentials but
        // with introspection, which its rate limit bounds.
        state.known.keep(understood).await;
        Ok::<_, Error>(prepared)
    };
    let answer = match prepared.await {
        Err(error) => Answer::refused(&error, media.content_type(), None, None),
        Ok(prepared) => {
            let organization = prepared
                .principal
                .as_ref()
                .and_then(|p| p.named_organization())
                .map(str::to_owned);
            let operation = prepared.operation.clone();
            match tokio::time::timeout(state.request_timeout, answer(state, prepared, media)).await {
                Ok(answer) => answer,
                Err(_) => {
                    let limit = state.request_timeout.as_millis() as u64;
                    Answer::refused(&Error::Timeout(limit), media.content_type(), organization, operation)
                }
            }
        }
    };
    answer.respond(started, "graphql")
}

/// A request ready to execute.
struct Prepared {
    understood: Arc<Understood>,
    principal: Option<Principal>,
    /// Who it is charged to.
    charge: Arc<Charge>,
    /// The operation's name, from the request or its document.
    operation: Option<String>,
    /// Whether the whole response may be kept: the request reads its organization and nothing else.
    cacheable: bool,
    /// The change the answer must reflect: a `dashboardUpdated`'s consistency token, sent back.
    consistency: Option<u64>,
}

/// Checks and authenticates a request; every refusal here happens before any database work.
async fn prepare(
    state: &AppState,
    headers: &HeaderMap,
    understood: Arc<Understood>,
    client: Option<IpAddr>,
    by_get: bool,
) -> Result<Prepared, Error> {
    let roots = understood.roots.as_ref();
    if let Some(roots) = roots {
        state.limits.check_shape(roots.aliases, roots.count)?;
        // async-graphql would answer a disabled `__schema` with a silent null.
        if roots.introspects && !state.exposure.introspection {
            return Err(Error::BadUserInput("introspection is turned off on this server".into()));
        }
        if roots.operation_type == OperationType::Subscription {
            return Err(Error::BadUserInput(
                "subscriptions are served over WebSocket at /graphql/ws (graphql-transport-ws)".into(),
            ));
        }
        if by_get && roots.operation_type != OperationType::Query {
            return Err(Error::MethodNotAllowed(
                "only queries may be sent with GET; send other operations with POST".into(),
            ));
        }
    }
    let operation = understood
        .operation_name
        .clone()
        .or_else(|| roots.and_then(|r| r.operation_name.clone()));
    let introspection_only = roots.is_some_and(|r| r.introspection_only);
    if introspection_only && state.exposure.introspection && bearer_token(headers)?.is_none() {
        let caller = client.map_or_else(|| "anonymous".to_owned(), |ip| format!("anonymous:{ip}"));
        return Ok(Prepared {
            understood,
            principal: None,
            charge: Arc::new(Charge::new(caller, None)),
            operation,
            cacheable: false,
            consistency: None,
        });
    }
    // A request listing the granted organizations is about none of them: it may leave X-Organization-ID out.
    let listing_only = roots.is_some_and(|r| r.listing_only);
    let principal = if listing_only && !headers.contains_key(ORGANIZATION_HEADER) {
        state.auth.authenticate_without_organization(headers).await?
    } else {
        state.auth.authenticate(headers).await?
    };
    if let Some(other) = roots
        .iter()
        .flat_map(|r| &r.organization_ids)
        .find(|id| **id != principal.organization)
    {
        return Err(Error::Forbidden(other.clone()));
    }
    let cacheable = roots.is_some_and(|r| r.organization_only && !r.introspection_only);
    let charge = Charge::new(
        principal.grant.caller.clone(),
        principal.named_organization().map(str::to_owned),
    );
    Ok(Prepared {
        understood,
        principal: Some(principal),
        charge: Arc::new(charge),
        operation,
        cacheable,
        consistency: consistency_token(headers)?,
    })
}

/// The header a client sends a `dashboardUpdated`'s consistency token back in.
pub const CONSISTENCY_TOKEN_HEADER: &str = "x-consistency-token";

/// The consistency token the request carries, if any.
fn consistency_token(headers: &HeaderMap) -> Result<Option<u64>, Error> {
    let Some(value) = headers.get(CONSISTENCY_TOKEN_HEADER) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .map(Some)
        .ok_or_else(|| {
            Error::BadUserInput("X-Consistency-Token must be a consistencyToken from dashboardUpdated, as sent".into())
        })
}

/// Answers a prepared request, from the response cache when it holds it.
async fn answer(state: &AppState, prepared: Prepared, media: MediaType) -> Answer {
    let organization = prepared
        .principal
        .as_ref()
        .and_then(|p| p.named_organization())
        .map(str::to_owned);
    if let (Some(position), Some(organization)) = (prepared.consistency, organization.as_deref()) {
        state.dashboard.catch_up(organization, position, &state.db).await;
    }
    let operation = prepared.operation.clone();
    let cache = state.dashboard.cache();
    let key = organization
        .as_deref()
        .filter(|_| prepared.cacheable)
        .map(|organization| cache.response_key(organization, prepared.understood.digest));
    if let Some(key) = &key {
        let cached = cache.response(key).await;
        let result = if cached.is_some() { "hit" } else { "miss" };
        metrics::counter!(names::RESPONSE_CACHE_LOOKUPS, "result" => result).increment(1);
        if let Some(kept) = cached {
            // A kept answer costs the caller what computing it did: the cache saves the service work, not the
            // caller their allowance.
            let charge = &prepared.charge;
            if let Err(error) = state
                .rate_limits
                .charge(&charge.caller, charge.organization.as_deref(), kept.cost)
                .await
            {
                return Answer::refused(&error, media.content_type(), organization, operation);
            }
            return Answer {
                from: "response cache",
                ..Answer::ok(kept.body, media.content_type(), organization, operation)
            };
        }
    }
    let charge = prepared.charge;
    let request = prepared.understood.request().data(Arc::clone(&charge));
    let (mut response, served) = state.execute(request, prepared.principal).await;
    code_uncoded(&mut response.errors);
    if !charge.admitted() {
        return request_error(&response.errors, media, organization, operation, served);
    }
    let body: Bytes = serde_json::to_vec(&response).unwrap_or_default().into();
    let outcome = Outcome::of(&response);
    let code = response
        .errors
        .first()
        .map(|error| ClientError::of_graphql(error).code.as_str());
    if let Some(key) = key
        && let Some(ttl) = keepable(state, &response, &served)
    {
        let kept = KeptResponse {
            body: as_cached(response),
            cost: charge.cost(),
        };
        cache.keep_response(key, kept, ttl).await;
    }
    Answer {
        outcome,
        code,
        served,
        ..Answer::ok(body, media.content_type(), organization, operation)
    }
}

/// A request GraphQL refused before executing it: its errors and no `data`, with the status of its media type.
fn request_error(
    errors: &[ServerError],
    media: MediaType,
    organization: Option<String>,
    operation: Option<String>,
    served: ServedLog,
) -> Answer {
    #[derive(Serialize)]
    struct Errors<'a> {
        errors: &'a [ServerError],
    }
    let first = errors.first().map(ClientError::of_graphql);
    let code = first.as_ref().map_or(ErrorCode::BadUserInput, |client| client.code);
    let body = serde_json::to_vec(&Errors { errors }).unwrap_or_default();
    Answer {
        status: media.request_error_status(code),
        retry_after: first.and_then(|client| client.retry_after),
        code: Some(code.as_str()),
        outcome: Outcome::Refused,
        served,
        ..Answer::ok(body.into(), media.content_type(), organization, operation)
    }
}

/// Gives every error a code: the executor's own parse and validation errors are the client's, BAD_USER_INPUT.
fn code_uncoded(errors: &mut [ServerError]) {
    for error in errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", ErrorCode::BadUserInput.as_str());
            extensions.set("details", Value::Object(Default::default()));
        }
    }
}

/// How long a response may be kept whole: until its oldest group would expire; never when it holds a stale fallback
/// or a failure that the next attempt may not repeat.
fn keepable(state: &AppState, response: &async_graphql::Response, served: &ServedLog) -> Option<Duration> {
    let failed = response.errors.iter().any(|error| {
        let code = error.extensions.as_ref().and_then(|e| e.get("code"));
        !matches!(code, Some(Value::String(code)) if code != ErrorCode::CalculationError.as_str())
    });
    if failed || served.stale > 0 || served.stale_organizations > 0 || response.data == Value::Null {
        return None;
    }
    let age = served.oldest.map_or(Duration::ZERO, |oldest| {
        (Utc::now() - oldest).to_std().unwrap_or_default()
    });
    state
        .dashboard
        .cache()
        .ttl()
        .checked_sub(age)
        .filter(|ttl| !ttl.is_zero())
}

/// The response as later requests receive it: every group it holds now comes from the cache. Freshness is an enum in
/// the response's value tree, and `REAL_TIME` is a value of the `Freshness` enum alone, so exactly the freshness
/// fields change, whatever their aliases and whatever text other fields hold.
fn as_cached(mut response: async_graphql::Response) -> Bytes {
    fn mark_cached(value: &mut Value) {
        match value {
            Value::Enum(name) if name.as_str() == schema_name(Freshness::RealTime) => {
                *name = async_graphql::Name::new(schema_name(Freshness::Cached));
            }
            Value::List(items) => items.iter_mut().for_each(mark_cached),
            Value::Object(fields) => fields.values_mut().for_each(mark_cached),
            _ => {}
        }
    }
    mark_cached(&mut response.data);
    serde_json::to_vec(&response).unwrap_or_default().into()
}
