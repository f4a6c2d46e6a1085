//! From the GraphQL answer to the brief's JSON: lift the metric groups out of `organization`, fold their `meta` into
//! the brief's `last_updated` / `data_freshness` / `stale_data` / `fallback_reason`, and add what each endpoint
//! echoes. Every number is passed through as GraphQL computed it.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::endpoint::Endpoint;
use super::params::{Params, WITHIN_DAYS};
use crate::error::{Error, Result};

/// The days `/upcoming/summary` looks ahead: the 7 that the summary's `patientsWithUpcoming` counts.
const UPCOMING_SUMMARY_DAYS: u32 = 7;

/// A figure GraphQL answered null with INSUFFICIENT_DATA, by its key path in the REST body.
#[derive(Debug, Clone, PartialEq)]
pub struct Insufficient {
    /// Dotted path, such as `automation_metrics.total_roi`.
    pub field: String,
    /// Why.
    pub message: String,
}

/// The REST body of an endpoint, from the `organization` object of its operation's answer.
pub fn body(endpoint: Endpoint, organization: Value, params: &Params, insufficient: &[Insufficient]) -> Result<Value> {
    let Value::Object(mut organization) = organization else {
        return Err(malformed());
    };
    let mut body = Map::new();
    let mut metas = Vec::new();
    match endpoint {
        Endpoint::Analytics => {
            for group in [
                "booking_metrics",
                "patient_metrics",
                "financial_metrics",
                "automation_metrics",
            ] {
                let figures = strip_meta(take(&mut organization, group)?, &mut metas)?;
                body.insert(group.into(), figures);
            }
            if body["patient_metrics"]["total_patients"] == json!(0) {
                return Err(Error::InsufficientData(
                    "the organization has no patients yet, so there is nothing to calculate".into(),
                ));
            }
            body.extend(window_echo(params, &metas)?);
            let gaps: Vec<Value> = insufficient
                .iter()
                .map(|gap| json!({ "field": gap.field, "message": gap.message }))
                .collect();
            body.insert("insufficient_data".into(), Value::Array(gaps));
        }
        Endpoint::Charts => {
            let Value::Object(charts) = strip_meta(take(&mut organization, "charts")?, &mut metas)? else {
                return Err(malformed());
            };
            body.extend(charts);
            body.extend(window_echo(params, &metas)?);
            body.insert("granularity".into(), json!(params.granularity()?.0));
        }
        Endpoint::Summary => {
            let summary = strip_meta(take(&mut organization, "summary")?, &mut metas)?;
            body.insert("summary".into(), summary);
        }
        Endpoint::Reengagement => {
            let currency = take(&mut organization, "currency")?;
            let Value::Object(mut performance) = strip_meta(take(&mut organization, "reengagement")?, &mut metas)?
            else {
                return Err(malformed());
            };
            let total = take(&mut performance, "lifetime_value_total")?;
            let average = take(&mut performance, "lifetime_value_average")?;
            let mut financial = Map::new();
            // The brief names its amounts in AUD; they stay under those names for organizations that bill in AUD.
            if currency == json!("AUD") {
                financial.insert("total_lifetime_value_aud".into(), total.clone());
                financial.insert("avg_lifetime_value_aud".into(), average.clone());
            }
            financial.insert("total_lifetime_value".into(), total);
            financial.insert("avg_lifetime_value".into(), average);
            financial.insert("currency".into(), currency);
            body.insert("performance_metrics".into(), Value::Object(performance));
            body.insert("financial_metrics".into(), Value::Object(financial));
        }
        Endpoint::Upcoming => {
            let mut page = as_object(take(&mut organization, "upcomingAppointments")?)?;
            let mut page_info = as_object(take(&mut page, "pageInfo")?)?;
            let has_next_page = take(&mut page_info, "hasNextPage")?;
            let next_cursor = if has_next_page == json!(true) {
                take(&mut page_info, "endCursor")?
            } else {
                Value::Null
            };
            let appointments = edges(take(&mut page, "edges")?)?
                .into_iter()
                .map(|node| as_object(node).map(lowercase_enums).map(Value::Object))
                .collect::<Result<Vec<_>>>()?;
            body.insert("appointments".into(), Value::Array(appointments));
            body.insert("total_count".into(), take(&mut page, "total_count")?);
            body.insert("has_next_page".into(), has_next_page);
            body.insert("next_cursor".into(), next_cursor);
            body.insert("within_days".into(), json!(params.value_of(WITHIN_DAYS)?));
        }
        Endpoint::UpcomingSummary => {
            let mut page = as_object(take(&mut organization, "upcomingAppointments")?)?;
            let next = edges(take(&mut page, "edges")?)?
                .into_iter()
                .next()
                .map(|node| as_object(node).and_then(|mut node| take(&mut node, "startsAt")))
                .transpose()?
                .unwrap_or(Value::Null);
            let mut summary = as_object(strip_meta(take(&mut organization, "summary")?, &mut metas)?)?;
            body.insert(
                "summary".into(),
                json!({
                    "within_days": UPCOMING_SUMMARY_DAYS,
                    "upcoming_appointments": take(&mut page, "totalCount")?,
                    "patients_with_upcoming": take(&mut summary, "patientsWithUpcoming")?,
                    "next_appointment_at": next,
                }),
            );
        }
    }
    if !metas.is_empty() {
        body.extend(served(&metas)?);
    }
    Ok(Value::Object(body))
}

