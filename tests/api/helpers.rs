//! Shared fixtures: fixed clocks, seeding, row fingerprints.

use chrono::{DateTime, Utc};
use clinic_analytics::cli::seed::seed_organizations;
use clinic_analytics_seed::OrganizationSpec;
use sqlx::PgPool;

/// The moment every seeded fixture is generated relative to.
pub fn seeded_at() -> DateTime<Utc> {
    "2026-11-24T01:00:00Z".parse().unwrap()
}

/// Seeds organizations into the test database.
pub async fn seed(pool: &PgPool, specs: Vec<OrganizationSpec>, seed: u64, replace: bool) {
    seed_organizations(pool, specs, seed, seeded_at(), replace)
        .await
        .unwrap();
}

/// An md5 over every contract row of an organization, in key order.
pub async fn fingerprint(pool: &PgPool, organization: &str) -> String {
    sqlx::query_scalar(
        r#"
        select md5(
            (select string_agg(p::text, '|' order by p.id) from patients p where p.organization_id = $1)
            || (select string_agg(a::text, '|' order by a.id) from appointments a where a.organization_id = $1)
            || (select string_agg(o::text, '|' order by o.id) from outreach_attempts o where o.organization_id = $1)
            || (select string_agg(c::text, '|' order by c.id) from automation_costs c where c.organization_id = $1)
        )
        "#,
    )
    .bind(organization)
    .fetch_one(pool)
    .await
    .unwrap()
}
