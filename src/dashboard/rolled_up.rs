//! Facts from the rollups. Every metric group a request asks for, for every organization, is read from one ledger per
//! organization — one statement for the whole request — plus the few live reads some groups add (automation costs,
//! next week's bookings, patients seen in a window whose length is not a kept presence span, upcoming appointments),
//! each one statement for all organizations, and the visit rollups: one statement for every organization's visit
//! series, one per dimension for the breakdowns. A failing read fails only the groups that need it.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures_util::future::join_all;

use super::facts::{Facts, chart_buckets, span};
use super::reference::upcoming_pages;
use super::{MetricKey, MetricQuery, OrganizationRef, UpcomingQuery};
use crate::analytics::costs::{CostRow, operational_costs};
use crate::analytics::ledger::{self, Ledger};
use crate::analytics::outcomes::{Dimension, KeyFacts, OutcomeFacts, RetentionFacts, VisitSeries, split_days};
use crate::analytics::periods::Span;
use crate::analytics::window::Window;
use crate::db::definitions::Count;
use crate::db::visits::{self, BreakdownRequest, SeriesRequest};
use crate::db::{Db, definitions, rollups};
use crate::error::Error;

type Shared<T> = Result<T, Arc<Error>>;

/// A breakdown's key counts for each organization's window.
type KeyFactsByWindow = HashMap<(String, Window), Vec<KeyFacts>>;

/// What a batch of keys needs read, beyond the ledgers' instants.
#[derive(Default)]
struct Plan {
    instants: HashMap<String, (OrganizationRef, BTreeSet<DateTime<Utc>>)>,
    cost_span: Option<Window>,
    cost_orgs: BTreeSet<String>,
    booked_ahead: HashMap<DateTime<Utc>, BTreeSet<String>>,
    seen: HashMap<Window, BTreeSet<String>>,
    upcoming: HashMap<UpcomingQuery, Vec<OrganizationRef>>,
    visits: HashMap<String, (OrganizationRef, BTreeSet<Window>)>,
    breakdowns: HashMap<Dimension, Vec<(OrganizationRef, Window)>>,
}

impl Plan {
    fn of(keys: &[MetricKey], now: DateTime<Utc>) -> Self {
        let mut plan = Self::default();
        for key in keys {
            let org = &key.organization;
            let span = span(&key.query, org.timezone, now);
            let mut at = |instants: &[DateTime<Utc>]| {
                plan.instants
                    .entry(org.id.clone())
                    .or_insert_with(|| (org.clone(), BTreeSet::new()))
                    .1
                    .extend(instants)
            };
            match &key.query {
                MetricQuery::Bookings(_) | MetricQuery::Patients(_) => at(&ledger::instants(&span)),
                MetricQuery::Financial(_) => {
                    at(&ledger::instants(&span));
                    plan.count_seen_if_needed(org, span.window);
                }
                MetricQuery::Retention(_) => {
                    at(&ledger::instants(&span));
                    plan.count_seen_if_needed(org, span.window);
                    plan.visits_over(org, [span.window]);
                }
                MetricQuery::VisitOutcomes(_) => plan.visits_over(org, [span.window, unresolved_window(&span)]),
                MetricQuery::Breakdown(_, dimension) => {
                    let asked = plan.breakdowns.entry(*dimension).or_default();
                    if !asked.iter().any(|(o, w)| o.id == org.id && *w == span.window) {
                        asked.push((org.clone(), span.window));
                    }
                }
                MetricQuery::Automation(_) => {
                    at(&ledger::instants(&span));
                    let window = span.window;
                    plan.cost_orgs.insert(org.id.clone());
                    plan.cost_span = Some(plan.cost_span.map_or(window, |s| {
                        Window::new(s.start.min(window.start), s.end.max(window.end))
                    }));
                }
                MetricQuery::Charts(..) => {
                    let bounds: Vec<_> = chart_buckets(&key.query, org.timezone, span.window)
                        .iter()
                        .flat_map(|b| [b.span.start, b.span.end])
                        .collect();
                    at(&bounds);
                }
                MetricQuery::OutcomeTrend(..) => {
                    let buckets = chart_buckets(&key.query, org.timezone, span.window);
                    plan.visits_over(org, buckets.iter().map(|b| b.span));
                }
                MetricQuery::Summary(_) => {
                    at(&[span.as_of]);
                    plan.booked_ahead.entry(span.as_of).or_default().insert(org.id.clone());
                }
                MetricQuery::Reengagement(_) => at(&[span.as_of]),
                MetricQuery::Upcoming(upcoming) => plan.upcoming.entry(upcoming.clone()).or_default().push(org.clone()),
            }
        }
        plan
    }

    /// Counts the patients seen in `window` live, unless presence keeps them for its length.
    fn count_seen_if_needed(&mut self, org: &OrganizationRef, window: Window) {
        if ledger::presence_days(window).is_none() {
            self.seen.entry(window).or_default().insert(org.id.clone());
        }
    }

