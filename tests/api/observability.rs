//! What operators see: Prometheus metrics with conventional names, units and labels.

use std::collections::HashMap;

use serde_json::json;
use sqlx::PgPool;

use crate::app::TestApp;
use crate::fixtures::known_clinic;

/// A parsed exposition: every sample by metric name, and each family's declared type.
struct Exposition {
    types: HashMap<String, String>,
    samples: Vec<(String, HashMap<String, String>, f64)>,
}

impl Exposition {
    /// Parses the Prometheus text format, failing on any malformed line.
    fn parse(text: &str) -> Self {
        let mut types = HashMap::new();
        let mut samples = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if let Some(declaration) = line.strip_prefix("# TYPE ") {
                let (name, kind) = declaration.split_once(' ').expect("# TYPE name kind");
                types.insert(name.to_owned(), kind.to_owned());
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value in {line}"));
            let value: f64 = value.parse().unwrap_or_else(|_| panic!("bad value in {line}"));
            let (name, labels) = match series.split_once('{') {
                Some((name, labels)) => (
                    name,
                    labels.strip_suffix('}').unwrap_or_else(|| panic!("unclosed {line}")),
                ),
                None => (series, ""),
            };
            let labels = labels
                .split("\",")
                .filter(|l| !l.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once("=\"").unwrap_or_else(|| panic!("bad label in {line}"));
                    (key.to_owned(), value.trim_end_matches('"').to_owned())
                })
                .collect();
            samples.push((name.to_owned(), labels, value));
        }
        Self { types, samples }
    }

    fn kind(&self, family: &str) -> &str {
        self.types.get(family).map(String::as_str).unwrap_or("<undeclared>")
    }

    /// The value of the first sample of `name` having all of `labels`.
    fn value(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        self.samples
            .iter()
            .find(|(n, l, _)| n == name && labels.iter().all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v)))
            .map(|(_, _, value)| *value)
    }
}

#[sqlx::test]
async fn metrics_expose_requests_caches_queries_fallbacks_pool_and_build(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::with(pool.clone(), &["--db-max-connections", "5"]).await;
    let dashboard = r#"query KnownDashboard { organization(id: "org_known") {
        bookingMetrics(asOf: "2026-03-15T00:00:00Z") { totalBookings }
        automationMetrics(asOf: "2026-03-15T00:00:00Z") { totalContacts } } }"#;
    app.query("org_known", dashboard).await;
    app.query("org_known", dashboard).await;
    app.post(&[("x-organization-id", "org_known")], json!({ "query": dashboard }))
        .await;
    sqlx::query("alter table automation_costs rename to automation_costs_elsewhere")
        .execute(&pool)
        .await
        .unwrap();
    app.query(
        "org_known",
        r#"{ organization(id: "org_known") { automationMetrics(timeframe: LAST_7_DAYS) { totalContacts } } }"#,
    )
    .await;

    let answer = app.get("/metrics").await;

    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.headers["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let metrics = Exposition::parse(answer.body.as_str().unwrap());
    for (family, kind) in [
        ("graphql_request_duration_seconds", "histogram"),
        ("graphql_requests_total", "counter"),
        ("metric_cache_lookups_total", "counter"),
        ("response_cache_lookups_total", "counter"),
        ("metric_fallbacks_total", "counter"),
        ("db_query_duration_seconds", "histogram"),
        ("db_pool_connections", "gauge"),
        ("db_pool_max_connections", "gauge"),
        ("db_pool_waiting", "gauge"),
        ("clinic_analytics_build_info", "gauge"),
    ] {
        assert_eq!(metrics.kind(family), kind, "{family}");
    }
    let org = ("organization", "org_known");
    let operation = ("operation", "KnownDashboard");
    assert!(
        metrics
            .value("graphql_request_duration_seconds_count", &[org, operation])
            .unwrap()
            >= 2.0
    );
    assert!(
        metrics
            .value(
                "graphql_request_duration_seconds_bucket",
                &[org, operation, ("le", "+Inf")]
            )
            .is_some()
    );
    assert!(
        metrics
            .value("graphql_requests_total", &[org, operation, ("outcome", "ok")])
            .unwrap()
            >= 2.0
    );
    assert!(
        metrics
            .value(
                "graphql_requests_total",
                &[("outcome", "refused"), ("code", "UNAUTHORIZED")]
            )
            .is_some()
    );
    assert!(
        metrics
            .value(
                "metric_cache_lookups_total",
                &[("group", "bookings"), ("result", "miss")]
            )
            .is_some()
    );
    assert!(
        metrics
            .value("response_cache_lookups_total", &[("result", "hit")])
            .is_some()
    );
    assert!(
        metrics
            .value(
                "metric_fallbacks_total",
                &[("group", "automation"), ("outcome", "none")]
            )
            .is_some()
    );
    assert!(
        metrics
            .value("db_query_duration_seconds_count", &[("query", "rollups.ledger")])
            .is_some()
    );
    assert!(
        metrics
            .value("db_query_errors_total", &[("query", "costs"), ("kind", "other")])
            .is_some()
    );
    assert_eq!(metrics.value("db_pool_max_connections", &[]), Some(5.0));
    assert!(metrics.value("db_pool_connections", &[("state", "idle")]).is_some());
    assert_eq!(
        metrics.value("clinic_analytics_build_info", &[("version", env!("CARGO_PKG_VERSION"))]),
        Some(1.0)
    );
}

#[sqlx::test]
async fn every_series_with_known_labels_exists_before_anything_has_happened(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let answer = app.get("/metrics").await;

    let metrics = Exposition::parse(answer.body.as_str().unwrap());
    let groups = [
        "bookings",
        "patients",
        "financial",
        "automation",
        "charts",
        "summary",
        "reengagement",
        "upcoming",
        "visit_outcomes",
        "retention",
        "breakdown",
    ];
    for group in groups {
        for result in ["hit", "miss"] {
            let labels = [("group", group), ("result", result)];
            assert!(
                metrics.value("metric_cache_lookups_total", &labels).is_some(),
                "{labels:?}"
            );
        }
    }
    for group in groups.iter().chain(&["organization"]) {
        for reason in ["unreachable", "busy", "timed_out", "other"] {
            for outcome in ["stale", "none"] {
                let labels = [("group", *group), ("reason", reason), ("outcome", outcome)];
                assert!(metrics.value("metric_fallbacks_total", &labels).is_some(), "{labels:?}");
            }
        }
    }
    for code in [
        "UNAUTHORIZED",
        "FORBIDDEN",
        "BAD_USER_INPUT",
        "RATE_LIMITED",
        "QUERY_LIMIT_EXCEEDED",
    ] {
        assert!(
            metrics.value("requests_refused_total", &[("code", code)]).is_some(),
            "{code}"
        );
    }
    for scope in ["caller", "organization"] {
        assert!(
            metrics
                .value("rate_limited_requests_total", &[("scope", scope)])
                .is_some(),
            "{scope}"
        );
    }
    for family in [
        "db_circuit_breaker_open",
        "db_pool_waiting",
        "db_pool_acquire_timeouts_total",
        "graphql_stale_responses_total",
        "live_connections",
        "live_subscriptions",
        "live_updates_total",
        "replica_lag_seconds",
        "replica_lag_bytes",
        "replica_fallbacks_total",
        "rate_limit_backend_errors_total",
    ] {
        assert!(metrics.value(family, &[]).is_some(), "{family}");
    }
    assert_eq!(metrics.kind("change_feed_lag_seconds"), "histogram");
}
