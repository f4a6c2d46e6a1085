//! OpenTelemetry traces, exported over OTLP. Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or its traces-only variant)
//! is set: then spans cover the HTTP request, GraphQL's parse, validate and execute, each metric group, each
//! DataLoader batch and each database statement, and a caller's W3C `traceparent` is continued. Spans carry ids and
//! names of statements, never values or personal data.
//!
//! Spans are made only while tracing is on ([`enabled`]): with it off, a request pays one atomic load per span site.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::HeaderMap;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_http::{HeaderExtractor, HeaderInjector};
use opentelemetry_otlp::{Protocol, SpanExporter, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use crate::error::StartupError;

/// The service's name in the resource, unless `OTEL_SERVICE_NAME` says otherwise.
const SERVICE_NAME: &str = "clinic-analytics";

static ENABLED: AtomicBool = AtomicBool::new(false);
static PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();

/// Whether spans are being exported.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// The tracer provider exporting to the configured OTLP endpoint, or None when no endpoint is configured.
pub fn provider_from_env() -> Result<Option<SdkTracerProvider>, StartupError> {
    let endpoint = setting("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").or_else(|| setting("OTEL_EXPORTER_OTLP_ENDPOINT"));
    if endpoint.is_none() {
        return Ok(None);
    }
    let protocol = setting("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        .or_else(|| setting("OTEL_EXPORTER_OTLP_PROTOCOL"))
        // The specification's default.
        .unwrap_or_else(|| "http/protobuf".to_owned());
    // reqwest and tonic are built without a TLS provider of their own: ring is the one this binary carries.
    let _ = rustls::crypto::ring::default_provider().install_default();
    // The exporter reads the endpoint, headers, timeout and compression from the standard variables itself.
    let exporter = match protocol.as_str() {
        "grpc" => SpanExporter::builder().with_tonic().build(),
        "http/protobuf" => SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpBinary)
            .build(),
        other => {
            return Err(StartupError::Config(format!(
                "OTEL_EXPORTER_OTLP_PROTOCOL is {other:?}; this build exports traces over \"grpc\" or \"http/protobuf\""
            )));
        }
    }
    .map_err(|e| StartupError::Config(format!("cannot set up the OTLP trace exporter: {e}")))?;
    let service_name = setting("OTEL_SERVICE_NAME").unwrap_or_else(|| SERVICE_NAME.to_owned());
    let resource = Resource::builder()
        .with_service_name(service_name)
        .with_attribute(opentelemetry::KeyValue::new(
            "service.version",
            env!("CARGO_PKG_VERSION"),
        ))
        .build();
    Ok(Some(
        SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build(),
    ))
}

/// Turns span making on, exporting through `provider` (kept to flush at exit); returns its tracer.
pub fn activate(provider: SdkTracerProvider) -> opentelemetry_sdk::trace::Tracer {
    let tracer = provider.tracer(SERVICE_NAME);
    let _ = PROVIDER.set(provider);
    ENABLED.store(true, Ordering::Relaxed);
    tracer
}

/// Exports the spans still buffered; called once the server has stopped.
pub fn flush() {
    if let Some(provider) = PROVIDER.get()
        && let Err(error) = provider.shutdown()
    {
        eprintln!("could not export the last spans: {error}");
    }
}

/// Continues the caller's trace: makes `span`'s parent the context in the request's `traceparent` and `tracestate`.
pub fn continue_trace(span: &tracing::Span, headers: &HeaderMap) {
    let context = TraceContextPropagator::new().extract(&HeaderExtractor(headers));
    let _ = span.set_parent(context);
}

/// The `traceparent` (and `tracestate`) of `span`, for the response, so a caller can find its trace.
pub fn inject(span: &tracing::Span, headers: &mut HeaderMap) {
    TraceContextPropagator::new().inject_context(&span.context(), &mut HeaderInjector(headers));
}

fn setting(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.trim().is_empty())
}
