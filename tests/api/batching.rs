//! One request about many organizations costs a few batched statements, not one per organization.

use clinic_analytics_seed::spec;
use serde_json::json;
use sqlx::PgPool;

use crate::app::TestApp;
use crate::helpers::seed;

const OVERVIEW: &str = r#"{ organizations {
    id
    week: bookingMetrics(timeframe: LAST_7_DAYS) { totalBookings }
    month: bookingMetrics(timeframe: LAST_30_DAYS) { totalBookings }
    patientMetrics { activePatients }
    summary { engagementRate }
} }"#;

/// Statements one overview request costs when the token grants `count` seeded organizations.
async fn overview_statements(pool: &PgPool, ids: &[String], count: usize) -> (u64, usize) {
    let app = TestApp::new(pool.clone()).await;
    let granted: Vec<&str> = ids[..count].iter().map(String::as_str).collect();
    let before = app.state.db.statements_issued();

    let answer = app.query_granted(&granted, granted[0], OVERVIEW, json!({})).await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    let organizations = answer.data("/organizations").as_array().unwrap().len();
    (app.state.db.statements_issued() - before, organizations)
}

#[sqlx::test]
async fn a_twenty_organization_overview_costs_as_many_statements_as_a_two_organization_one(pool: PgPool) {
    let specs: Vec<_> = (0..20).map(|i| spec::generated(5, i, 20, 200, 365, None)).collect();
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    seed(&pool, specs, 5, false).await;

    let (two, two_organizations) = overview_statements(&pool, &ids, 2).await;
    let (twenty, twenty_organizations) = overview_statements(&pool, &ids, 20).await;

    assert_eq!((two_organizations, twenty_organizations), (2, 20));
    assert_eq!(twenty, two);
    // The organizations; then one statement reading every organization's ledger for every group (its rollup days and
    // the live edges at the window ends), and the summary's live count of next week's bookings.
    assert_eq!(twenty, 3);
}

#[sqlx::test]
async fn organizations_lists_every_granted_organization_that_exists_by_name(pool: PgPool) {
    seed(&pool, spec::demo_clinics(), 42, false).await;
    let app = TestApp::new(pool).await;
    let surf = clinic_analytics_seed::SURF_REHAB_ID;

    let answer = app
        .query_granted(
            &[surf, "org_2y7KWyWfty6uEvcdZQoaZrknnVm", "org_unknown"],
            surf,
            "{ organizations { name } }",
            json!({}),
        )
        .await;

    assert_eq!(
        answer.data("/organizations"),
        &json!([{ "name": "Harbourside Physiotherapy" }, { "name": "Surf Rehab" }])
    );
}

/// Statements a request for `selection` of one seeded organization's dashboard costs, and its answer's data.
async fn organization_statements(pool: PgPool, selection: &str) -> (u64, serde_json::Value) {
    let specs = vec![spec::generated(5, 0, 20, 200, 365, None)];
    let id = specs[0].id.clone();
    seed(&pool, specs, 5, false).await;
    let app = TestApp::new(pool).await;
    let before = app.state.db.statements_issued();

    let answer = app
        .query_granted(
            &[&id],
            &id,
            &format!("query($id: ID!) {{ organization(id: $id) {{ {selection} }} }}"),
            json!({ "id": id }),
        )
        .await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    (
        app.state.db.statements_issued() - before,
        answer.data("/organization").clone(),
    )
}

#[sqlx::test]
async fn the_outcome_trend_below_the_charts_joins_the_batch_of_the_other_groups(pool: PgPool) {
    let (statements, data) = organization_statements(
        pool,
        "charts(timeframe: LAST_30_DAYS) { bookingTrends { bookings } visitOutcomeTrend { attended } }
         visitOutcomes(timeframe: LAST_30_DAYS) { attended }",
    )
    .await;

    // The organization; then the ledger of the charts and one visit series for both the trend and the outcomes.
    // Fetched only once the charts resolved, the trend would read the visit series a second time.
    assert_eq!(statements, 3);
    let trend = data["charts"]["visitOutcomeTrend"].as_array().unwrap();
    assert_eq!(trend.len(), data["charts"]["bookingTrends"].as_array().unwrap().len());
    let attended: i64 = trend.iter().map(|point| point["attended"].as_i64().unwrap()).sum();
    assert_eq!(json!(attended), data["visitOutcomes"]["attended"]);
}

#[sqlx::test]
async fn charts_without_the_outcome_trend_read_no_visit_series(pool: PgPool) {
    let (statements, _) =
        organization_statements(pool, "charts(timeframe: LAST_30_DAYS) { bookingTrends { bookings } }").await;

    // The organization and the ledger of the charts.
    assert_eq!(statements, 2);
}
