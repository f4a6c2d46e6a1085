//! Facts from the definitions over the raw tables: one batch of organizations per query (and time zone), as plainly as
//! the definitions read. The reference the rollups are checked against, and the benchmark's naive path.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::facts::{Facts, chart_buckets};
use super::{MetricQuery, OrganizationRef, UpcomingQuery};
use crate::analytics::costs::operational_costs;
use crate::analytics::metrics::AutomationFacts;
use crate::analytics::periods::Span;
use crate::analytics::window::Window;
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
