//! The shared in-process cache of computed metric groups: bounded, expiring, computing a missing key once however many
//! requests want it at the same time, and dropping an organization's groups the moment its data changes.
//!
//! Invalidation bumps a generation instead of deleting entries: each (organization, group) has a generation, and the
//! cache key includes it. A computation that started before a write stores its result under the old generation, where
//! no later request looks, so a slow query can never put stale figures back after the invalidation.
//!
//! Above the metric groups, whole responses to repeated requests about one organization are kept too, keyed by the
//! organization's overall generation: a dashboard polled by its clinic is then answered without executing the query.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Bytes;
use moka::Expiry;
use moka::future::Cache;

use super::{Computed, Freshness, MetricGroup, MetricKey, Served};
use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CacheKey {
    key: MetricKey,
    generation: u64,
    epoch: u64,
}

/// An organization's generations: one per metric group, and one bumped with any of them.
#[derive(Debug, Clone, Copy, Default)]
struct Generations {
    any: u64,
    groups: [u64; MetricGroup::ALL.len()],
}

/// A whole response: the request about one organization (by the 128-bit digest of the request as sent, method and
/// bytes), as of its data's generation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponseKey {
    organization: String,
    request: u128,
    generation: u64,
    epoch: u64,
}

/// A response kept whole: its body, and the query cost it is charged again at each hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptResponse {
    /// The body.
    pub body: Bytes,
    /// The query's cost, as validation measured it.
    pub cost: usize,
}

/// A response kept for `ttl`.
#[derive(Debug, Clone)]
struct CachedResponse {
    kept: KeptResponse,
    ttl: Duration,
}

struct ResponseExpiry;

impl Expiry<ResponseKey, CachedResponse> for ResponseExpiry {
    fn expire_after_create(&self, _: &ResponseKey, value: &CachedResponse, _: std::time::Instant) -> Option<Duration> {
        Some(value.ttl)
    }
}

/// Computed metric groups by key; every key begins with its organization.
#[derive(Clone)]
pub struct MetricCache {
    entries: Cache<CacheKey, Arc<Computed>>,
    responses: Cache<ResponseKey, CachedResponse>,
    generations: Arc<RwLock<HashMap<String, Generations>>>,
    epoch: Arc<AtomicU64>,
    ttl: Duration,
}

impl MetricCache {
    /// A cache keeping entries for `ttl`, within about `max_bytes` of memory.
    pub fn new(ttl: Duration, max_bytes: u64) -> Self {
        // Three quarters for metric groups, a quarter for whole responses.
        let entries = Cache::builder()
            .time_to_live(ttl)
            .max_capacity(max_bytes / 4 * 3)
            .weigher(|key: &CacheKey, value: &Arc<Computed>| {
                u32::try_from(key.key.organization.id.len() + value.approximate_bytes()).unwrap_or(u32::MAX)
            })
            .build();
        let responses = Cache::builder()
            .max_capacity(max_bytes / 4)
            .weigher(|key: &ResponseKey, value: &CachedResponse| {
                u32::try_from(key.organization.len() + value.kept.body.len() + 64).unwrap_or(u32::MAX)
            })
            .expire_after(ResponseExpiry)
            .build();
        Self {
            entries,
            responses,
            generations: Arc::default(),
            epoch: Arc::default(),
            ttl,
        }
    }

    /// How long computed figures may be served.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The key of a response to `request` (the digest of the request as sent) about `organization`, as of now.
    pub fn response_key(&self, organization: &str, request: u128) -> ResponseKey {
        let generation = self.read_generations().get(organization).map_or(0, |g| g.any);
        ResponseKey {
            organization: organization.to_owned(),
            request,
            generation,
            epoch: self.epoch.load(Ordering::SeqCst),
        }
    }

    /// A kept response.
    pub async fn response(&self, key: &ResponseKey) -> Option<KeptResponse> {
        self.responses.get(key).await.map(|cached| cached.kept)
    }

    /// Keeps a response for `ttl`.
    pub async fn keep_response(&self, key: ResponseKey, kept: KeptResponse, ttl: Duration) {
        self.responses.insert(key, CachedResponse { kept, ttl }).await;
    }

    /// The cached value of `key`, or `compute`'s, stored for the next request; errors are not stored.
    pub async fn get_or_compute<F>(&self, key: MetricKey, compute: F) -> Result<Served, Arc<Error>>
    where
        F: Future<Output = Result<Arc<Computed>, Arc<Error>>>,
    {
        let key = self.current(key);
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

    /// Stops serving what is cached for these groups of an organization.
    pub fn invalidate(&self, organization: &str, groups: impl IntoIterator<Item = MetricGroup>) {
        let mut generations = self
            .generations
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = generations.entry(organization.to_owned()).or_default();
        entry.any += 1;
        for group in groups {
            entry.groups[group as usize] += 1;
        }
    }

    /// Stops serving anything cached (after missing change notifications, say).
    pub fn invalidate_all(&self) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
    }

