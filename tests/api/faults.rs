//! Real faults between the service and PostgreSQL: warm organizations are answered stale, cold ones fail cleanly, the
//! service recovers within two seconds, slow statements are cut, and nothing crosses organizations.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::app::{Answer, TestApp, serve_args};
use crate::fixtures::{known_clinic, sydney_clinic};
use crate::proxy::Proxy;

const POSTGRES: &str = "127.0.0.1:5432";

const KNOWN: &str = r#"{ organization(id: "org_known") { name
    bookingMetrics(timeframe: LAST_7_DAYS, asOf: "2026-03-15T00:00:00Z") { totalBookings meta { freshness staleReason } }
    patientMetrics(timeframe: LAST_7_DAYS, asOf: "2026-03-15T00:00:00Z") { totalPatients activePatients meta { freshness } } } }"#;
const SYDNEY: &str = r#"{ organization(id: "org_syd") { name
    bookingMetrics(timeframe: LAST_7_DAYS, asOf: "2026-10-06T13:00:00Z") { totalBookings meta { freshness } } } }"#;

/// The test database's two clinics, and the service reaching it through a proxy.
pub async fn through_proxy(
    connect: PgConnectOptions,
    statement_timeout_ms: &str,
    extra: &[&str],
) -> (TestApp, Proxy, PgPool) {
    let direct = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(connect.clone())
        .await
        .unwrap();
    known_clinic(&direct).await;
    sydney_clinic(&direct).await;
    let proxy = Proxy::start(POSTGRES.parse::<SocketAddr>().unwrap()).await;
    let proxied = crate::app::service_options(&direct)
        .await
        .port(proxy.port)
        .options([("statement_timeout", statement_timeout_ms), ("jit", "off")]);
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(1))
        .connect_with(proxied)
        .await
        .unwrap();
    let app = TestApp::over(pool, serve_args(extra));
    (app, proxy, direct)
}

fn freshness(answer: &Answer, group: &str) -> String {
    answer
        .data(&format!("/organization/{group}/meta/freshness"))
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[sqlx::test]
async fn warm_organizations_are_answered_stale_while_the_database_is_cut_and_real_time_again_within_two_seconds(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let (app, proxy, _direct) = through_proxy(connect, "5000", &[]).await;
    let warm_known = app.query("org_known", KNOWN).await;
    let warm_sydney = app.query("org_syd", SYDNEY).await;
    assert_eq!(freshness(&warm_known, "bookingMetrics"), "REAL_TIME");

    proxy.cut();
    app.state.dashboard.cache().invalidate_all();
    let attempts_before = proxy.attempts();
    let mut answers = Vec::new();
    for _ in 0..30 {
        answers.push(app.query("org_known", KNOWN).await);
        answers.push(app.query("org_syd", SYDNEY).await);
    }
    let attempts_during = proxy.attempts() - attempts_before;

    for answer in answers.iter().step_by(2) {
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(freshness(answer, "bookingMetrics"), "STALE");
        assert_eq!(answer.data("/organization/name"), "Known Clinic");
        assert_eq!(
            answer.data("/organization/bookingMetrics/totalBookings"),
            warm_known.data("/organization/bookingMetrics/totalBookings")
        );
        let reason = answer
            .data("/organization/bookingMetrics/meta/staleReason")
            .as_str()
            .unwrap();
        assert!(
            reason.starts_with("the database cannot be reached; showing the figures computed at "),
            "{reason}"
        );
    }
    for answer in answers.iter().skip(1).step_by(2) {
        assert_eq!(answer.status, 200);
        assert_eq!(answer.data("/organization/name"), "Sydney Clinic");
        assert_eq!(
            answer.data("/organization/bookingMetrics/totalBookings"),
            warm_sydney.data("/organization/bookingMetrics/totalBookings")
        );
    }
    // The breaker sends requests to their fallback instead of trying the database each time.
    assert!(
        attempts_during <= 10,
        "{attempts_during} connection attempts during the outage"
    );

    proxy.restore();
    let restored = Instant::now();
    let mut answer = app.query("org_known", KNOWN).await;
    while freshness(&answer, "bookingMetrics") != "REAL_TIME" && restored.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        app.state.dashboard.cache().invalidate_all();
        answer = app.query("org_known", KNOWN).await;
    }
    assert_eq!(freshness(&answer, "bookingMetrics"), "REAL_TIME");
    assert!(
        restored.elapsed() < Duration::from_secs(2),
        "recovered after {:?}",
        restored.elapsed()
    );
}

