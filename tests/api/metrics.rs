//! Every metric field over HTTP against a hand-built clinic whose answers are worked out in `fixtures::known_clinic`.

use serde_json::json;
use sqlx::PgPool;

use crate::app::TestApp;
use crate::fixtures::{AS_OF, empty_clinic, known_clinic};

const DASHBOARD: &str = r#"
query Dashboard($asOf: DateTime) {
  organization(id: "org_known") {
    id name timezone currency lastSyncedAt
    bookingMetrics(timeframe: LAST_7_DAYS, asOf: $asOf) {
      totalBookings previousPeriodBookings periodComparison bookingsViaAi
      meta { timeframe windowStart windowEnd freshness staleReason }
    }
    patientMetrics(timeframe: LAST_7_DAYS, asOf: $asOf) { totalPatients activePatients newPatients }
    financialMetrics(timeframe: LAST_7_DAYS, asOf: $asOf) {
      totalRevenue avgRevenuePerPatient lifetimeValueTotal lifetimeValueAverage currency
    }
    automationMetrics(timeframe: LAST_7_DAYS, asOf: $asOf) {
      automationBookings automatedRevenue operationalCosts totalRoi totalContacts successfulContacts efficiencyScore
    }
    summary(asOf: $asOf) {
      totalPatients activePatients patientsWithUpcoming patientsWithRecent engagementRate lastSyncedAt
      meta { timeframe windowStart windowEnd }
    }
    reengagement(asOf: $asOf) {
      totalPatients currentlyActive currentlyDormant currentlyStale engagementRatePercent
      lifetimeValueTotal lifetimeValueAverage
    }
    upcomingAppointments(asOf: $asOf) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage }
      edges { node { id patientId startsAt endsAt status source appointmentType practitionerId practitionerName } }
    }
  }
}"#;

async fn dashboard(app: &TestApp) -> crate::app::Answer {
    app.query_granted(&["org_known"], "org_known", DASHBOARD, json!({ "asOf": AS_OF }))
        .await
}

#[sqlx::test]
async fn booking_metrics_count_creations_from_the_window_start_up_to_but_excluding_as_of(pool: PgPool) {
    known_clinic(&pool).await;

    let answer = dashboard(&TestApp::new(pool).await).await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.data("/organization/bookingMetrics"),
        &json!({
            "totalBookings": 4, "previousPeriodBookings": 3, "periodComparison": 33.3, "bookingsViaAi": 1,
            "meta": {
                "timeframe": "LAST_7_DAYS", "windowStart": "2026-03-08T00:00:00+00:00",
                "windowEnd": "2026-03-15T00:00:00+00:00", "freshness": "REAL_TIME", "staleReason": null
            }
        })
    );
}

#[sqlx::test]
async fn patient_metrics_count_total_active_and_new_patients_at_the_window_edges(pool: PgPool) {
    known_clinic(&pool).await;

    let answer = dashboard(&TestApp::new(pool).await).await;

    assert_eq!(
        answer.data("/organization/patientMetrics"),
        &json!({ "totalPatients": 8, "activePatients": 4, "newPatients": 2 })
    );
}

#[sqlx::test]
async fn financial_metrics_sum_completed_revenue_exact_to_the_cent(pool: PgPool) {
    known_clinic(&pool).await;

    let answer = dashboard(&TestApp::new(pool).await).await;

    assert_eq!(
        answer.data("/organization/financialMetrics"),
        &json!({
            "totalRevenue": 220.0, "avgRevenuePerPatient": 110.0,
            "lifetimeValueTotal": 490.0, "lifetimeValueAverage": 61.25, "currency": "AUD"
        })
    );
}

#[sqlx::test]
async fn automation_metrics_weigh_automated_revenue_against_prorated_costs(pool: PgPool) {
    known_clinic(&pool).await;

    let answer = dashboard(&TestApp::new(pool).await).await;

    assert_eq!(
        answer.data("/organization/automationMetrics"),
        &json!({
            "automationBookings": 2, "automatedRevenue": 120.0, "operationalCosts": 80.0, "totalRoi": 50.0,
            "totalContacts": 4, "successfulContacts": 2, "efficiencyScore": 50.0
        })
    );
}

