//! The counts behind a metric group ("facts"), the span each query looks at, and turning facts into the figures served.
//! Both sources of counts — the definitions over the raw tables and the rollups — produce these same facts.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::{Computed, MetricQuery, MetricValue};
use crate::analytics::calendar::{Bucket, buckets};
use crate::analytics::metrics::{
    AutomationFacts, BookingFacts, BucketFacts, FinancialFacts, PatientMetrics, ReengagementFacts, SummaryFacts,
    automation_metrics, booking_metrics, chart_points, dashboard_summary, financial_metrics, reengagement_performance,
};
use crate::analytics::outcomes::{
    KeyFacts, OutcomeFacts, RetentionFacts, VisitCounts, breakdown, outcome_points, retention, visit_outcomes,
};
use crate::analytics::periods::Span;
use crate::analytics::window::Window;
use crate::db::appointments::UpcomingPage;

/// Where the counts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactSource {
    /// The metric definitions in plain SQL over the raw tables: the reference.
    Definitions,
    /// The trigger-maintained daily rollups plus live edges: what the service serves.
    Rollups,
}

/// The counts behind one metric group of one organization.
#[derive(Debug, Clone, PartialEq)]
pub enum Facts {
    /// Booking counts.
    Bookings(BookingFacts),
    /// Patient counts.
    Patients(PatientMetrics),
    /// Revenue counts.
    Financial(FinancialFacts),
    /// Automation counts, costs included.
    Automation(AutomationFacts),
    /// Counts per chart bucket.
    Charts(Vec<BucketFacts>),
    /// Visit counts per chart bucket.
    OutcomeTrend(Vec<VisitCounts>),
    /// Summary counts.
    Summary(SummaryFacts),
    /// Re-engagement counts.
    Reengagement(ReengagementFacts),
    /// A page of upcoming appointments.
    Upcoming(UpcomingPage),
    /// Visit counts over the window.
    VisitOutcomes(OutcomeFacts),
    /// Retention counts.
    Retention(RetentionFacts),
    /// Counts per key.
    Breakdown(Vec<KeyFacts>),
}

/// What a query's figures look at, in the organization's time zone, its "now" being `now`.
pub fn span(query: &MetricQuery, tz: Tz, now: DateTime<Utc>) -> Span {
    let as_of = query.as_of().resolve(now);
    let fixed = |window| Span {
        window,
        comparison: None,
        as_of,
    };
    match query.windowed() {
        Some(windowed) => {
            let resolved = windowed.window.resolve(windowed.compare, tz, as_of);
            Span {
                window: resolved.window,
                comparison: query.compares().then_some(resolved.comparison),
                as_of,
            }
        }
        None => match query {
            // 30 days back for recent visits, 7 ahead for bookings.
            MetricQuery::Summary(_) => fixed(Window::new(as_of - Duration::days(30), as_of + Duration::days(7))),
            // 90 days back for dormancy, 7 ahead for bookings.
            MetricQuery::Reengagement(_) => fixed(Window::new(as_of - Duration::days(90), as_of + Duration::days(7))),
            MetricQuery::Upcoming(upcoming) => fixed(Window::new(
                as_of,
                as_of + Duration::days(i64::from(upcoming.within_days)),
            )),
            _ => fixed(Window::new(as_of, as_of)),
        },
    }
}

/// The chart buckets of a query over its window (none for other groups).
pub fn chart_buckets(query: &MetricQuery, tz: Tz, window: Window) -> Vec<Bucket> {
    match query {
        MetricQuery::Charts(_, granularity) | MetricQuery::OutcomeTrend(_, granularity) => {
            buckets(window, tz, *granularity)
        }
        _ => Vec::new(),
    }
}

/// The figures of a query from its facts, with when and over what span they were computed.
pub fn computed(query: &MetricQuery, tz: Tz, facts: Facts, now: DateTime<Utc>) -> Computed {
    let span = span(query, tz, now);
    let value = match facts {
        Facts::Bookings(f) => MetricValue::Bookings(booking_metrics(&f)),
        Facts::Patients(f) => MetricValue::Patients(f),
        Facts::Financial(f) => MetricValue::Financial(financial_metrics(&f)),
        Facts::Automation(f) => MetricValue::Automation(automation_metrics(&f)),
        Facts::Charts(f) => MetricValue::Charts(chart_points(&chart_buckets(query, tz, span.window), &f)),
        Facts::OutcomeTrend(counts) => {
            MetricValue::OutcomeTrend(outcome_points(&chart_buckets(query, tz, span.window), &counts))
        }
        Facts::Summary(f) => MetricValue::Summary(dashboard_summary(&f)),
        Facts::Reengagement(f) => MetricValue::Reengagement(reengagement_performance(&f)),
        Facts::Upcoming(page) => MetricValue::Upcoming(page),
        Facts::VisitOutcomes(f) => MetricValue::VisitOutcomes(visit_outcomes(&f)),
        Facts::Retention(f) => MetricValue::Retention(retention(&f)),
        Facts::Breakdown(keys) => MetricValue::Breakdown(breakdown(query.dimension(), &keys)),
    };
    Computed {
        value,
        window_asked: query.window(),
        window: span.window,
        comparison: span.comparison,
        computed_at: now,
    }
}
