//! The REST endpoints of the original brief: the same figures as GraphQL, the brief's error shape and statuses, and
//! every answer conforming to the OpenAPI document.

use serde_json::{Map, Value, json};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::app::{Answer, TestApp};
use crate::conformance::{response_schema, violations};
use crate::faults::through_proxy;
use crate::fixtures::{AS_OF, empty_clinic, known_clinic, sydney_clinic};

const KNOWN: &str = "org_known";

/// GETs a REST path as a caller granted `granted`, naming `organization` in the header, and checks the answer
/// against the OpenAPI document the service serves.
async fn get_as(app: &TestApp, path: &str, granted: &[&str], organization: &str) -> Answer {
    let bearer = format!("Bearer {}", TestApp::token(granted));
    let answer = app
        .get_with(path, &[("authorization", &bearer), ("x-organization-id", organization)])
        .await;
    assert_conforms(app, path, &answer).await;
    answer
}

/// GETs a REST path as a caller granted the known clinic, about it.
async fn get_known(app: &TestApp, path: &str) -> Answer {
    get_as(app, path, &[KNOWN], KNOWN).await
}

async fn assert_conforms(app: &TestApp, path: &str, answer: &Answer) {
    let document = app.get("/api/v1/openapi.json").await.body;
    let mut segments: Vec<&str> = path.split('?').next().unwrap().split('/').collect();
    segments[4] = "{organizationId}";
    let template = segments.join("/");
    let schema = response_schema(&document, &template, answer.status.as_u16());
    let found = violations(&document, schema, &answer.body, "$");
    assert!(found.is_empty(), "{path} answered {}: {found:#?}", answer.body);
}

/// A GraphQL answer's object in the REST spelling: snake_case keys, no `meta`.
fn snake_case(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| key.as_str() != "meta")
                .map(|(key, value)| {
                    let mut snake = String::new();
                    for character in key.chars() {
                        if character.is_ascii_uppercase() {
                            snake.push('_');
                        }
                        snake.push(character.to_ascii_lowercase());
                    }
                    (snake, snake_case(value))
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(snake_case).collect()),
        other => other.clone(),
    }
}

async fn graphql(app: &TestApp, query: &str, variables: Value) -> Value {
    let answer = app.query_granted(&[KNOWN], KNOWN, query, variables).await;
    assert_eq!(answer.error_codes(), Vec::<String>::new(), "{}", answer.body);
    answer.data("/organization").clone()
}

const METRICS: &str = r#"query($org: ID!, $timeframe: Timeframe!, $asOf: DateTime) { organization(id: $org) {
    bookingMetrics(timeframe: $timeframe, asOf: $asOf) { totalBookings previousPeriodBookings periodComparison bookingsViaAi }
    patientMetrics(timeframe: $timeframe, asOf: $asOf) { totalPatients activePatients newPatients }
    financialMetrics(timeframe: $timeframe, asOf: $asOf) { totalRevenue avgRevenuePerPatient lifetimeValueTotal lifetimeValueAverage currency }
    automationMetrics(timeframe: $timeframe, asOf: $asOf) { automationBookings automatedRevenue operationalCosts totalRoi totalContacts successfulContacts efficiencyScore }
  } }"#;

const TIMEFRAMES: [(&str, &str); 4] = [
    ("7d", "LAST_7_DAYS"),
    ("30d", "LAST_30_DAYS"),
    ("90d", "LAST_90_DAYS"),
    ("1y", "LAST_365_DAYS"),
];

#[sqlx::test]
async fn analytics_answers_the_graphql_figures_for_every_timeframe(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    for (short, timeframe) in TIMEFRAMES {
        let rest = get_known(
            &app,
            &format!("/api/v1/dashboard/{KNOWN}/analytics?timeframe={short}&as_of={AS_OF}"),
        )
        .await;
        let expected = snake_case(
            &graphql(
                &app,
                METRICS,
                json!({ "org": KNOWN, "timeframe": timeframe, "asOf": AS_OF }),
            )
            .await,
        );

        assert_eq!(rest.status, 200, "{}", rest.body);
        for group in [
            "booking_metrics",
            "patient_metrics",
            "financial_metrics",
            "automation_metrics",
        ] {
            assert_eq!(rest.body[group], expected[group], "{short} {group}");
        }
        assert_eq!(rest.body["timeframe"], short);
        assert_eq!(rest.body["stale_data"], false);
    }
}

