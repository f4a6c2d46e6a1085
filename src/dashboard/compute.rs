//! Computing metric groups: the facts from the chosen source, then the figures from the facts.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures_util::future::join_all;

use super::facts::{FactSource, Facts, computed, span};
use super::{Computed, MetricKey, MetricQuery, OrganizationRef, reference, rolled_up};
use crate::db::Db;
use crate::error::Error;

/// Computes every key, each with its own outcome, in as few statements as the source allows.
pub async fn compute(
    db: &Db,
    source: FactSource,
    keys: &[MetricKey],
    now: DateTime<Utc>,
) -> HashMap<MetricKey, Result<Arc<Computed>, Arc<Error>>> {
    let facts = match source {
        FactSource::Rollups => rolled_up::facts(db, keys, now).await,
        FactSource::Definitions => reference_facts(db, keys, now).await,
    };
    facts
        .into_iter()
        .map(|(key, facts)| {
            let value = facts.map(|f| Arc::new(computed(&key.query, key.organization.timezone, f, now)));
            (key, value)
        })
        .collect()
}

/// The definitions' facts: one batch of organizations per distinct query and time zone (a calendar window falls on
/// other instants in another zone), the batches concurrently.
async fn reference_facts(
    db: &Db,
    keys: &[MetricKey],
    now: DateTime<Utc>,
) -> HashMap<MetricKey, Result<Facts, Arc<Error>>> {
    let mut batches: HashMap<(&MetricQuery, Tz), Vec<OrganizationRef>> = HashMap::new();
    for key in keys {
        let batch = (&key.query, key.organization.timezone);
        batches.entry(batch).or_default().push(key.organization.clone());
    }
    let results = join_all(batches.into_iter().map(|((query, tz), orgs)| async move {
        let found = reference::facts(db, query, &orgs, span(query, tz, now)).await;
        (query, orgs, found)
    }))
    .await;
    let mut out = HashMap::with_capacity(keys.len());
    for (query, orgs, found) in results {
        let found = found.map_err(Arc::new);
        for organization in orgs {
            let facts = match &found {
                Ok(by_org) => by_org
                    .get(&organization.id)
                    .cloned()
                    .ok_or_else(|| Arc::new(Error::Internal("a batch returned no facts for an organization".into()))),
                Err(error) => Err(Arc::clone(error)),
            };
            let key = MetricKey {
                organization,
                query: query.clone(),
            };
            out.insert(key, facts);
        }
    }
    out
}
