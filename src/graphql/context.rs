//! What every resolver shares for one request: who is asking, one clock, a record of what was served, and how a
//! failed field answers null with its error.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use async_graphql::{Context, ErrorExtensions, PathSegment, QueryPathSegment};
use chrono::{DateTime, Utc};

use crate::auth::Principal;
use crate::dashboard::{Freshness, Served};
use crate::error::Error;

/// Per-request data: who is asking and the request's clock.
#[derive(Debug, Clone)]
pub struct RequestContext {
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
    /// The windows asked for (`30d`, `mtd`, `2026-01-01..2026-03-31`).
    pub windows: BTreeSet<String>,
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
        if let Some(window) = served.computed.window_asked {
            self.windows.insert(window.label());
        }
    }
}

impl RequestContext {
    /// A request's context with nothing served yet.
    pub fn new(now: DateTime<Utc>, principal: Option<Principal>) -> Self {
        Self {
            now,
            principal,
            served: Arc::default(),
        }
    }

    /// Notes a served group.
    pub fn record(&self, served: &Served) {
        self.log().record(served);
    }

    /// Notes organizations read from the last known values.
    pub fn record_stale_organizations(&self, count: usize) {
        self.log().stale_organizations += u32::try_from(count).unwrap_or(u32::MAX);
    }

    /// What was served so far.
    pub fn served(&self) -> ServedLog {
        self.log().clone()
    }

    /// The caller, or UNAUTHORIZED.
    pub fn principal(&self) -> Result<&Principal, Error> {
        self.principal
            .as_ref()
            .ok_or_else(|| Error::Unauthorized("a bearer token is required".into()))
    }

    fn log(&self) -> std::sync::MutexGuard<'_, ServedLog> {
        self.served.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The request's context (always present: the HTTP layer adds it).
pub fn request<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a RequestContext> {
    ctx.data::<RequestContext>()
}

/// The response path of the field being resolved, aliases as the response names them.
fn path_of(ctx: &Context<'_>) -> Vec<PathSegment> {
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
    path
}

/// Answers null for a nullable field whose resolution failed, recording the error at the field's path. (async-graphql
/// would drop the field from the response instead, which typed clients read as a schema violation.)
pub fn null_on_error<T>(ctx: &Context<'_>, result: async_graphql::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            let mut error = error.into_server_error(ctx.item.pos);
            error.path = path_of(ctx);
            ctx.add_error(error);
            None
        }
    }
}

/// Service results as resolver results: the error rendered with its code.
pub trait Coded<T> {
    /// The value, or the error as a coded GraphQL error.
    fn coded(self) -> async_graphql::Result<T>;
}

impl<T> Coded<T> for Result<T, Error> {
    fn coded(self) -> async_graphql::Result<T> {
        self.map_err(|error| error.extend())
    }
}

impl<T> Coded<T> for Result<T, Arc<Error>> {
    fn coded(self) -> async_graphql::Result<T> {
        self.map_err(|error| error.extend())
    }
}
