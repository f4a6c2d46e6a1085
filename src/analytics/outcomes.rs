//! Visit outcomes, retention and breakdowns by practitioner, appointment type or source (docs/METRICS.md): the
//! additive visit counts they are made of, the daily series that sums them over any window, and one formula per figure.

use std::collections::BTreeMap;
use std::ops::{Add, AddAssign};

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::calendar::{Bucket, local_date, start_of_day};
use super::formulas::{average_cents, percent, rounded_div};
use super::window::Window;

/// What a breakdown groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// The practitioner seen.
    Practitioner,
    /// The appointment type.
    AppointmentType,
    /// How the appointment was booked.
    Source,
}

impl Dimension {
    /// Every dimension.
    pub const ALL: [Self; 3] = [Self::Practitioner, Self::AppointmentType, Self::Source];

    /// Its number in the visit rollups (migrations/0006).
    pub fn code(self) -> i16 {
        match self {
            Self::Practitioner => 1,
            Self::AppointmentType => 2,
            Self::Source => 3,
        }
    }

    /// Its name in logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Practitioner => "practitioner",
            Self::AppointmentType => "appointment_type",
            Self::Source => "source",
        }
    }
}

/// Additive counts of appointments: bookings by creation, the rest by start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, sqlx::FromRow)]
pub struct VisitCounts {
    /// Appointments created.
    pub bookings: i64,
    /// Appointments starting, any status.
    pub appointments: i64,
    /// Of them, completed.
    pub attended: i64,
    /// Of them, no-shows.
    pub no_shows: i64,
    /// Of them, cancelled.
    pub cancellations: i64,
    /// Of the cancellations, those cancelled at most 24 hours before the start, or after it.
    pub late_cancellations: i64,
    /// Of them, still booked.
    pub booked: i64,
    /// Revenue of the attended ones, in cents.
    pub revenue_cents: i64,
    /// Attended ones that were rebooked.
    pub rebooked_visits: i64,
    /// Attended ones that were the patient's first completed appointment ever.
    pub first_visits: i64,
}

impl Add for VisitCounts {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            bookings: self.bookings + other.bookings,
            appointments: self.appointments + other.appointments,
            attended: self.attended + other.attended,
            no_shows: self.no_shows + other.no_shows,
            cancellations: self.cancellations + other.cancellations,
            late_cancellations: self.late_cancellations + other.late_cancellations,
            booked: self.booked + other.booked,
            revenue_cents: self.revenue_cents + other.revenue_cents,
            rebooked_visits: self.rebooked_visits + other.rebooked_visits,
            first_visits: self.first_visits + other.first_visits,
        }
    }
}

impl AddAssign for VisitCounts {
    fn add_assign(&mut self, other: Self) {
        *self = *self + other;
    }
}

impl VisitCounts {
    /// Whether every count is zero.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A window cut at local midnights: the whole local days it covers, and the partial days at its edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySplit {
    /// The whole local days, `[first, end)`.
    pub days: (NaiveDate, NaiveDate),
    /// The parts of days at the window's start and end, counted live.
    pub edges: Vec<Window>,
}

/// `window` cut at the local midnights of `tz`.
pub fn split_days(window: Window, tz: Tz) -> DaySplit {
    let (start, end) = (window.start, window.end);
    let first = local_date(tz, start);
    // The first local day starting at or after `start`, and the local day `end` falls in.
    let first_whole = if start_of_day(tz, first) >= start {
        first
    } else {
        first.succ_opt().unwrap_or(first)
    };
    let end_whole = local_date(tz, end);
    if start >= end || first_whole > end_whole {
        let edges = if start < end { vec![window] } else { Vec::new() };
        return DaySplit {
            days: (first_whole, first_whole),
            edges,
        };
    }
    let edges = [
        Window::new(start, start_of_day(tz, first_whole)),
        Window::new(start_of_day(tz, end_whole), end),
    ];
    DaySplit {
        days: (first_whole, end_whole),
        edges: edges.into_iter().filter(|edge| edge.start < edge.end).collect(),
    }
}

/// The first day of the calendar month of `day`.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The whole calendar months `[first, end)` inside the days `[first, end)`, as their first days; `(end, end)` when
/// there are none. The days outside them are `[days.0, first)` and `[end, days.1)`.
pub fn whole_months(days: (NaiveDate, NaiveDate)) -> (NaiveDate, NaiveDate) {
    let (first_day, end_day) = days;
    let first = if first_day.day() == 1 {
        first_day
    } else {
        month_of(first_day)
            .checked_add_months(Months::new(1))
            .unwrap_or(end_day)
    };
    let end = month_of(end_day);
    if first < end { (first, end) } else { (end_day, end_day) }
}

