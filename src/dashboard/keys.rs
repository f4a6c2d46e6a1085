//! What a metric group is asked for: the unit of loading, caching and invalidation. Every key begins with its
//! organization.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

use crate::analytics::calendar::Granularity;
use crate::analytics::outcomes::Dimension;
use crate::analytics::periods::{Comparison, WindowSpec};
use crate::db::appointments::PagePosition;
use crate::db::organizations::OrganizationRef;

/// The instant figures are computed as of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AsOf {
    /// Now: the request's clock, and shared in the cache by every request asking for "now".
    Latest,
    /// A fixed instant.
    At(DateTime<Utc>),
}

/// An instant at PostgreSQL's resolution, so what the service computes with is exactly what the database stores and
/// returns (a nanosecond clock would not match the instants read back).
pub fn to_microseconds(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

impl AsOf {
    /// `At` when an instant is given (to the microsecond), else `Latest`.
    pub fn from_option(at: Option<DateTime<Utc>>) -> Self {
        at.map_or(Self::Latest, |at| Self::At(to_microseconds(at)))
    }

    /// The instant, `now` standing for `Latest`.
    pub fn resolve(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Self::Latest => now,
            Self::At(at) => at,
        }
    }
}

/// A group of metrics computed together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricGroup {
    /// Booking metrics.
    Bookings,
    /// Patient metrics.
    Patients,
    /// Financial metrics.
    Financial,
    /// Automation metrics.
    Automation,
    /// Chart series.
    Charts,
    /// The dashboard summary.
    Summary,
    /// Re-engagement performance.
    Reengagement,
    /// Upcoming appointments.
    Upcoming,
    /// Visit outcomes.
    VisitOutcomes,
    /// Patient retention.
    Retention,
    /// Breakdowns by practitioner, appointment type or source.
    Breakdown,
}

impl MetricGroup {
    /// Every group.
    pub const ALL: [Self; 11] = [
        Self::Bookings,
        Self::Patients,
        Self::Financial,
        Self::Automation,
        Self::Charts,
        Self::Summary,
        Self::Reengagement,
        Self::Upcoming,
        Self::VisitOutcomes,
        Self::Retention,
        Self::Breakdown,
    ];

    /// The group's name in logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bookings => "bookings",
            Self::Patients => "patients",
            Self::Financial => "financial",
            Self::Automation => "automation",
            Self::Charts => "charts",
            Self::Summary => "summary",
            Self::Reengagement => "reengagement",
            Self::Upcoming => "upcoming",
            Self::VisitOutcomes => "visit_outcomes",
            Self::Retention => "retention",
            Self::Breakdown => "breakdown",
        }
    }
}

/// The window of a windowed group, what it compares with, and the instant it is resolved as of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Windowed {
    /// The window: rolling, a calendar period, or a range of days.
    pub window: WindowSpec,
    /// What it compares with.
    pub compare: Comparison,
    /// As of when.
    pub as_of: AsOf,
}

impl Windowed {
    /// The same window compared with nothing in particular, for the groups whose figures do not compare: asked with
    /// either comparison, they share one cache entry.
    pub fn uncompared(self) -> Self {
        Self {
            compare: Comparison::default(),
            ..self
        }
    }
}

/// A page of upcoming appointments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UpcomingQuery {
    /// How many days ahead to look.
    pub within_days: u16,
    /// Page size.
    pub first: u16,
    /// Start after this appointment.
    pub after: Option<PagePosition>,
    /// As of when.
    pub as_of: AsOf,
}

/// What a metric group is asked for, beyond the organization.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetricQuery {
    /// Booking metrics over a window.
    Bookings(Windowed),
    /// Patient metrics over a window.
    Patients(Windowed),
    /// Financial metrics over a window.
    Financial(Windowed),
    /// Automation metrics over a window.
    Automation(Windowed),
    /// Chart series over a window.
    Charts(Windowed, Granularity),
    /// The visit outcome chart series over a window (a field of `charts`, computed only when asked for).
    OutcomeTrend(Windowed, Granularity),
    /// The summary.
    Summary(AsOf),
    /// Re-engagement performance.
    Reengagement(AsOf),
    /// A page of upcoming appointments.
    Upcoming(UpcomingQuery),
    /// Visit outcomes over a window.
    VisitOutcomes(Windowed),
    /// Retention over a window.
    Retention(Windowed),
    /// A breakdown over a window.
    Breakdown(Windowed, Dimension),
}

impl MetricQuery {
    /// Which group this asks for.
    pub fn group(&self) -> MetricGroup {
        match self {
            Self::Bookings(_) => MetricGroup::Bookings,
            Self::Patients(_) => MetricGroup::Patients,
            Self::Financial(_) => MetricGroup::Financial,
            Self::Automation(_) => MetricGroup::Automation,
            Self::Charts(..) | Self::OutcomeTrend(..) => MetricGroup::Charts,
            Self::Summary(_) => MetricGroup::Summary,
            Self::Reengagement(_) => MetricGroup::Reengagement,
            Self::Upcoming(_) => MetricGroup::Upcoming,
            Self::VisitOutcomes(_) => MetricGroup::VisitOutcomes,
            Self::Retention(_) => MetricGroup::Retention,
            Self::Breakdown(..) => MetricGroup::Breakdown,
        }
    }

    /// Whether its figures compare the window with another (`previousPeriodBookings`, `periodComparison`).
    pub fn compares(&self) -> bool {
        matches!(self, Self::Bookings(_))
    }

    /// The window of the windowed groups.
    pub fn windowed(&self) -> Option<&Windowed> {
        match self {
            Self::Bookings(windowed)
            | Self::Patients(windowed)
            | Self::Financial(windowed)
            | Self::Automation(windowed)
            | Self::Charts(windowed, _)
            | Self::OutcomeTrend(windowed, _)
            | Self::VisitOutcomes(windowed)
            | Self::Retention(windowed)
            | Self::Breakdown(windowed, _) => Some(windowed),
            Self::Summary(_) | Self::Reengagement(_) | Self::Upcoming(_) => None,
        }
    }

    /// As of when.
    pub fn as_of(&self) -> AsOf {
        match self {
            Self::Summary(as_of) | Self::Reengagement(as_of) => *as_of,
            Self::Upcoming(upcoming) => upcoming.as_of,
            windowed => windowed.windowed().map_or(AsOf::Latest, |w| w.as_of),
        }
    }

    /// What a breakdown groups by (a query that is no breakdown never asks: it gets the source dimension).
    pub fn dimension(&self) -> Dimension {
        match self {
            Self::Breakdown(_, dimension) => *dimension,
            _ => Dimension::Source,
        }
    }

    /// The window asked for, for the groups that have one.
    pub fn window(&self) -> Option<WindowSpec> {
        self.windowed().map(|windowed| windowed.window)
    }
}

/// One metric group of one organization: the unit of loading and caching. Keys begin with the organization.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MetricKey {
    /// Whose figures.
    pub organization: OrganizationRef,
    /// Which figures.
    pub query: MetricQuery,
}
