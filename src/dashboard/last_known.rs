//! The last value computed successfully for each metric group and organization record, kept well beyond the cache's
//! life, so that when computing fails a dashboard still shows figures, honestly marked stale.

use std::sync::Arc;
use std::time::Duration;

use chrono::SecondsFormat;
use moka::future::Cache;

use super::{Computed, MetricKey};
use crate::db::organizations::OrganizationRecord;
use crate::error::Error;

/// Last known values, keyed like the cache: by organization first, so they never cross organizations.
#[derive(Clone)]
pub struct LastKnown {
    groups: Cache<MetricKey, Arc<Computed>>,
    organizations: Cache<String, OrganizationRecord>,
}

impl LastKnown {
    /// A store keeping values for `ttl` within about `max_bytes`.
    pub fn new(ttl: Duration, max_bytes: u64) -> Self {
        Self {
            groups: Cache::builder()
                .time_to_live(ttl)
                .max_capacity(max_bytes)
                .weigher(|key: &MetricKey, value: &Arc<Computed>| {
                    u32::try_from(key.organization.id.len() + value.approximate_bytes()).unwrap_or(u32::MAX)
                })
                .build(),
            organizations: Cache::builder().time_to_live(ttl).max_capacity(100_000).build(),
        }
    }

    /// Remembers a freshly computed group.
    pub async fn remember(&self, key: MetricKey, computed: Arc<Computed>) {
        self.groups.insert(key, computed).await;
    }

    /// The last value computed for a key.
    pub async fn recall(&self, key: &MetricKey) -> Option<Arc<Computed>> {
        self.groups.get(key).await
    }

    /// Remembers an organization as last read.
    pub async fn remember_organization(&self, record: OrganizationRecord) {
        self.organizations.insert(record.id.clone(), record).await;
    }

    /// An organization as last read.
    pub async fn recall_organization(&self, id: &str) -> Option<OrganizationRecord> {
        self.organizations.get(id).await
    }
}

/// Why a group is served stale, in plain words, with when its figures were computed.
pub fn stale_reason(error: &Error, computed: &Computed) -> String {
    let at = computed.computed_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    format!("{}; showing the figures computed at {at}", error.failure().reason())
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::analytics::metrics::PatientMetrics;
    use crate::analytics::window::Window;
    use crate::dashboard::MetricValue;
    use crate::error::Failure;

    #[test]
    fn the_stale_reason_says_what_failed_and_when_the_figures_are_from() {
        let at: DateTime<Utc> = "2026-11-24T09:30:00Z".parse().unwrap();
        let computed = Computed {
            value: MetricValue::Patients(PatientMetrics::default()),
            window_asked: None,
            window: Window::new(at, at),
            comparison: None,
            computed_at: at,
        };

        let reason = stale_reason(&Error::Unavailable(Failure::Unreachable), &computed);

        assert_eq!(
            reason,
            "the database cannot be reached; showing the figures computed at 2026-11-24T09:30:00Z"
        );
    }
}
