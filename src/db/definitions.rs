//! The metric definitions of docs/METRICS.md as plain SQL over the raw contract tables, batched over organizations.
//!
//! This is the reference path: it counts exactly what the definitions say and nothing else. The rollup path must
//! always produce the same facts, which the tests check; the benchmark measures both.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use sqlx::FromRow;
use sqlx::postgres::PgRow;

use super::Db;
use crate::analytics::calendar::Bucket;
use crate::analytics::costs::CostRow;
use crate::analytics::metrics::{
    AutomationFacts, BookingFacts, BucketFacts, FinancialFacts, PatientMetrics, ReengagementFacts, SummaryFacts,
};
use crate::analytics::window::Window;
use crate::error::Result;

/// Distinct patients active at `at`: a completed appointment starting in `[at − 30 days, at)`, or a booked or
/// completed one starting in `[at, at + 7 days)`.
fn active_patients(org: &str, at: &str) -> String {
    active_patients_between(
        org,
        at,
        &format!("{at} - interval '720 hours'"),
        &format!("{at} + interval '168 hours'"),
    )
}

/// Active patients at `at`, with `from` and `until` (`at` − 720 hours and + 168 hours) given apart: a correlated
/// caller passes plain columns for them, because under row-level security only a column compared with a value reaches
/// the index, and `column - interval` is not leakproof (the whole history before `at` would be scanned).
fn active_patients_between(org: &str, at: &str, from: &str, until: &str) -> String {
    format!(
        "(select count(distinct a.patient_id) from appointments a
          where a.organization_id = {org}
            and a.starts_at >= {from} and a.starts_at < {until}
            and ((a.status = 'completed' and a.starts_at < {at})
                 or (a.status in ('booked', 'completed') and a.starts_at >= {at})))"
    )
}

/// Distinct patients with a booked or completed appointment starting in `[at, at + 7 days)`.
pub(super) fn patients_booked_ahead(org: &str, at: &str) -> String {
    format!(
        "(select count(distinct a.patient_id) from appointments a
          where a.organization_id = {org} and a.status in ('booked', 'completed')
            and a.starts_at >= {at} and a.starts_at < {at} + interval '168 hours')"
    )
}

/// Distinct patients with a completed appointment starting in `[from, to)`. A distinct subquery rather than
/// `count(distinct …)`, which sorts: this hashes the patients the partial index `appointments_completed_visits_idx`
/// gives.
pub(super) fn patients_seen_between(org: &str, from: &str, to: &str) -> String {
    format!(
        "(select count(*) from (select distinct a.patient_id from appointments a
          where a.organization_id = {org} and a.status = 'completed' and a.starts_at >= {from} and a.starts_at < {to}) seen)"
    )
}

/// Patients whose record was created before `at`.
fn patients_before(org: &str, at: &str) -> String {
    format!("(select count(*) from patients p where p.organization_id = {org} and p.created_at < {at})")
}

/// Patients whose record was created in `[from, to)`.
fn patients_between(org: &str, from: &str, to: &str) -> String {
    format!(
        "(select count(*) from patients p where p.organization_id = {org} and p.created_at >= {from} and p.created_at < {to})"
    )
}

/// Revenue of completed appointments starting before `at`, in cents.
fn lifetime_cents(org: &str, at: &str) -> String {
    format!(
        "(select coalesce(sum(a.revenue_cents), 0)::bigint from appointments a
          where a.organization_id = {org} and a.status = 'completed' and a.starts_at < {at})"
    )
}

/// Bookings (created in `[from, to)`), and of them those by the AI receptionist or automation.
fn bookings_between(org: &str, from: &str, to: &str) -> String {
    format!(
        "(select count(*) as bookings,
                 count(*) filter (where a.source in ('ai_agent', 'automation')) as automation_bookings
          from appointments a
          where a.organization_id = {org} and a.created_at >= {from} and a.created_at < {to})"
    )
}

/// Outreach attempts sent in `[from, to)`, and of them those answered or that booked.
fn contacts_between(org: &str, from: &str, to: &str) -> String {
    format!(
        "(select count(*) as contacts,
                 count(*) filter (where x.outcome in ('responded', 'booked')) as successful
          from outreach_attempts x
          where x.organization_id = {org} and x.sent_at >= {from} and x.sent_at < {to})"
    )
}

static BOOKINGS: LazyLock<String> = LazyLock::new(|| {
    "select o.id as organization_id, b.bookings, b.ai_bookings, p.previous_bookings
     from unnest($1::text[]) as o(id)
     cross join lateral (
         select count(*) as bookings, count(*) filter (where a.source = 'ai_agent') as ai_bookings
         from appointments a
         where a.organization_id = o.id and a.created_at >= $2 and a.created_at < $3
     ) b
     cross join lateral (
         select count(*) as previous_bookings
         from appointments a
         where a.organization_id = o.id and a.created_at >= $4 and a.created_at < $5
     ) p"
    .to_owned()
});

static PATIENTS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select o.id as organization_id, {total} as total_patients, {active} as active_patients, {new} as new_patients
         from unnest($1::text[]) as o(id)",
        total = patients_before("o.id", "$4"),
        active = active_patients("o.id", "$4"),
        new = patients_between("o.id", "$2", "$3"),
    )
});

