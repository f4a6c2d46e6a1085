//! What every handler shares, built once by `startup`: cheap to clone (one reference count per request).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use super::known::KnownRequests;
use super::live::LiveConnections;
use crate::auth::{Authenticator, Principal};
use crate::dashboard::{Dashboard, to_microseconds};
use crate::db::Db;
use crate::graphql::context::{RequestContext, ServedLog};
use crate::graphql::{AppSchema, Exposure};
use crate::limits::{QueryLimits, RateLimits};

/// A ready-made token shown in GraphiQL when the demo serves it.
#[derive(Debug, Clone)]
pub struct DemoCredentials {
    /// The bearer token.
    pub token: String,
    /// The organization it is for.
    pub organization: String,
}

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of [`AppState`].
pub struct Shared {
    /// The database, granted no organization until a request scopes it.
    pub db: Db,
    /// The dashboard service: cache, last known values, change feed.
    pub dashboard: Dashboard,
    /// The GraphQL schema.
    pub schema: AppSchema,
    /// Credential verification.
    pub auth: Authenticator,
    /// How large and costly a request may be.
    pub limits: QueryLimits,
    /// The callers' and organizations' allowances.
    pub rate_limits: RateLimits,
    /// Whether introspection and suggestions are on.
    pub exposure: Exposure,
    /// Longest a request may run.
    pub request_timeout: Duration,
    /// The WebSocket connections of live subscribers.
    pub live: LiveConnections,
    /// Requests read before, understood once.
    pub known: KnownRequests,
    /// Credentials GraphiQL fills in, in the demo only.
    pub demo: Option<DemoCredentials>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// The state of these parts.
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }

    /// Executes a request as `principal`: its own clock, a database handle that row-level security limits to the
    /// organizations the caller is granted, and a fresh loader that batches its metric groups. Also says what the
    /// groups were served from. A request without a caller is introspection only, and needs none of these.
    pub async fn execute(
        &self,
        request: async_graphql::Request,
        principal: Option<Principal>,
    ) -> (async_graphql::Response, ServedLog) {
        let Some(principal) = principal else {
            return (self.schema.execute(request).await, ServedLog::default());
        };
        let now = to_microseconds(Utc::now());
        let db = self.db.scoped(principal.grant.organizations.clone());
        let context = RequestContext::new(now, Some(principal));
        let served = context.clone();
        let request = request
            .data(context)
            .data(self.dashboard.loader(db.clone(), now))
            .data(db)
            .data(self.dashboard.clone());
        let response = self.schema.execute(request).await;
        (response, served.served())
    }
}
