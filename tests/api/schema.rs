//! The checked-in schema is the served schema, and the demo answers its real dashboard's figures.

use clinic_analytics_seed::{SURF_REHAB_ID, spec};
use serde_json::json;
use sqlx::PgPool;

use crate::app::TestApp;
use crate::helpers::seed;

#[test]
fn schema_graphql_is_what_the_server_serves() {
    let checked_in = include_str!("../../schema.graphql");

    assert!(
        checked_in == clinic_analytics::graphql::sdl(),
        "schema.graphql is out of date: run `cargo run -- schema > schema.graphql`"
    );
}

#[sqlx::test]
async fn surf_rehab_answers_651_patients_89_active_through_the_api(pool: PgPool) {
    seed(&pool, spec::demo_clinics(), 42, false).await;
    let app = TestApp::new(pool).await;

    let answer = app
        .query_granted(
            &[SURF_REHAB_ID],
            SURF_REHAB_ID,
            r#"query($id: ID!) { organization(id: $id) {
                 name currency
                 summary(asOf: "2026-11-24T01:00:00Z") { totalPatients activePatients patientsWithUpcoming patientsWithRecent engagementRate }
                 reengagement(asOf: "2026-11-24T01:00:00Z") { currentlyActive currentlyDormant currentlyStale lifetimeValueTotal }
               } }"#,
            json!({ "id": SURF_REHAB_ID }),
        )
        .await;

    assert_eq!(
        answer.data("/organization"),
        &json!({
            "name": "Surf Rehab", "currency": "AUD",
            "summary": { "totalPatients": 651, "activePatients": 89, "patientsWithUpcoming": 24,
                         "patientsWithRecent": 66, "engagementRate": 13.7 },
            "reengagement": { "currentlyActive": 89, "currentlyDormant": 320, "currentlyStale": 242,
                              "lifetimeValueTotal": 1875000.0 }
        })
    );
}
