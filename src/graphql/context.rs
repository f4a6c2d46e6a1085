//! What every resolver shares for one request, and how service errors become GraphQL errors.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use async_graphql::{Context, ErrorExtensions, PathSegment, QueryPathSegment};
use chrono::{DateTime, Utc};

use crate::dashboard::{Freshness, Served};
use crate::error::{Error, ErrorCode};
use crate::http::auth::Principal;

/// Per-request data: who is asking, the request's id, and its clock.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// The id answered in `x-request-id` and logged with every error.
    pub request_id: String,
    /// "Now" for every figure of this request.
    pub now: DateTime<Utc>,
    /// The caller; None only for introspection without credentials.
    pub principal: Option<Principal>,
    /// What the request's metric groups were served from.
    pub served: Arc<Mutex<ServedLog>>,
}

/// The metric groups one response was made of: for the request's log line, and to decide whether and how long the
/// whole response may be kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServedLog {
    /// When the oldest group was computed.
    pub oldest: Option<DateTime<Utc>>,
    /// Groups computed for this request.
    pub computed: u32,
    /// Groups served from the cache.
    pub cached: u32,
    /// Groups served from the last known values.
    pub stale: u32,
    /// Organizations read from the last known values.
    pub stale_organizations: u32,
    /// The timeframes asked for.
    pub timeframes: BTreeSet<&'static str>,
}

impl ServedLog {
    /// Notes a served group.
    pub fn record(&mut self, served: &Served) {
        let computed_at = served.computed.computed_at;
        self.oldest = Some(self.oldest.map_or(computed_at, |oldest| oldest.min(computed_at)));
        match served.freshness {
            Freshness::RealTime => self.computed += 1,
            Freshness::Cached => self.cached += 1,
            Freshness::Stale => self.stale += 1,
        }
        if let Some(timeframe) = served.computed.timeframe {
            self.timeframes.insert(timeframe.short_label());
        }
    }
}

impl RequestContext {
    /// A request's context with nothing served yet.
    pub fn new(request_id: String, now: DateTime<Utc>, principal: Option<Principal>) -> Self {
        Self {
            request_id,
            now,
            principal,
            served: Arc::default(),
        }
    }

    /// Notes a served group.
    pub fn record(&self, served: &Served) {
        self.served.lock().unwrap_or_else(|p| p.into_inner()).record(served);
    }

    /// Notes organizations read from the last known values.
    pub fn record_stale_organizations(&self, count: usize) {
        let mut served = self.served.lock().unwrap_or_else(|p| p.into_inner());
        served.stale_organizations += u32::try_from(count).unwrap_or(u32::MAX);
    }

    /// What was served so far.
    pub fn served(&self) -> ServedLog {
        self.served.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The caller, or UNAUTHORIZED.
    pub fn principal(&self) -> Result<&Principal, Error> {
        self.principal
            .as_ref()
            .ok_or_else(|| Error::Unauthorized("a bearer token is required".into()))
    }
}

/// The request's context (always present: the HTTP layer adds it).
pub fn request<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a RequestContext> {
    ctx.data::<RequestContext>()
}

/// A service error as a GraphQL error: its code and details in `extensions`. Internal failures are logged with their
/// cause and reach the client only as CALCULATION_ERROR with the request id.
pub fn graphql_error(ctx: &Context<'_>, error: &Error) -> async_graphql::Error {
    let request_id = ctx
        .data_opt::<RequestContext>()
        .map(|r| r.request_id.clone())
        .unwrap_or_default();
    let mut details = error.details();
    if error.is_internal() {
        log_internal(&request_id, error);
        details["request_id"] = serde_json::Value::String(request_id);
    }
    coded_error(error.client_message(), error.code(), details)
}

/// An error with a code and details, in the shape every error of the API has.
pub fn coded_error(message: String, code: ErrorCode, details: serde_json::Value) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, extensions| {
        extensions.set("code", code.as_str());
        extensions.set(
            "details",
            async_graphql::Value::from_json(details).unwrap_or(async_graphql::Value::Null),
        );
    })
}

/// Logs an internal failure with its whole cause chain and the request id the client saw.
pub fn log_internal(request_id: &str, error: &Error) {
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        causes.push(cause.to_string());
        source = cause.source();
    }
    tracing::error!(request_id, error = %error, causes = ?causes, "request failed");
}

/// Answers null for a nullable field whose resolution failed, recording the error at the field's path. (async-graphql
/// would drop the field from the response instead, which typed clients read as a schema violation.)
pub fn null_on_error<T>(ctx: &Context<'_>, result: async_graphql::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            let mut error = error.into_server_error(ctx.item.pos);
            let mut path = Vec::new();
            let mut node = ctx.path_node.as_ref();
            while let Some(current) = node {
                path.push(match current.segment {
                    QueryPathSegment::Name(name) => PathSegment::Field(name.to_owned()),
                    QueryPathSegment::Index(index) => PathSegment::Index(index),
                });
                node = current.parent;
            }
            path.reverse();
            error.path = path;
            ctx.add_error(error);
            None
        }
    }
}

/// Converts service results for resolvers.
pub trait ResolverResult<T> {
    /// The value, or the error as a coded GraphQL error.
    fn or_graphql(self, ctx: &Context<'_>) -> async_graphql::Result<T>;
}

impl<T> ResolverResult<T> for Result<T, Error> {
    fn or_graphql(self, ctx: &Context<'_>) -> async_graphql::Result<T> {
        self.map_err(|error| graphql_error(ctx, &error))
    }
}

impl<T> ResolverResult<T> for Result<T, std::sync::Arc<Error>> {
    fn or_graphql(self, ctx: &Context<'_>) -> async_graphql::Result<T> {
        self.map_err(|error| graphql_error(ctx, &error))
    }
}
