//! The schema as `/graphql/ws` serves it: each document passes the checks `POST /graphql` makes before parsing it in
//! full (size, nesting, aliases, root fields), and only subscriptions run. Queries belong to `POST /graphql`, where they
//! get a database handle scoped to the caller and the response cache.

use std::sync::Arc;

use async_graphql::futures_util::stream::{self, BoxStream};
use async_graphql::parser::parse_query;
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response};
use futures_util::StreamExt;

use crate::error::{ClientError, Error, Result};
use crate::graphql::{AppSchema, Exposure};
use crate::http::document::root_fields;
use crate::http::state::AppState;
use crate::limits::QueryLimits;

/// Executes subscription documents that pass the service's query limits.
#[derive(Clone)]
pub struct LiveExecutor {
    schema: AppSchema,
    limits: QueryLimits,
    exposure: Exposure,
}

impl LiveExecutor {
    /// The executor of `state`'s schema under its limits.
    pub fn new(state: &AppState) -> Self {
        Self {
            schema: state.schema.clone(),
            limits: state.limits,
            exposure: state.exposure,
        }
    }

    /// Refuses what `POST /graphql` would refuse before execution, and anything but a subscription; hands an
    /// admitted request its parsed document. A document that does not parse goes on to execution, which reports why.
    fn admit(&self, mut request: Request) -> Result<Request> {
        // The text checks come first: they bound what the parser below has to read.
        self.limits.check_text(&request.query)?;
        let Ok(document) = parse_query(&request.query) else {
            return Ok(request);
        };
        let Some(roots) = root_fields(&document, request.operation_name.as_deref(), &request.variables) else {
            return Ok(request);
        };
        self.limits.check_shape(roots.aliases, roots.count)?;
        if roots.introspects && !self.exposure.introspection {
            return Err(Error::BadUserInput("introspection is turned off on this server".into()));
        }
        if roots.operation_type != OperationType::Subscription {
            return Err(Error::BadUserInput(
                "only subscriptions are served over WebSocket; send queries to POST /graphql".into(),
            ));
        }
        request.set_parsed_query(document);
        Ok(request)
    }
}

impl Executor for LiveExecutor {
    async fn execute(&self, request: Request) -> Response {
        self.execute_stream(request, None).next().await.unwrap_or_default()
    }

    fn execute_stream(&self, request: Request, session_data: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        match self.admit(request) {
            Ok(request) => self
                .schema
                .execute_stream_with_session_data(request, session_data.unwrap_or_default()),
            Err(error) => {
                let refusal = ClientError::of(&error).into_server_error();
                stream::once(async move { Response::from_errors(vec![refusal]) }).boxed()
            }
        }
    }
}