    /// Reads the visit series of `org` over `windows`.
    fn visits_over(&mut self, org: &OrganizationRef, windows: impl IntoIterator<Item = Window>) {
        self.visits
            .entry(org.id.clone())
            .or_insert_with(|| (org.clone(), BTreeSet::new()))
            .1
            .extend(windows);
    }
}

/// The part of the window before `asOf`, where an appointment still booked is unresolved.
fn unresolved_window(span: &Span) -> Window {
    let end = span.window.end.min(span.as_of).max(span.window.start);
    Window::new(span.window.start, end)
}

/// The whole days and edges that answer every window of an organization.
fn series_request(org: &OrganizationRef, windows: &BTreeSet<Window>) -> SeriesRequest {
    let splits: Vec<_> = windows.iter().map(|window| split_days(*window, org.timezone)).collect();
    let first = splits.iter().map(|split| split.days.0).min();
    let end = splits.iter().map(|split| split.days.1).max();
    let mut edges: Vec<Window> = splits.iter().flat_map(|split| split.edges.iter().copied()).collect();
    edges.sort_by_key(|edge| (edge.start, edge.end));
    edges.dedup();
    SeriesRequest {
        organization: org.id.clone(),
        days: (first.unwrap_or_default(), end.unwrap_or_default()),
        edges,
    }
}

/// What the reads returned.
struct Reads {
    ledgers: Shared<HashMap<String, Ledger>>,
    costs: Shared<HashMap<String, Vec<CostRow>>>,
    booked_ahead: HashMap<DateTime<Utc>, Shared<HashMap<String, Count>>>,
    seen: HashMap<Window, Shared<HashMap<String, Count>>>,
    upcoming: HashMap<UpcomingQuery, Shared<HashMap<String, Facts>>>,
    visits: Shared<HashMap<String, VisitSeries>>,
    breakdowns: HashMap<Dimension, Shared<KeyFactsByWindow>>,
}

async fn read(db: &Db, plan: Plan, now: DateTime<Utc>) -> Reads {
    let requests: Vec<_> = plan
        .instants
        .into_values()
        .map(|(org, instants)| (org, instants.into_iter().collect::<Vec<_>>()))
        .collect();
    let ledgers = async {
        if requests.is_empty() {
            return Ok(HashMap::new());
        }
        rollups::ledgers(db, &requests).await.map_err(Arc::new)
    };
    let cost_orgs: Vec<String> = plan.cost_orgs.into_iter().collect();
    let costs = async {
        match plan.cost_span {
            Some(window) => definitions::cost_rows(db, &cost_orgs, window).await.map_err(Arc::new),
            None => Ok(HashMap::new()),
        }
    };
    let booked_ahead = join_all(plan.booked_ahead.into_iter().map(|(at, orgs)| async move {
        let orgs: Vec<String> = orgs.into_iter().collect();
        (at, rollups::booked_ahead(db, &orgs, at).await.map_err(Arc::new))
    }));
    let seen = join_all(plan.seen.into_iter().map(|(window, orgs)| async move {
        let orgs: Vec<String> = orgs.into_iter().collect();
        (window, rollups::seen_between(db, &orgs, window).await.map_err(Arc::new))
    }));
    let upcoming = join_all(plan.upcoming.into_iter().map(|(query, orgs)| async move {
        let as_of = query.as_of.resolve(now);
        let pages = upcoming_pages(db, &query, &orgs, as_of).await.map_err(Arc::new);
        (query, pages)
    }));
    let series_requests: Vec<SeriesRequest> = plan
        .visits
        .values()
        .map(|(org, windows)| series_request(org, windows))
        .collect();
    let visits = async {
        if series_requests.is_empty() {
            return Ok(HashMap::new());
        }
        visits::series(db, &series_requests).await.map_err(Arc::new)
    };
    let breakdowns = join_all(plan.breakdowns.into_iter().map(|(dimension, asked)| async move {
        let requests: Vec<BreakdownRequest> = asked
            .iter()
            .map(|(org, window)| BreakdownRequest {
                series: series_request(org, &BTreeSet::from([*window])),
                window: *window,
            })
            .collect();
        let found = visits::breakdowns(db, dimension, &requests).await.map(|answers| {
            asked
                .iter()
                .map(|(org, window)| (org.id.clone(), *window))
                .zip(answers)
                .collect()
        });
        (dimension, found.map_err(Arc::new))
    }));
    let (ledgers, costs, booked_ahead, seen, upcoming, visits, breakdowns) =
        tokio::join!(ledgers, costs, booked_ahead, seen, upcoming, visits, breakdowns);
    Reads {
        ledgers,
        costs,
        booked_ahead: booked_ahead.into_iter().collect(),
        seen: seen.into_iter().collect(),
        upcoming: upcoming.into_iter().collect(),
        visits,
        breakdowns: breakdowns.into_iter().collect(),
    }
}