#[sqlx::test]
async fn analytics_and_charts_answer_calendar_periods_and_ranges_as_graphql_does(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let query = r#"query($org: ID!, $window: WindowInput, $compareTo: Comparison!, $asOf: DateTime) {
        organization(id: $org) {
          bookingMetrics(window: $window, compareTo: $compareTo, asOf: $asOf) { totalBookings previousPeriodBookings periodComparison bookingsViaAi }
          charts(window: $window, compareTo: $compareTo, granularity: WEEK, asOf: $asOf) { bookingTrends { date bookings revenue } } } }"#;
    let windows = [
        (
            "period=mtd&compare_to=same_period_last_year",
            json!({ "period": "MONTH_TO_DATE" }),
            "SAME_PERIOD_LAST_YEAR",
        ),
        (
            "period=last_month",
            json!({ "period": "LAST_MONTH" }),
            "PREVIOUS_PERIOD",
        ),
        (
            "from=2026-02-01&to=2026-03-14",
            json!({ "range": { "from": "2026-02-01", "to": "2026-03-14" } }),
            "PREVIOUS_PERIOD",
        ),
    ];

    for (parameters, window, compare_to) in windows {
        let analytics = get_known(
            &app,
            &format!("/api/v1/dashboard/{KNOWN}/analytics?{parameters}&as_of={AS_OF}"),
        )
        .await;
        let charts = get_known(
            &app,
            &format!("/api/v1/dashboard/{KNOWN}/charts?{parameters}&granularity=week&as_of={AS_OF}"),
        )
        .await;
        let variables = json!({ "org": KNOWN, "window": window, "compareTo": compare_to, "asOf": AS_OF });
        let expected = snake_case(&graphql(&app, query, variables).await);

        assert_eq!(analytics.status, 200, "{}", analytics.body);
        assert_eq!(
            analytics.body["booking_metrics"], expected["booking_metrics"],
            "{parameters}"
        );
        assert_eq!(
            charts.body["booking_trends"], expected["charts"]["booking_trends"],
            "{parameters}"
        );
        assert_eq!(analytics.body["timeframe"], Value::Null);
    }
    let month = get_known(
        &app,
        &format!("/api/v1/dashboard/{KNOWN}/analytics?period=mtd&compare_to=same_period_last_year&as_of={AS_OF}"),
    )
    .await;
    assert_eq!(month.body["period"], "mtd");
    assert_eq!(month.body["compare_to"], "same_period_last_year");
    assert_eq!(month.body["window_start"], "2026-03-01T00:00:00+00:00");
    assert_eq!(month.body["window_end"], "2026-03-15T00:00:00+00:00");
    assert_eq!(month.body["comparison_start"], "2025-03-01T00:00:00+00:00");
    assert_eq!(month.body["comparison_end"], "2025-03-15T00:00:00+00:00");
    assert_eq!(month.body["booking_metrics"]["total_bookings"], 7);
}

#[sqlx::test]
async fn analytics_gives_the_brief_its_figures_and_lists_the_ones_without_data(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let path = format!("/api/v1/dashboard/{KNOWN}/analytics?timeframe=7d&as_of={AS_OF}");

    let first = get_known(&app, &path).await;
    let second = get_known(&app, &path).await;

    assert_eq!(first.body["financial_metrics"]["total_revenue"], 220.0);
    assert_eq!(first.body["financial_metrics"]["lifetime_value_total"], 490.0);
    assert_eq!(first.body["financial_metrics"]["currency"], "AUD");
    assert_eq!(first.body["automation_metrics"]["total_contacts"], 4);
    assert_eq!(first.body["automation_metrics"]["successful_contacts"], 2);
    assert_eq!(first.body["automation_metrics"]["operational_costs"], 80.0);
    assert_eq!(first.body["data_freshness"], "real_time");
    assert_eq!(second.body["data_freshness"], "cached");
    assert_eq!(second.body["last_updated"], first.body["last_updated"]);
    assert_eq!(first.body["insufficient_data"], json!([]));
}

