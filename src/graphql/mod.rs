//! The GraphQL API: the schema, its object types and resolvers, and the request context they share.

pub mod appointments;
pub mod context;
pub mod enums;
pub mod metrics;
pub mod organization;
pub mod query;
pub mod scalars;

use async_graphql::{EmptyMutation, EmptySubscription, Schema, SchemaBuilder};

use crate::cache::MetricCache;
use crate::fallback::LastKnown;
pub use query::Query;

/// The service's schema.
pub type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The schema's shape, without the data resolvers need.
pub fn schema_builder() -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query, EmptyMutation, EmptySubscription)
}

/// The schema with the shared cache and the last known values its resolvers use. The database is not schema data:
/// each request brings a handle scoped to the organizations its caller is granted.
pub fn build_schema(cache: MetricCache, last_known: LastKnown) -> AppSchema {
    schema_builder().data(cache).data(last_known).finish()
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}
