//! Visit outcomes, retention and breakdowns on the hand-built clinics, served from the visit rollups, with the
//! rebooking edge cases and the constraint on cancellation times.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::app::TestApp;
use crate::fixtures::{AS_OF, known_clinic, rebook_clinic};

async fn organization(app: &TestApp, org: &str, fields: &str) -> Value {
    let query = format!(r#"{{ organization(id: "{org}") {{ {fields} }} }}"#);
    let answer = app.query(org, &query).await;
    assert_eq!(answer.error_codes(), Vec::<String>::new(), "{}", answer.body);
    answer.data("/organization").clone()
}

#[sqlx::test]
async fn visit_outcomes_count_what_became_of_the_weeks_appointments(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let found = organization(
        &app,
        "org_known",
        &format!(
            r#"visitOutcomes(timeframe: LAST_7_DAYS, asOf: "{AS_OF}") {{
                appointments attended noShows cancellations lateCancellations unresolved
                noShowRate cancellationRate lateCancellationRate revenuePerVisit }}"#
        ),
    )
    .await;

    // Starting in [03-08, 03-15): a1 and a3 attended (100.00 + 120.00), a13 a no-show, a6 cancelled 16 hours ahead.
    assert_eq!(
        found["visitOutcomes"],
        json!({
            "appointments": 4, "attended": 2, "noShows": 1, "cancellations": 1, "lateCancellations": 1,
            "unresolved": 0, "noShowRate": 33.3, "cancellationRate": 25.0, "lateCancellationRate": 25.0,
            "revenuePerVisit": 110.0
        })
    );
}

#[sqlx::test]
async fn retention_tells_first_visits_from_returning_patients_and_counts_rebooked_visits(pool: PgPool) {
    rebook_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let found = organization(
        &app,
        "org_rebook",
        &format!(
            r#"retention(asOf: "{AS_OF}") {{ patientsSeen firstVisits returningPatients visitsPerPatient rebookingRate }}
               visitOutcomes(asOf: "{AS_OF}") {{ appointments attended noShows unresolved }}"#
        ),
    )
    .await;

    // Five attended visits by five patients, r5 back after January; r1's and r5's visits were rebooked, r2's (booked
    // exactly a day later), r3's (booking cancelled) and r4's (the next one starting at the same instant) were not.
    assert_eq!(
        found["retention"],
        json!({ "patientsSeen": 5, "firstVisits": 4, "returningPatients": 1, "visitsPerPatient": 1.0, "rebookingRate": 40.0 })
    );
    assert_eq!(
        found["visitOutcomes"],
        json!({ "appointments": 7, "attended": 5, "noShows": 2, "unresolved": 0 })
    );
}

/// Rebook Clinic's rebooking rate, computed afresh.
async fn rebooking_rate(app: &TestApp) -> Value {
    app.state.dashboard.cache().invalidate_all();
    let fields = format!(r#"retention(asOf: "{AS_OF}") {{ rebookingRate }}"#);
    organization(app, "org_rebook", &fields).await["retention"]["rebookingRate"].clone()
}

#[sqlx::test]
async fn a_later_booking_makes_a_visit_rebooked_and_cancelling_or_deleting_it_undoes_that(pool: PgPool) {
    rebook_clinic(&pool).await;
    let app = TestApp::new(pool.clone()).await;
    let run = |statement: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query(statement).execute(&pool).await.unwrap() }
    };

    run(
        "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source)
         values ('org_rebook', 'r2c', 'r2', '2026-03-04T09:59:59Z', '2026-03-24T10:00:00Z', 'booked', 'manual')",
    )
    .await;
    let booked = rebooking_rate(&app).await;
    run(
        "update appointments set status = 'cancelled', cancelled_at = '2026-03-05T00:00:00Z'
         where organization_id = 'org_rebook' and id = 'r2c'",
    )
    .await;
    let cancelled = rebooking_rate(&app).await;
    run("update appointments set status = 'booked', cancelled_at = null where organization_id = 'org_rebook' and id = 'r2c'")
        .await;
    run("delete from appointments where organization_id = 'org_rebook' and id = 'r2c'").await;
    let deleted = rebooking_rate(&app).await;

    // Booked a second inside the day, r2's visit joins r1's and r5's: 3 of 5.
    assert_eq!(booked, json!(60.0));
    assert_eq!(cancelled, json!(40.0));
    assert_eq!(deleted, json!(40.0));
}

