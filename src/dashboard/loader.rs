//! The per-request DataLoader: the metric keys a request resolves together are computed in one batch.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use chrono::{DateTime, Utc};
use tracing::Instrument;

use super::{Computed, FactSource, MetricKey, compute};
use crate::db::Db;
use crate::error::Error;
use crate::telemetry::traces;

/// Loads metric groups for one request, as of the request's clock.
pub struct MetricsLoader {
    db: Db,
    source: FactSource,
    now: DateTime<Utc>,
}

impl MetricsLoader {
    /// A loader counting from `source`, whose "now" is `now`.
    pub fn new(db: Db, source: FactSource, now: DateTime<Utc>) -> Self {
        Self { db, source, now }
    }
}

impl Loader<MetricKey> for MetricsLoader {
    /// Each key gets its own result, so one failing group does not fail the others.
    type Value = Result<Arc<Computed>, Arc<Error>>;
    type Error = Infallible;

    async fn load(&self, keys: &[MetricKey]) -> Result<HashMap<MetricKey, Self::Value>, Self::Error> {
        let computing = compute(&self.db, self.source, keys, self.now);
        if traces::enabled() {
            let span = tracing::info_span!("dataloader.batch", batch.size = keys.len());
            return Ok(computing.instrument(span).await);
        }
        Ok(computing.await)
    }
}
