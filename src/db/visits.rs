//! Reading the visit rollups (migrations/0006): daily visit counts of any number of organizations with the partial
//! days at their windows' edges counted live, and breakdowns by practitioner, appointment type or source.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use crate::analytics::ledger::presence_days;
use crate::analytics::outcomes::{Dimension, KeyFacts, VisitCounts, VisitSeries, month_of, whole_months};
use crate::analytics::window::Window;
use crate::error::Result;

/// The visit counters of `visit_rollups` (its key presence boundaries apart), in the order of [`VisitCounts`].
pub(super) const COUNTERS: [&str; 10] = [
    "bookings",
    "appointments",
    "attended",
    "no_shows",
    "cancellations",
    "late_cancellations",
    "booked",
    "revenue_cents",
    "rebooked_visits",
    "first_visits",
];

/// The key of an appointment (or a mark) under the dimension numbered `$dimension`.
pub(super) fn key_of(row: &str, dimension: &str) -> String {
    format!(
        "(case {dimension} when 1 then {row}.practitioner_id when 2 then {row}.appointment_type else {row}.source end) \
         collate \"C\""
    )
}

/// One row per appointment (and per mark) touching `[from, to)`, each carrying its contribution to the counters:
/// bookings by creation, the outcomes by start, rebooked and first visits from the marks.
pub(super) fn contributions(org: &str, from: &str, to: &str, dimension: &str) -> String {
    let key = |row: &str| key_of(row, dimension);
    format!(
        "select {a} as key, 1 as bookings, 0 as appointments, 0 as attended, 0 as no_shows, 0 as cancellations,
                0 as late_cancellations, 0 as booked, 0::bigint as revenue_cents, 0 as rebooked_visits,
                0 as first_visits
         from appointments a where a.organization_id = {org} and a.created_at >= {from} and a.created_at < {to}
         union all
         select {a}, 0, 1, (a.status = 'completed')::int, (a.status = 'no_show')::int,
                (a.status = 'cancelled')::int,
                (a.status = 'cancelled' and a.cancelled_at >= a.starts_at - interval '24 hours')::int,
                (a.status = 'booked')::int, case when a.status = 'completed' then a.revenue_cents else 0 end, 0, 0
         from appointments a where a.organization_id = {org} and a.starts_at >= {from} and a.starts_at < {to}
         union all
         select {m}, 0, 0, 0, 0, 0, 0, 0, 0, m.rebooked::int, (m.first_visit and {dimension} = 3)::int
         from visit_marks m where m.organization_id = {org} and m.starts_at >= {from} and m.starts_at < {to}",
        a = key("a"),
        m = key("m"),
    )
}

/// `sum(c) … as c` for every counter, as bigint.
pub(super) fn sums(prefix: &str) -> String {
    COUNTERS
        .map(|c| format!("coalesce(sum({prefix}{c}), 0)::bigint as {c}"))
        .join(", ")
}

/// The rolled-up rows of some organizations under one dimension (`$dimension`), folded or not yet, on the days the
/// statement's `spans` cover.
fn counted(orgs: &str, dimension: &str) -> String {
    let columns = COUNTERS.join(", ");
    let days = "day >= (select min(first_day) from spans) and day < (select max(end_day) from spans)";
    format!(
        "select organization_id, day, key, {columns} from visit_rollups
         where organization_id = any({orgs}) and dimension = {dimension} and {days}
         union all
         select organization_id, day, key, {columns} from visit_rollup_changes
         where organization_id = any({orgs}) and dimension = {dimension} and {days}"
    )
}

