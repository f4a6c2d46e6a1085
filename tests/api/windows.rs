//! Windows of the clinic's calendar over GraphQL: calendar periods, ranges of days, and the same period last year,
//! with exact figures on the known clinic, and bad windows refused by name before any database work.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::app::TestApp;
use crate::fixtures::{AS_OF, known_clinic};

const KNOWN: &str = "org_known";

/// Bookings, new patients and revenue over a window, and the window's bounds.
const FIGURES: &str = r#"query($window: WindowInput, $compareTo: Comparison! = PREVIOUS_PERIOD, $asOf: DateTime) {
  organization(id: "org_known") {
    bookingMetrics(window: $window, compareTo: $compareTo, asOf: $asOf) {
      totalBookings previousPeriodBookings periodComparison
      meta { timeframe windowStart windowEnd comparisonStart comparisonEnd }
    }
    patientMetrics(window: $window, compareTo: $compareTo, asOf: $asOf) { totalPatients newPatients }
    financialMetrics(window: $window, compareTo: $compareTo, asOf: $asOf) { totalRevenue }
  } }"#;

async fn figures(app: &TestApp, variables: Value) -> Value {
    let answer = app.query_granted(&[KNOWN], KNOWN, FIGURES, variables).await;
    assert_eq!(answer.error_codes(), Vec::<String>::new(), "{}", answer.body);
    answer.data("/organization").clone()
}

#[sqlx::test]
async fn month_to_date_counts_from_the_first_and_compares_with_the_same_days_of_february(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let month = figures(&app, json!({ "window": { "period": "MONTH_TO_DATE" }, "asOf": AS_OF })).await;

    // Created in [1 Mar, 15 Mar): a1 a3 a4 a6 a10 a13 a14; in [1 Feb, 15 Feb): a5 a15.
    assert_eq!(
        month["bookingMetrics"],
        json!({
            "totalBookings": 7, "previousPeriodBookings": 2, "periodComparison": 250.0,
            "meta": {
                "timeframe": null,
                "windowStart": "2026-03-01T00:00:00+00:00", "windowEnd": "2026-03-15T00:00:00+00:00",
                "comparisonStart": "2026-02-01T00:00:00+00:00", "comparisonEnd": "2026-02-15T00:00:00+00:00",
            }
        })
    );
    // p2 and p3 were created in March; eight patients existed at asOf.
    assert_eq!(month["patientMetrics"], json!({ "totalPatients": 8, "newPatients": 2 }));
    // a1 and a3 were completed in March.
    assert_eq!(month["financialMetrics"], json!({ "totalRevenue": 220.0 }));
}

#[sqlx::test]
async fn the_same_period_last_year_moves_both_bounds_back_a_year(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let month = figures(
        &app,
        json!({ "window": { "period": "MONTH_TO_DATE" }, "compareTo": "SAME_PERIOD_LAST_YEAR", "asOf": AS_OF }),
    )
    .await;

    // Nothing was booked in March 2025, so there is no trend to give.
    assert_eq!(month["bookingMetrics"]["totalBookings"], 7);
    assert_eq!(month["bookingMetrics"]["previousPeriodBookings"], 0);
    assert_eq!(month["bookingMetrics"]["periodComparison"], Value::Null);
    assert_eq!(
        month["bookingMetrics"]["meta"]["comparisonStart"],
        "2025-03-01T00:00:00+00:00"
    );
    assert_eq!(
        month["bookingMetrics"]["meta"]["comparisonEnd"],
        "2025-03-15T00:00:00+00:00"
    );
}

#[sqlx::test]
async fn only_the_bookings_compare_so_only_they_report_a_comparison_window(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = app
        .query(
            KNOWN,
            &format!(
                r#"{{ organization(id: "org_known") {{
                    patientMetrics(window: {{ period: LAST_MONTH }}, compareTo: SAME_PERIOD_LAST_YEAR, asOf: "{AS_OF}") {{
                      newPatients meta {{ windowStart comparisonStart comparisonEnd }} }} }} }}"#
            ),
        )
        .await;

    assert_eq!(
        answer.data("/organization/patientMetrics"),
        &json!({ "newPatients": 0, "meta": {
            "windowStart": "2026-02-01T00:00:00+00:00", "comparisonStart": null, "comparisonEnd": null } })
    );
}

