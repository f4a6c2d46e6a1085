//! `GET /metrics` in the Prometheus text format, and the per-request metrics of the GraphQL endpoint.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex, RwLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use metrics::{Counter, Histogram};

use super::answer::Outcome;
use super::state::AppState;
use crate::telemetry::{metrics_handle, names};

/// Distinct operation names labelled before the rest are counted as "other": names come from clients, and an
/// unbounded label would let one client grow the registry without end.
const MAX_OPERATION_LABELS: usize = 200;

static OPERATIONS: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Mutex::default);

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> Response {
    state.db.report_pool();
    let handle = metrics_handle();
    handle.run_upkeep();
    let mut response = handle.render().into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// The handles of one kind of request's metrics: its duration histogram and its counter.
#[derive(Clone)]
struct RequestHandles {
    duration: Histogram,
    requests: Counter,
}

/// Handles by their labels (operation, organization, outcome and code, joined): looking a handle up in the registry
/// — building its key, hashing its labels — costs more than recording the measurement.
static HANDLES: LazyLock<RwLock<HashMap<String, RequestHandles>>> = LazyLock::new(RwLock::default);

/// Records one request, GraphQL or REST.
pub fn record_request(
    operation: Option<&str>,
    organization: Option<&str>,
    outcome: Outcome,
    code: Option<&str>,
    stale: bool,
    duration: Duration,
) {
    let operation = operation_label(operation);
    let organization = organization.unwrap_or("-");
    let code = code.unwrap_or("");
    let labels = format!("{operation}\0{organization}\0{}\0{code}", outcome.as_str());
    let known = HANDLES.read().unwrap_or_else(|p| p.into_inner()).get(&labels).cloned();
    let handles = known.unwrap_or_else(|| {
        let handles = RequestHandles {
            duration: metrics::histogram!(
                names::REQUEST_DURATION, "operation" => operation.clone(), "organization" => organization.to_owned()
            ),
            requests: metrics::counter!(
                names::REQUESTS,
                "operation" => operation,
                "organization" => organization.to_owned(),
                "outcome" => outcome.as_str(),
                "code" => code.to_owned()
            ),
        };
        let mut all = HANDLES.write().unwrap_or_else(|p| p.into_inner());
        all.insert(labels, handles.clone());
        handles
    });
    handles.duration.record(duration.as_secs_f64());
    handles.requests.increment(1);
    if outcome == Outcome::Refused && !code.is_empty() {
        metrics::counter!(names::REFUSALS, "code" => code.to_owned()).increment(1);
    }
    if stale {
        metrics::counter!(names::STALE_RESPONSES).increment(1);
    }
}

/// The operation's name as a label: letters, digits and `_` only (anonymous operations are `anonymous`), and
/// `other` once too many distinct names were seen.
fn operation_label(operation: Option<&str>) -> String {
    let Some(name) = operation
        .filter(|n| !n.is_empty() && n.len() <= 64 && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    else {
        return if operation.is_some() { "other" } else { "anonymous" }.to_owned();
    };
    let mut seen = OPERATIONS.lock().unwrap_or_else(|p| p.into_inner());
    if seen.contains(name) {
        return name.to_owned();
    }
    if seen.len() < MAX_OPERATION_LABELS {
        seen.insert(name.to_owned());
        return name.to_owned();
    }
    "other".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_labels_are_plain_names() {
        assert_eq!(operation_label(None), "anonymous");
        assert_eq!(operation_label(Some("Dashboard")), "Dashboard");
        assert_eq!(operation_label(Some("x\"} 1\nfake_metric")), "other");
        assert_eq!(operation_label(Some("")), "other");
    }
}