/// Per organization: its whole days (the source dimension's keys summed) and its edges counted live.
static SERIES: LazyLock<String> = LazyLock::new(|| {
    format!(
        "with spans as (select * from unnest($1::text[], $2::date[], $3::date[]) as s(org, first_day, end_day)),
         counted as ({counted})
         select s.org as organization_id, d.day, null::timestamptz as edge_start, null::timestamptz as edge_end,
                {day_sums}
         from spans s join counted d on d.organization_id = s.org and d.day >= s.first_day and d.day < s.end_day
         group by s.org, d.day
         union all
         select e.org, null, e.from_at, e.to_at, {edge_sums}
         from unnest($4::text[], $5::timestamptz[], $6::timestamptz[]) as e(org, from_at, to_at)
         cross join lateral ({contributions}) x
         group by e.org, e.from_at, e.to_at",
        counted = counted("$1", "3"),
        day_sums = sums("d."),
        edge_sums = sums("x."),
        contributions = contributions("e.org", "e.from_at", "e.to_at", "3"),
    )
});

/// One organization's days and edges to read.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesRequest {
    /// The organization.
    pub organization: String,
    /// Whole local days `[first, end)`.
    pub days: (NaiveDate, NaiveDate),
    /// Partial days, read live.
    pub edges: Vec<Window>,
}

#[derive(FromRow)]
struct SeriesRow {
    organization_id: String,
    day: Option<NaiveDate>,
    edge_start: Option<DateTime<Utc>>,
    edge_end: Option<DateTime<Utc>>,
    #[sqlx(flatten)]
    counts: VisitCounts,
}

/// The daily visit counts and live edges of each request, in one statement.
#[tracing::instrument(skip_all, fields(organizations = requests.len()))]
pub async fn series(db: &Db, requests: &[SeriesRequest]) -> Result<HashMap<String, VisitSeries>> {
    let ids: Vec<&str> = requests.iter().map(|r| r.organization.as_str()).collect();
    let first_days: Vec<NaiveDate> = requests.iter().map(|r| r.days.0).collect();
    let end_days: Vec<NaiveDate> = requests.iter().map(|r| r.days.1).collect();
    let (mut edge_orgs, mut froms, mut tos) = (Vec::new(), Vec::new(), Vec::new());
    for request in requests {
        for edge in &request.edges {
            edge_orgs.push(request.organization.as_str());
            froms.push(edge.start);
            tos.push(edge.end);
        }
    }
    let rows = db
        .fetch_all(
            "visits.series",
            sqlx::query_as::<_, SeriesRow>(sqlx::AssertSqlSafe(SERIES.as_str()))
                .bind(&ids)
                .bind(&first_days)
                .bind(&end_days)
                .bind(&edge_orgs)
                .bind(&froms)
                .bind(&tos),
        )
        .await?;
    let mut series: HashMap<String, VisitSeries> = requests
        .iter()
        .map(|r| (r.organization.clone(), VisitSeries::default()))
        .collect();
    for row in rows {
        let Some(found) = series.get_mut(&row.organization_id) else {
            continue;
        };
        match (row.day, row.edge_start, row.edge_end) {
            (Some(day), _, _) => {
                found.days.insert(day, row.counts);
            }
            (None, Some(start), Some(end)) => {
                found.edges.insert((start, end), row.counts);
            }
            _ => {}
        }
    }
    // An edge without appointments has no row: it counts nothing.
    for request in requests {
        if let Some(found) = series.get_mut(&request.organization) {
            for edge in &request.edges {
                found.edges.entry((edge.start, edge.end)).or_default();
            }
        }
    }
    Ok(series)
}

/// `column` of a visit rollup row `row`, for the presence span of `$days` (30, 90 or 365) days.
fn seen_column(row: &str, column: &str, days: &str) -> String {
    format!(
        "case {days} when 30 then {row}.seen_30_{column} when 90 then {row}.seen_90_{column} \
         else {row}.seen_365_{column} end"
    )
}