#[sqlx::test]
async fn summary_counts_recent_and_upcoming_patients(pool: PgPool) {
    known_clinic(&pool).await;

    let answer = dashboard(&TestApp::new(pool).await).await;

    assert_eq!(
        answer.data("/organization/summary"),
        &json!({
            "totalPatients": 8, "activePatients": 4, "patientsWithUpcoming": 2, "patientsWithRecent": 3,
            "engagementRate": 50.0, "lastSyncedAt": "2026-03-14T22:00:00+00:00",
            "meta": { "timeframe": null, "windowStart": "2026-02-13T00:00:00+00:00", "windowEnd": "2026-03-22T00:00:00+00:00" }
        })
    );
}

#[sqlx::test]
async fn reengagement_splits_patients_into_active_dormant_and_stale(pool: PgPool) {
    known_clinic(&pool).await;

    let answer = dashboard(&TestApp::new(pool).await).await;

    assert_eq!(
        answer.data("/organization/reengagement"),
        &json!({
            "totalPatients": 8, "currentlyActive": 4, "currentlyDormant": 2, "currentlyStale": 2,
            "engagementRatePercent": 50.0, "lifetimeValueTotal": 490.0, "lifetimeValueAverage": 61.25
        })
    );
}

#[sqlx::test]
async fn upcoming_appointments_list_booked_visits_of_the_next_seven_days_by_start(pool: PgPool) {
    known_clinic(&pool).await;

    let answer = dashboard(&TestApp::new(pool).await).await;

    assert_eq!(
        answer.data("/organization/upcomingAppointments"),
        &json!({
            "totalCount": 2,
            "pageInfo": { "hasNextPage": false, "hasPreviousPage": false },
            "edges": [
                { "node": { "id": "a4", "patientId": "p3", "startsAt": "2026-03-16T10:00:00+00:00",
                            "endsAt": "2026-03-16T11:00:00+00:00", "status": "BOOKED", "source": "AUTOMATION",
                            "appointmentType": "Initial", "practitionerId": null, "practitionerName": null } },
                { "node": { "id": "a2", "patientId": "p1", "startsAt": "2026-03-20T09:00:00+00:00",
                            "endsAt": null, "status": "BOOKED", "source": "ONLINE",
                            "appointmentType": "Standard", "practitionerId": "prac_1",
                            "practitionerName": "Ana Lopez" } }
            ]
        })
    );
}

#[sqlx::test]
async fn an_upcoming_appointment_of_a_practitioner_the_sync_has_not_named_shows_the_id_without_a_name(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    // A day later, a10 (prac_2, which has no practitioners row) starts within the next seven days.
    let answer = app
        .query_granted(
            &["org_known"],
            "org_known",
            r#"{ organization(id: "org_known") { upcomingAppointments(asOf: "2026-03-16T00:00:00Z") {
                 nodes { id practitionerId practitionerName } } } }"#,
            json!({}),
        )
        .await;

    assert_eq!(
        answer.data("/organization/upcomingAppointments/nodes"),
        &json!([
            { "id": "a4", "practitionerId": null, "practitionerName": null },
            { "id": "a2", "practitionerId": "prac_1", "practitionerName": "Ana Lopez" },
            { "id": "a10", "practitionerId": "prac_2", "practitionerName": null }
        ])
    );
}

#[sqlx::test]
async fn upcoming_appointments_page_through_with_cursors(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let page = |after: Option<String>| {
        let app = &app;
        async move {
            app.query_granted(
                &["org_known"],
                "org_known",
                r#"query($after: String) { organization(id: "org_known") {
                     upcomingAppointments(first: 1, after: $after, asOf: "2026-03-15T00:00:00Z") {
                       totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } } } }"#,
                json!({ "after": after }),
            )
            .await
        }
    };

    let first = page(None).await;
    let cursor = first
        .data("/organization/upcomingAppointments/pageInfo/endCursor")
        .as_str()
        .unwrap()
        .to_owned();
    let second = page(Some(cursor)).await;

    assert_eq!(first.data("/organization/upcomingAppointments/edges/0/node/id"), "a4");
    assert_eq!(
        first.data("/organization/upcomingAppointments/pageInfo/hasNextPage"),
        true
    );
    assert_eq!(second.data("/organization/upcomingAppointments/edges/0/node/id"), "a2");
    assert_eq!(
        second.data("/organization/upcomingAppointments/pageInfo/hasNextPage"),
        false
    );
    assert_eq!(
        second.data("/organization/upcomingAppointments/pageInfo/hasPreviousPage"),
        true
    );
    assert_eq!(second.data("/organization/upcomingAppointments/totalCount"), 2);
}