/// Visit counts per local day and for the partial days read live: everything needed to sum any window over them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitSeries {
    /// Counts per whole local day.
    pub days: BTreeMap<NaiveDate, VisitCounts>,
    /// Counts over partial days, by their span.
    pub edges: BTreeMap<(DateTime<Utc>, DateTime<Utc>), VisitCounts>,
}

impl VisitSeries {
    /// The counts over `window`, None when a partial day it needs was not read.
    pub fn within(&self, window: Window, tz: Tz) -> Option<VisitCounts> {
        let split = split_days(window, tz);
        let mut total: VisitCounts = self
            .days
            .range(split.days.0..split.days.1)
            .fold(VisitCounts::default(), |sum, (_, counts)| sum + *counts);
        for edge in split.edges {
            total += *self.edges.get(&(edge.start, edge.end))?;
        }
        Some(total)
    }
}

/// The counts behind visit outcomes: over the window, and the booked ones starting in it before `asOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutcomeFacts {
    /// Counts over the window.
    pub window: VisitCounts,
    /// Appointments still booked that start in the window before `asOf`.
    pub unresolved: i64,
}

/// What became of the appointments starting in a window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VisitOutcomes {
    /// Appointments starting in the window, any status.
    pub appointments: i64,
    /// Of them, completed.
    pub attended: i64,
    /// Of them, no-shows.
    pub no_shows: i64,
    /// Of them, cancelled.
    pub cancellations: i64,
    /// Of the cancellations, late ones.
    pub late_cancellations: i64,
    /// Of them, still booked although they started before `asOf`.
    pub unresolved: i64,
    /// `noShows × 100 / (attended + noShows)`, to one decimal.
    pub no_show_rate: Option<f64>,
    /// `cancellations × 100 / appointments`, to one decimal.
    pub cancellation_rate: Option<f64>,
    /// `lateCancellations × 100 / appointments`, to one decimal.
    pub late_cancellation_rate: Option<f64>,
    /// Attended revenue per attended visit, in cents.
    pub revenue_per_visit_cents: Option<i64>,
}

/// `part × 100 / whole` to one decimal, None when `whole` is 0.
fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole != 0).then(|| percent(part, whole))
}

/// The no-show rate: no-shows among the appointments that were due to be attended.
pub fn no_show_rate(counts: &VisitCounts) -> Option<f64> {
    rate(counts.no_shows, counts.attended + counts.no_shows)
}

/// The rebooking rate: rebooked visits among the attended ones.
pub fn rebooking_rate(counts: &VisitCounts) -> Option<f64> {
    rate(counts.rebooked_visits, counts.attended)
}

/// Visit outcomes from their counts.
pub fn visit_outcomes(facts: &OutcomeFacts) -> VisitOutcomes {
    let c = &facts.window;
    VisitOutcomes {
        appointments: c.appointments,
        attended: c.attended,
        no_shows: c.no_shows,
        cancellations: c.cancellations,
        late_cancellations: c.late_cancellations,
        unresolved: facts.unresolved,
        no_show_rate: no_show_rate(c),
        cancellation_rate: rate(c.cancellations, c.appointments),
        late_cancellation_rate: rate(c.late_cancellations, c.appointments),
        revenue_per_visit_cents: average_cents(c.revenue_cents, c.attended),
    }
}

/// What became of the appointments starting in one chart bucket.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OutcomePoint {
    /// The bucket.
    pub bucket: Bucket,
    /// Completed.
    pub attended: i64,
    /// No-shows.
    pub no_shows: i64,
    /// Cancelled.
    pub cancellations: i64,
}

/// The outcome trend's points from each bucket's visit counts.
pub fn outcome_points(buckets: &[Bucket], counts: &[VisitCounts]) -> Vec<OutcomePoint> {
    buckets
        .iter()
        .zip(counts)
        .map(|(bucket, c)| OutcomePoint {
            bucket: *bucket,
            attended: c.attended,
            no_shows: c.no_shows,
            cancellations: c.cancellations,
        })
        .collect()
}

