//! The dashboard core shared by every API: what a metric group is asked for (its key), computing batches of keys,
//! and serving them through the shared cache, the per-request loader and the last known values, kept coherent by the
//! change feed.

mod cache;
mod changes;
mod compute;
mod facts;
mod keys;
mod last_known;
mod loader;
mod reference;
mod rolled_up;

use std::sync::Arc;
use std::time::Duration;

use async_graphql::dataloader::DataLoader;
use chrono::{DateTime, Utc};
use serde::Serialize;
use tracing::Instrument;

pub use self::cache::{KeptResponse, MetricCache, ResponseKey};
pub use self::changes::{ChangeFeed, DataChange, FeedEvent, affected_groups, spawn_listener};
pub use self::compute::compute;
pub use self::facts::{FactSource, span};
pub use self::keys::{AsOf, MetricGroup, MetricKey, MetricQuery, UpcomingQuery, Windowed, to_microseconds};
pub use self::last_known::LastKnown;
pub use self::loader::MetricsLoader;
use crate::analytics::metrics::{
    AutomationMetrics, BookingMetrics, ChartPoint, DashboardSummary, FinancialMetrics, PatientMetrics,
    ReengagementPerformance,
};
use crate::analytics::outcomes::{BreakdownRow, OutcomePoint, Retention as PatientRetention, VisitOutcomes};
use crate::analytics::periods::WindowSpec;
use crate::analytics::window::Window;
use crate::db::Db;
use crate::db::appointments::UpcomingPage;
use crate::db::organizations::OrganizationRecord;
pub use crate::db::organizations::OrganizationRef;
use crate::error::Error;
use crate::telemetry::{names, traces};

/// Runs a DataLoader batch; while traces are exported, inside the span of the metric group that started it, so its
/// statements join the request's trace.
fn spawn_batch(batch: futures_util::future::BoxFuture<'static, ()>) -> tokio::task::JoinHandle<()> {
    if traces::enabled() {
        tokio::spawn(batch.in_current_span())
    } else {
        tokio::spawn(batch)
    }
}

/// How long a request carrying a consistency token waits for this process to apply the change it names.
const CATCH_UP_WAIT: Duration = Duration::from_secs(1);

/// The fallback label of the organization lookup, which falls back like a metric group.
pub const ORGANIZATION_LOOKUP: &str = "organization";

/// Counts one fallback to a last known value: `outcome` is `stale` when one was known, `none` when not.
fn count_fallback(group: &'static str, error: &Error, outcome: &'static str) {
    let reason = error.failure().as_str();
    metrics::counter!(names::FALLBACKS, "group" => group, "reason" => reason, "outcome" => outcome).increment(1);
}