/// Per request (an organization's window) and key of one dimension: the counters over the window's whole months,
/// the days around them and its live edges; the patients seen, from key presence before the window's end when its
/// length is a kept span (whole months before the end's month, its days, and the boundaries on the end's partial
/// day), else counted live; and the practitioner's name.
static BREAKDOWN: LazyLock<String> = LazyLock::new(|| {
    let columns = COUNTERS.join(", ");
    let presence = |row: &str| {
        format!(
            "{row}.key, {starts} as starts, {ends} as ends",
            starts = seen_column(row, "starts", "s.kept_days"),
            ends = seen_column(row, "ends", "s.kept_days"),
        )
    };
    format!(
        "with spans as (
             select * from unnest($1::int4[], $2::text[], $3::date[], $4::date[], $12::date[], $13::date[],
                                  $16::date[], $10::timestamptz[], $11::timestamptz[], $14::timestamptz[], $15::int2[])
                  as s(idx, org, first_day, end_day, first_month, end_month, end_day_month, from_at, to_at,
                       end_midnight, kept_days)
         ), days as (
             select s.idx, d.key, {day_sums}
             from spans s
             cross join lateral (
                 select m.key, {columns} from visit_rollup_months m
                 where m.organization_id = s.org and m.dimension = $9
                   and m.month >= s.first_month and m.month < s.end_month
                 union all
                 select r.key, {columns} from visit_rollups r
                 where r.organization_id = s.org and r.dimension = $9
                   and ((r.day >= s.first_day and r.day < s.first_month) or (r.day >= s.end_month and r.day < s.end_day))
                 union all
                 select c.key, {columns} from visit_rollup_changes c
                 where c.organization_id = s.org and c.dimension = $9
                   and c.day >= s.first_day and c.day < s.end_day
             ) d
             group by s.idx, d.key
         ), edges as (
             select e.idx, x.key, {edge_sums}
             from unnest($5::int4[], $6::text[], $7::timestamptz[], $8::timestamptz[]) as e(idx, org, from_at, to_at)
             cross join lateral ({contributions}) x
             group by e.idx, x.key
         ), seen as (
             select s.idx, x.key, sum(x.starts) - sum(x.ends) as patients_seen
             from spans s
             cross join lateral (
                 select {month_presence} from visit_rollup_months m
                 where s.kept_days is not null and m.organization_id = s.org and m.dimension = $9
                   and m.month < s.end_day_month
                 union all
                 select {day_presence} from visit_rollups r
                 where s.kept_days is not null and r.organization_id = s.org and r.dimension = $9
                   and r.day >= s.end_day_month and r.day < s.end_day
                 union all
                 select {change_presence} from visit_rollup_changes c
                 where s.kept_days is not null and c.organization_id = s.org and c.dimension = $9
                   and c.day < s.end_day
                 union all
                 select k.key, (k.starts_after >= s.end_midnight and k.starts_after < s.to_at)::int,
                        (k.ends_at >= s.end_midnight and k.ends_at < s.to_at)::int
                 from key_presence k
                 where s.kept_days is not null and k.organization_id = s.org and k.dimension = $9
                   and k.days = s.kept_days
                   and ((k.starts_after >= s.end_midnight and k.starts_after < s.to_at)
                        or (k.ends_at >= s.end_midnight and k.ends_at < s.to_at))
                 union all
                 select live.key, 1, 0 from (
                     select distinct {key} as key, a.patient_id from appointments a
                     where s.kept_days is null and a.organization_id = s.org and a.status = 'completed'
                       and a.starts_at >= s.from_at and a.starts_at < s.to_at
                 ) live
             ) x
             group by s.idx, x.key
         ), keys as (
             select idx, key from days union select idx, key from edges
             union select idx, key from seen where patients_seen <> 0
         )
         select k.idx, s.org as organization_id, k.key, p.name, {totals},
                coalesce(n.patients_seen, 0)::bigint as patients_seen
         from keys k
         join spans s on s.idx = k.idx
         left join days d on d.idx = k.idx and d.key is not distinct from k.key
         left join edges e on e.idx = k.idx and e.key is not distinct from k.key
         left join seen n on n.idx = k.idx and n.key is not distinct from k.key
         left join practitioners p on $9 = 1 and p.organization_id = s.org and p.id = k.key",
        day_sums = sums("d."),
        edge_sums = sums("x."),
        contributions = contributions("e.org", "e.from_at", "e.to_at", "$9"),
        month_presence = presence("m"),
        day_presence = presence("r"),
        change_presence = presence("c"),
        key = key_of("a", "$9"),
        totals = COUNTERS
            .map(|c| format!("(coalesce(d.{c}, 0) + coalesce(e.{c}, 0))::bigint as {c}"))
            .join(", "),
    )
});

