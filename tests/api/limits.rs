//! Abuse resistance: query limits, request hygiene and rate limits, each refusal with its code, before any database
//! work.

use axum::body::Body;
use axum::http::Request;
use chrono::Utc;
use clinic_analytics::auth::{Claims, mint_hs256};
use clinic_analytics::config::Secret;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::app::{Answer, SECRET, TestApp};
use crate::fixtures::{AS_OF, known_clinic};

/// The introspection query GraphiQL and GraphQL Code Generator send.
const INTROSPECTION: &str = r#"query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name } types { ...FullType } directives { name description locations args { ...InputValue } } } }
fragment FullType on __Type { kind name description fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason } inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }"#;

/// A whole dashboard: every metric group and the charts.
const DASHBOARD: &str = r#"query Dashboard($asOf: DateTime) { organization(id: "org_known") { name
  bookingMetrics(asOf: $asOf) { totalBookings previousPeriodBookings periodComparison bookingsViaAi meta { freshness } }
  patientMetrics(asOf: $asOf) { totalPatients activePatients newPatients meta { freshness } }
  financialMetrics(asOf: $asOf) { totalRevenue avgRevenuePerPatient lifetimeValueTotal lifetimeValueAverage meta { freshness } }
  automationMetrics(asOf: $asOf) { automationBookings automatedRevenue operationalCosts totalRoi totalContacts successfulContacts efficiencyScore meta { freshness } }
  charts(asOf: $asOf) { bookingTrends { date bookings revenue } patientEngagementTrend { date activePatients newPatients } automationPerformance { date efficiencyScore automationRate } meta { freshness } }
  summary(asOf: $asOf) { totalPatients activePatients patientsWithUpcoming patientsWithRecent engagementRate meta { freshness } }
  reengagement(asOf: $asOf) { currentlyActive currentlyDormant currentlyStale lifetimeValueTotal meta { freshness } } } }"#;

fn as_known(query: &str) -> Value {
    json!({ "query": query, "variables": { "asOf": AS_OF } })
}

/// Posts a body as the known clinic's caller, checking the database was not asked anything.
async fn refused(app: &TestApp, body: Value) -> Answer {
    let statements = app.state.db.statements_issued();
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));
    let answer = app
        .post(&[("authorization", &bearer), ("x-organization-id", "org_known")], body)
        .await;
    assert_eq!(app.state.db.statements_issued(), statements, "{}", answer.body);
    answer
}

fn limit_of(answer: &Answer) -> (&str, u64, u64) {
    let details = &answer.body["errors"][0]["extensions"]["details"];
    (
        details["limit"].as_str().unwrap_or("-"),
        details["maximum"].as_u64().unwrap_or(0),
        details["found"].as_u64().unwrap_or(0),
    )
}

#[sqlx::test]
async fn the_documented_queries_cost_what_the_documentation_says(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let charge = |query: &'static str| {
        let state = app.state.clone();
        async move {
            let charge = std::sync::Arc::new(clinic_analytics::graphql::guard::Charge::new("test".into(), None));
            state
                .schema
                .execute(async_graphql::Request::new(query).data(charge.clone()))
                .await;
            charge.cost()
        }
    };

    assert_eq!(charge(DASHBOARD).await, 135);
    assert_eq!(charge(INTROSPECTION).await, 181);
}

