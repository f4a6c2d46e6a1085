//! The generator: deterministic, and Surf Rehab reproduces its real dashboard's figures.

use chrono::{DateTime, Utc};
use clinic_analytics_seed::{SURF_REHAB_ID, spec};
use sqlx::PgPool;

use crate::helpers::{fingerprint, seed, seeded_at};

/// Surf Rehab's patient figures, computed straight from the contract's definitions.
#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
struct PatientFigures {
    total: i64,
    recent: i64,
    upcoming: i64,
    recent_and_upcoming: i64,
    active: i64,
    dormant: i64,
    stale: i64,
    lifetime_revenue_cents: i64,
}

async fn patient_figures(pool: &PgPool, organization: &str, as_of: DateTime<Utc>) -> PatientFigures {
    sqlx::query_as(
        r#"
        with patients_now as (
            select id from patients where organization_id = $1 and created_at < $2
        ), recent as (
            select distinct patient_id from appointments
            where organization_id = $1 and status = 'completed'
              and starts_at >= $2 - interval '30 days' and starts_at < $2
        ), upcoming as (
            select distinct patient_id from appointments
            where organization_id = $1 and status in ('booked', 'completed')
              and starts_at >= $2 and starts_at < $2 + interval '7 days'
        ), active as (
            select patient_id from recent union select patient_id from upcoming
        ), last_completed as (
            select patient_id, max(starts_at) as at from appointments
            where organization_id = $1 and status = 'completed' and starts_at < $2
            group by patient_id
        ), dormant as (
            select l.patient_id from last_completed l
            where l.at >= $2 - interval '90 days' and l.at < $2 - interval '30 days'
              and l.patient_id not in (select patient_id from active)
        )
        select
            (select count(*) from patients_now) as total,
            (select count(*) from recent) as recent,
            (select count(*) from upcoming) as upcoming,
            (select count(*) from recent where patient_id in (select patient_id from upcoming)) as recent_and_upcoming,
            (select count(*) from active) as active,
            (select count(*) from dormant) as dormant,
            (select count(*) from patients_now) - (select count(*) from active) - (select count(*) from dormant) as stale,
            (select coalesce(sum(revenue_cents), 0)::bigint from appointments
             where organization_id = $1 and status = 'completed' and starts_at < $2) as lifetime_revenue_cents
        "#,
    )
    .bind(organization)
    .bind(as_of)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test]
async fn surf_rehab_reproduces_its_dashboard_figures_at_the_moment_it_is_seeded(pool: PgPool) {
    seed(&pool, spec::demo_clinics(), 42, false).await;

    let figures = patient_figures(&pool, SURF_REHAB_ID, seeded_at()).await;

    assert_eq!(
        figures,
        PatientFigures {
            total: 651,
            recent: 66,
            upcoming: 24,
            recent_and_upcoming: 1,
            active: 89,
            dormant: 320,
            stale: 242,
            lifetime_revenue_cents: 187_500_000,
        }
    );
}

#[sqlx::test]
async fn the_same_seed_and_moment_generate_the_same_rows(pool: PgPool) {
    let clinic = || vec![spec::generated(11, 0, 300, 6_000, 365, None)];
    let id = clinic()[0].id.clone();
    seed(&pool, clinic(), 11, false).await;
    let first = fingerprint(&pool, &id).await;

    seed(&pool, clinic(), 11, true).await;
    let second = fingerprint(&pool, &id).await;
    seed(&pool, clinic(), 12, true).await;
    let other_seed = fingerprint(&pool, &id).await;

    assert_eq!(first, second);
    assert_ne!(first, other_seed);
}

#[sqlx::test]
async fn seeding_an_existing_organization_without_replace_is_refused_and_changes_nothing(pool: PgPool) {
    let clinic = || vec![spec::generated(3, 0, 50, 500, 365, None)];
    let id = clinic()[0].id.clone();
    seed(&pool, clinic(), 3, false).await;
    let before = fingerprint(&pool, &id).await;

    let error = clinic_analytics::cli::seed::seed_organizations(&pool, clinic(), 4, seeded_at(), false)
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        format!("organization(s) {id} already exist: pass --replace to generate them again")
    );
    assert_eq!(fingerprint(&pool, &id).await, before);
}

#[sqlx::test]
async fn the_demo_clinics_span_several_sizes_time_zones_and_currencies(pool: PgPool) {
    seed(&pool, spec::demo_clinics(), 42, false).await;

    let clinics: Vec<(String, String, String, i64)> = sqlx::query_as(
        "select o.name, o.timezone, o.currency, (select count(*) from patients p where p.organization_id = o.id) \
         from organizations o order by 4 desc",
    )
    .fetch_all(&pool)
    .await
    .unwrap();

    let zones: std::collections::HashSet<_> = clinics.iter().map(|c| c.1.clone()).collect();
    let currencies: std::collections::HashSet<_> = clinics.iter().map(|c| c.2.clone()).collect();
    assert_eq!(clinics.len(), 5);
    assert_eq!(zones.len(), 5);
    assert_eq!(currencies.len(), 4);
    assert!(
        clinics
            .iter()
            .any(|c| c.0 == "Surf Rehab" && c.1 == "Australia/Sydney" && c.3 == 651)
    );
}
