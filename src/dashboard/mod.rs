//! The dashboard core shared by every API: what a metric group is asked for, computing batches of them, and serving
//! them through the cache and the per-request loader.

mod compute;
mod facts;
mod loader;
mod reference;
mod rolled_up;

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use chrono_tz::Tz;
use serde::Serialize;

pub use compute::{compute, compute_batch};
pub use facts::FactSource;
pub use loader::MetricsLoader;

use crate::analytics::calendar::Granularity;
use crate::analytics::metrics::{
    AutomationMetrics, BookingMetrics, ChartPoint, DashboardSummary, FinancialMetrics, PatientMetrics,
    ReengagementPerformance,
};
use crate::analytics::window::{Timeframe, Window};
use crate::cache::MetricCache;
use crate::db::appointments::{PagePosition, UpcomingPage};
use crate::error::Error;
use crate::fallback::{LastKnown, stale_reason};
use crate::telemetry::names;

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
}

impl MetricGroup {
    /// Every group.
    pub const ALL: [Self; 8] = [
        Self::Bookings,
        Self::Patients,
        Self::Financial,
        Self::Automation,
        Self::Charts,
        Self::Summary,
        Self::Reengagement,
        Self::Upcoming,
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
        }
    }
}

/// What a metric group is asked for, beyond the organization.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetricQuery {
    /// Booking metrics over a timeframe.
    Bookings(Timeframe, AsOf),
    /// Patient metrics over a timeframe.
    Patients(Timeframe, AsOf),
    /// Financial metrics over a timeframe.
    Financial(Timeframe, AsOf),
    /// Automation metrics over a timeframe.
    Automation(Timeframe, AsOf),
    /// Chart series over a timeframe.
    Charts(Timeframe, Granularity, AsOf),
    /// The summary.
    Summary(AsOf),
    /// Re-engagement performance.
    Reengagement(AsOf),
    /// A page of upcoming appointments.
    Upcoming(UpcomingQuery),
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

impl MetricQuery {
    /// Which group this asks for.
    pub fn group(&self) -> MetricGroup {
        match self {
            Self::Bookings(..) => MetricGroup::Bookings,
            Self::Patients(..) => MetricGroup::Patients,
            Self::Financial(..) => MetricGroup::Financial,
            Self::Automation(..) => MetricGroup::Automation,
            Self::Charts(..) => MetricGroup::Charts,
            Self::Summary(..) => MetricGroup::Summary,
            Self::Reengagement(..) => MetricGroup::Reengagement,
            Self::Upcoming(..) => MetricGroup::Upcoming,
        }
    }

    /// As of when.
    pub fn as_of(&self) -> AsOf {
        match self {
            Self::Bookings(_, as_of)
            | Self::Patients(_, as_of)
            | Self::Financial(_, as_of)
            | Self::Automation(_, as_of)
            | Self::Charts(_, _, as_of)
            | Self::Summary(as_of)
            | Self::Reengagement(as_of) => *as_of,
            Self::Upcoming(upcoming) => upcoming.as_of,
        }
    }

    /// The timeframe, for the groups that have one.
    pub fn timeframe(&self) -> Option<Timeframe> {
        match self {
            Self::Bookings(timeframe, _)
            | Self::Patients(timeframe, _)
            | Self::Financial(timeframe, _)
            | Self::Automation(timeframe, _)
            | Self::Charts(timeframe, _, _) => Some(*timeframe),
            Self::Summary(_) | Self::Reengagement(_) | Self::Upcoming(_) => None,
        }
    }
}

/// An organization as a metric key names it: its id, and the time zone its calendar follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrganizationRef {
    /// Organization id.
    pub id: String,
    /// Its time zone (part of the key: a change of zone changes every local-day figure).
    pub timezone: Tz,
}

/// One metric group of one organization: the unit of loading and caching. Keys begin with the organization.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MetricKey {
    /// Whose figures.
    pub organization: OrganizationRef,
    /// Which figures.
    pub query: MetricQuery,
}