/// The facts of every key, each with its own outcome.
pub async fn facts(db: &Db, keys: &[MetricKey], now: DateTime<Utc>) -> HashMap<MetricKey, Shared<Facts>> {
    let reads = read(db, Plan::of(keys, now), now).await;
    keys.iter()
        .map(|key| (key.clone(), facts_of(&reads, key, now)))
        .collect()
}

fn facts_of(reads: &Reads, key: &MetricKey, now: DateTime<Utc>) -> Shared<Facts> {
    let org = &key.organization;
    let span = span(&key.query, org.timezone, now);
    let uncovered = || {
        Arc::new(Error::Internal(format!(
            "the rollup ledger of {} does not cover its window",
            org.id
        )))
    };
    let ledger = || -> Shared<&Ledger> {
        let ledgers = reads.ledgers.as_ref().map_err(Arc::clone)?;
        ledgers.get(&org.id).ok_or_else(uncovered)
    };
    let visit_series = || -> Shared<&VisitSeries> {
        let series = reads.visits.as_ref().map_err(Arc::clone)?;
        series.get(&org.id).ok_or_else(uncovered)
    };
    let count = |found: Option<&Shared<HashMap<String, Count>>>| -> Shared<i64> {
        let found = found.ok_or_else(uncovered)?.as_ref().map_err(Arc::clone)?;
        Ok(found.get(&org.id).map_or(0, |c| c.count))
    };
    // The patients seen in a window no kept presence span covers, counted live.
    let live_seen = || -> Shared<Option<i64>> {
        match ledger::presence_days(span.window) {
            Some(_) => Ok(None),
            None => count(reads.seen.get(&span.window)).map(Some),
        }
    };
    let facts = match &key.query {
        MetricQuery::Bookings(_) => ledger::booking_facts(ledger()?, &span).map(Facts::Bookings),
        MetricQuery::Patients(_) => ledger::patient_facts(ledger()?, &span).map(Facts::Patients),
        MetricQuery::Financial(_) => ledger::financial_facts(ledger()?, &span, live_seen()?).map(Facts::Financial),
        MetricQuery::Retention(_) => {
            let live = live_seen()?;
            let series = visit_series()?;
            ledger::patients_seen(ledger()?, span.window, live).and_then(|patients_seen| {
                Some(Facts::Retention(RetentionFacts {
                    patients_seen,
                    window: series.within(span.window, org.timezone)?,
                }))
            })
        }
        MetricQuery::VisitOutcomes(_) => {
            let series = visit_series()?;
            let window = series.within(span.window, org.timezone);
            let unresolved = series.within(unresolved_window(&span), org.timezone);
            window.zip(unresolved).map(|(window, unresolved)| {
                Facts::VisitOutcomes(OutcomeFacts {
                    window,
                    unresolved: unresolved.booked,
                })
            })
        }
        MetricQuery::Breakdown(_, dimension) => {
            let found = reads.breakdowns.get(dimension).ok_or_else(uncovered)?;
            let found = found.as_ref().map_err(Arc::clone)?;
            found.get(&(org.id.clone(), span.window)).cloned().map(Facts::Breakdown)
        }
        MetricQuery::Automation(_) => {
            let costs = reads.costs.as_ref().map_err(Arc::clone)?;
            let rows = costs.get(&org.id).map(Vec::as_slice).unwrap_or_default();
            ledger::automation_facts(ledger()?, &span).map(|facts| {
                Facts::Automation(crate::analytics::metrics::AutomationFacts {
                    costs: operational_costs(rows, span.window, org.timezone),
                    ..facts
                })
            })
        }
        MetricQuery::Charts(..) => {
            ledger::bucket_facts(ledger()?, &chart_buckets(&key.query, org.timezone, span.window)).map(Facts::Charts)
        }
        MetricQuery::OutcomeTrend(..) => {
            let series = visit_series()?;
            chart_buckets(&key.query, org.timezone, span.window)
                .iter()
                .map(|bucket| series.within(bucket.span, org.timezone))
                .collect::<Option<Vec<_>>>()
                .map(Facts::OutcomeTrend)
        }
        MetricQuery::Summary(_) => {
            let ahead = count(reads.booked_ahead.get(&span.as_of))?;
            ledger::summary_facts(ledger()?, span.as_of, ahead).map(Facts::Summary)
        }
        MetricQuery::Reengagement(_) => ledger::reengagement_facts(ledger()?, span.as_of).map(Facts::Reengagement),
        MetricQuery::Upcoming(query) => {
            let pages = reads
                .upcoming
                .get(query)
                .ok_or_else(uncovered)?
                .as_ref()
                .map_err(Arc::clone)?;
            pages.get(&org.id).cloned()
        }
    };
    facts.ok_or_else(uncovered)
}
