//! The pages the service serves from its binary: the dashboard, GraphiQL and their assets, under a strict content
//! security policy, and the clinic list a page can ask for before it knows a clinic.

use serde_json::json;
use sqlx::PgPool;

use crate::app::TestApp;
use crate::fixtures::known_clinic;

#[sqlx::test]
async fn the_dashboard_page_and_its_assets_come_from_the_binary_under_a_strict_policy(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let page = app.get("/").await;
    let html = page.body.as_str().unwrap().to_owned();
    let script = html
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let asset = app.get(&script).await;
    let missing = app.get("/assets/no-such-file.js").await;

    assert_eq!(page.status, 200);
    assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
    let policy = page.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self';"), "{policy}");
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("http"),
        "{policy}"
    );
    assert!(
        !html.contains("<script>") && !html.contains("https://"),
        "inline script or remote URL in the page"
    );
    assert!(script.starts_with("/assets/"), "{script}");
    assert_eq!(asset.status, 200);
    assert_eq!(asset.headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(asset.headers["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(missing.status, 404);
}

#[sqlx::test]
async fn graphiql_is_bundled_and_starts_with_no_credentials_outside_the_demo(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let page = app.get("/graphql").await;
    let config = app.get("/graphiql/config.json").await;

    assert_eq!(page.status, 200);
    assert!(page.headers.contains_key("content-security-policy"));
    let html = page.body.as_str().unwrap();
    assert!(
        !html.contains("unpkg") && !html.contains("jsdelivr") && !html.contains("https://"),
        "a CDN in GraphiQL"
    );
    assert_eq!(config.body, json!({ "headers": {} }));
}

#[sqlx::test]
async fn the_granted_clinics_are_listed_without_naming_one_and_nothing_else_is(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));

    let listed = app
        .post(
            &[("authorization", &bearer)],
            json!({ "query": "{ organizations { id name currency timezone } }" }),
        )
        .await;
    let asked = app
        .post(
            &[("authorization", &bearer)],
            json!({ "query": r#"{ organization(id: "org_known") { name } }"# }),
        )
        .await;
    let anonymous = app.post(&[], json!({ "query": "{ organizations { id } }" })).await;

    assert_eq!(
        listed.data("/organizations"),
        &json!([{ "id": "org_known", "name": "Known Clinic", "currency": "AUD", "timezone": "UTC" }])
    );
    assert_eq!(asked.error_codes(), ["MISSING_HEADER"]);
    assert_eq!(anonymous.error_codes(), ["UNAUTHORIZED"]);
}
