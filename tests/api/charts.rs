//! Charts: local calendar buckets in the organization's time zone, across a daylight-saving change.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::app::TestApp;
use crate::fixtures::sydney_clinic;

async fn charts(pool: PgPool, timeframe: &str, granularity: &str) -> Value {
    let query = format!(
        r#"{{ organization(id: "org_syd") {{
             charts(timeframe: {timeframe}, granularity: {granularity}, asOf: "2026-10-06T13:00:00Z") {{
               granularity
               bookingTrends {{ date bookings revenue }}
               patientEngagementTrend {{ date activePatients newPatients }}
               automationPerformance {{ date efficiencyScore automationRate }}
               meta {{ windowStart windowEnd }}
             }} }} }}"#
    );
    let answer = TestApp::new(pool).await.query("org_syd", &query).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.data("/organization/charts").clone()
}

#[sqlx::test]
async fn daily_points_follow_sydney_days_including_the_23_hour_daylight_saving_day(pool: PgPool) {
    sydney_clinic(&pool).await;

    let charts = charts(pool, "LAST_7_DAYS", "DAY").await;

    assert_eq!(
        charts["bookingTrends"],
        json!([
            { "date": "2026-09-29", "bookings": 1, "revenue": 0.0 },
            { "date": "2026-09-30", "bookings": 0, "revenue": 0.0 },
            { "date": "2026-10-01", "bookings": 0, "revenue": 0.0 },
            { "date": "2026-10-02", "bookings": 0, "revenue": 0.0 },
            { "date": "2026-10-03", "bookings": 0, "revenue": 0.0 },
            { "date": "2026-10-04", "bookings": 2, "revenue": 0.0 },
            { "date": "2026-10-05", "bookings": 1, "revenue": 100.0 },
            { "date": "2026-10-06", "bookings": 0, "revenue": 50.0 }
        ])
    );
    assert_eq!(
        charts["meta"],
        json!({ "windowStart": "2026-09-29T13:00:00+00:00", "windowEnd": "2026-10-06T13:00:00+00:00" })
    );
}

#[sqlx::test]
async fn engagement_points_count_active_patients_as_of_each_local_midnight(pool: PgPool) {
    sydney_clinic(&pool).await;

    let charts = charts(pool, "LAST_7_DAYS", "DAY").await;

    let active: Vec<i64> = points(&charts["patientEngagementTrend"], "activePatients");
    let new: Vec<i64> = points(&charts["patientEngagementTrend"], "newPatients");
    assert_eq!(active, [1, 2, 2, 2, 2, 2, 2, 2]);
    assert_eq!(new, [1, 0, 0, 0, 0, 1, 0, 0]);
}

#[sqlx::test]
async fn automation_points_score_each_day_and_rate_its_automated_bookings(pool: PgPool) {
    sydney_clinic(&pool).await;

    let charts = charts(pool, "LAST_7_DAYS", "DAY").await;

    // 10-04: 40 × 2/3 + 30 × 1/2 = 41.67; 10-05: 40 × 2/3 + 30 × 1/1 = 56.67 (s3 exists from the 4th on).
    assert_eq!(
        points::<f64>(&charts["automationPerformance"], "efficiencyScore"),
        [20.0, 40.0, 40.0, 40.0, 40.0, 41.7, 56.7, 26.7]
    );
    assert_eq!(
        points::<f64>(&charts["automationPerformance"], "automationRate"),
        [0.0, 0.0, 0.0, 0.0, 0.0, 50.0, 100.0, 0.0]
    );
}

/// The window starts at 23:00 on Sunday 09-06, so the first week (labelled Monday 08-31) is one hour long; b5, outside
/// the 7-day window, falls inside this one.
#[sqlx::test]
async fn weekly_points_are_labelled_by_their_monday_and_cover_partial_weeks(pool: PgPool) {
    sydney_clinic(&pool).await;

    let charts = charts(pool, "LAST_30_DAYS", "WEEK").await;

    assert_eq!(charts["granularity"], "WEEK");
    assert_eq!(
        charts["bookingTrends"],
        json!([
            { "date": "2026-08-31", "bookings": 0, "revenue": 0.0 },
            { "date": "2026-09-07", "bookings": 0, "revenue": 0.0 },
            { "date": "2026-09-14", "bookings": 0, "revenue": 0.0 },
            { "date": "2026-09-21", "bookings": 0, "revenue": 0.0 },
            { "date": "2026-09-28", "bookings": 4, "revenue": 0.0 },
            { "date": "2026-10-05", "bookings": 1, "revenue": 150.0 }
        ])
    );
}

#[sqlx::test]
async fn monthly_points_are_labelled_by_their_first_day(pool: PgPool) {
    sydney_clinic(&pool).await;

    let charts = charts(pool, "LAST_90_DAYS", "MONTH").await;

    let dates: Vec<String> = points(&charts["bookingTrends"], "date");
    assert_eq!(dates, ["2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01"]);
    assert_eq!(points::<i64>(&charts["bookingTrends"], "bookings"), [0, 0, 2, 3]);
}

fn points<T: serde::de::DeserializeOwned>(series: &Value, field: &str) -> Vec<T> {
    series
        .as_array()
        .unwrap()
        .iter()
        .map(|point| serde_json::from_value(point[field].clone()).unwrap())
        .collect()
}
