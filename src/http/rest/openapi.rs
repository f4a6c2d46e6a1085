//! The OpenAPI 3.1 document of the REST endpoints, served at `/api/v1/openapi.json` and checked in at
//! `docs/openapi.json`; tests hold every endpoint's answers to it.

use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::params;
use crate::analytics::periods::{CalendarPeriod, Comparison};
use crate::analytics::window::Timeframe;
use crate::error::ErrorCode;

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        text(),
    )
        .into_response()
}

/// The document as pretty-printed JSON.
pub fn text() -> String {
    serde_json::to_string_pretty(&document()).unwrap_or_default()
}

/// The document, as `clinic-analytics openapi` prints it.
pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "clinic-analytics REST API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The dashboard endpoints of the original requirements brief, computed by the same code as the \
    GraphQL API at /graphql. Every request sends `Authorization: Bearer <token or API key>` and `X-Organization-ID`; the \
    organization in the path must equal the header's. Amounts are in the organization's currency; figures are defined in \
    docs/METRICS.md."
        },
        "security": [{ "bearer": [] }],
        "paths": {
            "/api/v1/dashboard/{organizationId}/analytics": get(
                "Booking, patient, financial and automation metrics over a window, compared with another",
                &[TIMEFRAME, PERIOD, FROM, TO, COMPARE_TO, AS_OF],
                "Analytics",
                &["400", "401", "403", "422", "429", "500"],
            ),
            "/api/v1/dashboard/{organizationId}/charts": get(
                "Daily, weekly or monthly series for the dashboard's charts",
                &[TIMEFRAME, PERIOD, FROM, TO, COMPARE_TO, GRANULARITY, AS_OF],
                "Charts",
                &["400", "401", "403", "429", "500"],
            ),
            "/api/v1/dashboard/{organizationId}": get(
                "The headline patient figures",
                &[AS_OF],
                "Summary",
                &["400", "401", "403", "429", "500"],
            ),
            "/api/v1/reengagement/{organizationId}/performance": get(
                "Active, dormant and stale patients, and their lifetime value",
                &[AS_OF],
                "Reengagement",
                &["400", "401", "403", "429", "500"],
            ),
            "/api/v1/appointments/{organizationId}/upcoming": get(
                "Booked appointments ahead, by start, a page at a time",
                &[WITHIN_DAYS, LIMIT, CURSOR, AS_OF],
                "Upcoming",
                &["400", "401", "403", "429", "500"],
            ),
            "/api/v1/appointments/{organizationId}/upcoming/summary": get(
                "How many appointments and patients the next 7 days hold",
                &[AS_OF],
                "UpcomingSummary",
                &["400", "401", "403", "429", "500"],
            ),
        },
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "A JWT or an API key (cak_…)." }
            },
            "schemas": schemas(),
        }
    })
}

/// A query parameter: name, schema, description.
type Parameter = (&'static str, fn() -> Value, &'static str);

const TIMEFRAME: Parameter = (
    "timeframe",
    || json!({ "type": "string", "enum": timeframe_labels(), "default": "30d" }),
    "A rolling span ending at as_of. Give at most one of timeframe, period, or from and to; none is 30d.",
);
const PERIOD: Parameter = (
    "period",
    || json!({ "type": "string", "enum": period_labels() }),
    "A calendar period in the organization's time zone, relative to as_of's local date (docs/METRICS.md, Windows).",
);
const FROM: Parameter = (
    "from",
    || json!({ "type": "string", "format": "date" }),
    "The first local day of a range (with to): at most 1,096 days, within 1970–2099.",
);
const TO: Parameter = (
    "to",
    || json!({ "type": "string", "format": "date" }),
    "The last local day of a range, included (with from).",
);
const COMPARE_TO: Parameter = (
    "compare_to",
    || json!({ "type": "string", "enum": comparison_labels(), "default": "previous_period" }),
    "What the figures compare with: the period before, or the same period a year earlier.",
);
const GRANULARITY: Parameter = (
    "granularity",
    || json!({ "type": "string", "enum": ["day", "week", "month"], "default": "day" }),
    "How wide each point is, in the organization's time zone.",
);
const AS_OF: Parameter = (
    "as_of",
    || json!({ "type": "string", "format": "date-time" }),
    "The instant the figures are as of (RFC 3339); defaults to now.",
);
const WITHIN_DAYS: Parameter = (
    params::WITHIN_DAYS.name,
    || ranged(params::WITHIN_DAYS),
    "How many days ahead of as_of to look.",
);
const LIMIT: Parameter = (params::LIMIT.name, || ranged(params::LIMIT), "Page size.");

/// The schema of an integer parameter.
fn ranged(parameter: params::Integer) -> Value {
    json!({ "type": "integer", "minimum": parameter.min, "maximum": parameter.max, "default": parameter.default })
}
const CURSOR: Parameter = (
    "cursor",
    || json!({ "type": "string" }),
    "The next_cursor of the previous page.",
);

