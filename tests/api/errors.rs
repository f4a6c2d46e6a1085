//! Every error code with its HTTP status; refusals happen before execution, failures never leak internals.

use axum::body::Body;
use axum::http::Request;
use chrono::{Duration, Utc};
use clinic_analytics::auth::{Claims, mint_hs256};
use clinic_analytics::config::Secret;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::app::{SECRET, TestApp};
use crate::fixtures::{empty_clinic, known_clinic};

const BOOKINGS: &str = r#"{ organization(id: "org_known") { bookingMetrics { totalBookings } } }"#;

fn body() -> serde_json::Value {
    json!({ "query": BOOKINGS })
}

#[sqlx::test]
async fn a_request_without_a_token_is_unauthorized(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let answer = app.post(&[("x-organization-id", "org_known")], body()).await;

    assert_eq!(answer.status, 401);
    assert_eq!(answer.error_codes(), ["UNAUTHORIZED"]);
    assert_eq!(answer.body["data"], serde_json::Value::Null);
}

#[sqlx::test]
async fn expired_malformed_and_foreign_tokens_are_unauthorized(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let expired = mint_hs256(
        &Secret::new(SECRET),
        &Claims::granting(&["org_known"], Utc::now() - Duration::minutes(5)),
    )
    .unwrap();
    let foreign = mint_hs256(
        &Secret::new("some-other-secret-some-other-secret-1234"),
        &Claims::granting(&["org_known"], Utc::now() + Duration::minutes(5)),
    )
    .unwrap();
    let cases = [
        (format!("Bearer {expired}"), "the token has expired"),
        (format!("Bearer {foreign}"), "the token's signature does not verify"),
        ("Bearer not.a.jwt".to_owned(), "the token is malformed"),
        (
            "Basic dXNlcjpwYXNz".to_owned(),
            "the Authorization header must be `Bearer <token>`",
        ),
    ];

    for (authorization, message) in cases {
        let answer = app
            .post(
                &[("authorization", &authorization), ("x-organization-id", "org_known")],
                body(),
            )
            .await;

        assert_eq!(answer.status, 401, "{authorization}");
        assert_eq!(answer.error_codes(), ["UNAUTHORIZED"]);
        assert_eq!(answer.body["errors"][0]["message"], message);
    }
}

#[sqlx::test]
async fn a_request_without_the_organization_header_names_the_missing_header(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));

    let answer = app.post(&[("authorization", &bearer)], body()).await;

    assert_eq!(answer.status, 400);
    assert_eq!(answer.error_codes(), ["MISSING_HEADER"]);
    assert_eq!(
        answer.body["errors"][0]["extensions"]["details"],
        json!({ "required_header": "X-Organization-ID" })
    );
}

#[sqlx::test]
async fn an_organization_header_the_token_does_not_grant_is_forbidden(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = app
        .query_granted(&["org_other"], "org_known", BOOKINGS, json!({}))
        .await;

    assert_eq!(answer.status, 403);
    assert_eq!(answer.error_codes(), ["FORBIDDEN"]);
    assert_eq!(
        answer.body["errors"][0]["extensions"]["details"],
        json!({ "organization_id": "org_known" })
    );
}

#[sqlx::test]
async fn asking_for_another_organization_than_the_header_is_forbidden_before_execution(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let before = app.state.db.statements_issued();

    let answer = app
        .query_granted(
            &["org_known", "org_empty"],
            "org_empty",
            r#"query($id: ID!) { organization(id: $id) { name } }"#,
            json!({ "id": "org_known" }),
        )
        .await;

    assert_eq!(answer.status, 403);
    assert_eq!(answer.error_codes(), ["FORBIDDEN"]);
    assert_eq!(app.state.db.statements_issued(), before);
}

#[sqlx::test]
async fn a_granted_organization_that_does_not_exist_is_a_null_organization_not_found(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let answer = app
        .query("org_gone", r#"{ organization(id: "org_gone") { name } }"#)
        .await;

    // Executed, so 200 with `data` (null) under either media type, as GraphQL over HTTP asks.
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["data"], Value::Null);
    assert_eq!(answer.error_codes(), ["NOT_FOUND"]);
}

#[sqlx::test]
async fn malformed_and_invalid_queries_are_bad_user_input(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let malformed = app.query("org_known", "{ organization(id: ").await;
    let unknown_field = app
        .query("org_known", r#"{ organization(id: "org_known") { revenue } }"#)
        .await;
    let wrong_enum = app
        .query(
            "org_known",
            r#"{ organization(id: "org_known") { bookingMetrics(timeframe: LAST_2_DAYS) { totalBookings } } }"#,
        )
        .await;

    // Request errors: 200 as application/json (what these clients asked for, by asking for nothing), no `data`.
    for answer in [malformed, unknown_field, wrong_enum] {
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"]);
        assert!(answer.body.get("data").is_none(), "{}", answer.body);
    }
}

#[sqlx::test]
async fn an_out_of_range_argument_nulls_its_field_with_bad_user_input(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = app
        .query(
            "org_known",
            r#"{ organization(id: "org_known") { name upcomingAppointments(first: 101) { totalCount } } }"#,
        )
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.data("/organization"),
        &json!({ "name": "Known Clinic", "upcomingAppointments": null })
    );
    assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"]);
    assert_eq!(
        answer.body["errors"][0]["message"],
        "first must be between 0 and 100, got 101"
    );
}

