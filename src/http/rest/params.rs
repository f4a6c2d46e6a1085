//! The query-string parameters of the REST endpoints: each one known, given at most once, and valid, or
//! BAD_USER_INPUT saying which and why.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::analytics::window::Timeframe;
use crate::error::{Error, Result};
use crate::graphql::enums::schema_name;

/// An integer parameter: its name, its range and its default.
#[derive(Debug, Clone, Copy)]
pub struct Integer {
    /// The parameter's name.
    pub name: &'static str,
    /// Smallest value accepted.
    pub min: i32,
    /// Largest value accepted.
    pub max: i32,
    /// The value when it is absent.
    pub default: i32,
}

/// How many days ahead upcoming appointments are looked for (the schema's `withinDays`).
pub const WITHIN_DAYS: Integer = Integer {
    name: "within_days",
    min: 1,
    max: 90,
    default: 7,
};

/// Page size of upcoming appointments (the schema's `first`).
pub const LIMIT: Integer = Integer {
    name: "limit",
    min: 0,
    max: 100,
    default: 20,
};

/// Chart widths and the schema's values for them.
const GRANULARITIES: [(&str, &str); 3] = [("day", "DAY"), ("week", "WEEK"), ("month", "MONTH")];

/// A request's parameters.
#[derive(Debug, Default)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// The parameters of a query string, refusing names outside `accepted` and names given twice.
    pub fn parse(query: Option<&str>, accepted: &[&str]) -> Result<Self> {
        let mut params = BTreeMap::new();
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            if !accepted.contains(&name.as_ref()) {
                let accepted = if accepted.is_empty() {
                    "none".to_owned()
                } else {
                    accepted.join(", ")
                };
                return Err(Error::BadUserInput(format!(
                    "unknown parameter `{name}`; this endpoint accepts: {accepted}"
                )));
            }
            if params.insert(name.to_string(), value.into_owned()).is_some() {
                return Err(Error::BadUserInput(format!(
                    "parameter `{name}` is given more than once"
                )));
            }
        }
        Ok(Self(params))
    }

    /// A parameter's text, when given.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// `timeframe` (default `30d`, the schema's) as the brief writes it (the timeframes' short labels) and as the schema does.
    pub fn timeframe(&self) -> Result<(&'static str, &'static str)> {
        let choices = Timeframe::ALL.map(|timeframe| {
            let schema_value = crate::graphql::enums::Timeframe::from(timeframe);
            (timeframe.short_label(), schema_name(schema_value))
        });
        // The schema's default timeframe, as the brief writes it.
        let default = Timeframe::from(crate::graphql::enums::Timeframe::default()).short_label();
        let given = self.text("timeframe").unwrap_or(default);
        one_of("timeframe", given, &choices)
    }

    /// `granularity` (default `day`) as given and as the schema writes it.
    pub fn granularity(&self) -> Result<(&'static str, &'static str)> {
        one_of("granularity", self.text("granularity").unwrap_or("day"), &GRANULARITIES)
    }

    /// `as_of`, an RFC 3339 instant, as a GraphQL variable (null: now).
    pub fn as_of(&self) -> Result<Value> {
        match self.text("as_of") {
            None => Ok(Value::Null),
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map(|at| json!(at.with_timezone(&Utc).to_rfc3339()))
                .map_err(|_| {
                    Error::BadUserInput(format!(
                        "as_of must be an RFC 3339 instant such as 2026-11-24T09:00:00Z, got `{text}`"
                    ))
                }),
        }
    }

    /// The value of an integer parameter.
    pub fn value_of(&self, parameter: Integer) -> Result<i32> {
        self.integer(parameter.name, parameter.min..=parameter.max, parameter.default)
    }

    /// An integer parameter within `range`, `default` when absent.
    pub fn integer(&self, name: &str, range: std::ops::RangeInclusive<i32>, default: i32) -> Result<i32> {
        let Some(text) = self.text(name) else {
            return Ok(default);
        };
        text.parse::<i32>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
            Error::BadUserInput(format!(
                "{name} must be an integer from {} to {}, got `{text}`",
                range.start(),
                range.end()
            ))
        })
    }
}

/// `given` among `choices` (label, schema value), or BAD_USER_INPUT listing the labels.
pub(super) fn one_of(
    name: &str,
    given: &str,
    choices: &[(&'static str, &'static str)],
) -> Result<(&'static str, &'static str)> {
    choices
        .iter()
        .find(|(label, _)| *label == given)
        .copied()
        .ok_or_else(|| {
            let labels: Vec<&str> = choices.iter().map(|(label, _)| *label).collect();
            Error::BadUserInput(format!("{name} must be one of {}, got `{given}`", labels.join(", ")))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brief_timeframes_map_onto_the_schema_and_anything_else_is_bad_user_input() {
        let params = Params::parse(Some("timeframe=1y"), &["timeframe"]).unwrap();
        assert_eq!(params.timeframe().unwrap(), ("1y", "LAST_365_DAYS"));
        let default = Params::parse(None, &["timeframe"]).unwrap();
        assert_eq!(default.timeframe().unwrap(), ("30d", "LAST_30_DAYS"));
        let unknown = Params::parse(Some("timeframe=2w"), &["timeframe"]).unwrap();
        assert_eq!(
            unknown.timeframe().unwrap_err().to_string(),
            "timeframe must be one of 7d, 30d, 90d, 1y, got `2w`"
        );
    }

    #[test]
    fn unknown_and_repeated_parameters_are_refused() {
        let unknown = Params::parse(Some("timefrme=7d"), &["timeframe", "as_of"]).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "unknown parameter `timefrme`; this endpoint accepts: timeframe, as_of"
        );
        let repeated = Params::parse(Some("timeframe=7d&timeframe=30d"), &["timeframe"]).unwrap_err();
        assert_eq!(repeated.to_string(), "parameter `timeframe` is given more than once");
    }

    #[test]
    fn integers_outside_their_range_and_malformed_instants_are_refused() {
        let params = Params::parse(Some("limit=101&as_of=yesterday"), &["limit", "as_of"]).unwrap();
        assert_eq!(
            params.integer("limit", 0..=100, 20).unwrap_err().to_string(),
            "limit must be an integer from 0 to 100, got `101`"
        );
        assert!(params.as_of().is_err());
        assert_eq!(params.integer("within_days", 1..=90, 7).unwrap(), 7);
    }
}
