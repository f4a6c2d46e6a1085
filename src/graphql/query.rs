//! The root query: organizations the caller may see.

use async_graphql::{Context, ID, Object};

use super::context::{Coded, request};
use super::organization::Organization;
use crate::dashboard::Dashboard;
use crate::db::organizations::OrganizationRecord;
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
    #[tracing::instrument(skip_all, fields(org = %id.as_str()))]
    async fn organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's id; must equal the X-Organization-ID header.")] id: ID,
    ) -> async_graphql::Result<Organization> {
        let principal = request(ctx)?.principal().coded()?;
        if id.as_str() != principal.organization {
            return Err(Error::Forbidden(id.to_string())).coded();
        }
        let found = read_organizations(ctx, std::slice::from_ref(&principal.organization)).await?;
        found
            .into_iter()
            .next()
            .map(Organization)
            .ok_or_else(|| Error::NotFound(id.to_string()))
            .coded()
    }

    /// Every organization the caller's token grants, by name.
    #[graphql(complexity = "crate::graphql::cost::ORGANIZATIONS_FANOUT * child_complexity")]
    #[tracing::instrument(skip_all)]
    async fn organizations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organization>> {
        let principal = request(ctx)?.principal().coded()?;
        let found = read_organizations(ctx, &principal.grant.organizations).await?;
        Ok(found.into_iter().map(Organization).collect())
    }
}

/// The organizations among `ids` that exist; when the database fails, as last read, provided every one of them was
/// read before (an organization must not silently drop out of a list).
async fn read_organizations(ctx: &Context<'_>, ids: &[String]) -> async_graphql::Result<Vec<OrganizationRecord>> {
    let db = ctx.data::<Db>()?;
    let dashboard = ctx.data::<Dashboard>()?;
    match organizations::find(db, ids).await {
        Ok(found) => {
            dashboard.remember_organizations(&found).await;
            Ok(found)
        }
        Err(error) => {
            let known = dashboard.recall_organizations(ids, error).await.coded()?;
            request(ctx)?.record_stale_organizations(known.len());
            Ok(known)
        }
    }
}
