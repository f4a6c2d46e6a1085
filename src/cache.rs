//! The shared in-process cache of computed metric groups: bounded, expiring, and computing a missing key once however
//! many requests want it at the same time.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

use crate::dashboard::{Computed, Freshness, MetricKey, MetricValue, Served};
use crate::error::Error;

/// Computed metric groups by key; every key begins with its organization.
#[derive(Clone)]
pub struct MetricCache {
    entries: Cache<MetricKey, Arc<Computed>>,
}

impl MetricCache {
    /// A cache keeping entries for `ttl`, within about `max_bytes` of memory.
    pub fn new(ttl: Duration, max_bytes: u64) -> Self {
        let entries = Cache::builder()
            .time_to_live(ttl)
            .max_capacity(max_bytes)
            .weigher(|key: &MetricKey, value: &Arc<Computed>| weight(key, value))
            .build();
        Self { entries }
    }

    /// The cached value of `key`, or `compute`'s, stored for the next request; errors are not stored.
    pub async fn get_or_compute<F>(&self, key: MetricKey, compute: F) -> Result<Served, Arc<Error>>
    where
        F: Future<Output = Result<Arc<Computed>, Arc<Error>>>,
    {
        let entry = self
            .entries
            .entry(key)
            .or_try_insert_with(compute)
            .await
            .map_err(|error: Arc<Arc<Error>>| Arc::clone(&*error))?;
        let freshness = if entry.is_fresh() {
            Freshness::RealTime
        } else {
            Freshness::Cached
        };
        Ok(Served {
            computed: entry.into_value(),
            freshness,
            stale_reason: None,
        })
    }

    /// Entries currently held (after pending maintenance).
    pub async fn entry_count(&self) -> u64 {
        self.entries.run_pending_tasks().await;
        self.entries.entry_count()
    }
}

/// Approximate bytes an entry holds, so a cache of long charts and one of small groups stay within the same memory.
fn weight(key: &MetricKey, value: &Arc<Computed>) -> u32 {
    const BASE: usize = 256;
    let items = match &value.value {
        MetricValue::Charts(points) => points.len() * std::mem::size_of::<crate::analytics::metrics::ChartPoint>(),
        MetricValue::Upcoming(page) => page.appointments.len() * 160,
        _ => 0,
    };
    u32::try_from(BASE + key.organization.id.len() + items).unwrap_or(u32::MAX)
}