#[sqlx::test]
async fn charts_answer_the_graphql_series_for_every_timeframe_and_granularity(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let query = r#"query($org: ID!, $timeframe: Timeframe!, $granularity: Granularity!, $asOf: DateTime) {
        organization(id: $org) { charts(timeframe: $timeframe, granularity: $granularity, asOf: $asOf) {
          bookingTrends { date bookings revenue }
          patientEngagementTrend { date activePatients newPatients }
          automationPerformance { date efficiencyScore automationRate } } } }"#;

    for (short, timeframe) in TIMEFRAMES {
        for granularity in ["day", "week", "month"] {
            let path =
                format!("/api/v1/dashboard/{KNOWN}/charts?timeframe={short}&granularity={granularity}&as_of={AS_OF}");
            let rest = get_known(&app, &path).await;
            let variables = json!({ "org": KNOWN, "timeframe": timeframe, "granularity": granularity.to_uppercase(), "asOf": AS_OF });
            let expected = snake_case(&graphql(&app, query, variables).await["charts"]);

            assert_eq!(rest.status, 200, "{}", rest.body);
            for series in ["booking_trends", "patient_engagement_trend", "automation_performance"] {
                assert_eq!(rest.body[series], expected[series], "{short} {granularity} {series}");
            }
            assert_eq!(rest.body["granularity"], granularity);
        }
    }
    let weekly = get_known(
        &app,
        &format!("/api/v1/dashboard/{KNOWN}/charts?timeframe=7d&granularity=week&as_of={AS_OF}"),
    )
    .await;
    assert_eq!(
        weekly.body["booking_trends"],
        json!([{ "date": "2026-03-02", "bookings": 1, "revenue": 0.0 },
               { "date": "2026-03-09", "bookings": 3, "revenue": 220.0 }])
    );
}

#[sqlx::test]
async fn the_summary_and_reengagement_answer_the_graphql_figures(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let expected = graphql(
        &app,
        r#"query($org: ID!, $asOf: DateTime) { organization(id: $org) { currency
            summary(asOf: $asOf) { totalPatients activePatients patientsWithUpcoming patientsWithRecent engagementRate lastSyncedAt }
            reengagement(asOf: $asOf) { totalPatients currentlyActive currentlyDormant currentlyStale engagementRatePercent
                                        lifetimeValueTotal lifetimeValueAverage } } }"#,
        json!({ "org": KNOWN, "asOf": AS_OF }),
    )
    .await;

    let summary = get_known(&app, &format!("/api/v1/dashboard/{KNOWN}?as_of={AS_OF}")).await;
    let reengagement = get_known(&app, &format!("/api/v1/reengagement/{KNOWN}/performance?as_of={AS_OF}")).await;

    let mut expected_summary = snake_case(&expected["summary"]);
    let last_synced = expected_summary
        .as_object_mut()
        .unwrap()
        .remove("last_synced_at")
        .unwrap();
    expected_summary["last_sync_time"] = last_synced;
    assert_eq!(summary.body["summary"], expected_summary);
    assert_eq!(summary.body["summary"]["last_sync_time"], "2026-03-14T22:00:00+00:00");
    let figures = snake_case(&expected["reengagement"]);
    assert_eq!(
        reengagement.body["performance_metrics"],
        json!({
            "total_patients": figures["total_patients"], "currently_active": figures["currently_active"],
            "currently_dormant": figures["currently_dormant"], "currently_stale": figures["currently_stale"],
            "engagement_rate_percent": figures["engagement_rate_percent"],
        })
    );
    assert_eq!(
        reengagement.body["financial_metrics"],
        json!({
            "total_lifetime_value": figures["lifetime_value_total"], "avg_lifetime_value": figures["lifetime_value_average"],
            "total_lifetime_value_aud": figures["lifetime_value_total"], "avg_lifetime_value_aud": figures["lifetime_value_average"],
            "currency": "AUD",
        })
    );
    assert_eq!(reengagement.body["financial_metrics"]["total_lifetime_value"], 490.0);
}