#[sqlx::test]
async fn cold_metric_groups_fail_with_calculation_error_while_the_rest_of_the_answer_stands(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let (app, proxy, _direct) = through_proxy(connect, "5000", &[]).await;
    app.query("org_known", r#"{ organization(id: "org_known") { name } }"#)
        .await;

    proxy.cut();
    let answer = app
        .post(
            &[
                ("authorization", &format!("Bearer {}", TestApp::token(&["org_known"]))),
                ("x-organization-id", "org_known"),
                ("x-request-id", "outage-1"),
            ],
            json!({ "query": KNOWN }),
        )
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.data("/organization/name"), "Known Clinic");
    assert_eq!(answer.data("/organization/bookingMetrics"), &Value::Null);
    assert_eq!(answer.error_codes(), ["CALCULATION_ERROR", "CALCULATION_ERROR"]);
    assert_eq!(
        answer.body["errors"][0]["extensions"]["details"],
        json!({ "request_id": "outage-1" })
    );
}

#[sqlx::test]
async fn an_organization_never_read_cannot_be_answered_while_the_database_is_cut(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let (app, proxy, _direct) = through_proxy(connect, "5000", &[]).await;
    let before = organization_fallbacks_without_value(&app).await;

    proxy.cut();
    let answer = app.query("org_known", KNOWN).await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["data"], serde_json::Value::Null);
    assert_eq!(answer.error_codes(), ["CALCULATION_ERROR"]);
    assert!(!answer.body.to_string().contains("connection"), "{}", answer.body);
    // Counted as a fallback with nothing to fall back to, before any metric group was reached.
    assert!(organization_fallbacks_without_value(&app).await > before);
}

/// `metric_fallbacks_total` of the organization lookup with outcome `none`, over every reason.
async fn organization_fallbacks_without_value(app: &TestApp) -> f64 {
    let answer = app.get("/metrics").await;
    answer
        .body
        .as_str()
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("metric_fallbacks_total{") && line.contains("group=\"organization\""))
        .filter(|line| line.contains("outcome=\"none\""))
        .filter_map(|line| line.rsplit_once(' ')?.1.parse::<f64>().ok())
        .sum()
}

#[sqlx::test]
async fn a_statement_held_up_by_a_lock_is_cut_by_the_statement_timeout_and_answered_stale(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let (app, _proxy, direct) = through_proxy(connect, "300", &[]).await;
    app.query("org_known", KNOWN).await;
    let mut blocker = direct.begin().await.unwrap();
    sqlx::query("lock table daily_rollups in access exclusive mode")
        .execute(&mut *blocker)
        .await
        .unwrap();

    app.state.dashboard.cache().invalidate_all();
    let started = Instant::now();
    let answer = app.query("org_known", KNOWN).await;
    let took = started.elapsed();
    blocker.rollback().await.unwrap();

    assert_eq!(answer.status, 200);
    assert_eq!(freshness(&answer, "bookingMetrics"), "STALE");
    let reason = answer
        .data("/organization/bookingMetrics/meta/staleReason")
        .as_str()
        .unwrap();
    assert!(reason.starts_with("computing the figures took too long"), "{reason}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[sqlx::test]
async fn a_request_running_past_its_time_limit_is_answered_503(_: PgPoolOptions, connect: PgConnectOptions) {
    let (app, _proxy, direct) = through_proxy(connect, "10000", &["--request-timeout-ms", "300"]).await;
    let mut blocker = direct.begin().await.unwrap();
    sqlx::query("lock table daily_rollups in access exclusive mode")
        .execute(&mut *blocker)
        .await
        .unwrap();

    let started = Instant::now();
    let answer = app.query("org_known", KNOWN).await;
    let took = started.elapsed();
    blocker.rollback().await.unwrap();

    assert_eq!(answer.status, 503);
    assert_eq!(answer.error_codes(), ["CALCULATION_ERROR"]);
    assert_eq!(
        answer.body["errors"][0]["message"],
        "the figures could not be calculated; the failure is logged under the request id"
    );
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

#[sqlx::test]
async fn readiness_follows_the_database_and_liveness_does_not(_: PgPoolOptions, connect: PgConnectOptions) {
    let (app, proxy, _direct) = through_proxy(connect, "5000", &[]).await;

    let ready = app.get("/readyz").await;
    proxy.cut();
    let not_ready = app.get("/readyz").await;
    let alive = app.get("/healthz").await;

    assert_eq!(ready.status, 200);
    assert_eq!(not_ready.status, 503);
    assert_eq!(not_ready.body["status"], "database unreachable");
    assert_eq!(alive.status, 200);
}