/// One organization's breakdown to read: its window cut into whole days and edges.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownRequest {
    /// The organization and its window's split.
    pub series: SeriesRequest,
    /// The window, for the patients seen.
    pub window: Window,
}

#[derive(FromRow)]
pub(super) struct KeyRow {
    pub(super) idx: i32,
    pub(super) key: Option<String>,
    pub(super) name: Option<String>,
    #[sqlx(flatten)]
    pub(super) counts: VisitCounts,
    pub(super) patients_seen: i64,
}

impl KeyRow {
    /// The request it answers, and its facts.
    pub(super) fn facts(self) -> (usize, KeyFacts) {
        (
            usize::try_from(self.idx).unwrap_or(usize::MAX),
            KeyFacts {
                key: self.key,
                name: self.name,
                counts: self.counts,
                patients_seen: self.patients_seen,
            },
        )
    }
}

/// The counts of every key of `dimension` for each request (in the order asked), in one statement.
#[tracing::instrument(skip_all, fields(requests = requests.len(), dimension = dimension.as_str()))]
pub async fn breakdowns(db: &Db, dimension: Dimension, requests: &[BreakdownRequest]) -> Result<Vec<Vec<KeyFacts>>> {
    let indexes: Vec<i32> = (0..requests.len()).map(|i| i as i32).collect();
    let ids: Vec<&str> = requests.iter().map(|r| r.series.organization.as_str()).collect();
    let first_days: Vec<NaiveDate> = requests.iter().map(|r| r.series.days.0).collect();
    let end_days: Vec<NaiveDate> = requests.iter().map(|r| r.series.days.1).collect();
    let (mut edge_indexes, mut edge_orgs, mut froms, mut tos) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (index, request) in requests.iter().enumerate() {
        for edge in &request.series.edges {
            edge_indexes.push(index as i32);
            edge_orgs.push(request.series.organization.as_str());
            froms.push(edge.start);
            tos.push(edge.end);
        }
    }
    let window_starts: Vec<DateTime<Utc>> = requests.iter().map(|r| r.window.start).collect();
    let window_ends: Vec<DateTime<Utc>> = requests.iter().map(|r| r.window.end).collect();
    let months: Vec<(NaiveDate, NaiveDate)> = requests.iter().map(|r| whole_months(r.series.days)).collect();
    let first_months: Vec<NaiveDate> = months.iter().map(|m| m.0).collect();
    let end_months: Vec<NaiveDate> = months.iter().map(|m| m.1).collect();
    // Computed here rather than by date_trunc in the statement: row-level security keeps a function that is not
    // leakproof from serving as an index condition.
    let end_day_months: Vec<NaiveDate> = requests.iter().map(|r| month_of(r.series.days.1)).collect();
    // The local midnight starting the day the window ends in: its partial day's key presence boundaries are read live.
    let end_midnights: Vec<DateTime<Utc>> = requests
        .iter()
        .map(|r| {
            let end_edge = r.series.edges.iter().find(|edge| edge.end == r.window.end);
            end_edge.map_or(r.window.end, |edge| edge.start)
        })
        .collect();
    let kept_days: Vec<Option<i16>> = requests
        .iter()
        .map(|r| presence_days(r.window).and_then(|days| i16::try_from(days).ok()))
        .collect();
    let rows = db
        .fetch_all(
            "visits.breakdown",
            sqlx::query_as::<_, KeyRow>(sqlx::AssertSqlSafe(BREAKDOWN.as_str()))
                .bind(&indexes)
                .bind(&ids)
                .bind(&first_days)
                .bind(&end_days)
                .bind(&edge_indexes)
                .bind(&edge_orgs)
                .bind(&froms)
                .bind(&tos)
                .bind(dimension.code())
                .bind(&window_starts)
                .bind(&window_ends)
                .bind(&first_months)
                .bind(&end_months)
                .bind(&end_midnights)
                .bind(&kept_days)
                .bind(&end_day_months),
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
