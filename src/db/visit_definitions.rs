//! The reference definitions of visit outcomes, retention and breakdowns (docs/METRICS.md) in plain SQL over the
//! raw appointments: what the visit rollups must equal. A rebooked visit and a first visit are decided here from the
//! appointments themselves, not from the marks the triggers keep.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::Db;
use super::visits::{COUNTERS, KeyRow, key_of, sums};
use crate::analytics::outcomes::{Dimension, KeyFacts, VisitCounts};
use crate::analytics::window::Window;
use crate::error::Result;

/// Whether the completed appointment `a` was rebooked: the patient has a later appointment, not cancelled, that was
/// on the books within a day of `a`'s start.
fn rebooked(a: &str) -> String {
    format!(
        "exists (select 1 from appointments b
                 where b.organization_id = {a}.organization_id and b.patient_id = {a}.patient_id
                   and b.status in ('booked', 'completed', 'no_show')
                   and b.starts_at > {a}.starts_at and b.created_at < {a}.starts_at + interval '24 hours')"
    )
}

/// Whether the completed appointment `a` is the patient's first completed appointment (by start, then id).
fn first_visit(a: &str) -> String {
    format!(
        "not exists (select 1 from appointments e
                     where e.organization_id = {a}.organization_id and e.patient_id = {a}.patient_id
                       and e.status = 'completed' and (e.starts_at, e.id) < ({a}.starts_at, {a}.id))"
    )
}

/// Each request's counts over `[from_at, to_at)`, the appointments still booked that start in it before `as_of`, and
/// the distinct patients seen in it.
static VISITS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select w.idx::int4 as idx,
                (select count(*) from appointments a
                 where a.organization_id = w.org and a.created_at >= w.from_at and a.created_at < w.to_at) as bookings,
                s.appointments, s.attended, s.no_shows, s.cancellations, s.late_cancellations, s.booked,
                s.revenue_cents, s.rebooked_visits, s.first_visits,
                (select count(*) from appointments a
                 where a.organization_id = w.org and a.status = 'booked'
                   and a.starts_at >= w.from_at and a.starts_at < least(w.to_at, w.as_of)) as unresolved,
                s.patients_seen
         from unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[])
              with ordinality as w(org, from_at, to_at, as_of, idx)
         cross join lateral (
             select count(*) as appointments,
                    count(*) filter (where a.status = 'completed') as attended,
                    count(*) filter (where a.status = 'no_show') as no_shows,
                    count(*) filter (where a.status = 'cancelled') as cancellations,
                    count(*) filter (where a.status = 'cancelled'
                                       and a.cancelled_at >= a.starts_at - interval '24 hours') as late_cancellations,
                    count(*) filter (where a.status = 'booked') as booked,
                    coalesce(sum(a.revenue_cents) filter (where a.status = 'completed'), 0)::bigint as revenue_cents,
                    count(*) filter (where a.status = 'completed' and {rebooked}) as rebooked_visits,
                    count(*) filter (where a.status = 'completed' and {first}) as first_visits,
                    count(distinct a.patient_id) filter (where a.status = 'completed') as patients_seen
             from appointments a
             where a.organization_id = w.org and a.starts_at >= w.from_at and a.starts_at < w.to_at
         ) s
         order by w.idx",
        rebooked = rebooked("a"),
        first = first_visit("a"),
    )
});

/// What [`VISITS`] answers for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, FromRow)]
pub struct DefinedVisits {
    /// Counts over the window.
    #[sqlx(flatten)]
    pub counts: VisitCounts,
    /// Appointments still booked that start in the window before `asOf`.
    pub unresolved: i64,
    /// Distinct patients with a completed appointment starting in the window.
    pub patients_seen: i64,
}

#[derive(FromRow)]
struct VisitsRow {
    idx: i32,
    #[sqlx(flatten)]
    visits: DefinedVisits,
}

/// One organization's window, and the instant its figures are as of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitsRequest {
    /// The organization.
    pub organization: String,
    /// The window.
    pub window: Window,
    /// `asOf`.
    pub as_of: DateTime<Utc>,
}

