//! Phase 1: the full dashboard of the large organization executed in process with an empty cache, from the rollups
//! and from the plain definitions, which must give the same figures.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use clinic_analytics::analytics::window::Timeframe;
use clinic_analytics::auth::{Grant, Principal};
use clinic_analytics::cli::progress::Progress;
use clinic_analytics::cli::seed::current_second;
use clinic_analytics::config::ServeArgs;
use clinic_analytics::dashboard::FactSource;
use clinic_analytics::db::{self, Db};
use clinic_analytics::http::AppState;
use clinic_analytics::startup;
use serde_json::{Value, json};

use crate::queries::{FULL_DASHBOARD, PRACTICE_DASHBOARD};
use crate::report::Cold;
use crate::stats::latencies;
use crate::{Failure, Result};

/// The windows measured: the four rolling timeframes, last calendar year and quarter, and the 365 and 366 local days
/// before `as_of`'s (each named as the report shows it, with its `window` argument). A quarter or 366 days is not a
/// kept presence span, so they show what counting the patients seen live costs.
fn windows(as_of: DateTime<Utc>) -> Vec<(String, Value)> {
    let mut windows: Vec<(String, Value)> = Timeframe::ALL
        .into_iter()
        .map(|timeframe| {
            (
                graphql_timeframe(timeframe).to_owned(),
                json!({ "last": graphql_timeframe(timeframe) }),
            )
        })
        .collect();
    windows.push(("period: LAST_YEAR".into(), json!({ "period": "LAST_YEAR" })));
    windows.push(("period: LAST_QUARTER".into(), json!({ "period": "LAST_QUARTER" })));
    for days in [365, 366] {
        let (from, to) = (
            as_of.date_naive() - Duration::days(days),
            as_of.date_naive() - Duration::days(1),
        );
        windows.push((
            format!("range: {from} to {to} ({days} days)"),
            json!({ "range": { "from": from.to_string(), "to": to.to_string() } }),
        ));
    }
    windows
}

/// Every (document, window) measured: the brief's full dashboard over each window, and the practice dashboard (the
/// brief's groups, visit outcomes, retention and all three breakdowns) over the last 365 days.
fn dashboards(as_of: DateTime<Utc>) -> Vec<(&'static str, String, Value)> {
    let mut dashboards: Vec<(&'static str, String, Value)> = windows(as_of)
        .into_iter()
        .map(|(window, argument)| (FULL_DASHBOARD, window, argument))
        .collect();
    dashboards.push((
        PRACTICE_DASHBOARD,
        PRACTICE_WINDOW.to_owned(),
        json!({ "last": "LAST_365_DAYS" }),
    ));
    dashboards
}

/// How the report names the practice dashboard's row.
pub const PRACTICE_WINDOW: &str = "practice dashboard, LAST_365_DAYS";

/// Executes the full dashboard in-process with an empty cache `samples` times per window, from the rollups and from
/// the definitions, checking both give the same figures.
pub async fn cold_dashboards(
    serve: &ServeArgs,
    large: &str,
    ids: &[String],
    samples: u32,
    progress: &Progress,
) -> Result<Vec<Cold>> {
    let db = Db::new(db::connect_quietly(&serve.database).await?);
    let rollups = startup::build(db.clone(), serve, FactSource::Rollups);
    let definitions = startup::build(db, serve, FactSource::Definitions);
    let principal = Principal {
        grant: std::sync::Arc::new(Grant {
            subject: None,
            organizations: ids.into(),
            caller: "bench".into(),
            expires_at: None,
        }),
        organization: large.to_owned(),
    };
    // One instant for both sources, so they count over exactly the same windows.
    let as_of = current_second();
    let mut results = Vec::new();
    for (document, window, argument) in dashboards(as_of) {
        let variables = json!({ "org": large, "window": argument, "asOf": as_of.to_rfc3339() });
        let run = |state: AppState, count: u32| {
            let (principal, variables) = (principal.clone(), variables.clone());
            async move {
                let mut times = Vec::new();
                let mut data = Value::Null;
                for _ in 0..count {
                    state.dashboard.cache().invalidate_all();
                    let request = async_graphql::Request::new(document)
                        .variables(async_graphql::Variables::from_json(variables.clone()));
                    let started = Instant::now();
                    let (response, _) = state.execute(request, Some(principal.clone())).await;
                    times.push(started.elapsed());
                    if !response.errors.is_empty() {
                        return Err(Failure::new(format!("the dashboard failed: {:?}", response.errors)));
                    }
                    data = without_meta(response.data.into_json().unwrap_or_default());
                }
                Ok::<_, Failure>((times, data))
            }
        };
        run(rollups.clone(), 2).await?;
        let (mut rolled_up, rolled_up_data) = run(rollups.clone(), samples).await?;
        let (mut plain, plain_data) = run(definitions.clone(), (samples / 5).max(3)).await?;
        if rolled_up_data != plain_data {
            return Err(Failure::new(format!(
                "the rollups and the definitions disagree for {window}"
            )));
        }
        let cold = Cold {
            window,
            rollups: latencies(&mut rolled_up),
            definitions: latencies(&mut plain),
        };
        progress.say(format!(
            "  {}: rollups p50 {:.1} ms, definitions p50 {:.1} ms ({:.0}x)",
            cold.window,
            cold.rollups.p50,
            cold.definitions.p50,
            cold.definitions.p50 / cold.rollups.p50
        ));
        results.push(cold);
    }
    Ok(results)
}

/// The schema's name of a timeframe.
pub fn graphql_timeframe(timeframe: Timeframe) -> &'static str {
    match timeframe {
        Timeframe::Last7Days => "LAST_7_DAYS",
        Timeframe::Last30Days => "LAST_30_DAYS",
        Timeframe::Last90Days => "LAST_90_DAYS",
        Timeframe::Last365Days => "LAST_365_DAYS",
    }
}

/// The data without `meta` (freshness and computation times differ between runs by design).
fn without_meta(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            map.remove("meta");
            for item in map.values_mut() {
                *item = without_meta(item.take());
            }
        }
        Value::Array(items) => {
            for item in items {
                *item = without_meta(item.take());
            }
        }
        _ => {}
    }
    value
}
