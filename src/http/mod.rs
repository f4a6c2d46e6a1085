//! HTTP: routes, authentication and middleware around the GraphQL schema.

pub mod health;
