//! Phases 2 to 4: the warm service under load, a cold storm after every cache is dropped, and freshness after
//! committed writes, all over HTTP against the service in a process of its own.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use chrono::Utc;
use clinic_analytics::cli::progress::Progress;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::BenchArgs;
use crate::client::{Connection, LoadRun, Picker, Prepared, closed_loop, open_loop};
use crate::queries::{FULL_DASHBOARD, VIEWS};
use crate::report::Warm;
use crate::{Failure, Result};

pub fn prepared(query: &str, organization: &str, timeframe: Option<&str>) -> Prepared {
    let mut variables = json!({ "org": organization });
    if let Some(timeframe) = timeframe {
        variables["timeframe"] = json!(timeframe);
    }
    Prepared {
        body: serde_json::to_vec(&json!({ "query": query, "variables": variables }))
            .expect("JSON serializes")
            .into(),
        organization: HeaderValue::from_str(organization).expect("ids are valid headers"),
    }
}

/// The warm mix: every organization, each of four dashboard views.
fn mix(ids: &[String]) -> Vec<Prepared> {
    ids.iter()
        .flat_map(|id| {
            std::iter::once(prepared(FULL_DASHBOARD, id, Some("LAST_30_DAYS")))
                .chain(VIEWS.iter().map(move |view| prepared(view, id, None)))
        })
        .collect()
}

fn cycling(requests: Vec<Prepared>) -> Picker {
    let requests = Arc::new(requests);
    Arc::new(move |n| {
        // A multiplicative hash spreads consecutive requests over organizations and views.
        let index = (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % requests.len();
        requests[index].clone()
    })
}

pub async fn warm(
    address: SocketAddr,
    authorization: &HeaderValue,
    ids: &[String],
    args: &BenchArgs,
    progress: &Progress,
) -> Result<Warm> {
    let duration = Duration::from_secs(args.seconds);
    let mix = mix(ids);
    let mut connection = Connection::open(address).await?;
    for request in &mix {
        connection.graphql(authorization, request).await?;
    }
    let dashboards: Vec<Prepared> = ids
        .iter()
        .map(|id| prepared(FULL_DASHBOARD, id, Some("LAST_30_DAYS")))
        .collect();
    let typename = vec![Prepared {
        body: br#"{"query":"{ __typename }"}"#.as_slice().into(),
        organization: HeaderValue::from_str(&ids[0]).expect("ids are valid headers"),
    }];

    let auth = authorization.clone();
    let mixed = closed_loop(address, auth.clone(), args.clients, duration, cycling(mix.clone())).await?;
    progress.say(format!("  dashboard mix: {:.0} requests/s", mixed.throughput()));
    let full = closed_loop(address, auth.clone(), args.clients, duration, cycling(dashboards)).await?;
    progress.say(format!("  cached full dashboard: {:.0} requests/s", full.throughput()));
    let empty = closed_loop(address, auth.clone(), args.clients, duration, cycling(typename)).await?;
    progress.say(format!("  {{ __typename }}: {:.0} requests/s", empty.throughput()));
    let steady = open_loop(address, auth, args.clients, args.rate, duration, cycling(mix)).await?;
    progress.say(format!(
        "  steady {} requests/s: {:.0} achieved",
        args.rate,
        steady.throughput()
    ));
    Ok(Warm::from_runs(mixed, full, empty, steady))
}

/// Drops every cache of the service (through the same notifications the sync's writes send), then asks each
/// organization for its full dashboard at once; five rounds.
pub async fn storm(
    address: SocketAddr,
    authorization: &HeaderValue,
    ids: &[String],
    admin: &PgPool,
) -> Result<LoadRun> {
    let requests: Vec<Prepared> = ids
        .iter()
        .map(|id| prepared(FULL_DASHBOARD, id, Some("LAST_30_DAYS")))
        .collect();
    let mut connections = Vec::new();
    for _ in &requests {
        connections.push(Connection::open(address).await?);
    }
    let mut total = LoadRun::default();
    for _ in 0..5 {
        sqlx::query(
            "select pg_notify('clinic_analytics_changes', json_build_object('organization_id', id, 'table', 'organizations')::text)
             from unnest($1::text[]) as id",
        )
        .bind(ids)
        .execute(admin)
        .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let round = futures_util::future::try_join_all(connections.iter_mut().zip(&requests).map(
            |(connection, request)| async move {
                let sent = Instant::now();
                let (status, body) = connection.graphql(authorization, request).await?;
                Ok::<_, Failure>((status, body, sent.elapsed()))
            },
        ))
        .await?;
        for (status, body, latency) in round {
            total.latencies.push(latency);
            total.failures += u64::from(status != StatusCode::OK);
            if !body.windows(11).any(|w| w == b"\"REAL_TIME\"") {
                return Err(Failure::new(
                    "a storm request was served from a cache that should be empty",
                ));
            }
        }
        total.elapsed += started.elapsed();
    }
    Ok(total)
}

/// Commits 100 bookings, each for one of the organizations, and times until its (cached) dashboard shows it. The
/// dashboard is asked as of a fixed instant, so only these bookings change its count.
pub async fn freshness(
    address: SocketAddr,
    authorization: &HeaderValue,
    ids: &[String],
    admin: &PgPool,
) -> Result<Vec<Duration>> {
    const QUERY: &str = r#"query($org: ID!, $asOf: DateTime) { organization(id: $org) {
        bookingMetrics(timeframe: LAST_7_DAYS, asOf: $asOf) { totalBookings } } }"#;
    let as_of = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let mut connection = Connection::open(address).await?;
    let mut delays = Vec::new();
    let bookings = |body: &[u8]| -> Result<i64> {
        let value: Value = serde_json::from_slice(body).map_err(|e| Failure::new(e.to_string()))?;
        value
            .pointer("/data/organization/bookingMetrics/totalBookings")
            .and_then(Value::as_i64)
            .ok_or_else(|| Failure::new(format!("no bookings in {value}")))
    };
    for write in 0..100 {
        let org = &ids[write % ids.len()];
        let request = Prepared {
            body: serde_json::to_vec(&json!({ "query": QUERY, "variables": { "org": org, "asOf": as_of } }))
                .expect("JSON serializes")
                .into(),
            organization: HeaderValue::from_str(org).expect("ids are valid headers"),
        };
        let before = bookings(&connection.graphql(authorization, &request).await?.1)?;
        // Twice, so the second answer is certainly the cached one.
        connection.graphql(authorization, &request).await?;
        sqlx::query(
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source)
             select $1, 'bench_' || $2, p.id, now() - interval '1 minute', now() + interval '2 days', 'booked', 'online'
             from patients p where p.organization_id = $1 limit 1",
        )
        .bind(org)
        .bind(format!("{}_{write}", Utc::now().timestamp_micros()))
        .execute(admin)
        .await?;
        let committed = Instant::now();
        loop {
            let now = bookings(&connection.graphql(authorization, &request).await?.1)?;
            if now > before {
                delays.push(committed.elapsed());
                break;
            }
            if committed.elapsed() > Duration::from_secs(10) {
                return Err(Failure::new(format!("a booking of {org} did not show within 10 s")));
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    sqlx::query("delete from appointments where id like 'bench\\_%'")
        .execute(admin)
        .await?;
    Ok(delays)
}
