//! The root query: organizations the caller may see.

use async_graphql::{Context, ID, Object};

use super::context::{ResolverResult, graphql_error, request};
use super::organization::Organization;
use crate::db::{Db, organizations};
use crate::error::Error;

/// The root of every query.
#[derive(Debug, Default, Clone, Copy)]
pub struct Query;

/// Organizations and their dashboards. Every request names its organization in the `X-Organization-ID` header, which
/// the bearer token must grant.
#[Object]
impl Query {
    /// The organization named by the `X-Organization-ID` header (`id` must equal it).
    async fn organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's id; must equal the X-Organization-ID header.")] id: ID,
    ) -> async_graphql::Result<Organization> {
        let principal = request(ctx)?.principal().or_graphql(ctx)?;
        if id.as_str() != principal.organization {
            return Err(graphql_error(ctx, &Error::Forbidden(id.to_string())));
        }
        let db = ctx.data::<Db>()?;
        let found = organizations::find(db, std::slice::from_ref(&principal.organization))
            .await
            .or_graphql(ctx)?;
        found
            .into_iter()
            .next()
            .map(Organization)
            .ok_or_else(|| graphql_error(ctx, &Error::NotFound(id.to_string())))
    }

    /// Every organization the caller's token grants, by name.
    async fn organizations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organization>> {
        let principal = request(ctx)?.principal().or_graphql(ctx)?;
        let db = ctx.data::<Db>()?;
        let found = organizations::find(db, &principal.grant.organizations)
            .await
            .or_graphql(ctx)?;
        Ok(found.into_iter().map(Organization).collect())
    }
}