/// A computed metric group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "group", content = "value", rename_all = "snake_case")]
pub enum MetricValue {
    /// Booking metrics.
    Bookings(BookingMetrics),
    /// Patient metrics.
    Patients(PatientMetrics),
    /// Financial metrics.
    Financial(FinancialMetrics),
    /// Automation metrics.
    Automation(AutomationMetrics),
    /// Chart points.
    Charts(Vec<ChartPoint>),
    /// The summary.
    Summary(DashboardSummary),
    /// Re-engagement performance.
    Reengagement(ReengagementPerformance),
    /// A page of upcoming appointments.
    #[serde(skip)]
    Upcoming(UpcomingPage),
}

/// A metric group with when and over what it was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    /// The figures.
    pub value: MetricValue,
    /// The timeframe asked for, if any.
    pub timeframe: Option<Timeframe>,
    /// The span of time the figures look at.
    pub window: Window,
    /// When they were computed.
    pub computed_at: DateTime<Utc>,
}

impl Computed {
    /// About how many bytes it holds, to weigh it in bounded caches.
    pub fn approximate_bytes(&self) -> usize {
        let items = match &self.value {
            MetricValue::Charts(points) => points.len() * std::mem::size_of::<ChartPoint>(),
            MetricValue::Upcoming(page) => page.appointments.len() * 160,
            _ => 0,
        };
        256 + items
    }
}

/// How current an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Computed for this request.
    RealTime,
    /// Served from the cache.
    Cached,
    /// The last known value, served because computing failed.
    Stale,
}

/// A metric group as served to one request.
#[derive(Debug, Clone)]
pub struct Served {
    /// The figures and their window.
    pub computed: Arc<Computed>,
    /// How current they are.
    pub freshness: Freshness,
    /// Why they are stale, when they are.
    pub stale_reason: Option<String>,
}

/// Serves one metric group: from the cache when it holds it, else computed through the request's loader (which batches
/// it with the request's other keys); concurrent requests for one key compute it once. When computing fails, the last
/// value computed for the key is served instead, marked stale with the reason.
pub async fn fetch(
    cache: &MetricCache,
    last_known: &LastKnown,
    loader: &async_graphql::dataloader::DataLoader<MetricsLoader>,
    key: MetricKey,
) -> Result<Served, Arc<Error>> {
    let group = key.query.group().as_str();
    let load_key = key.clone();
    let served = cache
        .get_or_compute(key.clone(), async move {
            match loader.load_one(load_key).await {
                Ok(Some(result)) => result,
                Ok(None) => Err(Arc::new(Error::Internal(
                    "the loader returned no value for a key".into(),
                ))),
                Err(never) => match never {},
            }
        })
        .await;
    match served {
        Ok(served) => {
            let result = if served.freshness == Freshness::RealTime {
                "miss"
            } else {
                "hit"
            };
            metrics::counter!(names::CACHE_LOOKUPS, "group" => group, "result" => result).increment(1);
            if served.freshness == Freshness::RealTime {
                last_known.remember(key, served.computed.clone()).await;
            }
            Ok(served)
        }
        Err(error) => {
            metrics::counter!(names::CACHE_LOOKUPS, "group" => group, "result" => "miss").increment(1);
            let reason = error.failure().as_str();
            match last_known.recall(&key).await {
                Some(computed) => {
                    metrics::counter!(names::FALLBACKS, "group" => group, "reason" => reason, "outcome" => "stale")
                        .increment(1);
                    Ok(Served {
                        stale_reason: Some(stale_reason(&error, &computed)),
                        computed,
                        freshness: Freshness::Stale,
                    })
                }
                None => {
                    metrics::counter!(names::FALLBACKS, "group" => group, "reason" => reason, "outcome" => "none")
                        .increment(1);
                    Err(error)
                }
            }
        }
    }
}