    fn read_generations(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Generations>> {
        self.generations.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn current(&self, key: MetricKey) -> CacheKey {
        let generation = self
            .read_generations()
            .get(&key.organization.id)
            .map_or(0, |g| g.groups[key.query.group() as usize]);
        CacheKey {
            key,
            generation,
            epoch: self.epoch.load(Ordering::SeqCst),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::analytics::metrics::PatientMetrics;
    use crate::analytics::periods::{Comparison, WindowSpec};
    use crate::analytics::window::{Timeframe, Window};
    use crate::dashboard::{AsOf, MetricQuery, MetricValue, OrganizationRef, Windowed};

    fn key(organization: &str, query: MetricQuery) -> MetricKey {
        MetricKey {
            organization: OrganizationRef {
                id: organization.into(),
                timezone: chrono_tz::UTC,
            },
            query,
        }
    }

    fn last_30_days() -> Windowed {
        Windowed {
            window: WindowSpec::Last(Timeframe::Last30Days),
            compare: Comparison::PreviousPeriod,
            as_of: AsOf::Latest,
        }
    }

    fn computed(total_patients: i64) -> Arc<Computed> {
        let now = Utc::now();
        Arc::new(Computed {
            value: MetricValue::Patients(PatientMetrics {
                total_patients,
                ..PatientMetrics::default()
            }),
            window_asked: None,
            window: Window::new(now, now),
            comparison: None,
            computed_at: now,
        })
    }

    async fn serve(cache: &MetricCache, key: MetricKey, total: i64) -> (Freshness, Arc<Computed>) {
        let served = cache
            .get_or_compute(key, async move { Ok(computed(total)) })
            .await
            .unwrap();
        (served.freshness, served.computed)
    }

    #[tokio::test]
    async fn an_invalidated_group_is_computed_again_and_other_groups_and_organizations_stay_cached() {
        let cache = MetricCache::new(Duration::from_secs(60), 1 << 20);
        let patients = MetricQuery::Patients(last_30_days());
        let summary = MetricQuery::Summary(AsOf::Latest);
        serve(&cache, key("org_a", patients.clone()), 1).await;
        serve(&cache, key("org_a", summary.clone()), 1).await;
        serve(&cache, key("org_b", patients.clone()), 1).await;

        cache.invalidate("org_a", [MetricGroup::Patients]);

        assert_eq!(serve(&cache, key("org_a", patients), 2).await.0, Freshness::RealTime);
        assert_eq!(serve(&cache, key("org_a", summary), 2).await.0, Freshness::Cached);
        assert_eq!(
            serve(&cache, key("org_b", MetricQuery::Patients(last_30_days())), 2)
                .await
                .0,
            Freshness::Cached
        );
    }

    #[tokio::test]
    async fn a_computation_finishing_after_an_invalidation_is_not_served_afterwards() {
        let cache = MetricCache::new(Duration::from_secs(60), 1 << 20);
        let query = MetricQuery::Summary(AsOf::Latest);
        let (started, release) = (
            tokio::sync::oneshot::channel::<()>(),
            tokio::sync::oneshot::channel::<()>(),
        );
        let (started_tx, started_rx) = started;
        let (release_tx, release_rx) = release;
        let slow = {
            let cache = cache.clone();
            let key = key("org_a", query.clone());
            tokio::spawn(async move {
                cache
                    .get_or_compute(key, async move {
                        started_tx.send(()).unwrap();
                        release_rx.await.unwrap();
                        Ok(computed(1))
                    })
                    .await
                    .unwrap()
            })
        };
        started_rx.await.unwrap();

        cache.invalidate("org_a", [MetricGroup::Summary]);
        release_tx.send(()).unwrap();
        slow.await.unwrap();
        let (freshness, value) = serve(&cache, key("org_a", query), 2).await;

        assert_eq!(freshness, Freshness::RealTime);
        assert_eq!(value.value, computed(2).value);
    }

    #[tokio::test]
    async fn a_kept_response_is_dropped_with_any_change_of_its_organization() {
        let cache = MetricCache::new(Duration::from_secs(60), 1 << 20);
        let request = 42;
        let key = cache.response_key("org_a", request);
        let response = KeptResponse {
            body: Bytes::from_static(b"{}"),
            cost: 3,
        };
        cache
            .keep_response(key.clone(), response.clone(), Duration::from_secs(60))
            .await;

        let kept = cache.response(&cache.response_key("org_a", request)).await;
        cache.invalidate("org_a", [MetricGroup::Automation]);
        let after_change = cache.response(&cache.response_key("org_a", request)).await;

        assert_eq!(kept, Some(response));
        assert_eq!(after_change, None);
    }

    #[tokio::test]
    async fn invalidating_everything_recomputes_every_group() {
        let cache = MetricCache::new(Duration::from_secs(60), 1 << 20);
        let query = MetricQuery::Summary(AsOf::Latest);
        serve(&cache, key("org_a", query.clone()), 1).await;

        cache.invalidate_all();

        assert_eq!(serve(&cache, key("org_a", query), 2).await.0, Freshness::RealTime);
    }
}
