//! Counting from the rollups: whole local days come from `daily_rollups`, the part of a day before an instant that is
//! not a local midnight from a live query (its "edge"). Everything before an instant is then
//! `Σ days before its day + its edge`, and a span is the difference of its two ends.
//!
//! The facts built here must equal the ones counted straight from the raw tables (`db::definitions`); a property test
//! compares them on random data and random writes.

use std::collections::HashMap;
use std::ops::{Add, Sub};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::calendar::{Bucket, local_date, start_of_day};
use super::metrics::{
    AutomationFacts, BookingFacts, BucketFacts, FinancialFacts, PatientMetrics, ReengagementFacts, SummaryFacts,
};
use super::periods::Span;
use super::window::Window;

/// The counts of a day, a span of days, or part of a day. Presence columns count interval boundaries; the patients
/// present at an instant are the starts before it minus the ends before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct DayCounts {
    /// Appointments created.
    pub bookings: i64,
    /// Of those, by the AI receptionist.
    pub ai_bookings: i64,
    /// Of those, by the AI receptionist or automation.
    pub automation_bookings: i64,
    /// Revenue of completed appointments starting, in cents.
    pub revenue_cents: i64,
    /// Of that, from the AI receptionist or automation.
    pub automated_revenue_cents: i64,
    /// Patients created.
    pub new_patients: i64,
    /// Outreach attempts sent.
    pub contacts: i64,
    /// Of those, answered or that booked.
    pub successful_contacts: i64,
    /// Active-presence intervals starting.
    pub active_starts: i64,
    /// Active-presence intervals ending.
    pub active_ends: i64,
    /// Engaged-presence (active or seen in 90 days) intervals starting.
    pub engaged_starts: i64,
    /// Engaged-presence intervals ending.
    pub engaged_ends: i64,
    /// Seen-in-30-days intervals starting.
    pub seen_30_starts: i64,
    /// Seen-in-30-days intervals ending.
    pub seen_30_ends: i64,
    /// Seen-in-90-days intervals starting.
    pub seen_90_starts: i64,
    /// Seen-in-90-days intervals ending.
    pub seen_90_ends: i64,
    /// Seen-in-365-days intervals starting.
    pub seen_365_starts: i64,
    /// Seen-in-365-days intervals ending.
    pub seen_365_ends: i64,
}

macro_rules! fieldwise {
    ($trait:ident, $method:ident, $op:tt) => {
        impl $trait for DayCounts {
            type Output = DayCounts;

            fn $method(self, o: DayCounts) -> DayCounts {
                DayCounts {
                    bookings: self.bookings $op o.bookings,
                    ai_bookings: self.ai_bookings $op o.ai_bookings,
                    automation_bookings: self.automation_bookings $op o.automation_bookings,
                    revenue_cents: self.revenue_cents $op o.revenue_cents,
                    automated_revenue_cents: self.automated_revenue_cents $op o.automated_revenue_cents,
                    new_patients: self.new_patients $op o.new_patients,
                    contacts: self.contacts $op o.contacts,
                    successful_contacts: self.successful_contacts $op o.successful_contacts,
                    active_starts: self.active_starts $op o.active_starts,
                    active_ends: self.active_ends $op o.active_ends,
                    engaged_starts: self.engaged_starts $op o.engaged_starts,
                    engaged_ends: self.engaged_ends $op o.engaged_ends,
                    seen_30_starts: self.seen_30_starts $op o.seen_30_starts,
                    seen_30_ends: self.seen_30_ends $op o.seen_30_ends,
                    seen_90_starts: self.seen_90_starts $op o.seen_90_starts,
                    seen_90_ends: self.seen_90_ends $op o.seen_90_ends,
                    seen_365_starts: self.seen_365_starts $op o.seen_365_starts,
                    seen_365_ends: self.seen_365_ends $op o.seen_365_ends,
                }
            }
        }
    };
}
fieldwise!(Add, add, +);
fieldwise!(Sub, sub, -);

impl DayCounts {
    /// Active patients, when these are the counts before an instant.
    pub fn active(&self) -> i64 {
        self.active_starts - self.active_ends
    }

    /// Active patients plus those seen in the last 90 days.
    pub fn engaged(&self) -> i64 {
        self.engaged_starts - self.engaged_ends
    }

    /// Patients with a completed appointment in the last `days` (30, 90 or 365) days.
    pub fn seen(&self, days: i64) -> Option<i64> {
        match days {
            30 => Some(self.seen_30_starts - self.seen_30_ends),
            90 => Some(self.seen_90_starts - self.seen_90_ends),
            365 => Some(self.seen_365_starts - self.seen_365_ends),
            _ => None,
        }
    }
}

/// One organization's counts between two local days, able to answer any instant in them.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    tz: Tz,
    first_day: NaiveDate,
    /// `running[i]` is everything counted on days before `first_day + i`.
    running: Vec<DayCounts>,
    edges: HashMap<DateTime<Utc>, DayCounts>,
}

/// Which instants a ledger must answer, and what the database must read for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerSpan {
    /// First local day whose counts are read one by one.
    pub first_day: NaiveDate,
    /// The day after the last one read one by one (the day of the latest instant).
    pub end_day: NaiveDate,
    /// The instants that are not a local midnight, each with the midnight that starts its day: their edges.
    pub edges: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

