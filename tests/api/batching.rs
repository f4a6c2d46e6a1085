//! One request about many organizations costs a few batched statements, not one per organization.

use clinic_analytics::seed::spec;
use serde_json::json;
use sqlx::PgPool;

use crate::app::TestApp;
use crate::helpers::seed;

#[sqlx::test]
async fn a_twenty_organization_dashboard_costs_one_statement_per_metric_group(pool: PgPool) {
    let specs: Vec<_> = (0..20).map(|i| spec::generated(5, i, 20, 200, 365, None)).collect();
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    seed(&pool, specs, 5, false).await;
    let app = TestApp::new(pool);
    let granted: Vec<&str> = ids.iter().map(String::as_str).collect();
    let before = app.state.db.statements_issued();

    let answer = app
        .query_granted(
            &granted,
            granted[0],
            r#"{ organizations {
                 id
                 week: bookingMetrics(timeframe: LAST_7_DAYS) { totalBookings }
                 month: bookingMetrics(timeframe: LAST_30_DAYS) { totalBookings }
                 patientMetrics { activePatients }
                 summary { engagementRate }
               } }"#,
            json!({}),
        )
        .await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.data("/organizations").as_array().unwrap().len(), 20);
    // The organizations, then one statement per metric group and window: two booking windows, patients, summary.
    assert_eq!(app.state.db.statements_issued() - before, 5);
}

#[sqlx::test]
async fn organizations_lists_every_granted_organization_that_exists_by_name(pool: PgPool) {
    seed(&pool, spec::demo_clinics(), 42, false).await;
    let app = TestApp::new(pool);
    let surf = clinic_analytics::seed::SURF_REHAB_ID;

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