static FINANCIAL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select o.id as organization_id,
                (select coalesce(sum(a.revenue_cents), 0)::bigint from appointments a
                 where a.organization_id = o.id and a.status = 'completed' and a.starts_at >= $2 and a.starts_at < $3)
                    as revenue_cents,
                {seen} as revenue_patients, {lifetime} as lifetime_cents, {total} as total_patients
         from unnest($1::text[]) as o(id)",
        seen = patients_seen_between("o.id", "$2", "$3"),
        lifetime = lifetime_cents("o.id", "$4"),
        total = patients_before("o.id", "$4"),
    )
});

static AUTOMATION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select o.id as organization_id, b.automation_bookings, b.bookings as total_bookings,
                (select coalesce(sum(a.revenue_cents), 0)::bigint from appointments a
                 where a.organization_id = o.id and a.status = 'completed'
                   and a.source in ('ai_agent', 'automation') and a.starts_at >= $2 and a.starts_at < $3)
                    as automated_revenue_cents,
                x.contacts, x.successful as successful_contacts,
                {active} as active_patients, {total} as total_patients
         from unnest($1::text[]) as o(id)
         cross join lateral {bookings} b
         cross join lateral {contacts} x",
        bookings = bookings_between("o.id", "$2", "$3"),
        contacts = contacts_between("o.id", "$2", "$3"),
        active = active_patients("o.id", "$4"),
        total = patients_before("o.id", "$4"),
    )
});

static SUMMARY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select o.id as organization_id, {total} as total_patients, {active} as active_patients,
                {upcoming} as patients_with_upcoming, {recent} as patients_with_recent
         from unnest($1::text[]) as o(id)",
        total = patients_before("o.id", "$2"),
        active = active_patients("o.id", "$2"),
        upcoming = patients_booked_ahead("o.id", "$2"),
        recent = patients_seen_between("o.id", "$2 - interval '720 hours'", "$2"),
    )
});

static REENGAGEMENT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select o.id as organization_id, {total} as total_patients, {active} as active_patients,
                (select count(distinct a.patient_id) from appointments a
                 where a.organization_id = o.id and a.status = 'completed'
                   and a.starts_at >= $2 - interval '2160 hours' and a.starts_at < $2 - interval '720 hours'
                   and not exists (
                       select 1 from appointments b
                       where b.organization_id = o.id and b.patient_id = a.patient_id
                         and b.starts_at >= $2 - interval '720 hours' and b.starts_at < $2 + interval '168 hours'
                         and ((b.status = 'completed' and b.starts_at < $2)
                              or (b.status in ('booked', 'completed') and b.starts_at >= $2)))) as dormant_patients,
                {lifetime} as lifetime_cents
         from unnest($1::text[]) as o(id)",
        total = patients_before("o.id", "$2"),
        active = active_patients("o.id", "$2"),
        lifetime = lifetime_cents("o.id", "$2"),
    )
});

static BUCKETS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select c.org as organization_id, c.idx as bucket, b.bookings, b.automation_bookings,
                (select coalesce(sum(a.revenue_cents), 0)::bigint from appointments a
                 where a.organization_id = c.org and a.status = 'completed'
                   and a.starts_at >= c.start_at and a.starts_at < c.end_at) as revenue_cents,
                {new} as new_patients, x.contacts, x.successful as successful_contacts,
                {active} as active_patients, {total} as total_patients
         from unnest($1::text[], $2::int4[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[])
              as c(org, idx, start_at, end_at, active_from, active_until)
         cross join lateral {bookings} b
         cross join lateral {contacts} x
         order by c.org, c.idx",
        bookings = bookings_between("c.org", "c.start_at", "c.end_at"),
        contacts = contacts_between("c.org", "c.start_at", "c.end_at"),
        new = patients_between("c.org", "c.start_at", "c.end_at"),
        active = active_patients_between("c.org", "c.end_at", "c.active_from", "c.active_until"),
        total = patients_before("c.org", "c.end_at"),
    )
});

/// One row of facts and the organization it belongs to.
#[derive(FromRow)]
struct OrganizationFacts<T> {
    organization_id: String,
    #[sqlx(flatten)]
    facts: T,
}

/// A single count, as a query names it (`as count`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRow)]
pub struct Count {
    /// The count.
    pub count: i64,
}

/// Runs a facts query binding the organizations and then `bounds`, one row per organization.
pub(super) async fn facts_by_organization<T>(
    db: &Db,
    name: &'static str,
    sql: &'static str,
    orgs: &[String],
    bounds: &[DateTime<Utc>],
) -> Result<HashMap<String, T>>
where
    T: Send + Unpin + for<'r> FromRow<'r, PgRow>,
{
    let mut query = sqlx::query_as::<_, OrganizationFacts<T>>(sqlx::AssertSqlSafe(sql)).bind(orgs);
    for bound in bounds {
        query = query.bind(*bound);
    }
    let rows = db.fetch_all(name, query).await?;
    Ok(rows.into_iter().map(|row| (row.organization_id, row.facts)).collect())
}

