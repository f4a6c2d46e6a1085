//! GraphQL over HTTP: both response media types with their status rules, queries sent with GET, and kept responses
//! that say `CACHED` exactly where a freshness field said `REAL_TIME`.

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::app::{Answer, TestApp};
use crate::fixtures::{AS_OF, known_clinic};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

async fn post_accepting(app: &TestApp, accept: &str, body: Value) -> Answer {
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .header("accept", accept)
        .header("authorization", bearer)
        .header("x-organization-id", "org_known")
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(request).await
}

fn content_type(answer: &Answer) -> &str {
    answer.headers["content-type"].to_str().unwrap()
}

#[sqlx::test]
async fn a_client_asking_for_graphql_response_json_gets_it_with_200_for_an_executed_request(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = post_accepting(
        &app,
        GRAPHQL_RESPONSE,
        json!({ "query": "{ organization(id: \"org_known\") { name } }" }),
    )
    .await;

    assert_eq!(answer.status, 200);
    assert!(content_type(&answer).starts_with(GRAPHQL_RESPONSE));
    assert_eq!(answer.data("/organization/name"), "Known Clinic");
}

#[sqlx::test]
async fn parse_validation_and_variable_failures_are_400_without_data_as_graphql_response_json(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let requests = [
        json!({ "query": "{" }),
        json!({ "query": "{ organization(id: \"org_known\") { revenue } }" }),
        json!({ "query": "query Coerce($id: ID!) { organization(id: $id) { name } }", "variables": { "id": null } }),
    ];

    for request in requests {
        let answer = post_accepting(&app, GRAPHQL_RESPONSE, request.clone()).await;

        assert_eq!(answer.status, 400, "{request}: {}", answer.body);
        assert!(answer.body.get("data").is_none(), "{}", answer.body);
        assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"]);
    }
}

#[sqlx::test]
async fn the_same_failures_are_200_without_data_as_application_json(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let answer = post_accepting(&app, "application/json", json!({ "query": "{" })).await;

    assert_eq!(answer.status, 200);
    assert_eq!(content_type(&answer), "application/json");
    assert!(answer.body.get("data").is_none());
    assert_eq!(answer.error_codes(), ["BAD_USER_INPUT"]);
}

#[sqlx::test]
async fn a_query_sent_with_get_is_answered_and_a_mutation_is_not(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));
    let get = |query: &str| {
        let mut url = url::Url::parse("http://localhost/graphql").unwrap();
        url.query_pairs_mut().append_pair("query", query);
        Request::get(&url[url::Position::BeforePath..])
            .header("authorization", &bearer)
            .header("x-organization-id", "org_known")
            .body(Body::empty())
            .unwrap()
    };

    let query = app.send(get("{ organization(id: \"org_known\") { name } }")).await;
    let mutation = app.send(get("mutation { __typename }")).await;
    let named = {
        let mut request = get("query A { __typename } query B { organization(id: \"org_known\") { name } }");
        let uri = format!("{}&operationName=B", request.uri());
        *request.uri_mut() = uri.parse().unwrap();
        app.send(request).await
    };

    assert_eq!(query.status, 200);
    assert_eq!(query.data("/organization/name"), "Known Clinic");
    assert_eq!(mutation.status, 405);
    assert_eq!(mutation.error_codes(), ["BAD_USER_INPUT"]);
    assert_eq!(named.data("/organization/name"), "Known Clinic");
}

#[sqlx::test]
async fn a_head_request_with_a_query_is_refused_whatever_its_body(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let request = Request::head("/graphql?query=%7B%20__typename%20%7D")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"query":"{ __typename }"}"#))
        .unwrap();

    let answer = app.send(request).await;

    assert_eq!(answer.status, 405);
}

#[sqlx::test]
async fn a_kept_response_says_cached_in_every_freshness_field_and_nowhere_else(pool: PgPool) {
    known_clinic(&pool).await;
    sqlx::query("update organizations set name = 'REAL_TIME' where id = 'org_known'")
        .execute(&pool)
        .await
        .unwrap();
    let app = TestApp::new(pool).await;
    let query = format!(
        r#"{{ organization(id: "org_known") {{ freshness: name
              bookingMetrics(asOf: "{AS_OF}") {{ meta {{ freshness f: freshness }} }} }} }}"#
    );

    let first = app.query("org_known", &query).await;
    let kept = app.query("org_known", &query).await;

    assert_eq!(first.data("/organization/bookingMetrics/meta/f"), "REAL_TIME");
    assert_eq!(kept.data("/organization/freshness"), "REAL_TIME");
    assert_eq!(kept.data("/organization/bookingMetrics/meta/freshness"), "CACHED");
    assert_eq!(kept.data("/organization/bookingMetrics/meta/f"), "CACHED");
}