/// The counts behind retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RetentionFacts {
    /// Distinct patients with a completed appointment starting in the window.
    pub patients_seen: i64,
    /// Counts over the window (attended, first and rebooked visits).
    pub window: VisitCounts,
}

/// Whether patients come back.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Retention {
    /// Distinct patients seen in the window.
    pub patients_seen: i64,
    /// Of them, those whose first completed appointment ever starts in the window.
    pub first_visits: i64,
    /// `patientsSeen − firstVisits`.
    pub returning_patients: i64,
    /// Completed appointments in the window per patient seen, to two decimals.
    pub visits_per_patient: Option<f64>,
    /// Rebooked visits × 100 / completed appointments in the window, to one decimal.
    pub rebooking_rate: Option<f64>,
}

/// Retention from its counts.
pub fn retention(facts: &RetentionFacts) -> Retention {
    let c = &facts.window;
    Retention {
        patients_seen: facts.patients_seen,
        first_visits: c.first_visits,
        returning_patients: facts.patients_seen - c.first_visits,
        visits_per_patient: (facts.patients_seen != 0)
            .then(|| rounded_div(i128::from(c.attended) * 100, i128::from(facts.patients_seen)) as f64 / 100.0),
        rebooking_rate: rebooking_rate(c),
    }
}

/// The counts of one key of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyFacts {
    /// The practitioner id, the appointment type, or the source; None: not recorded.
    pub key: Option<String>,
    /// The practitioner's name, when one is recorded.
    pub name: Option<String>,
    /// Counts over the window.
    pub counts: VisitCounts,
    /// Distinct patients with a completed appointment with this key starting in the window.
    pub patients_seen: i64,
}

/// One row of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownRow {
    /// The key, in lower case for sources; None: not recorded.
    pub key: Option<String>,
    /// What to call it.
    pub label: String,
    /// Appointments created in the window.
    pub bookings: i64,
    /// Appointments starting in the window.
    pub appointments: i64,
    /// Of them, completed.
    pub attended: i64,
    /// Of them, no-shows.
    pub no_shows: i64,
    /// Of them, cancelled.
    pub cancellations: i64,
    /// Revenue of the attended ones, in cents.
    pub revenue_cents: i64,
    /// Distinct patients seen.
    pub patients_seen: i64,
    /// As the organization's no-show rate, over this key's appointments.
    pub no_show_rate: Option<f64>,
    /// As the organization's rebooking rate, over this key's visits.
    pub rebooking_rate: Option<f64>,
}

/// The label of a row without a recorded key.
pub const NOT_RECORDED: &str = "Not recorded";

/// What a key is called: the practitioner's name (else the id), the type, the source's name, or "Not recorded".
fn label(dimension: Dimension, facts: &KeyFacts) -> String {
    match (&facts.key, dimension) {
        (None, _) => NOT_RECORDED.to_owned(),
        (Some(id), Dimension::Practitioner) => facts.name.clone().unwrap_or_else(|| id.clone()),
        (Some(kind), Dimension::AppointmentType) => kind.clone(),
        (Some(source), Dimension::Source) => match source.as_str() {
            "manual" => "Manual".to_owned(),
            "online" => "Online".to_owned(),
            "ai_agent" => "AI receptionist".to_owned(),
            "automation" => "Automation".to_owned(),
            other => other.to_owned(),
        },
    }
}

/// The rows of a breakdown: every key with a count in the window, by revenue (highest first), then by key, the key
/// not recorded last.
pub fn breakdown(dimension: Dimension, keys: &[KeyFacts]) -> Vec<BreakdownRow> {
    let mut rows: Vec<BreakdownRow> = keys
        .iter()
        .filter(|facts| !facts.counts.is_empty() || facts.patients_seen != 0)
        .map(|facts| {
            let c = &facts.counts;
            BreakdownRow {
                key: facts.key.clone(),
                label: label(dimension, facts),
                bookings: c.bookings,
                appointments: c.appointments,
                attended: c.attended,
                no_shows: c.no_shows,
                cancellations: c.cancellations,
                revenue_cents: c.revenue_cents,
                patients_seen: facts.patients_seen,
                no_show_rate: no_show_rate(c),
                rebooking_rate: rebooking_rate(c),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.revenue_cents
            .cmp(&a.revenue_cents)
            .then_with(|| a.key.is_none().cmp(&b.key.is_none()))
            .then_with(|| a.key.cmp(&b.key))
    });
    rows
}

#[cfg(test)]
mod tests;
