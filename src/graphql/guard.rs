//! The query guard: once validation has measured a query's depth and cost, refuse it when they are over the limits,
//! or when the cost does not fit in the caller's or the organization's rate allowance. This runs before any
//! resolver, so a refused query never reaches the database.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::{ServerError, ValidationResult};

use super::context::coded_error;
use crate::error::Error;
use crate::http::limits::QueryLimits;
use crate::http::rate_limit::RateLimits;

/// Who a request is charged to, and what it cost once validation measured it.
#[derive(Debug, Default)]
pub struct Charge {
    /// The caller's rate limit key.
    pub caller: String,
    /// The organization the request is about, when it is about one.
    pub organization: Option<String>,
    cost: AtomicUsize,
}

impl Charge {
    /// A request by `caller` about `organization`, not yet measured.
    pub fn new(caller: String, organization: Option<String>) -> Self {
        Self {
            caller,
            organization,
            cost: AtomicUsize::new(0),
        }
    }

    /// The cost validation measured (0 before).
    pub fn cost(&self) -> usize {
        self.cost.load(Ordering::Relaxed)
    }
}

/// Installs the guard on a schema.
pub struct QueryGuard {
    limits: QueryLimits,
    rate_limits: RateLimits,
}

impl QueryGuard {
    /// A guard enforcing `limits` and charging `rate_limits`.
    pub fn new(limits: QueryLimits, rate_limits: RateLimits) -> Self {
        Self { limits, rate_limits }
    }
}

impl ExtensionFactory for QueryGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Guard {
            limits: self.limits,
            rate_limits: self.rate_limits.clone(),
        })
    }
}

struct Guard {
    limits: QueryLimits,
    rate_limits: RateLimits,
}

#[async_graphql::async_trait::async_trait]
impl Extension for Guard {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let measured = next.run(ctx).await?;
        let mut verdict = self.limits.check_validated(measured.depth, measured.complexity);
        if verdict.is_ok()
            && let Some(charge) = ctx.data_opt::<Arc<Charge>>()
        {
            charge.cost.store(measured.complexity, Ordering::Relaxed);
            verdict = self
                .rate_limits
                .charge(&charge.caller, charge.organization.as_deref(), measured.complexity);
        }
        verdict.map(|()| measured).map_err(|error| vec![refusal(&error)])
    }
}

/// A refusal as a GraphQL error with its code and details.
pub fn refusal(error: &Error) -> ServerError {
    let mut refusal = ServerError::new(error.client_message(), None);
    refusal.extensions = coded_error(error.client_message(), error.code(), error.details()).extensions;
    refusal
}