#[sqlx::test]
async fn every_query_limit_is_refused_with_its_code_and_numbers_before_the_database_is_asked(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let type_ref = format!(
        "{{ __type(name: \"Organization\") {{ {}name{} }} }}",
        "ofType { ".repeat(20),
        " }".repeat(20)
    );
    let every_group_of_every_organization = DASHBOARD
        .replace(r#"organization(id: "org_known") { name"#, "organizations { name")
        .replace("query Dashboard", "query Everything");
    let aliases = format!(
        "{{ {} }}",
        (0..51)
            .map(|i| format!("a{i}: __typename"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let root_fields = format!(
        "{{ {} }}",
        (0..11)
            .map(|i| format!("r{i}: __typename"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let large = format!("{{ __typename {} }}", "# padding\n".repeat(2_000));
    let nested = format!("{}{}", "{ a ".repeat(100), "}".repeat(100));

    let cases = [
        (type_ref, "depth", 15, 22),
        (every_group_of_every_organization, "complexity", 1_000, 1_340),
        (aliases, "aliases", 50, 51),
        (root_fields, "root_fields", 10, 11),
        (large, "document_bytes", 16_384, 20_015),
        (nested, "nesting", 30, 100),
    ];
    for (query, limit, maximum, found) in cases {
        let answer = refused(&app, as_known(&query)).await;
        assert_eq!(answer.status, 400, "{limit}: {}", answer.body);
        assert_eq!(answer.error_codes(), ["QUERY_LIMIT_EXCEEDED"], "{limit}");
        assert_eq!(limit_of(&answer), (limit, maximum, found));
    }
}

#[sqlx::test]
async fn batches_and_circular_fragments_are_refused_as_bad_input(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let batch = json!(
        (0..1_000)
            .map(|_| json!({ "query": "{ __typename }" }))
            .collect::<Vec<_>>()
    );
    let circular = as_known("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }");

    let batch = refused(&app, batch).await;
    let circular = refused(&app, circular).await;

    // A batch is refused before GraphQL reads it; a circular fragment is GraphQL's validation error (200 as JSON).
    assert_eq!(batch.status, 400);
    assert_eq!(batch.error_codes(), ["BAD_USER_INPUT"]);
    assert_eq!(circular.status, 200);
    assert_eq!(circular.error_codes(), ["BAD_USER_INPUT"]);
}

#[sqlx::test]
async fn bodies_too_large_or_not_json_are_refused_with_413_and_415(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));
    let send = |content_type: &str, body: String| {
        Request::post("/graphql")
            .header("content-type", content_type)
            .header("authorization", &bearer)
            .header("x-organization-id", "org_known")
            .body(Body::from(body))
            .unwrap()
    };
    let five_megabytes = format!(
        r#"{{"query":"{{ __typename }}","variables":{{"x":"{}"}}}}"#,
        "x".repeat(5 << 20)
    );

    let large = app.send(send("application/json", five_megabytes)).await;
    let form = app
        .send(send(
            "application/x-www-form-urlencoded",
            "query=%7B__typename%7D".into(),
        ))
        .await;
    let text = app
        .send(send("text/plain", r#"{"query":"{ __typename }"}"#.into()))
        .await;
    let multipart = app
        .send(send("multipart/form-data; boundary=x", "--x\r\n\r\n{}\r\n--x--".into()))
        .await;

    assert_eq!(large.status, 413);
    assert_eq!(large.error_codes(), ["PAYLOAD_TOO_LARGE"]);
    assert_eq!(
        large.body["errors"][0]["extensions"]["details"]["maximum_bytes"],
        65_536
    );
    for answer in [form, text, multipart] {
        assert_eq!(answer.status, 415, "{}", answer.body);
        assert_eq!(answer.error_codes(), ["UNSUPPORTED_MEDIA_TYPE"]);
    }
}

#[sqlx::test]
async fn every_response_carries_a_request_id_and_headers_that_keep_it_private(pool: PgPool) {
    let app = TestApp::new(pool).await;

    let refused = app
        .send(Request::post("/graphql").body(Body::from("{}")).unwrap())
        .await;
    let health = app.get("/healthz").await;
    let compressed = app
        .send(
            Request::get("/metrics")
                .header("accept-encoding", "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;

    for answer in [&refused, &health, &compressed] {
        assert!(answer.headers.contains_key("x-request-id"));
        assert_eq!(answer.headers["x-content-type-options"], "nosniff");
        assert_eq!(answer.headers["cache-control"], "no-store");
    }
    assert_eq!(compressed.headers["content-encoding"], "gzip");
}

#[sqlx::test]
async fn cross_origin_requests_are_allowed_from_the_configured_origins_only(pool: PgPool) {
    let app = TestApp::with(pool, &["--cors-allowed-origins", "https://dashboard.example.com"]).await;
    let preflight = |origin: &str| {
        Request::options("/graphql")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type,x-organization-id",
            )
            .body(Body::empty())
            .unwrap()
    };

    let allowed = app.send(preflight("https://dashboard.example.com")).await;
    let other = app.send(preflight("https://evil.example")).await;

    assert_eq!(
        allowed.headers["access-control-allow-origin"],
        "https://dashboard.example.com"
    );
    assert!(!other.headers.contains_key("access-control-allow-origin"));
}

#[sqlx::test]
async fn a_caller_over_its_allowance_is_told_to_retry_later_even_for_cached_answers(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::with(
        pool,
        &[
            "--rate-limit-caller-per-second",
            "1",
            "--rate-limit-caller-burst",
            "300",
        ],
    )
    .await;

    let first = app.query("org_known", DASHBOARD).await;
    // The same request again: answered from the response cache, but charged all the same.
    let statements = app.state.db.statements_issued();
    let second = app.query("org_known", DASHBOARD).await;
    let third = app.query("org_known", DASHBOARD).await;

    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(second.status, 200);
    assert_eq!(third.status, 429, "{}", third.body);
    assert_eq!(third.error_codes(), ["RATE_LIMITED"]);
    assert_eq!(third.body["errors"][0]["extensions"]["details"]["scope"], "caller");
    let retry_after: u64 = third.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=300).contains(&retry_after), "{retry_after}");
    assert_eq!(app.state.db.statements_issued(), statements);
}

#[sqlx::test]
async fn callers_of_one_organization_share_its_allowance(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::with(
        pool,
        &[
            "--rate-limit-organization-per-second",
            "1",
            "--rate-limit-organization-burst",
            "200",
        ],
    )
    .await;
    let as_user = |subject: &str| {
        let claims = Claims {
            sub: Some(subject.into()),
            ..Claims::granting(&["org_known"], Utc::now() + chrono::Duration::hours(1))
        };
        format!("Bearer {}", mint_hs256(&Secret::new(SECRET), &claims).unwrap())
    };
    let ask = |bearer: String| {
        let app = &app;
        async move {
            app.post(
                &[("authorization", &bearer), ("x-organization-id", "org_known")],
                as_known(DASHBOARD),
            )
            .await
        }
    };

    let alice = ask(as_user("alice")).await;
    let bob = ask(as_user("bob")).await;

    assert_eq!(alice.status, 200, "{}", alice.body);
    assert_eq!(bob.status, 429);
    assert_eq!(bob.body["errors"][0]["extensions"]["details"]["scope"], "organization");
}

#[sqlx::test]
async fn introspection_and_suggestions_can_be_turned_off(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::with(
        pool,
        &["--graphql-introspection", "false", "--graphql-suggestions", "false"],
    )
    .await;
    let anonymous = app
        .send(
            Request::post("/graphql")
                .header("content-type", "application/json")
                .body(Body::from(json!({ "query": INTROSPECTION }).to_string()))
                .unwrap(),
        )
        .await;

    let authenticated = refused(&app, as_known("{ __schema { queryType { name } } }")).await;
    let misspelled = refused(&app, as_known(r#"{ organization(id: "org_known") { nam } }"#)).await;
    let playground = app.get("/graphql").await;

    for answer in [&anonymous, &authenticated] {
        assert_eq!(answer.status, 400, "{}", answer.body);
        assert_eq!(
            answer.body["errors"][0]["message"],
            "introspection is turned off on this server"
        );
    }
    let message = misspelled.body["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("Did you mean"), "{message}");
    assert_eq!(playground.status, 404);
}
