//! The GraphQL API: the schema, its object types and resolvers, and the request context they share. The schema holds
//! only its types and the guard; each request brings its data (caller, clock, scoped database handle, loader and the
//! dashboard service).

pub mod appointments;
pub mod context;
pub mod cost;
pub mod enums;
pub mod guard;
pub mod metrics;
pub mod organization;
pub mod phases;
pub mod query;
pub mod scalars;
pub mod subscription;
pub mod visits;
pub mod window;

use async_graphql::{EmptyMutation, Schema, SchemaBuilder};

pub use query::Query;
pub use subscription::Subscription;

use self::guard::QueryGuard;

/// The service's schema.
pub type AppSchema = Schema<Query, EmptyMutation, Subscription>;

/// The schema's shape, without its guard.
pub fn schema_builder() -> SchemaBuilder<Query, EmptyMutation, Subscription> {
    Schema::build(Query, EmptyMutation, Subscription)
}

/// The schema with the guard that refuses what is over the limits.
pub fn build_schema(guard: QueryGuard, exposure: Exposure) -> AppSchema {
    let mut builder = schema_builder();
    if crate::telemetry::traces::enabled() {
        // First, so its spans enclose the guard's work too.
        builder = builder.extension(phases::PhaseSpans);
    }
    builder = builder.extension(guard);
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
