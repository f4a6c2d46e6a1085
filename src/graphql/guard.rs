//! The query guard: refuse a query whose windows name a bad range as soon as it is parsed, and once validation has
//! measured its depth and cost, refuse it when they are over the limits, or when the cost does not fit in the
//! caller's or the organization's rate allowance. This runs before any
//! resolver, so a refused query never reaches the database.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Variables};

use crate::error::ClientError;
use crate::limits::{QueryLimits, RateLimits};

/// Who a request is charged to, what it cost once validation measured it, and whether it was admitted to execution.
#[derive(Debug, Default)]
pub struct Charge {
    /// The caller's rate limit key.
    pub caller: String,
    /// The organization the request is about, when it is about one.
    pub organization: Option<String>,
    cost: AtomicUsize,
    admitted: AtomicBool,
}

impl Charge {
    /// A request by `caller` about `organization`, not yet measured.
    pub fn new(caller: String, organization: Option<String>) -> Self {
        Self {
            caller,
            organization,
            ..Self::default()
        }
    }

    /// The cost validation measured (0 before).
    pub fn cost(&self) -> usize {
        self.cost.load(Ordering::Relaxed)
    }

    /// Whether the request passed parsing, validation and the guard and was executed, so its response has `data`.
    pub fn admitted(&self) -> bool {
        self.admitted.load(Ordering::Relaxed)
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
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        super::window::check_ranges(&document, variables)
            .map_err(|error| ClientError::of(&error).into_server_error())?;
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let measured = next.run(ctx).await?;
        let charge = ctx.data_opt::<Arc<Charge>>();
        let mut verdict = self.limits.check_validated(measured.depth, measured.complexity);
        if verdict.is_ok()
            && let Some(charge) = charge
        {
            charge.cost.store(measured.complexity, Ordering::Relaxed);
            verdict = self
                .rate_limits
                .charge(&charge.caller, charge.organization.as_deref(), measured.complexity)
                .await;
        }
        verdict
            .map(|()| measured)
            .map_err(|error| vec![ClientError::of(&error).into_server_error()])
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(charge) = ctx.data_opt::<Arc<Charge>>() {
            charge.admitted.store(true, Ordering::Relaxed);
        }
        next.run(ctx, operation_name).await
    }
}
