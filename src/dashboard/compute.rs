//! Computing one metric group for a batch of organizations: the database counts, the analytics functions decide.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::{Computed, MetricQuery, MetricValue, OrganizationRef};
use crate::analytics::calendar::buckets;
use crate::analytics::costs::operational_costs;
use crate::analytics::metrics::{
    AutomationFacts, automation_metrics, booking_metrics, chart_points, dashboard_summary, financial_metrics,
    reengagement_performance,
};
use crate::analytics::window::Window;
use crate::db::{Db, appointments, definitions};
use crate::error::Result;

/// The span the summary looks at: 30 days back for recent visits, 7 ahead for bookings.
fn summary_window(as_of: DateTime<Utc>) -> Window {
    Window::new(as_of - Duration::days(30), as_of + Duration::days(7))
}

/// The span re-engagement looks at: 90 days back for dormancy, 7 ahead for bookings.
fn reengagement_window(as_of: DateTime<Utc>) -> Window {
    Window::new(as_of - Duration::days(90), as_of + Duration::days(7))
}

/// Computes one metric group for every organization of a batch, in as few statements as the group needs.
pub async fn compute_batch(
    db: &Db,
    query: &MetricQuery,
    orgs: &[OrganizationRef],
    now: DateTime<Utc>,
) -> Result<HashMap<String, Computed>> {
    let ids: Vec<String> = orgs.iter().map(|o| o.id.clone()).collect();
    let as_of = query.as_of().resolve(now);
    let timeframe = query.timeframe();
    let computed = |window: Window| {
        move |value: MetricValue| Computed {
            value,
            timeframe,
            window,
            computed_at: now,
        }
    };
    let values: HashMap<String, Computed> = match query {
        MetricQuery::Bookings(timeframe, _) => {
            let window = Window::ending_at(as_of, *timeframe);
            let facts = definitions::booking_facts(db, &ids, window).await?;
            each(orgs, |org| {
                let facts = facts.get(&org.id).copied().unwrap_or_default();
                computed(window)(MetricValue::Bookings(booking_metrics(&facts)))
            })
        }
        MetricQuery::Patients(timeframe, _) => {
            let window = Window::ending_at(as_of, *timeframe);
            let facts = definitions::patient_facts(db, &ids, window).await?;
            each(orgs, |org| {
                computed(window)(MetricValue::Patients(facts.get(&org.id).copied().unwrap_or_default()))
            })
        }
        MetricQuery::Financial(timeframe, _) => {
            let window = Window::ending_at(as_of, *timeframe);
            let facts = definitions::financial_facts(db, &ids, window).await?;
            each(orgs, |org| {
                let facts = facts.get(&org.id).copied().unwrap_or_default();
                computed(window)(MetricValue::Financial(financial_metrics(&facts)))
            })
        }
        MetricQuery::Automation(timeframe, _) => {
            let window = Window::ending_at(as_of, *timeframe);
            let (facts, costs) = tokio::try_join!(
                definitions::automation_facts(db, &ids, window),
                definitions::cost_rows(db, &ids, window),
            )?;
            each(orgs, |org| {
                let rows = costs.get(&org.id).map(Vec::as_slice).unwrap_or_default();
                let facts = AutomationFacts {
                    costs: operational_costs(rows, window, org.timezone),
                    ..facts.get(&org.id).copied().unwrap_or_default()
                };
                computed(window)(MetricValue::Automation(automation_metrics(&facts)))
            })
        }
        MetricQuery::Charts(timeframe, granularity, _) => {
            let window = Window::ending_at(as_of, *timeframe);
            let org_buckets: Vec<_> = orgs
                .iter()
                .map(|org| (org.id.clone(), buckets(window, org.timezone, *granularity)))
                .collect();
            let facts = definitions::bucket_facts(db, &org_buckets).await?;
            org_buckets
                .into_iter()
                .map(|(id, org_buckets)| {
                    let points = chart_points(&org_buckets, facts.get(&id).map(Vec::as_slice).unwrap_or_default());
                    let value = computed(window)(MetricValue::Charts(points));
                    (id, value)
                })
                .collect()
        }
        MetricQuery::Summary(_) => {
            let facts = definitions::summary_facts(db, &ids, as_of).await?;
            each(orgs, |org| {
                let facts = facts.get(&org.id).copied().unwrap_or_default();
                computed(summary_window(as_of))(MetricValue::Summary(dashboard_summary(&facts)))
            })
        }
        MetricQuery::Reengagement(_) => {
            let facts = definitions::reengagement_facts(db, &ids, as_of).await?;
            each(orgs, |org| {
                let facts = facts.get(&org.id).copied().unwrap_or_default();
                computed(reengagement_window(as_of))(MetricValue::Reengagement(reengagement_performance(&facts)))
            })
        }
        MetricQuery::Upcoming(upcoming) => {
            let window = Window::new(as_of, as_of + Duration::days(i64::from(upcoming.within_days)));
            let pages =
                appointments::upcoming(db, &ids, window, i64::from(upcoming.first), upcoming.after.as_ref()).await?;
            each(orgs, |org| {
                let page = pages.get(&org.id).cloned().unwrap_or_default();
                computed(window)(MetricValue::Upcoming(page))
            })
        }
    };
    Ok(values)
}

fn each(orgs: &[OrganizationRef], mut value: impl FnMut(&OrganizationRef) -> Computed) -> HashMap<String, Computed> {
    orgs.iter().map(|org| (org.id.clone(), value(org))).collect()
}
