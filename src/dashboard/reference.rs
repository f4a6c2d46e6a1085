//! Facts from the definitions over the raw tables: one batch of organizations per query (and time zone), as plainly as
//! the definitions read. The reference the rollups are checked against, and the benchmark's naive path.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::facts::{Facts, chart_buckets};
use super::{MetricQuery, OrganizationRef, UpcomingQuery};
use crate::analytics::costs::operational_costs;
use crate::analytics::metrics::AutomationFacts;
use crate::analytics::outcomes::{OutcomeFacts, RetentionFacts};
use crate::analytics::periods::Span;
use crate::analytics::window::Window;
use crate::db::visit_definitions::{self, DefinedVisits, VisitsRequest};
use crate::db::{Db, appointments, definitions};
use crate::error::Result;

/// The facts of one query for a batch of organizations of one time zone, over `span`.
pub async fn facts(
    db: &Db,
    query: &MetricQuery,
    orgs: &[OrganizationRef],
    span: Span,
) -> Result<HashMap<String, Facts>> {
    let ids: Vec<String> = orgs.iter().map(|o| o.id.clone()).collect();
    let (window, as_of) = (span.window, span.as_of);
    let per_org = |mut make: Box<dyn FnMut(&OrganizationRef) -> Facts + '_>| -> HashMap<String, Facts> {
        orgs.iter().map(|org| (org.id.clone(), make(org))).collect()
    };
    Ok(match query {
        MetricQuery::Bookings(_) => {
            let comparison = span.comparison.unwrap_or(window);
            let found = definitions::booking_facts(db, &ids, window, comparison).await?;
            per_org(Box::new(|org| {
                Facts::Bookings(found.get(&org.id).copied().unwrap_or_default())
            }))
        }
        MetricQuery::Patients(_) => {
            let found = definitions::patient_facts(db, &ids, window, as_of).await?;
            per_org(Box::new(|org| {
                Facts::Patients(found.get(&org.id).copied().unwrap_or_default())
            }))
        }
        MetricQuery::Financial(_) => {
            let found = definitions::financial_facts(db, &ids, window, as_of).await?;
            per_org(Box::new(|org| {
                Facts::Financial(found.get(&org.id).copied().unwrap_or_default())
            }))
        }
        MetricQuery::Automation(_) => {
            let (found, costs) = tokio::try_join!(
                definitions::automation_facts(db, &ids, window, as_of),
                definitions::cost_rows(db, &ids, window),
            )?;
            per_org(Box::new(|org| {
                let rows = costs.get(&org.id).map(Vec::as_slice).unwrap_or_default();
                Facts::Automation(AutomationFacts {
                    costs: operational_costs(rows, window, org.timezone),
                    ..found.get(&org.id).copied().unwrap_or_default()
                })
            }))
        }
        MetricQuery::Charts(..) => {
            let buckets: Vec<_> = orgs
                .iter()
                .map(|org| (org.id.clone(), chart_buckets(query, org.timezone, window)))
                .collect();
            let mut found = definitions::bucket_facts(db, &buckets).await?;
            per_org(Box::new(|org| Facts::Charts(found.remove(&org.id).unwrap_or_default())))
        }
        MetricQuery::OutcomeTrend(..) => {
            let buckets: Vec<_> = orgs
                .iter()
                .map(|org| (org.id.clone(), chart_buckets(query, org.timezone, window)))
                .collect();
            let requests: Vec<VisitsRequest> = buckets
                .iter()
                .flat_map(|(org, buckets)| {
                    buckets.iter().map(|bucket| VisitsRequest {
                        organization: org.clone(),
                        window: bucket.span,
                        as_of,
                    })
                })
                .collect();
            let mut visits = visit_definitions::visits(db, &requests).await?.into_iter();
            buckets
                .iter()
                .map(|(org, buckets)| {
                    let counts = visits
                        .by_ref()
                        .take(buckets.len())
                        .map(|defined| defined.counts)
                        .collect();
                    (org.clone(), Facts::OutcomeTrend(counts))
                })
                .collect()
        }
        MetricQuery::VisitOutcomes(_) | MetricQuery::Retention(_) => {
            let requests: Vec<VisitsRequest> = orgs
                .iter()
                .map(|org| VisitsRequest {
                    organization: org.id.clone(),
                    window,
                    as_of,
                })
                .collect();
            let found = visit_definitions::visits(db, &requests).await?;
            orgs.iter()
                .zip(found)
                .map(|(org, defined)| (org.id.clone(), visit_facts(query, defined)))
                .collect()
        }
        MetricQuery::Breakdown(_, dimension) => {
            let requests: Vec<(String, Window)> = orgs.iter().map(|org| (org.id.clone(), window)).collect();
            let found = visit_definitions::breakdowns(db, *dimension, &requests).await?;
            orgs.iter()
                .zip(found)
                .map(|(org, keys)| (org.id.clone(), Facts::Breakdown(keys)))
                .collect()
        }
        MetricQuery::Summary(_) => {
            let found = definitions::summary_facts(db, &ids, as_of).await?;
            per_org(Box::new(|org| {
                Facts::Summary(found.get(&org.id).copied().unwrap_or_default())
            }))
        }
        MetricQuery::Reengagement(_) => {
            let found = definitions::reengagement_facts(db, &ids, as_of).await?;
            per_org(Box::new(|org| {
                Facts::Reengagement(found.get(&org.id).copied().unwrap_or_default())
            }))
        }
        MetricQuery::Upcoming(upcoming) => upcoming_pages(db, upcoming, orgs, as_of).await?,
    })
}

/// The facts of visit outcomes or retention from the defined visit counts.
fn visit_facts(query: &MetricQuery, defined: DefinedVisits) -> Facts {
    match query {
        MetricQuery::Retention(_) => Facts::Retention(RetentionFacts {
            patients_seen: defined.patients_seen,
            window: defined.counts,
        }),
        _ => Facts::VisitOutcomes(OutcomeFacts {
            window: defined.counts,
            unresolved: defined.unresolved,
        }),
    }
}

/// Pages of upcoming appointments (a list, read straight from the appointments by either source).
pub async fn upcoming_pages(
    db: &Db,
    upcoming: &UpcomingQuery,
    orgs: &[OrganizationRef],
    as_of: DateTime<Utc>,
) -> Result<HashMap<String, Facts>> {
    let ids: Vec<String> = orgs.iter().map(|o| o.id.clone()).collect();
    let window = Window::new(as_of, as_of + chrono::Duration::days(i64::from(upcoming.within_days)));
    let mut pages =
        appointments::upcoming(db, &ids, window, i64::from(upcoming.first), upcoming.after.as_ref()).await?;
    Ok(orgs
        .iter()
        .map(|org| {
            (
                org.id.clone(),
                Facts::Upcoming(pages.remove(&org.id).unwrap_or_default()),
            )
        })
        .collect())
}