fn get(summary: &str, parameters: &[Parameter], schema: &str, errors: &[&str]) -> Value {
    let mut all = vec![
        json!({ "name": "organizationId", "in": "path", "required": true, "schema": { "type": "string" } }),
        json!({
            "name": "X-Organization-ID", "in": "header", "required": true, "schema": { "type": "string" },
            "description": "The organization the request is about; must equal organizationId."
        }),
    ];
    all.extend(parameters.iter().map(|(name, schema, description)| {
        json!({ "name": name, "in": "query", "required": false, "schema": schema(), "description": description })
    }));
    let mut responses = Map::new();
    responses.insert(
        "200".into(),
        json!({ "description": "The figures.", "content": { "application/json": { "schema": reference(schema) } } }),
    );
    for status in errors {
        responses.insert(
            (*status).into(),
            json!({
                "description": error_description(status),
                "content": { "application/json": { "schema": reference("Error") } }
            }),
        );
    }
    json!({ "get": { "summary": summary, "operationId": schema, "parameters": all, "responses": responses } })
}

fn error_description(status: &str) -> &'static str {
    match status {
        "400" => {
            "MISSING_HEADER, BAD_USER_INPUT (an unknown timeframe, period, parameter or cursor; a bad range; more than \
                  one window) or QUERY_LIMIT_EXCEEDED."
        }
        "401" => "UNAUTHORIZED: no, or an invalid, bearer token or API key.",
        "403" => "FORBIDDEN: the token does not grant the organization, or the path and header name different ones.",
        "422" => "INSUFFICIENT_DATA: the organization has no patients yet.",
        "429" => "RATE_LIMITED: see the Retry-After header.",
        _ => "CALCULATION_ERROR: the figures could not be calculated and no last known value exists.",
    }
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// An object schema: every property required unless listed as `optional`, and no others allowed.
fn object(properties: Value, optional: &[&str]) -> Value {
    let required: Vec<&String> = properties
        .as_object()
        .map(|p| p.keys().filter(|k| !optional.contains(&k.as_str())).collect())
        .unwrap_or_default();
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

/// An object with the freshness fields every metric response carries; `optional` are the properties beside
/// `fallback_reason` that may be absent.
fn served_object(properties: Value, optional: &[&str]) -> Value {
    let mut properties = properties;
    if let Some(map) = properties.as_object_mut() {
        map.insert(
            "last_updated".into(),
            json!({ "type": "string", "format": "date-time", "description": "When the oldest figure was computed." }),
        );
        map.insert(
            "data_freshness".into(),
            json!({ "type": "string", "enum": ["real_time", "cached"],
                    "description": "real_time when every figure was computed for this request." }),
        );
        map.insert(
            "stale_data".into(),
            json!({ "type": "boolean", "description": "Whether some figures are last known values kept through a failure." }),
        );
        map.insert(
            "fallback_reason".into(),
            json!({ "type": "string", "description": "Why the figures are stale; present only when they are." }),
        );
    }
    let optional: Vec<&str> = optional.iter().copied().chain(["fallback_reason"]).collect();
    object(properties, &optional)
}

/// The timeframes as the brief writes them.
fn timeframe_labels() -> Vec<&'static str> {
    Timeframe::ALL.iter().map(|timeframe| timeframe.short_label()).collect()
}

/// The calendar periods as the REST API writes them.
fn period_labels() -> Vec<&'static str> {
    CalendarPeriod::ALL.iter().map(|period| period.short_label()).collect()
}

/// The comparisons as the REST API writes them.
fn comparison_labels() -> Vec<&'static str> {
    Comparison::ALL
        .iter()
        .map(|comparison| comparison.short_label())
        .collect()
}

/// The window as asked and as resolved, which `/analytics` and `/charts` echo.
fn window_echo(properties: Value) -> Value {
    let mut properties = properties;
    if let Some(map) = properties.as_object_mut() {
        let echoed = json!({
            "timeframe": { "type": ["string", "null"], "enum": timeframe_labels().into_iter().map(Value::from).chain([Value::Null]).collect::<Vec<_>>(),
                           "description": "The timeframe asked for; null when the window is a period or a range." },
            "period": { "type": "string", "enum": period_labels(), "description": "The period asked for, when one was." },
            "from": { "type": "string", "format": "date", "description": "The range's first day, when one was asked for." },
            "to": { "type": "string", "format": "date", "description": "The range's last day, when one was asked for." },
            "compare_to": { "type": "string", "enum": comparison_labels() },
            "window_start": { "type": "string", "format": "date-time", "description": "First instant of the window." },
            "window_end": { "type": "string", "format": "date-time", "description": "First instant after the window." },
            "comparison_start": { "type": "string", "format": "date-time",
                                  "description": "First instant of the window the bookings compare with (not on charts)." },
            "comparison_end": { "type": "string", "format": "date-time",
                                "description": "First instant after the window the bookings compare with (not on charts)." },
        });
        map.extend(echoed.as_object().cloned().unwrap_or_default());
    }
    properties
}