#[sqlx::test]
async fn upcoming_pages_through_the_graphql_connection_and_its_summary_counts_it(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let query = r#"query($org: ID!, $after: String, $asOf: DateTime) { organization(id: $org) {
        upcomingAppointments(withinDays: 7, first: 1, after: $after, asOf: $asOf) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { id patientId startsAt endsAt status source appointmentType practitionerId practitionerName } }
        summary(asOf: $asOf) { patientsWithUpcoming } } }"#;
    let first_graphql = graphql(&app, query, json!({ "org": KNOWN, "asOf": AS_OF })).await;
    let cursor = first_graphql["upcomingAppointments"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let second_graphql = graphql(&app, query, json!({ "org": KNOWN, "asOf": AS_OF, "after": cursor })).await;

    let first = get_known(
        &app,
        &format!("/api/v1/appointments/{KNOWN}/upcoming?limit=1&as_of={AS_OF}"),
    )
    .await;
    let next = first.body["next_cursor"].as_str().unwrap();
    let second = get_known(
        &app,
        &format!("/api/v1/appointments/{KNOWN}/upcoming?limit=1&cursor={next}&as_of={AS_OF}"),
    )
    .await;
    let summary = get_known(
        &app,
        &format!("/api/v1/appointments/{KNOWN}/upcoming/summary?as_of={AS_OF}"),
    )
    .await;

    let lowercase = |node: &Value| {
        let mut node = snake_case(node);
        for key in ["status", "source"] {
            node[key] = json!(node[key].as_str().unwrap().to_lowercase());
        }
        node
    };
    assert_eq!(
        first.body["appointments"],
        json!([lowercase(&first_graphql["upcomingAppointments"]["nodes"][0])])
    );
    assert_eq!(
        second.body["appointments"],
        json!([lowercase(&second_graphql["upcomingAppointments"]["nodes"][0])])
    );
    assert_eq!(first.body["appointments"][0]["id"], "a4");
    assert_eq!(first.body["appointments"][0]["source"], "automation");
    assert_eq!(second.body["appointments"][0]["id"], "a2");
    assert_eq!(
        (first.body["total_count"].clone(), first.body["has_next_page"].clone()),
        (json!(2), json!(true))
    );
    assert_eq!(
        (second.body["has_next_page"].clone(), second.body["next_cursor"].clone()),
        (json!(false), Value::Null)
    );
    assert_eq!(
        summary.body["summary"],
        json!({
            "within_days": 7, "upcoming_appointments": 2,
            "patients_with_upcoming": first_graphql["summary"]["patientsWithUpcoming"],
            "next_appointment_at": first_graphql["upcomingAppointments"]["nodes"][0]["startsAt"],
        })
    );
}

fn error_of(answer: &Answer) -> (u16, &str) {
    (
        answer.status.as_u16(),
        answer.body["error"]["code"].as_str().unwrap_or("<none>"),
    )
}

