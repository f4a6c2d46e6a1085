//! A small OpenAPI 3.1 schema checker, enough for the document of the REST endpoints: `$ref`, `type` (one or a
//! list), `enum`, `properties`, `required`, `additionalProperties: false`, `items`, and the `date` and `date-time`
//! formats.

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

/// The schema of a `GET` response, by path template and status, in `document`.
pub fn response_schema<'a>(document: &'a Value, template: &str, status: u16) -> &'a Value {
    let responses = &document["paths"][template]["get"]["responses"];
    let response = responses
        .get(status.to_string())
        .unwrap_or_else(|| panic!("the document has no {status} response for {template}"));
    &response["content"]["application/json"]["schema"]
}

/// How `value` breaks `schema` (resolving references in `document`); empty when it conforms.
pub fn violations(document: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let pointer = reference.trim_start_matches('#');
        let target = document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling reference {reference}"));
        return violations(document, target, value, at);
    }
    let mut found = Vec::new();
    if let Some(kinds) = types(schema)
        && !kinds.iter().any(|kind| is_of(kind, value))
    {
        found.push(format!("{at}: {value} is not of type {kinds:?}"));
        return found;
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        found.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let (Some(format), Some(text)) = (schema["format"].as_str(), value.as_str()) {
        let valid = match format {
            "date-time" => DateTime::parse_from_rfc3339(text).is_ok(),
            "date" => NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
            _ => true,
        };
        if !valid {
            found.push(format!("{at}: {text:?} is not a {format}"));
        }
    }
    if let Value::Object(object) = value {
        let properties = schema["properties"].as_object();
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap_or_default();
            if !object.contains_key(name) {
                found.push(format!("{at}: lacks the required {name}"));
            }
        }
        for (name, property) in object {
            match properties.and_then(|properties| properties.get(name)) {
                Some(property_schema) => {
                    found.extend(violations(document, property_schema, property, &format!("{at}.{name}")))
                }
                None if schema["additionalProperties"] == Value::Bool(false) => {
                    found.push(format!("{at}: has {name}, which the schema does not allow"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (index, item) in items.iter().enumerate() {
            found.extend(violations(document, item_schema, item, &format!("{at}[{index}]")));
        }
    }
    found
}

fn types(schema: &Value) -> Option<Vec<&str>> {
    match &schema["type"] {
        Value::String(kind) => Some(vec![kind.as_str()]),
        Value::Array(kinds) => Some(kinds.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

fn is_of(kind: &str, value: &Value) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}

#[test]
fn the_checker_finds_a_wrong_type_a_missing_and_an_extra_property_and_a_bad_date() {
    let document = serde_json::json!({ "components": { "schemas": { "Point": {
        "type": "object", "additionalProperties": false, "required": ["date", "count"],
        "properties": { "date": { "type": "string", "format": "date" }, "count": { "type": "integer" },
                        "note": { "type": ["string", "null"] } }
    } } } });
    let schema = serde_json::json!({ "type": "array", "items": { "$ref": "#/components/schemas/Point" } });
    let value = serde_json::json!([
        { "date": "2026-11-24", "count": 3, "note": null },
        { "date": "2026-13-01", "count": 1.5, "extra": true },
        { "count": 2 }
    ]);

    let mut found = violations(&document, &schema, &value, "$");
    found.sort();

    assert_eq!(
        found,
        vec![
            "$[1].count: 1.5 is not of type [\"integer\"]",
            "$[1].date: \"2026-13-01\" is not a date",
            "$[1]: has extra, which the schema does not allow",
            "$[2]: lacks the required date",
        ]
    );
}