fn integer() -> Value {
    json!({ "type": "integer" })
}

fn number() -> Value {
    json!({ "type": "number" })
}

fn nullable(kind: &str) -> Value {
    json!({ "type": [kind, "null"] })
}

fn date_time() -> Value {
    json!({ "type": "string", "format": "date-time" })
}

fn date() -> Value {
    json!({ "type": "string", "format": "date" })
}

fn series(point: Value) -> Value {
    json!({ "type": "array", "items": point })
}

fn schemas() -> Value {
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    json!({
        "Error": object(json!({
            "error": object(json!({
                "code": { "type": "string", "enum": codes },
                "message": { "type": "string" },
                "details": { "type": "object" },
            }), &[]),
        }), &[]),
        "Analytics": served_object(window_echo(json!({
            "booking_metrics": object(json!({
                "total_bookings": integer(),
                "previous_period_bookings": integer(),
                "period_comparison": nullable("number"),
                "bookings_via_ai": integer(),
            }), &[]),
            "patient_metrics": object(json!({
                "total_patients": integer(), "active_patients": integer(), "new_patients": integer(),
            }), &[]),
            "financial_metrics": object(json!({
                "total_revenue": number(),
                "avg_revenue_per_patient": nullable("number"),
                "lifetime_value_total": number(),
                "lifetime_value_average": nullable("number"),
                "currency": { "type": "string" },
            }), &[]),
            "automation_metrics": object(json!({
                "total_roi": nullable("number"),
                "automation_bookings": integer(),
                "automated_revenue": number(),
                "operational_costs": number(),
                "total_contacts": integer(),
                "successful_contacts": integer(),
                "efficiency_score": nullable("number"),
            }), &[]),
            "insufficient_data": series(object(json!({
                "field": { "type": "string" }, "message": { "type": "string" },
            }), &[])),
        })), &["period", "from", "to", "comparison_start", "comparison_end"]),
        "Charts": served_object(window_echo(json!({
            "booking_trends": series(object(json!({ "date": date(), "bookings": integer(), "revenue": number() }), &[])),
            "patient_engagement_trend": series(object(json!({
                "date": date(), "active_patients": integer(), "new_patients": integer(),
            }), &[])),
            "automation_performance": series(object(json!({
                "date": date(), "efficiency_score": number(), "automation_rate": number(),
            }), &[])),
            "granularity": { "type": "string", "enum": ["day", "week", "month"] },
        })), &["period", "from", "to", "comparison_start", "comparison_end"]),
        "Summary": served_object(json!({
            "summary": object(json!({
                "total_patients": integer(),
                "active_patients": integer(),
                "patients_with_upcoming": integer(),
                "patients_with_recent": integer(),
                "engagement_rate": number(),
                "last_sync_time": { "type": ["string", "null"], "format": "date-time" },
            }), &[]),
        }), &[]),
        "Reengagement": served_object(json!({
            "performance_metrics": object(json!({
                "total_patients": integer(),
                "currently_active": integer(),
                "currently_dormant": integer(),
                "currently_stale": integer(),
                "engagement_rate_percent": number(),
            }), &[]),
            "financial_metrics": object(json!({
                "total_lifetime_value": number(),
                "avg_lifetime_value": nullable("number"),
                "currency": { "type": "string" },
                "total_lifetime_value_aud": number(),
                "avg_lifetime_value_aud": nullable("number"),
            }), &["total_lifetime_value_aud", "avg_lifetime_value_aud"]),
        }), &[]),
        "Appointment": object(json!({
            "id": { "type": "string" },
            "patient_id": { "type": "string" },
            "starts_at": date_time(),
            "ends_at": { "type": ["string", "null"], "format": "date-time" },
            "status": { "type": "string", "enum": ["booked", "completed", "cancelled", "no_show"] },
            "source": { "type": "string", "enum": ["manual", "online", "ai_agent", "automation"] },
            "appointment_type": nullable("string"),
            "practitioner_id": nullable("string"),
            "practitioner_name": nullable("string"),
        }), &[]),
        "Upcoming": object(json!({
            "appointments": series(reference("Appointment")),
            "total_count": integer(),
            "has_next_page": { "type": "boolean" },
            "next_cursor": nullable("string"),
            "within_days": integer(),
        }), &[]),
        "UpcomingSummary": served_object(json!({
            "summary": object(json!({
                "within_days": integer(),
                "upcoming_appointments": integer(),
                "patients_with_upcoming": integer(),
                "next_appointment_at": { "type": ["string", "null"], "format": "date-time" },
            }), &[]),
        }), &[]),
    })
}