impl LedgerSpan {
    /// The span that answers `instants` in `tz`.
    pub fn covering(tz: Tz, instants: &[DateTime<Utc>]) -> Self {
        let days = instants.iter().map(|at| local_date(tz, *at));
        let first_day = days.clone().min().unwrap_or_default();
        let end_day = days.max().unwrap_or_default();
        let mut edges: Vec<_> = instants
            .iter()
            .map(|at| (*at, start_of_day(tz, local_date(tz, *at))))
            .filter(|(at, midnight)| at != midnight)
            .collect();
        edges.sort();
        edges.dedup();
        Self {
            first_day,
            end_day,
            edges,
        }
    }
}

impl Ledger {
    /// A ledger from the sum of the days before `span.first_day`, the days from it to `span.end_day` (missing days
    /// counted nothing) and the edges.
    pub fn new(
        tz: Tz,
        span: &LedgerSpan,
        before: DayCounts,
        days: &[(NaiveDate, DayCounts)],
        edges: HashMap<DateTime<Utc>, DayCounts>,
    ) -> Self {
        let length = (span.end_day - span.first_day).num_days().max(0) as usize;
        let mut per_day = vec![DayCounts::default(); length];
        for (day, counts) in days {
            if let Ok(index) = usize::try_from((*day - span.first_day).num_days())
                && let Some(slot) = per_day.get_mut(index)
            {
                *slot = *slot + *counts;
            }
        }
        let mut running = Vec::with_capacity(length + 1);
        running.push(before);
        for counts in per_day {
            let last = *running.last().expect("running starts with `before`");
            running.push(last + counts);
        }
        Self {
            tz,
            first_day: span.first_day,
            running,
            edges,
        }
    }

    /// Everything counted before an instant; None for an instant the ledger was not built to answer.
    pub fn before(&self, at: DateTime<Utc>) -> Option<DayCounts> {
        let day = local_date(self.tz, at);
        let index = usize::try_from((day - self.first_day).num_days()).ok()?;
        let whole_days = *self.running.get(index)?;
        if at == start_of_day(self.tz, day) {
            return Some(whole_days);
        }
        Some(whole_days + *self.edges.get(&at)?)
    }

    /// Everything counted in a window; None when the ledger was not built for its ends.
    pub fn within(&self, window: Window) -> Option<DayCounts> {
        Some(self.before(window.end)? - self.before(window.start)?)
    }
}

/// How many days of "patients seen" presence are kept: the distinct patients seen in a window of exactly one of these
/// lengths are read from presence at its end; any other window's are counted live.
const SEEN_DAYS: [i64; 3] = [30, 90, 365];

/// The length in days of `window` when it is exactly one of the kept presence spans.
pub fn presence_days(window: Window) -> Option<i64> {
    SEEN_DAYS
        .into_iter()
        .find(|days| window.end - window.start == chrono::Duration::days(*days))
}

/// The instants a group's ledger must answer: the window's and the comparison's bounds and `asOf`.
pub fn instants(span: &Span) -> Vec<DateTime<Utc>> {
    let mut instants = vec![span.window.start, span.window.end, span.as_of];
    if let Some(comparison) = span.comparison {
        instants.extend([comparison.start, comparison.end]);
    }
    instants
}

/// Booking counts over the window and its comparison window.
pub fn booking_facts(ledger: &Ledger, span: &Span) -> Option<BookingFacts> {
    let current = ledger.within(span.window)?;
    Some(BookingFacts {
        bookings: current.bookings,
        previous_bookings: ledger.within(span.comparison?)?.bookings,
        ai_bookings: current.ai_bookings,
    })
}

/// Patient counts: total and active as of `asOf`, new in the window.
pub fn patient_facts(ledger: &Ledger, span: &Span) -> Option<PatientMetrics> {
    let standing = ledger.before(span.as_of)?;
    Some(PatientMetrics {
        total_patients: standing.new_patients,
        active_patients: standing.active(),
        new_patients: ledger.within(span.window)?.new_patients,
    })
}

/// Financial counts: revenue in the window, lifetime value as of `asOf`; the patients seen in the window come from
/// presence at its end when its length is a kept span ([`presence_days`]), else from `live`.
pub fn financial_facts(ledger: &Ledger, span: &Span, live_revenue_patients: Option<i64>) -> Option<FinancialFacts> {
    let standing = ledger.before(span.as_of)?;
    let revenue_patients = patients_seen(ledger, span.window, live_revenue_patients)?;
    Some(FinancialFacts {
        revenue_cents: ledger.within(span.window)?.revenue_cents,
        revenue_patients,
        lifetime_cents: standing.revenue_cents,
        total_patients: standing.new_patients,
    })
}

/// Distinct patients with a completed appointment starting in `window`: the live count when one was made (the window
/// is not a kept presence span), else from presence at the window's end.
pub fn patients_seen(ledger: &Ledger, window: Window, live: Option<i64>) -> Option<i64> {
    match live {
        Some(live) => Some(live),
        None => ledger.before(window.end)?.seen(presence_days(window)?),
    }
}

