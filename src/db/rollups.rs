//! Reading the rollups (migrations/0002_rollups.sql): a ledger per organization in one statement for any number of
//! organizations, and the two short live counts the rollups do not keep.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::definitions::{Count, facts_by_organization, patients_booked_ahead, patients_seen_between};
use super::organizations::OrganizationRef;
use crate::analytics::ledger::{DayCounts, Ledger, LedgerSpan};
use crate::analytics::window::Window;
use crate::error::Result;

/// The counters of `daily_rollups`, in the order of [`DayCounts`].
const COUNTERS: [&str; 18] = [
    "bookings",
    "ai_bookings",
    "automation_bookings",
    "revenue_cents",
    "automated_revenue_cents",
    "new_patients",
    "contacts",
    "successful_contacts",
    "active_starts",
    "active_ends",
    "engaged_starts",
    "engaged_ends",
    "seen_30_starts",
    "seen_30_ends",
    "seen_90_starts",
    "seen_90_ends",
    "seen_365_starts",
    "seen_365_ends",
];

/// For each organization: one row summing every day before its span, then one row per day of its span (the folded
/// rows and the contributions not folded yet added together), then one row per edge `[midnight, at)` counted live
/// from the raw and presence tables. One statement, so one snapshot: a write committing meanwhile is either in both the
/// days and the edges or in neither.
static LEDGER: LazyLock<String> = LazyLock::new(|| {
    let sums = COUNTERS
        .map(|c| format!("coalesce(sum(d.{c}), 0)::bigint as {c}"))
        .join(", ");
    let columns = COUNTERS.join(", ");
    let presence = |column: &str, suffix: &str| {
        ["active", "engaged", "seen_30", "seen_90", "seen_365"]
            .iter()
            .enumerate()
            .map(|(i, kind)| format!("count(*) filter (where p.kind = {}) as {kind}_{suffix}", i + 1))
            .collect::<Vec<_>>()
            .join(", ")
            + &format!(
                " from patient_presence p where p.organization_id = e.org and p.{column} >= e.midnight and p.{column} < e.at"
            )
    };
    format!(
        "with spans as (select * from unnest($1::text[], $2::date[], $3::date[]) as s(org, first_day, end_day)),
         counted as (
             select organization_id, day, {columns} from daily_rollups where organization_id = any($1)
             union all
             select organization_id, day, {columns} from daily_rollup_changes where organization_id = any($1)
         )
         select s.org as organization_id, null::date as day, null::timestamptz as at, {sums}
         from spans s left join counted d on d.organization_id = s.org and d.day < s.first_day
         group by s.org
         union all
         select d.organization_id, d.day, null::timestamptz, {sums}
         from spans s join counted d on d.organization_id = s.org and d.day >= s.first_day and d.day < s.end_day
         group by d.organization_id, d.day
         union all
         select e.org, null::date, e.at, b.bookings, b.ai_bookings, b.automation_bookings,
                v.revenue_cents, v.automated_revenue_cents, n.new_patients, x.contacts, x.successful_contacts,
                s.active_starts, f.active_ends, s.engaged_starts, f.engaged_ends, s.seen_30_starts, f.seen_30_ends,
                s.seen_90_starts, f.seen_90_ends, s.seen_365_starts, f.seen_365_ends
         from unnest($4::text[], $5::timestamptz[], $6::timestamptz[]) as e(org, midnight, at)
         cross join lateral (
             select count(*) as bookings,
                    count(*) filter (where a.source = 'ai_agent') as ai_bookings,
                    count(*) filter (where a.source in ('ai_agent', 'automation')) as automation_bookings
             from appointments a
             where a.organization_id = e.org and a.created_at >= e.midnight and a.created_at < e.at) b
         cross join lateral (
             select coalesce(sum(a.revenue_cents), 0)::bigint as revenue_cents,
                    coalesce(sum(a.revenue_cents) filter (where a.source in ('ai_agent', 'automation')), 0)::bigint
                        as automated_revenue_cents
             from appointments a
             where a.organization_id = e.org and a.status = 'completed'
               and a.starts_at >= e.midnight and a.starts_at < e.at) v
         cross join lateral (
             select count(*) as new_patients from patients p
             where p.organization_id = e.org and p.created_at >= e.midnight and p.created_at < e.at) n
         cross join lateral (
             select count(*) as contacts,
                    count(*) filter (where x.outcome in ('responded', 'booked')) as successful_contacts
             from outreach_attempts x
             where x.organization_id = e.org and x.sent_at >= e.midnight and x.sent_at < e.at) x
         cross join lateral (select {starts}) s
         cross join lateral (select {ends}) f",
        starts = presence("starts_after", "starts"),
        ends = presence("ends_at", "ends"),
    )
});