/// `last_updated` (when the oldest group was computed), `data_freshness` (`real_time` when every group was computed
/// for this request, else `cached`), `stale_data`, and `fallback_reason` when a group is a last known value.
fn served(metas: &[Map<String, Value>]) -> Result<Map<String, Value>> {
    let mut oldest: Option<DateTime<Utc>> = None;
    let mut real_time = true;
    let mut fallback_reason = None;
    for meta in metas {
        let computed_at = meta
            .get("computedAt")
            .and_then(Value::as_str)
            .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
            .ok_or_else(malformed)?
            .with_timezone(&Utc);
        oldest = Some(oldest.map_or(computed_at, |oldest| oldest.min(computed_at)));
        match meta.get("freshness").and_then(Value::as_str) {
            Some("REAL_TIME") => {}
            Some("STALE") => {
                real_time = false;
                fallback_reason = fallback_reason.or_else(|| meta.get("staleReason").cloned());
            }
            _ => real_time = false,
        }
    }
    let mut fields = Map::new();
    fields.insert(
        "last_updated".into(),
        json!(oldest.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))),
    );
    fields.insert(
        "data_freshness".into(),
        json!(if real_time { "real_time" } else { "cached" }),
    );
    fields.insert("stale_data".into(), json!(fallback_reason.is_some()));
    if let Some(reason) = fallback_reason {
        fields.insert("fallback_reason".into(), reason);
    }
    Ok(fields)
}

/// The window as asked (`timeframe`, `period`, `from`, `to`, `compare_to`) and as resolved: `window_start`,
/// `window_end`, and `comparison_start` and `comparison_end` when the figures compare with a window.
fn window_echo(params: &Params, metas: &[Map<String, Value>]) -> Result<Map<String, Value>> {
    let mut echo = params.window()?.echo;
    let meta = metas.first().ok_or_else(malformed)?;
    for (field, key) in [
        ("windowStart", "window_start"),
        ("windowEnd", "window_end"),
        ("comparisonStart", "comparison_start"),
        ("comparisonEnd", "comparison_end"),
    ] {
        match meta.get(field) {
            Some(Value::Null) if field.starts_with("comparison") => {}
            Some(bound) => {
                echo.insert(key.into(), bound.clone());
            }
            None => return Err(malformed()),
        }
    }
    Ok(echo)
}

/// A group's figures without its `meta`, which is kept aside.
fn strip_meta(group: Value, metas: &mut Vec<Map<String, Value>>) -> Result<Value> {
    let mut group = as_object(group)?;
    metas.push(as_object(take(&mut group, "meta")?)?);
    Ok(Value::Object(group))
}

/// The nodes of a connection's edges.
fn edges(edges: Value) -> Result<Vec<Value>> {
    let Value::Array(edges) = edges else {
        return Err(malformed());
    };
    edges
        .into_iter()
        .map(|edge| as_object(edge).and_then(|mut edge| take(&mut edge, "node")))
        .collect()
}

/// The schema's enum values (`BOOKED`, `AI_AGENT`) as the data contract writes them (`booked`, `ai_agent`).
fn lowercase_enums(mut node: Map<String, Value>) -> Map<String, Value> {
    for key in ["status", "source"] {
        if let Some(Value::String(value)) = node.get_mut(key) {
            *value = value.to_ascii_lowercase();
        }
    }
    node
}

fn take(object: &mut Map<String, Value>, key: &str) -> Result<Value> {
    object.remove(key).ok_or_else(malformed)
}

fn as_object(value: Value) -> Result<Map<String, Value>> {
    match value {
        Value::Object(object) => Ok(object),
        _ => Err(malformed()),
    }
}

/// The answer lacks what the operation asked for: a bug, never the client's doing.
fn malformed() -> Error {
    Error::Internal("a REST operation's answer lacks a field its document asks for".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(computed_at: &str, freshness: &str, reason: Option<&str>) -> Map<String, Value> {
        as_object(json!({ "computedAt": computed_at, "freshness": freshness, "staleReason": reason })).unwrap()
    }

    #[test]
    fn a_response_is_real_time_only_when_every_group_was_computed_for_it() {
        let fresh = served(&[
            meta("2026-11-24T09:00:00Z", "REAL_TIME", None),
            meta("2026-11-24T09:00:01Z", "REAL_TIME", None),
        ])
        .unwrap();
        let mixed = served(&[
            meta("2026-11-24T09:00:00Z", "REAL_TIME", None),
            meta("2026-11-24T08:58:00Z", "CACHED", None),
        ])
        .unwrap();

        assert_eq!(fresh["data_freshness"], "real_time");
        assert_eq!(fresh["last_updated"], "2026-11-24T09:00:00.000Z");
        assert_eq!(fresh["stale_data"], false);
        assert!(!fresh.contains_key("fallback_reason"));
        assert_eq!(mixed["data_freshness"], "cached");
        assert_eq!(mixed["last_updated"], "2026-11-24T08:58:00.000Z");
    }

    #[test]
    fn a_last_known_group_marks_the_response_stale_with_its_reason() {
        let stale = served(&[
            meta("2026-11-24T09:00:00Z", "REAL_TIME", None),
            meta("2026-11-24T07:00:00Z", "STALE", Some("the database is unreachable")),
        ])
        .unwrap();

        assert_eq!(stale["stale_data"], true);
        assert_eq!(stale["fallback_reason"], "the database is unreachable");
        assert_eq!(stale["data_freshness"], "cached");
        assert_eq!(stale["last_updated"], "2026-11-24T07:00:00.000Z");
    }

    #[test]
    fn upcoming_appointments_speak_the_data_contracts_lowercase_values() {
        let node = as_object(json!({ "id": "a1", "status": "BOOKED", "source": "AI_AGENT" })).unwrap();

        let node = lowercase_enums(node);

        assert_eq!(node["status"], "booked");
        assert_eq!(node["source"], "ai_agent");
    }
}