#[sqlx::test]
async fn updated_and_deleted_appointments_change_the_figures(pool: PgPool) {
    known_clinic(&pool).await;
    sqlx::raw_sql(
        r#"
        update appointments set status = 'cancelled' where organization_id = 'org_known' and id = 'a4';
        delete from appointments where organization_id = 'org_known' and id = 'a3';
        update appointments set status = 'completed', revenue_cents = 4500 where organization_id = 'org_known' and id = 'a13';
        "#,
    )
    .execute(&pool)
    .await
    .unwrap();

    let answer = dashboard(&TestApp::new(pool).await).await;

    // p3's only booking is cancelled and p2's visit is gone; p7's no-show became an attended visit.
    assert_eq!(
        answer.data("/organization/patientMetrics"),
        &json!({ "totalPatients": 8, "activePatients": 3, "newPatients": 2 })
    );
    assert_eq!(answer.data("/organization/bookingMetrics/totalBookings"), 3);
    assert_eq!(answer.data("/organization/bookingMetrics/bookingsViaAi"), 0);
    assert_eq!(answer.data("/organization/financialMetrics/totalRevenue"), 145.0);
    assert_eq!(answer.data("/organization/upcomingAppointments/totalCount"), 1);
}

#[sqlx::test]
async fn an_organization_without_data_answers_zeros_and_nulls_and_insufficient_data(pool: PgPool) {
    empty_clinic(&pool).await;

    let answer = TestApp::new(pool)
        .await
        .query(
            "org_empty",
            r#"{ organization(id: "org_empty") {
                 bookingMetrics { totalBookings previousPeriodBookings periodComparison bookingsViaAi }
                 financialMetrics { totalRevenue avgRevenuePerPatient lifetimeValueTotal lifetimeValueAverage }
                 automationMetrics { automationBookings operationalCosts totalRoi efficiencyScore }
                 summary { totalPatients engagementRate lastSyncedAt }
               } }"#,
        )
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.data("/organization/bookingMetrics"),
        &json!({ "totalBookings": 0, "previousPeriodBookings": 0, "periodComparison": null, "bookingsViaAi": 0 })
    );
    assert_eq!(
        answer.data("/organization/financialMetrics"),
        &json!({ "totalRevenue": 0.0, "avgRevenuePerPatient": null, "lifetimeValueTotal": 0.0, "lifetimeValueAverage": null })
    );
    assert_eq!(
        answer.data("/organization/automationMetrics"),
        &json!({ "automationBookings": 0, "operationalCosts": 0.0, "totalRoi": null, "efficiencyScore": null })
    );
    assert_eq!(
        answer.data("/organization/summary"),
        &json!({ "totalPatients": 0, "engagementRate": 0.0, "lastSyncedAt": null })
    );
    assert_eq!(answer.error_codes(), ["INSUFFICIENT_DATA", "INSUFFICIENT_DATA"]);
    assert_eq!(
        answer.body["errors"][0]["path"],
        json!(["organization", "automationMetrics", "totalRoi"])
    );
}

#[sqlx::test]
async fn a_second_request_is_served_from_the_cache_with_the_first_computation_time(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let query = r#"{ organization(id: "org_known") { bookingMetrics(asOf: "2026-03-15T00:00:00Z") { totalBookings meta { freshness computedAt } } } }"#;

    let first = app.query("org_known", query).await;
    let second = app.query("org_known", query).await;

    assert_eq!(first.data("/organization/bookingMetrics/meta/freshness"), "REAL_TIME");
    assert_eq!(second.data("/organization/bookingMetrics/meta/freshness"), "CACHED");
    assert_eq!(
        first.data("/organization/bookingMetrics/meta/computedAt"),
        second.data("/organization/bookingMetrics/meta/computedAt")
    );
}