/// A row of [`LEDGER`]: the sum before the span (no day, no instant), a day, or an edge (its instant).
#[derive(FromRow)]
struct LedgerRow {
    organization_id: String,
    day: Option<NaiveDate>,
    at: Option<DateTime<Utc>>,
    #[sqlx(flatten)]
    counts: DayCounts,
}

/// The ledgers answering each organization's instants, read in one statement.
#[tracing::instrument(skip_all, fields(organizations = requests.len()))]
pub async fn ledgers(db: &Db, requests: &[(OrganizationRef, Vec<DateTime<Utc>>)]) -> Result<HashMap<String, Ledger>> {
    let spans: Vec<LedgerSpan> = requests
        .iter()
        .map(|(org, instants)| LedgerSpan::covering(org.timezone, instants))
        .collect();
    let ids: Vec<String> = requests.iter().map(|(org, _)| org.id.clone()).collect();
    let first_days: Vec<NaiveDate> = spans.iter().map(|s| s.first_day).collect();
    let end_days: Vec<NaiveDate> = spans.iter().map(|s| s.end_day).collect();
    let (mut edge_orgs, mut midnights, mut ats) = (Vec::new(), Vec::new(), Vec::new());
    for ((org, _), span) in requests.iter().zip(&spans) {
        for (at, midnight) in &span.edges {
            edge_orgs.push(org.id.clone());
            midnights.push(*midnight);
            ats.push(*at);
        }
    }
    let rows = db
        .fetch_all(
            "rollups.ledger",
            sqlx::query_as::<_, LedgerRow>(sqlx::AssertSqlSafe(LEDGER.as_str()))
                .bind(&ids)
                .bind(&first_days)
                .bind(&end_days)
                .bind(&edge_orgs)
                .bind(&midnights)
                .bind(&ats),
        )
        .await?;

    let mut before: HashMap<String, DayCounts> = HashMap::new();
    let mut per_day: HashMap<String, Vec<(NaiveDate, DayCounts)>> = HashMap::new();
    let mut per_edge: HashMap<String, HashMap<DateTime<Utc>, DayCounts>> = HashMap::new();
    for row in rows {
        match (row.day, row.at) {
            (Some(day), _) => per_day.entry(row.organization_id).or_default().push((day, row.counts)),
            (None, Some(at)) => {
                per_edge.entry(row.organization_id).or_default().insert(at, row.counts);
            }
            (None, None) => {
                before.insert(row.organization_id, row.counts);
            }
        }
    }
    Ok(requests
        .iter()
        .zip(&spans)
        .map(|((org, _), span)| {
            let ledger = Ledger::new(
                org.timezone,
                span,
                before.get(&org.id).copied().unwrap_or_default(),
                per_day.get(&org.id).map(Vec::as_slice).unwrap_or_default(),
                per_edge.remove(&org.id).unwrap_or_default(),
            );
            (org.id.clone(), ledger)
        })
        .collect())
}

/// Folds the contributions writers recorded into the daily rows; returns how many were folded.
pub async fn fold_changes(db: &Db) -> Result<i64> {
    let folded: Vec<(i64,)> = db
        .fetch_all("rollups.fold", sqlx::query_as("select fold_rollup_changes()"))
        .await?;
    Ok(folded.first().map_or(0, |row| row.0))
}

/// Distinct patients with a booked or completed appointment starting in the 7 days from `as_of` (live: a week of
/// appointments is cheap to read, and such short intervals would multiply the presence rows).
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn booked_ahead(db: &Db, orgs: &[String], as_of: DateTime<Utc>) -> Result<HashMap<String, Count>> {
    facts_by_organization(db, "rollups.booked_ahead", &BOOKED_AHEAD, orgs, &[as_of]).await
}

/// Distinct patients with a completed appointment starting in a window (live, for windows no kept presence span covers: see `ledger::presence_days`).
#[tracing::instrument(skip_all, fields(organizations = orgs.len()))]
pub async fn seen_between(db: &Db, orgs: &[String], window: Window) -> Result<HashMap<String, Count>> {
    facts_by_organization(
        db,
        "rollups.seen_between",
        &SEEN_BETWEEN,
        orgs,
        &[window.start, window.end],
    )
    .await
}

static BOOKED_AHEAD: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select o.id as organization_id, {count} as count from unnest($1::text[]) as o(id)",
        count = patients_booked_ahead("o.id", "$2")
    )
});

static SEEN_BETWEEN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select o.id as organization_id, {count} as count from unnest($1::text[]) as o(id)",
        count = patients_seen_between("o.id", "$2", "$3")
    )
});