#[sqlx::test]
async fn every_refusal_answers_the_briefs_error_shape_with_its_status(pool: PgPool) {
    known_clinic(&pool).await;
    sydney_clinic(&pool).await;
    empty_clinic(&pool).await;
    let app = TestApp::new(pool).await;
    let analytics = format!("/api/v1/dashboard/{KNOWN}/analytics");
    let expired = clinic_analytics::auth::mint_hs256(
        &clinic_analytics::config::Secret::new(crate::app::SECRET),
        &clinic_analytics::auth::Claims::granting(&[KNOWN], chrono::Utc::now() - chrono::Duration::hours(1)),
    )
    .unwrap();

    let no_token = app.get_with(&analytics, &[("x-organization-id", KNOWN)]).await;
    let expired_token = app
        .get_with(
            &analytics,
            &[
                ("authorization", &format!("Bearer {expired}")),
                ("x-organization-id", KNOWN),
            ],
        )
        .await;
    let bearer = format!("Bearer {}", TestApp::token(&[KNOWN]));
    let no_header = app.get_with(&analytics, &[("authorization", &bearer)]).await;
    let not_granted = get_as(&app, "/api/v1/dashboard/org_syd/analytics", &[KNOWN], "org_syd").await;
    let mismatch = get_as(&app, "/api/v1/dashboard/org_syd/analytics", &[KNOWN, "org_syd"], KNOWN).await;
    let bad_timeframe = get_known(&app, &format!("{analytics}?timeframe=2w")).await;
    let unknown_parameter = get_known(&app, &format!("{analytics}?perod=7d")).await;
    let two_windows = get_known(&app, &format!("{analytics}?timeframe=7d&period=mtd")).await;
    let backwards = get_known(&app, &format!("{analytics}?from=2026-03-10&to=2026-03-01")).await;
    let bad_limit = get_known(&app, &format!("/api/v1/appointments/{KNOWN}/upcoming?limit=1000")).await;
    let empty = get_as(
        &app,
        "/api/v1/dashboard/org_empty/analytics",
        &["org_empty"],
        "org_empty",
    )
    .await;
    let unknown_path = app.get_with("/api/v1/dashboard", &[("authorization", &bearer)]).await;
    let posted = app
        .send(
            axum::http::Request::post(&analytics)
                .header("authorization", &bearer)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    for answer in [&no_token, &expired_token, &no_header] {
        assert_conforms(&app, &analytics, answer).await;
    }

    assert_eq!(error_of(&no_token), (401, "UNAUTHORIZED"));
    assert_eq!(error_of(&expired_token), (401, "UNAUTHORIZED"));
    assert_eq!(expired_token.body["error"]["message"], "the token has expired");
    assert_eq!(error_of(&no_header), (400, "MISSING_HEADER"));
    assert_eq!(
        no_header.body["error"]["details"],
        json!({ "required_header": "X-Organization-ID" })
    );
    assert_eq!(error_of(&not_granted), (403, "FORBIDDEN"));
    assert_eq!(error_of(&mismatch), (403, "FORBIDDEN"));
    assert_eq!(
        mismatch.body["error"]["details"],
        json!({ "organization_id": "org_syd", "header_organization_id": KNOWN })
    );
    assert_eq!(error_of(&bad_timeframe), (400, "BAD_USER_INPUT"));
    assert_eq!(bad_timeframe.body["error"]["details"]["organization_id"], KNOWN);
    assert_eq!(error_of(&unknown_parameter), (400, "BAD_USER_INPUT"));
    assert_eq!(error_of(&two_windows), (400, "BAD_USER_INPUT"));
    assert_eq!(
        two_windows.body["error"]["message"],
        "give one of timeframe, period, or from and to; got timeframe and period"
    );
    assert_eq!(error_of(&backwards), (400, "BAD_USER_INPUT"));
    assert_eq!(
        backwards.body["error"]["message"],
        "from and to: from (2026-03-10) must not be after to (2026-03-01)"
    );
    assert_eq!(error_of(&bad_limit), (400, "BAD_USER_INPUT"));
    assert_eq!(error_of(&empty), (422, "INSUFFICIENT_DATA"));
    assert_eq!(
        empty.body["error"]["details"],
        json!({ "organization_id": "org_empty", "timeframe": "30d", "compare_to": "previous_period" })
    );
    assert_eq!(error_of(&unknown_path), (404, "NOT_FOUND"));
    assert_eq!(error_of(&posted), (405, "BAD_USER_INPUT"));
    assert_eq!(posted.headers["allow"], "GET, HEAD");
}

#[sqlx::test]
async fn a_caller_over_its_rate_limit_gets_429_with_retry_after(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::with(
        pool,
        &[
            "--rate-limit-caller-per-second",
            "1",
            "--rate-limit-caller-burst",
            "100",
        ],
    )
    .await;
    let path = format!("/api/v1/dashboard/{KNOWN}/analytics?as_of={AS_OF}");

    let first = get_known(&app, &path).await;
    let second = get_known(&app, &path).await;

    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(error_of(&second), (429, "RATE_LIMITED"));
    assert!(second.headers.get("retry-after").is_some());
}

#[sqlx::test]
async fn a_database_outage_answers_last_known_figures_marked_stale_and_500_where_there_are_none(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let (app, proxy, _direct) = through_proxy(connect, "5000", &[]).await;
    let warm = get_known(
        &app,
        &format!("/api/v1/dashboard/{KNOWN}/analytics?timeframe=7d&as_of={AS_OF}"),
    )
    .await;
    assert_eq!(warm.status, 200, "{}", warm.body);

    proxy.cut();
    app.state.dashboard.cache().invalidate_all();
    let stale = get_known(
        &app,
        &format!("/api/v1/dashboard/{KNOWN}/analytics?timeframe=7d&as_of={AS_OF}"),
    )
    .await;
    let cold = get_known(
        &app,
        &format!("/api/v1/dashboard/{KNOWN}/analytics?timeframe=90d&as_of={AS_OF}"),
    )
    .await;

    assert_eq!(stale.status, 200, "{}", stale.body);
    assert_eq!(stale.body["stale_data"], true);
    assert_eq!(stale.body["data_freshness"], "cached");
    assert!(
        stale.body["fallback_reason"]
            .as_str()
            .unwrap()
            .starts_with("the database cannot be reached"),
        "{}",
        stale.body
    );
    assert_eq!(stale.body["booking_metrics"], warm.body["booking_metrics"]);
    assert_eq!(error_of(&cold), (500, "CALCULATION_ERROR"));
    let request_id = cold.headers["x-request-id"].to_str().unwrap();
    assert_eq!(cold.body["error"]["details"]["request_id"], request_id);
    let text = cold.body.to_string().to_lowercase();
    assert!(
        !text.contains("select") && !text.contains("sqlx") && !text.contains("connection refused"),
        "{text}"
    );
}

#[test]
fn docs_openapi_json_is_the_served_document() {
    let checked_in = include_str!("../../docs/openapi.json");

    assert!(
        checked_in.trim_end() == clinic_analytics::http::rest::openapi::text(),
        "docs/openapi.json is out of date: run `cargo run -- openapi > docs/openapi.json`"
    );
}
