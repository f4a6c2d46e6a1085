//! Phase 5: what the service's request path costs beyond the framework's. wrk (one thread, 64 connections) drives, in
//! alternating rounds, a bare axum + async-graphql server answering `{ __typename }` (the bound), the service answering
//! `{ __typename }`, and the service answering a full dashboard from its response cache; the medians are reported.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};
use async_graphql_axum::GraphQL;
use axum::Router;
use axum::http::HeaderValue;
use axum::routing::post_service;
use clinic_analytics::cli::progress::Progress;
use serde_json::json;

use crate::client::Connection;
use crate::queries::FULL_DASHBOARD;
use crate::service::free_address;
use crate::{BARE, Failure, Result};

/// Rounds of the three runs; the medians are reported.
const ROUNDS: usize = 3;

/// What the phase measured: requests per second, the median of the rounds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overhead {
    /// The bare server's `{ __typename }`.
    pub bare: f64,
    /// The service's `{ __typename }`.
    pub empty: f64,
    /// The service's full dashboard, from the response cache.
    pub dashboard: f64,
    /// Seconds each run lasted.
    pub seconds: u64,
}

struct Query;

#[Object]
impl Query {
    /// A field, so the schema is valid; `{ __typename }` does not read it.
    async fn ready(&self) -> bool {
        true
    }
}

/// Serves the bare server on `address` until the process is stopped.
pub async fn serve_bare(address: &str) -> std::io::Result<()> {
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription).finish();
    let app = Router::new().route("/graphql", post_service(GraphQL::new(schema)));
    axum::serve(tokio::net::TcpListener::bind(address).await?, app).await
}

/// Runs the phase against the service at `service`, whose requests carry `authorization` about `organization`.
pub async fn measure(
    service: SocketAddr,
    authorization: &HeaderValue,
    organization: &str,
    seconds: u64,
    progress: &Progress,
) -> Result<Overhead> {
    if Command::new("wrk").arg("--version").output().is_err() {
        return Err(Failure::new(
            "wrk is needed to measure the request path (Debian and Ubuntu: `apt-get install wrk`)",
        ));
    }
    let work = std::env::temp_dir().join(format!("clinic-analytics-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let empty = json!({ "query": "{ __typename }" });
    let dashboard = json!({
        "query": FULL_DASHBOARD,
        "variables": { "org": organization, "timeframe": "LAST_30_DAYS" },
    });
    let no_headers: [(&str, &str); 0] = [];
    let credentials = [
        ("Authorization", authorization.to_str().unwrap_or_default()),
        ("X-Organization-ID", organization),
    ];
    let empty_script = script(&work.join("empty.lua"), &empty, &no_headers)?;
    let dashboard_script = script(&work.join("dashboard.lua"), &dashboard, &credentials)?;
    // The dashboard's first answer fills the response cache; every later one is a hit.
    let mut connection = Connection::open(service).await?;
    let warm_up = crate::warm::prepared(FULL_DASHBOARD, organization, Some("LAST_30_DAYS"));
    connection.graphql(authorization, &warm_up).await?;

    let bare_address = free_address()?;
    let _bare = BareServer::start(bare_address).await?;
    let (mut bare, mut empties, mut dashboards) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=ROUNDS {
        bare.push(wrk(bare_address, &empty_script, seconds)?);
        empties.push(wrk(service, &empty_script, seconds)?);
        dashboards.push(wrk(service, &dashboard_script, seconds)?);
        progress.say(format!(
            "  round {round}/{ROUNDS}: bare {:.0}, service {:.0}, cached dashboard {:.0} requests/s",
            bare[round - 1],
            empties[round - 1],
            dashboards[round - 1]
        ));
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(Overhead {
        bare: median(&mut bare),
        empty: median(&mut empties),
        dashboard: median(&mut dashboards),
        seconds,
    })
}

/// A wrk script POSTing `body` with `headers`.
fn script(path: &Path, body: &serde_json::Value, headers: &[(&str, &str)]) -> Result<std::path::PathBuf> {
    let mut text = String::from("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
    for (name, value) in headers {
        text.push_str(&format!("wrk.headers[{}] = {}\n", json!(name), json!(value)));
    }
    text.push_str(&format!("wrk.body = {}\n", json!(body.to_string())));
    std::fs::write(path, text)?;
    Ok(path.to_owned())
}

/// Requests per second wrk achieved against `address` for `seconds`, every answer a 200.
fn wrk(address: SocketAddr, script: &Path, seconds: u64) -> Result<f64> {
    let output = Command::new("wrk")
        .args(["-t1", "-c64", &format!("-d{seconds}s"), "-s"])
        .arg(script)
        .arg(format!("http://{address}/graphql"))
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        return Err(Failure::new(format!("some requests were refused under wrk:\n{text}")));
    }
    text.lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|rate| rate.trim().parse().ok())
        .ok_or_else(|| Failure::new(format!("wrk printed no rate:\n{text}")))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The bare server, in a process of its own (this binary, serving as the bare server).
struct BareServer(Child);

impl BareServer {
    async fn start(address: SocketAddr) -> Result<Self> {
        let child = Command::new(std::env::current_exe()?)
            .arg(BARE)
            .arg(address.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        let server = Self(child);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if Connection::open(address).await.is_ok() {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(Failure::new("the bare server did not listen within 10 s"))
    }
}

impl Drop for BareServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
