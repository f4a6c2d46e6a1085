//! The GraphQL API: the schema, its object types and resolvers, and the request context they share.

pub mod appointments;
pub mod context;
pub mod cost;
pub mod enums;
pub mod guard;
pub mod metrics;
pub mod organization;
pub mod query;
pub mod scalars;
pub mod subscription;

use async_graphql::{EmptyMutation, Schema, SchemaBuilder};

use crate::cache::MetricCache;
use crate::changes::ChangeFeed;
use crate::fallback::LastKnown;
pub use query::Query;
pub use subscription::Subscription;

use self::guard::QueryGuard;

/// The service's schema.
pub type AppSchema = Schema<Query, EmptyMutation, Subscription>;

/// The schema's shape, without the data resolvers need.
pub fn schema_builder() -> SchemaBuilder<Query, EmptyMutation, Subscription> {
    Schema::build(Query, EmptyMutation, Subscription)
}

/// The schema with the shared cache and the last known values its resolvers use, the change feed its subscriptions
/// follow, and the guard that refuses what is over the limits. The database is not schema data: each request brings a
/// handle scoped to the organizations its caller is granted.
pub fn build_schema(
    cache: MetricCache,
    last_known: LastKnown,
    changes: ChangeFeed,
    guard: QueryGuard,
    exposure: Exposure,
) -> AppSchema {
    let mut builder = schema_builder()
        .data(cache)
        .data(last_known)
        .data(changes)
        .extension(guard);
    if !exposure.introspection {
        builder = builder.disable_introspection();
    }
    if !exposure.suggestions {
        builder = builder.disable_suggestions();
    }
    builder.finish()
}

/// How much the schema tells about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exposure {
    /// Whether `__schema` and `__type` answer.
    pub introspection: bool,
    /// Whether errors suggest field names.
    pub suggestions: bool,
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}