#[sqlx::test]
async fn breakdowns_group_the_window_by_practitioner_type_and_source_richest_first(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let rows = "rows { key label bookings appointments attended noShows cancellations revenue patientsSeen noShowRate rebookingRate }";

    let found = organization(
        &app,
        "org_known",
        &format!(
            r#"practitioners: breakdown(by: PRACTITIONER, timeframe: LAST_7_DAYS, asOf: "{AS_OF}") {{ by {rows} }}
               sources: breakdown(by: SOURCE, timeframe: LAST_7_DAYS, asOf: "{AS_OF}") {{ {rows} }}
               types: breakdown(by: APPOINTMENT_TYPE, timeframe: LAST_7_DAYS, asOf: "{AS_OF}") {{ rows {{ key revenue }} }}"#
        ),
    )
    .await;

    assert_eq!(found["practitioners"]["by"], "PRACTITIONER");
    assert_eq!(
        found["practitioners"]["rows"],
        json!([
            { "key": "prac_2", "label": "prac_2", "bookings": 1, "appointments": 1, "attended": 1, "noShows": 0,
              "cancellations": 0, "revenue": 120.0, "patientsSeen": 1, "noShowRate": 0.0, "rebookingRate": 0.0 },
            { "key": "prac_1", "label": "Ana Lopez", "bookings": 2, "appointments": 3, "attended": 1, "noShows": 1,
              "cancellations": 1, "revenue": 100.0, "patientsSeen": 1, "noShowRate": 50.0, "rebookingRate": 0.0 },
            { "key": null, "label": "Not recorded", "bookings": 1, "appointments": 0, "attended": 0, "noShows": 0,
              "cancellations": 0, "revenue": 0.0, "patientsSeen": 0, "noShowRate": null, "rebookingRate": null },
        ])
    );
    let sources: Vec<(&str, &str)> = found["sources"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| (row["key"].as_str().unwrap(), row["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sources,
        [
            ("ai_agent", "AI receptionist"),
            ("manual", "Manual"),
            ("automation", "Automation")
        ]
    );
    assert_eq!(
        found["types"]["rows"],
        json!([{ "key": "Initial", "revenue": 120.0 }, { "key": "Standard", "revenue": 100.0 }])
    );
}

#[sqlx::test]
async fn the_outcome_trend_charts_each_days_attended_missed_and_cancelled_visits(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let found = organization(
        &app,
        "org_known",
        &format!(
            r#"charts(timeframe: LAST_7_DAYS, granularity: DAY, asOf: "{AS_OF}") {{
                visitOutcomeTrend {{ date attended noShows cancellations }} }}"#
        ),
    )
    .await;

    let busy: Vec<&Value> = found["charts"]["visitOutcomeTrend"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|point| point["attended"] != 0 || point["noShows"] != 0 || point["cancellations"] != 0)
        .collect();
    assert_eq!(found["charts"]["visitOutcomeTrend"].as_array().unwrap().len(), 7);
    assert_eq!(
        busy,
        [
            &json!({ "date": "2026-03-10", "attended": 1, "noShows": 0, "cancellations": 0 }),
            &json!({ "date": "2026-03-11", "attended": 0, "noShows": 1, "cancellations": 0 }),
            &json!({ "date": "2026-03-12", "attended": 1, "noShows": 0, "cancellations": 0 }),
            &json!({ "date": "2026-03-14", "attended": 0, "noShows": 0, "cancellations": 1 }),
        ]
    );
}

#[sqlx::test]
async fn an_unknown_dimension_is_a_validation_error_and_a_booked_appointment_cannot_have_been_cancelled(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool.clone()).await;

    let answer = app
        .query(
            "org_known",
            r#"{ organization(id: "org_known") { breakdown(by: ROOM) { rows { key } } } }"#,
        )
        .await;
    let refused = sqlx::query(
        "update appointments set cancelled_at = '2026-03-10T00:00:00Z' where organization_id = 'org_known' and id = 'a2'",
    )
    .execute(&pool)
    .await
    .unwrap_err();

    assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"]);
    assert_eq!(answer.body.get("data"), None);
    assert_eq!(
        refused.as_database_error().and_then(|e| e.constraint()),
        Some("appointments_cancelled_at_requires_cancelled")
    );
}
