//! The per-request DataLoader: the metric keys a request resolves together are computed in one batch per group.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use chrono::{DateTime, Utc};
use futures_util::future::join_all;

use super::{Computed, MetricKey, MetricQuery, OrganizationRef, compute_batch};
use crate::db::Db;
use crate::error::Error;

/// Loads metric groups for one request, as of the request's clock.
pub struct MetricsLoader {
    db: Db,
    now: DateTime<Utc>,
}

impl MetricsLoader {
    /// A loader whose "now" is `now`.
    pub fn new(db: Db, now: DateTime<Utc>) -> Self {
        Self { db, now }
    }
}

impl Loader<MetricKey> for MetricsLoader {
    /// Each key gets its own result, so one failing group does not fail the others.
    type Value = Result<Arc<Computed>, Arc<Error>>;
    type Error = Infallible;

    async fn load(&self, keys: &[MetricKey]) -> Result<HashMap<MetricKey, Self::Value>, Self::Error> {
        let mut batches: HashMap<&MetricQuery, Vec<OrganizationRef>> = HashMap::new();
        for key in keys {
            batches.entry(&key.query).or_default().push(key.organization.clone());
        }
        let computed = join_all(batches.into_iter().map(|(query, orgs)| async move {
            let result = compute_batch(&self.db, query, &orgs, self.now).await;
            (query, orgs, result)
        }))
        .await;

        let mut values = HashMap::with_capacity(keys.len());
        for (query, orgs, result) in computed {
            match result {
                Ok(mut by_org) => {
                    for organization in orgs {
                        let value = by_org.remove(&organization.id).map(Arc::new).ok_or_else(|| {
                            Arc::new(Error::Internal("a batch returned no value for an organization".into()))
                        });
                        let key = MetricKey {
                            organization,
                            query: query.clone(),
                        };
                        values.insert(key, value);
                    }
                }
                Err(error) => {
                    let error = Arc::new(error);
                    for organization in orgs {
                        let key = MetricKey {
                            organization,
                            query: query.clone(),
                        };
                        values.insert(key, Err(error.clone()));
                    }
                }
            }
        }
        Ok(values)
    }
}
