//! Spans for GraphQL's three phases (parse, validate, execute), added to the schema only while traces are exported.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Variables};
use tracing::Instrument;

/// The extension making the phase spans.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhaseSpans;

impl ExtensionFactory for PhaseSpans {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(PhaseSpans)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for PhaseSpans {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .instrument(tracing::info_span!("graphql.parse"))
            .await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let span = tracing::info_span!("graphql.validate", graphql.complexity = tracing::field::Empty);
        let validated = next.run(ctx).instrument(span.clone()).await;
        if let Ok(result) = &validated {
            span.record("graphql.complexity", result.complexity);
        }
        validated
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        // The operation's name comes from the client: a label, bounded like the metrics' operation label.
        let operation = operation_name
            .filter(|name| name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
            .unwrap_or("anonymous");
        let span = tracing::info_span!(
            "graphql.execute",
            otel.name = format!("graphql.execute {operation}"),
            graphql.operation.name = operation,
        );
        next.run(ctx, operation_name).instrument(span).await
    }
}