#[sqlx::test]
async fn a_forged_cursor_or_a_far_fetched_as_of_is_bad_user_input(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = app
        .query(
            "org_known",
            r#"{ organization(id: "org_known") {
                 upcomingAppointments(after: "eyJub3QiOiJvdXJzIn0") { totalCount }
                 summary(asOf: "9999-01-01T00:00:00Z") { totalPatients } } }"#,
        )
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.error_codes(), ["BAD_USER_INPUT", "BAD_USER_INPUT"]);
}

#[sqlx::test]
async fn a_database_failure_is_a_calculation_error_without_internals_and_the_rest_resolves(pool: PgPool) {
    known_clinic(&pool).await;
    sqlx::query("alter table automation_costs rename to automation_costs_elsewhere")
        .execute(&pool)
        .await
        .unwrap();
    let app = TestApp::new(pool).await;
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));

    let answer = app
        .post(
            &[
                ("authorization", &bearer),
                ("x-organization-id", "org_known"),
                ("x-request-id", "req-42"),
            ],
            json!({ "query": r#"{ organization(id: "org_known") {
                bookingMetrics(timeframe: LAST_7_DAYS, asOf: "2026-03-15T00:00:00Z") { totalBookings }
                automationMetrics(timeframe: LAST_7_DAYS, asOf: "2026-03-15T00:00:00Z") { totalContacts } } }"# }),
        )
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.data("/organization/bookingMetrics"),
        &json!({ "totalBookings": 4 })
    );
    assert_eq!(answer.data("/organization/automationMetrics"), &serde_json::Value::Null);
    assert_eq!(answer.error_codes(), ["CALCULATION_ERROR"]);
    assert_eq!(
        answer.body["errors"][0]["extensions"]["details"],
        json!({ "request_id": "req-42" })
    );
    let text = answer.body.to_string();
    assert!(
        !text.contains("outreach") && !text.contains("relation") && !text.contains("select"),
        "{text}"
    );
}

#[sqlx::test]
async fn insufficient_data_is_a_partial_answer_with_status_200(pool: PgPool) {
    empty_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = app
        .query(
            "org_empty",
            r#"{ organization(id: "org_empty") { name automationMetrics { totalRoi totalContacts } } }"#,
        )
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.data("/organization/automationMetrics"),
        &json!({ "totalRoi": null, "totalContacts": 0 })
    );
    assert_eq!(answer.error_codes(), ["INSUFFICIENT_DATA"]);
}

#[sqlx::test]
async fn the_schema_can_be_introspected_without_credentials(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let answer = app
        .post(&[], json!({ "query": "{ __schema { queryType { name } } }" }))
        .await;
    let typename = app.post(&[], json!({ "query": "{ __typename }" })).await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.data("/__schema/queryType/name"), "Query");
    assert_eq!(typename.data("/__typename"), "Query");
}

#[sqlx::test]
async fn introspection_does_not_smuggle_data_fields_past_authentication(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let answer = app
        .post(
            &[],
            json!({ "query": "{ __typename ...F } fragment F on Query { organizations { name } }" }),
        )
        .await;

    assert_eq!(answer.status, 401);
}

#[sqlx::test]
async fn batched_and_non_json_bodies_are_bad_user_input(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));
    let headers = [("authorization", bearer.as_str()), ("x-organization-id", "org_known")];

    let batch = app
        .post(
            &headers,
            json!([{ "query": "{ __typename }" }, { "query": "{ __typename }" }]),
        )
        .await;
    let not_json = app
        .send(
            Request::post("/graphql")
                .header("content-type", "application/json")
                .body(Body::from("query { __typename }"))
                .unwrap(),
        )
        .await;

    assert_eq!(batch.status, 400);
    assert_eq!(batch.error_codes(), ["BAD_USER_INPUT"]);
    assert_eq!(not_json.status, 400);
    assert_eq!(not_json.error_codes(), ["BAD_USER_INPUT"]);
}

#[sqlx::test]
async fn every_response_carries_a_request_id_and_keeps_a_plain_one_from_the_caller(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let kept = app
        .post(&[("x-request-id", "trace-7f3a")], json!({ "query": "{ __typename }" }))
        .await;
    let replaced = app
        .post(
            &[("x-request-id", "bad id with spaces")],
            json!({ "query": "{ __typename }" }),
        )
        .await;

    assert_eq!(kept.headers["x-request-id"], "trace-7f3a");
    let assigned = replaced.headers["x-request-id"].to_str().unwrap();
    let (prefix, counter) = assigned.split_once('-').unwrap();
    assert_eq!(prefix.len(), 16, "{assigned}");
    assert!(
        prefix.chars().chain(counter.chars()).all(|c| c.is_ascii_hexdigit()),
        "{assigned}"
    );
}