/// Generates [`MetricValue`] and the typed view of each group's figures.
macro_rules! metric_values {
    ($($(#[$doc:meta])* $variant:ident($figures:ty),)*) => {
        /// A computed metric group, as the cache holds it.
        #[derive(Debug, Clone, PartialEq)]
        pub enum MetricValue {
            $($(#[$doc])* $variant($figures),)*
        }

        $(impl Figures for $figures {
            fn of(value: &MetricValue) -> Option<&Self> {
                match value {
                    MetricValue::$variant(figures) => Some(figures),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        })*
    };
}

/// One group's figures, reached from the value the cache holds.
pub trait Figures: Sized {
    /// These figures, when `value` holds them.
    fn of(value: &MetricValue) -> Option<&Self>;
}

metric_values! {
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
    /// The visit outcome trend's points.
    OutcomeTrend(Vec<OutcomePoint>),
    /// The summary.
    Summary(DashboardSummary),
    /// Re-engagement performance.
    Reengagement(ReengagementPerformance),
    /// A page of upcoming appointments.
    Upcoming(UpcomingPage),
    /// Visit outcomes.
    VisitOutcomes(VisitOutcomes),
    /// Retention.
    Retention(PatientRetention),
    /// A breakdown's rows.
    Breakdown(Vec<BreakdownRow>),
}

/// A computed metric group with when and over what it was computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// The figures.
    pub value: MetricValue,
    /// The window asked for, for the windowed groups.
    pub window_asked: Option<WindowSpec>,
    /// The span of time the figures look at.
    pub window: Window,
    /// The window they compare with, for the windowed groups.
    pub comparison: Option<Window>,
    /// When they were computed.
    pub computed_at: DateTime<Utc>,
}

impl Computed {
    /// About how many bytes it holds, to weigh it in bounded caches.
    pub fn approximate_bytes(&self) -> usize {
        let items = match &self.value {
            MetricValue::Charts(points) => points.len() * std::mem::size_of::<ChartPoint>(),
            MetricValue::OutcomeTrend(points) => points.len() * std::mem::size_of::<OutcomePoint>(),
            MetricValue::Upcoming(page) => page.appointments.len() * 160,
            MetricValue::Breakdown(rows) => rows.iter().map(|row| 160 + row.label.len()).sum(),
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

impl Served {
    /// The figures of group `F`; an internal error when the cache holds another group's figures under this key.
    pub fn figures<F: Figures>(&self) -> Result<&F, Error> {
        F::of(&self.computed.value)
            .ok_or_else(|| Error::Internal("a cached metric group holds another group's value".into()))
    }
}

/// How the dashboard keeps what it computes.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// How long computed figures are served from the cache.
    pub cache_ttl: Duration,
    /// Memory the cache may hold, in bytes.
    pub cache_bytes: u64,
    /// How long last known values are kept.
    pub fallback_ttl: Duration,
    /// Memory the last known values may hold, in bytes.
    pub fallback_bytes: u64,
}

/// The dashboard service: the shared cache, the last known values, the change feed and where counts come from. Cheap
/// to clone (one reference count).
#[derive(Clone)]
pub struct Dashboard(Arc<Parts>);

struct Parts {
    cache: MetricCache,
    last_known: LastKnown,
    feed: ChangeFeed,
    source: FactSource,
}

impl Dashboard {
    /// A dashboard counting from `source`, keeping what it computes as `retention` says.
    pub fn new(retention: Retention, source: FactSource) -> Self {
        Self(Arc::new(Parts {
            cache: MetricCache::new(retention.cache_ttl, retention.cache_bytes),
            last_known: LastKnown::new(retention.fallback_ttl, retention.fallback_bytes),
            feed: ChangeFeed::new(),
            source,
        }))
    }

    /// The shared cache of metric groups and whole responses.
    pub fn cache(&self) -> &MetricCache {
        &self.0.cache
    }

    /// The change feed live subscribers follow.
    pub fn feed(&self) -> &ChangeFeed {
        &self.0.feed
    }

    /// A loader batching one request's metric groups, reading through `db` as of `now`.
    pub fn loader(&self, db: Db, now: DateTime<Utc>) -> DataLoader<MetricsLoader> {
        DataLoader::new(MetricsLoader::new(db.reading(), self.0.source, now), spawn_batch)
    }

    /// Serves one metric group: from the cache when it holds it, else computed through the request's loader (which
    /// batches it with the request's other keys); concurrent requests for one key compute it once. When computing
    /// fails, the last value computed for the key is served instead, marked stale with the reason.
    pub async fn fetch(&self, loader: &DataLoader<MetricsLoader>, key: MetricKey) -> Result<Served, Arc<Error>> {
        if !traces::enabled() {
            return self.fetch_untraced(loader, key).await;
        }
        let span = tracing::info_span!(
            "metric_group",
            otel.name = format!("metric_group {}", key.query.group().as_str()),
            group = key.query.group().as_str(),
            organization.id = key.organization.id.as_str(),
            window = key.query.window().map(|window| format!("{window:?}")),
            cache = tracing::field::Empty,
            freshness = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
        );
        let served = self.fetch_untraced(loader, key).instrument(span.clone()).await;
        match &served {
            Ok(served) => {
                let cache = if served.freshness == Freshness::Cached {
                    "hit"
                } else {
                    "miss"
                };
                span.record("cache", cache);
                span.record("freshness", format!("{:?}", served.freshness));
            }
            Err(_) => {
                span.record("cache", "miss");
                span.record("otel.status_code", "ERROR");
            }
        }
        served
    }

    async fn fetch_untraced(&self, loader: &DataLoader<MetricsLoader>, key: MetricKey) -> Result<Served, Arc<Error>> {
        let group = key.query.group().as_str();
        let load_key = key.clone();
        let served = self
            .0
            .cache
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
        let lookup = |result: &'static str| {
            metrics::counter!(names::CACHE_LOOKUPS, "group" => group, "result" => result).increment(1);
        };
        match served {
            Ok(served) => {
                if served.freshness == Freshness::RealTime {
                    lookup("miss");
                    self.0.last_known.remember(key, served.computed.clone()).await;
                } else {
                    lookup("hit");
                }
                Ok(served)
            }
            Err(error) => {
                lookup("miss");
                let known = self.0.last_known.recall(&key).await;
                count_fallback(group, &error, if known.is_some() { "stale" } else { "none" });
                let computed = known.ok_or(error.clone())?;
                Ok(Served {
                    stale_reason: Some(last_known::stale_reason(&error, &computed)),
                    computed,
                    freshness: Freshness::Stale,
                })
            }
        }
    }

    /// Waits, at most a second, until this process has applied the change at `position` (a `dashboardUpdated`'s
    /// consistency token, which another process may have sent): its caches then hold nothing older. Not applied in
    /// time (this process's listener is behind or reconnecting), the organization's cached figures are dropped and
    /// reads wait for the replica to pass the primary's position now, which lies past the change.
    pub async fn catch_up(&self, organization: &str, position: u64, db: &Db) {
        if self.0.feed.wait_until_applied(position, CATCH_UP_WAIT).await {
            return;
        }
        self.0.cache.invalidate(organization, MetricGroup::ALL.iter().copied());
        db.changes_announced().await;
    }

    /// Remembers organizations as read, to name them during an outage.
    pub async fn remember_organizations(&self, records: &[OrganizationRecord]) {
        for record in records {
            self.0.last_known.remember_organization(record.clone()).await;
        }
    }

    /// The organizations `ids` as last read, when reading them failed with `error`: all of them, or the error when
    /// any was never read (an organization must not silently drop out of a list). Counted as a fallback either way.
    pub async fn recall_organizations(&self, ids: &[String], error: Error) -> Result<Vec<OrganizationRecord>, Error> {
        let mut known = Vec::with_capacity(ids.len());
        for id in ids {
            match self.0.last_known.recall_organization(id).await {
                Some(record) => known.push(record),
                None => {
                    count_fallback(ORGANIZATION_LOOKUP, &error, "none");
                    return Err(error);
                }
            }
        }
        count_fallback(ORGANIZATION_LOOKUP, &error, "stale");
        known.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(known)
    }
}