#[sqlx::test]
async fn last_month_is_the_range_of_its_days_and_compares_with_the_days_before(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let last_month = figures(&app, json!({ "window": { "period": "LAST_MONTH" }, "asOf": AS_OF })).await;
    let february = figures(
        &app,
        json!({ "window": { "range": { "from": "2026-02-01", "to": "2026-02-28" } }, "asOf": AS_OF }),
    )
    .await;

    // February: a5 and a15 were created in it. As a whole month it compares with January (a8); as a range of 28 days
    // with the 28 days before, 4 to 31 January (a8 too).
    assert_eq!(last_month["bookingMetrics"]["totalBookings"], 2);
    assert_eq!(last_month["bookingMetrics"]["previousPeriodBookings"], 1);
    assert_eq!(last_month["bookingMetrics"]["periodComparison"], 100.0);
    assert_eq!(
        last_month["bookingMetrics"]["meta"]["comparisonStart"],
        "2026-01-01T00:00:00+00:00"
    );
    assert_eq!(
        february["bookingMetrics"]["meta"]["comparisonStart"],
        "2026-01-04T00:00:00+00:00"
    );
    assert_eq!(
        february["bookingMetrics"]["meta"]["windowEnd"],
        last_month["bookingMetrics"]["meta"]["windowEnd"]
    );
    assert_eq!(february["financialMetrics"], last_month["financialMetrics"]);
    assert_eq!(february["financialMetrics"]["totalRevenue"], 140.0);
}

#[sqlx::test]
async fn a_rolling_window_given_as_last_answers_what_the_timeframe_does(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let last = figures(&app, json!({ "window": { "last": "LAST_7_DAYS" }, "asOf": AS_OF })).await;
    let timeframe = app
        .query(
            KNOWN,
            &format!(
                r#"{{ organization(id: "org_known") {{ bookingMetrics(timeframe: LAST_7_DAYS, asOf: "{AS_OF}") {{
                    totalBookings previousPeriodBookings meta {{ timeframe }} }} }} }}"#
            ),
        )
        .await;

    assert_eq!(last["bookingMetrics"]["totalBookings"], 4);
    assert_eq!(last["bookingMetrics"]["previousPeriodBookings"], 3);
    assert_eq!(last["bookingMetrics"]["meta"]["timeframe"], "LAST_7_DAYS");
    assert_eq!(
        timeframe.data("/organization/bookingMetrics"),
        &json!({ "totalBookings": 4, "previousPeriodBookings": 3, "meta": { "timeframe": "LAST_7_DAYS" } })
    );
}

#[sqlx::test]
async fn timeframe_and_window_together_null_the_field_with_bad_user_input(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = app
        .query(
            KNOWN,
            r#"{ organization(id: "org_known") { name
                 bookingMetrics(timeframe: LAST_7_DAYS, window: { period: TODAY }) { totalBookings } } }"#,
        )
        .await;

    assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"]);
    assert_eq!(
        answer.body["errors"][0]["message"],
        "give timeframe or window, not both"
    );
    assert_eq!(
        answer.body["errors"][0]["path"],
        json!(["organization", "bookingMetrics"])
    );
    assert_eq!(answer.data("/organization/name"), "Known Clinic");
    assert_eq!(answer.data("/organization/bookingMetrics"), &Value::Null);
}

#[sqlx::test]
async fn bad_windows_are_refused_by_name_before_any_database_work(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let asked = |window: &str| {
        format!(r#"{{ organization(id: "org_known") {{ bookingMetrics(window: {window}) {{ totalBookings }} }} }}"#)
    };
    let cases = [
        (
            asked(r#"{ period: TODAY, last: LAST_7_DAYS }"#),
            r#"Invalid value for argument "window", Oneof input objects requires have exactly one field"#,
        ),
        (
            asked(r#"{ range: { from: "2026-03-10", to: "2026-03-01" } }"#),
            "window.range: from (2026-03-10) must not be after to (2026-03-01)",
        ),
        (
            asked(r#"{ range: { from: "2020-01-01", to: "2025-06-22" } }"#),
            "window.range: the range holds 2000 days; at most 1096 are accepted",
        ),
        (
            asked(r#"{ range: { from: "1900-01-01", to: "1900-01-31" } }"#),
            "window.range: from (1900-01-01) must fall between 1970-01-01 and 2099-12-31",
        ),
        (
            asked(r#"{ range: { from: "2026-02-30", to: "2026-03-01" } }"#),
            r#"Invalid value for argument "window.range.from", expected type "Date""#,
        ),
    ];

    for (query, message) in cases {
        let before = app.state.db.statements_issued();

        let answer = app.query(KNOWN, &query).await;

        assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"], "{query}: {}", answer.body);
        assert_eq!(answer.body["errors"][0]["message"], message, "{query}");
        assert_eq!(answer.body.get("data"), None, "{query}: {}", answer.body);
        assert_eq!(app.state.db.statements_issued(), before, "{query} reached the database");
    }
}

#[sqlx::test]
async fn a_bad_range_in_variables_is_refused_as_one_written_in_the_document(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let before = app.state.db.statements_issued();

    let answer = app
        .query_granted(
            &[KNOWN],
            KNOWN,
            FIGURES,
            json!({ "window": { "range": { "from": "2026-03-10", "to": "2026-03-01" } } }),
        )
        .await;

    assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"]);
    assert_eq!(
        answer.body["errors"][0]["message"],
        "window.range: from (2026-03-10) must not be after to (2026-03-01)"
    );
    assert_eq!(app.state.db.statements_issued(), before);
}
