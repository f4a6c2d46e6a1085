//! Traces: the real binary, exporting over OTLP (HTTP/protobuf) to a receiver in the test, continues the caller's
//! trace and nests one dashboard request's spans: HTTP request ⊃ GraphQL execute ⊃ metric groups ⊃ the DataLoader
//! batch ⊃ its statements, each statement named, never with its values.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::routing::post;
use opentelemetry_proto::tonic::collector::trace::v1::{ExportTraceServiceRequest, ExportTraceServiceResponse};
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tokio::sync::mpsc;

use crate::app::{SECRET, TestApp};
use crate::fixtures::known_clinic;
use crate::shutdown::http;

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN_ID: &str = "00f067aa0ba902b7";

/// An OTLP/HTTP receiver on a loopback port: every span exported to it, and the service's resource attributes.
async fn receiver() -> (SocketAddr, mpsc::UnboundedReceiver<(Vec<(String, String)>, Span)>) {
    let (sender, received) = mpsc::unbounded_channel();
    let app = Router::new().route(
        "/v1/traces",
        post(move |body: Bytes| {
            let sender = sender.clone();
            async move {
                let request = ExportTraceServiceRequest::decode(body).expect("an OTLP trace export");
                for resource_spans in request.resource_spans {
                    let resource = resource_spans
                        .resource
                        .map(|resource| {
                            resource
                                .attributes
                                .iter()
                                .map(|kv| (kv.key.clone(), text(kv)))
                                .collect()
                        })
                        .unwrap_or_default();
                    for scope in resource_spans.scope_spans {
                        for span in scope.spans {
                            let _ = sender.send((Vec::clone(&resource), span));
                        }
                    }
                }
                ExportTraceServiceResponse::default().encode_to_vec()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address, received)
}

fn text(kv: &opentelemetry_proto::tonic::common::v1::KeyValue) -> String {
    match kv.value.as_ref().and_then(|value| value.value.as_ref()) {
        Some(Value::StringValue(text)) => text.clone(),
        Some(Value::IntValue(number)) => number.to_string(),
        Some(Value::BoolValue(flag)) => flag.to_string(),
        Some(Value::DoubleValue(number)) => number.to_string(),
        _ => String::new(),
    }
}

fn attribute(span: &Span, key: &str) -> Option<String> {
    span.attributes.iter().find(|kv| kv.key == key).map(text)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

async fn start_service(connect: &PgConnectOptions, direct: &PgPool, collector: SocketAddr) -> (Child, SocketAddr) {
    let address = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let login = crate::app::service_options(direct).await;
    let database = connect.get_database().unwrap();
    let service = Command::new(env!("CARGO_BIN_EXE_clinic-analytics"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("postgres://{}@127.0.0.1:5432/{database}", login.get_username()),
        )
        .env("JWT_HS256_SECRET", SECRET)
        .env("LISTEN_ADDR", address.to_string())
        .env("RUST_LOG", "error")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", format!("http://{collector}"))
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .env("OTEL_BSP_SCHEDULE_DELAY", "100")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while http(
        address,
        "GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
    )
    .is_err()
    {
        assert!(started.elapsed() < Duration::from_secs(20), "the service did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (service, address)
}

fn dashboard_request() -> String {
    let body = r#"{"query":"query Morning { organization(id: \"org_known\") { bookingMetrics(timeframe: LAST_7_DAYS, asOf: \"2026-03-15T00:00:00Z\") { totalBookings } patientMetrics(timeframe: LAST_7_DAYS, asOf: \"2026-03-15T00:00:00Z\") { newPatients } } }","operationName":"Morning"}"#;
    format!(
        "POST /graphql HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Authorization: Bearer {}\r\nX-Organization-ID: org_known\r\n\
         traceparent: 00-{TRACE_ID}-{CALLER_SPAN_ID}-01\r\nContent-Length: {}\r\n\r\n{body}",
        TestApp::token(&["org_known"]),
        body.len()
    )
}

/// Whether `span` lies under `ancestor` in `spans` (by span id).
fn descends_from(span: &Span, ancestor: &Span, spans: &HashMap<Vec<u8>, Span>) -> bool {
    let mut parent = span.parent_span_id.clone();
    while let Some(current) = spans.get(&parent) {
        if current.span_id == ancestor.span_id {
            return true;
        }
        parent = current.parent_span_id.clone();
    }
    false
}

#[sqlx::test]
async fn one_dashboard_request_is_one_trace_continuing_the_callers_with_groups_batch_and_statements_nested(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let direct: PgPool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(connect.clone())
        .await
        .unwrap();
    known_clinic(&direct).await;
    let (collector, mut received) = receiver().await;
    let (mut service, address) = start_service(&connect, &direct, collector).await;

    let answer = tokio::task::spawn_blocking(move || http(address, &dashboard_request()))
        .await
        .unwrap()
        .unwrap();
    let mut spans: HashMap<Vec<u8>, Span> = HashMap::new();
    let mut resource = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(15);
    while !spans.values().any(|span| span.name == "POST /graphql") && Instant::now() < deadline {
        if let Ok(Some((attributes, span))) = tokio::time::timeout(Duration::from_millis(200), received.recv()).await {
            resource = attributes;
            spans.insert(span.span_id.clone(), span);
        }
    }
    service.kill().unwrap();
    let _ = service.wait();

    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains(&format!("traceparent: 00-{TRACE_ID}-")),
        "{answer}"
    );
    assert!(
        resource.contains(&("service.name".to_owned(), "clinic-analytics".to_owned())),
        "{resource:?}"
    );
    assert!(resource.contains(&("service.version".to_owned(), env!("CARGO_PKG_VERSION").to_owned())));
    let named = |name: &str| {
        spans
            .values()
            .filter(|span| span.name == name)
            .cloned()
            .collect::<Vec<_>>()
    };
    let [request] = &named("POST /graphql")[..] else {
        panic!(
            "one request span: {:?}",
            spans.values().map(|s| &s.name).collect::<Vec<_>>()
        )
    };
    assert_eq!(hex(&request.trace_id), TRACE_ID);
    assert_eq!(hex(&request.parent_span_id), CALLER_SPAN_ID);
    assert_eq!(attribute(request, "http.route").as_deref(), Some("/graphql"));
    assert_eq!(attribute(request, "http.response.status_code").as_deref(), Some("200"));
    assert_eq!(attribute(request, "organization.id").as_deref(), Some("org_known"));
    for phase in ["graphql.parse", "graphql.validate"] {
        let [span] = &named(phase)[..] else {
            panic!("one {phase} span")
        };
        assert!(descends_from(span, request, &spans), "{phase} is outside the request");
    }
    let [execute] = &named("graphql.execute Morning")[..] else {
        panic!("one execute span")
    };
    assert!(descends_from(execute, request, &spans));
    let mut groups: Vec<String> = named("metric_group bookings")
        .iter()
        .chain(&named("metric_group patients"))
        .inspect(|group| assert!(descends_from(group, execute, &spans)))
        .map(|group| {
            format!(
                "{}:{}",
                attribute(group, "group").unwrap(),
                attribute(group, "cache").unwrap()
            )
        })
        .collect();
    groups.sort();
    assert_eq!(groups, ["bookings:miss", "patients:miss"]);
    let [batch] = &named("dataloader.batch")[..] else {
        panic!("one batch")
    };
    assert_eq!(attribute(batch, "batch.size").as_deref(), Some("2"));
    assert!(descends_from(batch, execute, &spans));
    // The request's trace only: the service's background work (folding rollups, reloading keys) traces on its own.
    let traced: Vec<&Span> = spans.values().filter(|span| hex(&span.trace_id) == TRACE_ID).collect();
    assert!(
        traced
            .iter()
            .all(|span| span.span_id == request.span_id || descends_from(span, request, &spans))
    );
    let statements: Vec<&&Span> = traced
        .iter()
        .filter(|span| attribute(span, "db.system.name").as_deref() == Some("postgresql"))
        .collect();
    for statement in &statements {
        assert!(
            descends_from(statement, execute, &spans),
            "{} is outside the execution",
            statement.name
        );
        assert_eq!(
            attribute(statement, "db.query.summary").as_deref(),
            Some(statement.name.as_str())
        );
        assert!(statement.attributes.iter().all(|kv| kv.key != "db.query.text"));
    }
    assert!(
        statements
            .iter()
            .any(|statement| descends_from(statement, batch, &spans)),
        "the batch ran no statement"
    );
}
