//! How fast each kind of refusal is: hostile requests sent to the router in process (server time, no network),
//! each many times, checking its status and that none of them reached the database.

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use chrono::Utc;
use serde_json::json;
use tower::ServiceExt;
use tracing::instrument::WithSubscriber;

use crate::stats::{Latencies, latencies};
use clinic_analytics::auth::{Claims, mint_hs256};
use clinic_analytics::config::{Secret, ServeArgs};
use clinic_analytics::dashboard::FactSource;
use clinic_analytics::db::Db;
use clinic_analytics::{http, startup};

use crate::{Failure, Result};

/// How many times each refusal is timed.
const SAMPLES: usize = 500;

/// One kind of refusal, timed.
#[derive(Debug, Clone)]
pub struct Timed {
    /// What was sent.
    pub name: &'static str,
    /// The status it got.
    pub status: StatusCode,
    /// Its server time.
    pub latency: Latencies,
}

/// What the refusals measured.
#[derive(Debug, Clone, Default)]
pub struct Refusals {
    /// Each kind, and the accepted baseline first.
    pub timed: Vec<Timed>,
    /// Statements the refusals sent to the database (must be 0).
    pub statements: u64,
}

struct Case {
    name: &'static str,
    status: StatusCode,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
}

/// Times every refusal against a service over `db` with the default limits.
pub async fn measure(db: Db, serve: &ServeArgs, secret: &Secret, organization: &str) -> Result<Refusals> {
    let router = http::routes(startup::build(db.clone(), serve, FactSource::Rollups), &[]);
    let mint = |claims: &Claims, secret: &Secret| mint_hs256(secret, claims);
    let valid = mint(
        &Claims::granting(&[organization], Utc::now() + chrono::Duration::hours(1)),
        secret,
    )?;
    let expired = mint(
        &Claims::granting(&[organization], Utc::now() - chrono::Duration::hours(1)),
        secret,
    )?;
    let forged = mint(
        &Claims::granting(&[organization], Utc::now() + chrono::Duration::hours(1)),
        &Secret::new("a-secret-this-service-has-never-seen-0123456789"),
    )?;
    let hammer = mint(
        &Claims {
            sub: Some("bench-hammer".into()),
            ..Claims::granting(&[organization], Utc::now() + chrono::Duration::hours(1))
        },
        secret,
    )?;
    let dashboard = json!({ "query": format!(
        "{{ organization(id: \"{organization}\") {{ bookingMetrics {{ totalBookings }} patientMetrics {{ totalPatients }} \
         financialMetrics {{ totalRevenue }} automationMetrics {{ totalRoi }} summary {{ totalPatients }} \
         reengagement {{ currentlyActive }} charts {{ bookingTrends {{ date bookings }} }} }} }}"
    ) })
    .to_string();
    let graphql = |query: String| json!({ "query": query }).to_string();
    let bearer = |token: &str| {
        vec![
            ("authorization", format!("Bearer {token}")),
            ("x-organization-id", organization.to_owned()),
        ]
    };
    let case = |name, status, headers, body: String| Case {
        name,
        status,
        content_type: "application/json",
        headers,
        body: body.into(),
    };
    let over_cost = graphql(format!(
        "{{ organizations {{ {} }} }}",
        (0..12)
            .map(|i| format!("g{i}: bookingMetrics {{ totalBookings }}"))
            .collect::<Vec<_>>()
            .join(" ")
    ));
    let cases = vec![
        case(
            "accepted: `{ __typename }`",
            StatusCode::OK,
            bearer(&valid),
            graphql("{ __typename }".into()),
        ),
        // Introspection alone is answered without credentials (GraphiQL and codegen need it): ask for data.
        case(
            "no token",
            StatusCode::UNAUTHORIZED,
            vec![("x-organization-id", organization.to_owned())],
            graphql("{ organizations { name } }".into()),
        ),
        case(
            "expired token",
            StatusCode::UNAUTHORIZED,
            bearer(&expired),
            graphql("{ __typename }".into()),
        ),
        case(
            "forged signature",
            StatusCode::UNAUTHORIZED,
            bearer(&forged),
            graphql("{ __typename }".into()),
        ),
        case(
            "unknown API key",
            StatusCode::UNAUTHORIZED,
            bearer(&format!("cak_{}_{}", "A".repeat(16), "B".repeat(32))),
            graphql("{ __typename }".into()),
        ),
        case(
            "another organization",
            StatusCode::FORBIDDEN,
            bearer(&valid),
            graphql("{ organization(id: \"org_someone_else\") { name } }".into()),
        ),
        Case {
            content_type: "application/x-www-form-urlencoded",
            ..case(
                "form post",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                bearer(&valid),
                "query=x".into(),
            )
        },
        case(
            "5 MB body",
            StatusCode::PAYLOAD_TOO_LARGE,
            bearer(&valid),
            graphql(format!("{{ __typename {} }}", "#".repeat(5 << 20))),
        ),
        case(
            "1,000-element batch",
            StatusCode::BAD_REQUEST,
            bearer(&valid),
            json!(vec![json!({ "query": "{ __typename }" }); 1_000]).to_string(),
        ),
        case(
            "nesting 5,000 deep",
            StatusCode::BAD_REQUEST,
            bearer(&valid),
            graphql(format!("{}{}", "{ a ".repeat(5_000), "}".repeat(5_000))),
        ),
        case(
            "60 aliases",
            StatusCode::BAD_REQUEST,
            bearer(&valid),
            graphql(format!(
                "{{ {} }}",
                (0..60)
                    .map(|i| format!("a{i}: __typename"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        ),
        case(
            "over the cost limit",
            StatusCode::BAD_REQUEST,
            bearer(&valid),
            over_cost,
        ),
        case(
            "rate limited",
            StatusCode::TOO_MANY_REQUESTS,
            bearer(&hammer),
            dashboard.clone(),
        ),
    ];

    // Spend the hammer's allowance (a dashboard computes once, then comes from the response cache).
    for _ in 0..100 {
        let (status, _) = send(&router, &cases[cases.len() - 1]).await?;
        if status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    let statements = db.statements_issued();
    let timed = time_each(&router, &cases)
        // The 6,500 request log lines would bury the benchmark's output; warnings still show.
        .with_subscriber(tracing_subscriber::fmt().with_max_level(tracing::Level::WARN).finish())
        .await?;
    Ok(Refusals {
        timed,
        statements: db.statements_issued() - statements,
    })
}

/// Sends every case `SAMPLES` times, checking its status each time.
async fn time_each(router: &Router, cases: &[Case]) -> Result<Vec<Timed>> {
    let mut timed = Vec::new();
    for case in cases {
        let mut samples = Vec::with_capacity(SAMPLES);
        let mut refills = 0;
        while samples.len() < SAMPLES {
            let (status, elapsed) = send(router, case).await?;
            if status == case.status {
                samples.push(elapsed);
                continue;
            }
            // The hammer's allowance refills as time passes: spend what came back (from the response cache, no
            // database work), then go on timing its refusals.
            if case.status == StatusCode::TOO_MANY_REQUESTS && status == StatusCode::OK && refills < SAMPLES {
                refills += 1;
                continue;
            }
            return Err(Failure::new(format!(
                "{}: expected {}, got {status}",
                case.name, case.status
            )));
        }
        timed.push(Timed {
            name: case.name,
            status: case.status,
            latency: latencies(&mut samples),
        });
    }
    Ok(timed)
}

/// Sends one request through the router; its status and server time.
async fn send(router: &Router, case: &Case) -> Result<(StatusCode, Duration)> {
    let mut request = Request::post("/graphql")
        .header("content-type", case.content_type)
        .header("content-length", case.body.len());
    for (name, value) in &case.headers {
        request = request.header(*name, value);
    }
    let request = request
        .body(Body::from(case.body.clone()))
        .map_err(|e| Failure::new(e.to_string()))?;
    let started = Instant::now();
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| Failure::new(format!("{e:?}")))?;
    let status = response.status();
    // The answer is only complete once its body is.
    let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await;
    Ok((status, started.elapsed()))
}
