//! A committed write reaches the dashboard within a second, and bulk syncs do not thrash the cache.

use std::time::{Duration, Instant};

use clinic_analytics::dashboard::FeedEvent;
use serde_json::json;
use sqlx::PgPool;

use crate::app::TestApp;
use crate::fixtures::{known_clinic, sync_outreach_in_batches};

const BOOKINGS: &str = r#"{ organization(id: "org_known") { bookingMetrics(timeframe: LAST_365_DAYS) { totalBookings meta { freshness } } } }"#;

async fn total_bookings(app: &TestApp) -> (i64, String) {
    let answer = app.query("org_known", BOOKINGS).await;
    (
        answer
            .data("/organization/bookingMetrics/totalBookings")
            .as_i64()
            .unwrap(),
        answer
            .data("/organization/bookingMetrics/meta/freshness")
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

#[sqlx::test]
async fn a_committed_appointment_shows_on_the_cached_dashboard_within_a_second(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool.clone()).await;
    clinic_analytics::startup::listen_for_changes(&app.state);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (before, _) = total_bookings(&app).await;
    assert_eq!(total_bookings(&app).await, (before, "CACHED".to_owned()));

    sqlx::query(
        "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source)
         values ('org_known', 'a_new', 'p1', now() - interval '1 minute', now() + interval '1 day', 'booked', 'online')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let committed = Instant::now();
    let mut seen = total_bookings(&app).await;
    while seen.0 == before && committed.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(10)).await;
        seen = total_bookings(&app).await;
    }

    assert_eq!(seen, (before + 1, "REAL_TIME".to_owned()));
    assert!(
        committed.elapsed() < Duration::from_secs(1),
        "took {:?}",
        committed.elapsed()
    );
}

#[sqlx::test]
async fn a_practitioner_renamed_by_the_sync_shows_in_the_cached_upcoming_appointments(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool.clone()).await;
    clinic_analytics::startup::listen_for_changes(&app.state);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let names = || async {
        app.query(
            "org_known",
            r#"{ organization(id: "org_known") {
                 upcomingAppointments(asOf: "2026-03-15T00:00:00Z") { nodes { practitionerName } } } }"#,
        )
        .await
        .data("/organization/upcomingAppointments/nodes")
        .clone()
    };
    let before = names().await;
    assert_eq!(
        before,
        json!([{ "practitionerName": null }, { "practitionerName": "Ana Lopez" }])
    );

    sqlx::query("update practitioners set name = 'Ana López' where organization_id = 'org_known' and id = 'prac_1'")
        .execute(&pool)
        .await
        .unwrap();
    let committed = Instant::now();
    let mut seen = names().await;
    while seen == before && committed.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(10)).await;
        seen = names().await;
    }

    assert_eq!(
        seen,
        json!([{ "practitionerName": null }, { "practitionerName": "Ana López" }])
    );
}

#[sqlx::test]
async fn a_bulk_sync_of_100000_rows_becomes_a_handful_of_changes(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool.clone()).await;
    let mut changes = app.state.dashboard.feed().subscribe();
    clinic_analytics::startup::listen_for_changes(&app.state);
    tokio::time::sleep(Duration::from_millis(300)).await;

    sync_outreach_in_batches(&pool, 10, 10_000).await;
    let mut received = Vec::new();
    while let Ok(Ok(event)) = tokio::time::timeout(Duration::from_millis(500), changes.recv()).await {
        // The listener's first connection announces a resync; the writes come as changes.
        if let FeedEvent::Changed(change) = event {
            received.push(change);
        }
    }

    assert!(
        !received.is_empty() && received.len() <= 10,
        "{} changes",
        received.len()
    );
    assert!(received.iter().all(|c| c.organization_id == "org_known"));
    assert_eq!(
        serde_json::to_value(&received[0].groups).unwrap(),
        json!(["automation", "charts"])
    );
    let answer = app
        .query(
            "org_known",
            r#"{ organization(id: "org_known") { automationMetrics(timeframe: LAST_365_DAYS) { totalContacts } } }"#,
        )
        .await;
    assert_eq!(answer.data("/organization/automationMetrics/totalContacts"), 100_005);
}

async fn bookings_with_token(app: &TestApp, token: &str) -> crate::app::Answer {
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));
    app.post(
        &[
            ("authorization", &bearer),
            ("x-organization-id", "org_known"),
            ("x-consistency-token", token),
        ],
        json!({ "query": BOOKINGS }),
    )
    .await
}

#[sqlx::test]
async fn a_process_asked_with_another_processs_consistency_token_answers_only_with_the_change_applied(pool: PgPool) {
    known_clinic(&pool).await;
    // Two processes of the service: the first tells a subscriber of the change; the second, whose listener is not
    // running (behind, or reconnecting), still holds the figures from before it in its cache.
    let told = TestApp::new(pool.clone()).await;
    let mut changes = told.state.dashboard.feed().subscribe();
    clinic_analytics::startup::listen_for_changes(&told.state);
    let behind = TestApp::new(pool.clone()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (before, _) = total_bookings(&behind).await;
    assert_eq!(total_bookings(&behind).await, (before, "CACHED".to_owned()));

    sqlx::query(
        "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source)
         values ('org_known', 'a_new', 'p1', now() - interval '1 minute', now() + interval '1 day', 'booked', 'online')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let position = loop {
        match tokio::time::timeout(Duration::from_secs(2), changes.recv()).await {
            Ok(Ok(FeedEvent::Changed(change))) => break change.position.expect("a table write carries its position"),
            Ok(Ok(FeedEvent::Resync { .. })) => continue,
            other => panic!("no change announced: {other:?}"),
        }
    };
    let without_token = total_bookings(&behind).await;
    let started = Instant::now();
    let with_token = bookings_with_token(&behind, &position.to_string()).await;

    assert_eq!(without_token, (before, "CACHED".to_owned()));
    assert_eq!(
        with_token.data("/organization/bookingMetrics/totalBookings").as_i64(),
        Some(before + 1)
    );
    assert_eq!(
        with_token.data("/organization/bookingMetrics/meta/freshness").as_str(),
        Some("REAL_TIME")
    );
    // It waited for its own listener for the bounded second, then dropped the organization's figures.
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());
}

#[sqlx::test]
async fn a_consistency_token_that_is_not_one_is_refused_with_its_header_named(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = bookings_with_token(&app, "0/16B3748").await;

    assert_eq!(answer.status, 400);
    assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"]);
    assert!(
        answer.body.to_string().contains("X-Consistency-Token"),
        "{}",
        answer.body
    );
}