/// The defined visit counts of each request, in the order asked, in one statement.
#[tracing::instrument(skip_all, fields(requests = requests.len()))]
pub async fn visits(db: &Db, requests: &[VisitsRequest]) -> Result<Vec<DefinedVisits>> {
    let orgs: Vec<&str> = requests.iter().map(|r| r.organization.as_str()).collect();
    let starts: Vec<DateTime<Utc>> = requests.iter().map(|r| r.window.start).collect();
    let ends: Vec<DateTime<Utc>> = requests.iter().map(|r| r.window.end).collect();
    let as_ofs: Vec<DateTime<Utc>> = requests.iter().map(|r| r.as_of).collect();
    let rows = db
        .fetch_all(
            "definitions.visits",
            sqlx::query_as::<_, VisitsRow>(sqlx::AssertSqlSafe(VISITS.as_str()))
                .bind(&orgs)
                .bind(&starts)
                .bind(&ends)
                .bind(&as_ofs),
        )
        .await?;
    let mut answers = vec![DefinedVisits::default(); requests.len()];
    for row in rows {
        if let Some(answer) = usize::try_from(row.idx - 1).ok().and_then(|i| answers.get_mut(i)) {
            *answer = row.visits;
        }
    }
    Ok(answers)
}

/// Per request and key of one dimension (`$4`): the counts over the window, the patients seen, and the practitioner's
/// name.
static BREAKDOWN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "select (w.idx - 1)::int4 as idx, k.key, p.name, {sums}, k.patients_seen
         from unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) with ordinality as w(org, from_at, to_at, idx)
         cross join lateral (
             select x.key, {x_sums}, count(distinct x.patient_id) filter (where x.attended = 1) as patients_seen
             from (
                 select {key} as key, a.patient_id,
                        (a.created_at >= w.from_at and a.created_at < w.to_at)::int as bookings,
                        s.started as appointments,
                        (s.started = 1 and a.status = 'completed')::int as attended,
                        (s.started = 1 and a.status = 'no_show')::int as no_shows,
                        (s.started = 1 and a.status = 'cancelled')::int as cancellations,
                        (s.started = 1 and a.status = 'cancelled'
                         and a.cancelled_at >= a.starts_at - interval '24 hours')::int as late_cancellations,
                        (s.started = 1 and a.status = 'booked')::int as booked,
                        case when s.started = 1 and a.status = 'completed' then a.revenue_cents else 0 end
                            as revenue_cents,
                        (s.started = 1 and a.status = 'completed' and {rebooked})::int as rebooked_visits,
                        0 as first_visits
                 from appointments a
                 cross join lateral (select (a.starts_at >= w.from_at and a.starts_at < w.to_at)::int as started) s
                 where a.organization_id = w.org
                   and ((a.created_at >= w.from_at and a.created_at < w.to_at)
                        or (a.starts_at >= w.from_at and a.starts_at < w.to_at))
             ) x
             group by x.key
         ) k
         left join practitioners p on $4 = 1 and p.organization_id = w.org and p.id = k.key",
        sums = COUNTERS.map(|c| format!("k.{c}")).join(", "),
        x_sums = sums("x."),
        key = key_of("a", "$4"),
        rebooked = rebooked("a"),
    )
});

/// The defined counts of every key of `dimension` for each organization's window, in the order asked.
#[tracing::instrument(skip_all, fields(requests = requests.len(), dimension = dimension.as_str()))]
pub async fn breakdowns(db: &Db, dimension: Dimension, requests: &[(String, Window)]) -> Result<Vec<Vec<KeyFacts>>> {
    let orgs: Vec<&str> = requests.iter().map(|(org, _)| org.as_str()).collect();
    let starts: Vec<DateTime<Utc>> = requests.iter().map(|(_, w)| w.start).collect();
    let ends: Vec<DateTime<Utc>> = requests.iter().map(|(_, w)| w.end).collect();
    let rows = db
        .fetch_all(
            "definitions.breakdown",
            sqlx::query_as::<_, KeyRow>(sqlx::AssertSqlSafe(BREAKDOWN.as_str()))
                .bind(&orgs)
                .bind(&starts)
                .bind(&ends)
                .bind(dimension.code()),
        )
        .await?;
    let mut answers = vec![Vec::new(); requests.len()];
    for row in rows {
        let (index, facts) = row.facts();
        if let Some(answer) = answers.get_mut(index) {
            answer.push(facts);
        }
    }
    Ok(answers)
}