/// Automation counts, before costs: activity in the window, patients as of `asOf`.
pub fn automation_facts(ledger: &Ledger, span: &Span) -> Option<AutomationFacts> {
    let activity = ledger.within(span.window)?;
    let standing = ledger.before(span.as_of)?;
    Some(AutomationFacts {
        automation_bookings: activity.automation_bookings,
        total_bookings: activity.bookings,
        automated_revenue_cents: activity.automated_revenue_cents,
        contacts: activity.contacts,
        successful_contacts: activity.successful_contacts,
        active_patients: standing.active(),
        total_patients: standing.new_patients,
        costs: Default::default(),
    })
}

/// Summary counts as of an instant; patients booked in the 7 days ahead come from a live count.
pub fn summary_facts(ledger: &Ledger, as_of: DateTime<Utc>, booked_ahead: i64) -> Option<SummaryFacts> {
    let standing = ledger.before(as_of)?;
    Some(SummaryFacts {
        total_patients: standing.new_patients,
        active_patients: standing.active(),
        patients_with_upcoming: booked_ahead,
        patients_with_recent: standing.seen(30)?,
    })
}

/// Re-engagement counts as of an instant: dormant patients are the engaged ones that are not active.
pub fn reengagement_facts(ledger: &Ledger, as_of: DateTime<Utc>) -> Option<ReengagementFacts> {
    let standing = ledger.before(as_of)?;
    Some(ReengagementFacts {
        total_patients: standing.new_patients,
        active_patients: standing.active(),
        dormant_patients: standing.engaged() - standing.active(),
        lifetime_cents: standing.revenue_cents,
    })
}

/// Each bucket's counts: activity over its span, patients as of its end.
pub fn bucket_facts(ledger: &Ledger, buckets: &[Bucket]) -> Option<Vec<BucketFacts>> {
    buckets
        .iter()
        .map(|bucket| {
            let activity = ledger.within(bucket.span)?;
            let standing = ledger.before(bucket.span.end)?;
            Some(BucketFacts {
                bookings: activity.bookings,
                automation_bookings: activity.automation_bookings,
                revenue_cents: activity.revenue_cents,
                new_patients: activity.new_patients,
                contacts: activity.contacts,
                successful_contacts: activity.successful_contacts,
                active_patients: standing.active(),
                total_patients: standing.new_patients,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono_tz::Australia::Sydney;

    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn bookings(count: i64) -> DayCounts {
        DayCounts {
            bookings: count,
            ..DayCounts::default()
        }
    }

    #[test]
    fn a_span_covers_the_days_of_its_instants_and_edges_only_off_midnight() {
        // 10:00 on 03-02 and midnight on 03-05, Sydney (UTC+11).
        let span = LedgerSpan::covering(Sydney, &[at("2026-03-01T23:00:00Z"), at("2026-03-04T13:00:00Z")]);

        assert_eq!(span.first_day, day("2026-03-02"));
        assert_eq!(span.end_day, day("2026-03-05"));
        assert_eq!(span.edges, [(at("2026-03-01T23:00:00Z"), at("2026-03-01T13:00:00Z"))]);
    }

    #[test]
    fn counts_before_an_instant_add_whole_days_and_the_edge_of_its_day() {
        let start = at("2026-03-01T23:00:00Z");
        let end = at("2026-03-04T13:00:00Z");
        let span = LedgerSpan::covering(Sydney, &[start, end]);
        let days = [
            (day("2026-03-02"), bookings(5)),
            (day("2026-03-03"), bookings(7)),
            (day("2026-03-04"), bookings(2)),
        ];
        let edges = HashMap::from([(start, bookings(3))]);

        let ledger = Ledger::new(Sydney, &span, bookings(100), &days, edges);

        assert_eq!(ledger.before(start).unwrap().bookings, 103);
        assert_eq!(ledger.before(end).unwrap().bookings, 114);
        // 5 − 3 on the 2nd (from 10:00), 7, 2.
        assert_eq!(ledger.within(Window::new(start, end)).unwrap().bookings, 11);
    }

    #[test]
    fn an_instant_the_ledger_was_not_built_for_has_no_answer() {
        let span = LedgerSpan::covering(Sydney, &[at("2026-03-04T13:00:00Z")]);
        let ledger = Ledger::new(Sydney, &span, DayCounts::default(), &[], HashMap::new());

        assert_eq!(ledger.before(at("2026-03-04T14:00:00Z")), None);
        assert_eq!(ledger.before(at("2026-03-10T13:00:00Z")), None);
    }

    #[test]
    fn presence_counts_are_starts_minus_ends() {
        let counts = DayCounts {
            active_starts: 10,
            active_ends: 4,
            engaged_starts: 15,
            engaged_ends: 5,
            seen_90_starts: 8,
            seen_90_ends: 1,
            ..DayCounts::default()
        };

        assert_eq!(counts.active(), 6);
        assert_eq!(counts.engaged(), 10);
        assert_eq!(counts.seen(90), Some(7));
        assert_eq!(counts.seen(7), None);
    }
}