/// Booking counts over a window and the window it compares with.
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn booking_facts(
    db: &Db,
    orgs: &[String],
    window: Window,
    comparison: Window,
) -> Result<HashMap<String, BookingFacts>> {
    let bounds = [window.start, window.end, comparison.start, comparison.end];
    facts_by_organization(db, "definitions.bookings", &BOOKINGS, orgs, &bounds).await
}

/// Patient counts: new in a window, total and active as of `as_of`.
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn patient_facts(
    db: &Db,
    orgs: &[String],
    window: Window,
    as_of: DateTime<Utc>,
) -> Result<HashMap<String, PatientMetrics>> {
    let bounds = [window.start, window.end, as_of];
    facts_by_organization(db, "definitions.patients", &PATIENTS, orgs, &bounds).await
}

/// Revenue in a window, and over the lifetime before `as_of`.
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn financial_facts(
    db: &Db,
    orgs: &[String],
    window: Window,
    as_of: DateTime<Utc>,
) -> Result<HashMap<String, FinancialFacts>> {
    let bounds = [window.start, window.end, as_of];
    facts_by_organization(db, "definitions.financial", &FINANCIAL, orgs, &bounds).await
}

/// Automation counts over a window, with patients as of `as_of`; costs are prorated separately from [`cost_rows`].
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn automation_facts(
    db: &Db,
    orgs: &[String],
    window: Window,
    as_of: DateTime<Utc>,
) -> Result<HashMap<String, AutomationFacts>> {
    let bounds = [window.start, window.end, as_of];
    facts_by_organization(db, "definitions.automation", &AUTOMATION, orgs, &bounds).await
}

/// The cost rows whose period could overlap a window in any time zone (a day's margin on each side), by organization.
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn cost_rows(db: &Db, orgs: &[String], window: Window) -> Result<HashMap<String, Vec<CostRow>>> {
    let from: NaiveDate = (window.start - Duration::days(1)).date_naive();
    let to: NaiveDate = (window.end + Duration::days(1)).date_naive();
    let rows: Vec<(String, NaiveDate, NaiveDate, i64)> = db
        .fetch_all(
            "costs",
            sqlx::query_as(
                r#"
                select organization_id, period_start, period_end, amount_cents
                from automation_costs
                where organization_id = any($1) and period_end >= $2 and period_start <= $3
                "#,
            )
            .bind(orgs)
            .bind(from)
            .bind(to),
        )
        .await?;
    let mut by_org: HashMap<String, Vec<CostRow>> = HashMap::new();
    for (org, period_start, period_end, amount_cents) in rows {
        by_org.entry(org).or_default().push(CostRow {
            period_start,
            period_end,
            amount_cents,
        });
    }
    Ok(by_org)
}

/// The summary's patient counts as of an instant.
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn summary_facts(db: &Db, orgs: &[String], as_of: DateTime<Utc>) -> Result<HashMap<String, SummaryFacts>> {
    facts_by_organization(db, "definitions.summary", &SUMMARY, orgs, &[as_of]).await
}

/// Re-engagement counts as of an instant.
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn reengagement_facts(
    db: &Db,
    orgs: &[String],
    as_of: DateTime<Utc>,
) -> Result<HashMap<String, ReengagementFacts>> {
    facts_by_organization(db, "definitions.reengagement", &REENGAGEMENT, orgs, &[as_of]).await
}

/// One bucket's facts, its organization and its position.
#[derive(FromRow)]
struct BucketRow {
    organization_id: String,
    #[sqlx(flatten)]
    facts: BucketFacts,
}

/// Each chart bucket's counts, for each organization's own buckets (they follow its time zone), in bucket order.
#[tracing::instrument(skip_all, fields(organizations = buckets.len()))]
pub async fn bucket_facts(db: &Db, buckets: &[(String, Vec<Bucket>)]) -> Result<HashMap<String, Vec<BucketFacts>>> {
    let mut orgs = Vec::new();
    let mut indexes = Vec::new();
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let mut active_froms = Vec::new();
    let mut active_untils = Vec::new();
    for (org, org_buckets) in buckets {
        for (index, bucket) in org_buckets.iter().enumerate() {
            orgs.push(org.clone());
            indexes.push(index as i32);
            starts.push(bucket.span.start);
            ends.push(bucket.span.end);
            active_froms.push(bucket.span.end - Duration::hours(720));
            active_untils.push(bucket.span.end + Duration::hours(168));
        }
    }
    let rows: Vec<BucketRow> = db
        .fetch_all(
            "definitions.buckets",
            sqlx::query_as(sqlx::AssertSqlSafe(BUCKETS.as_str()))
                .bind(&orgs)
                .bind(&indexes)
                .bind(&starts)
                .bind(&ends)
                .bind(&active_froms)
                .bind(&active_untils),
        )
        .await?;
    let mut by_org: HashMap<String, Vec<BucketFacts>> = HashMap::new();
    for row in rows {
        by_org.entry(row.organization_id).or_default().push(row.facts);
    }
    Ok(by_org)
}
