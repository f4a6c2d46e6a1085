//! The window parameters of `/analytics` and `/charts`: `timeframe`, `period`, or `from` and `to` (at most one of
//! them; none: the last 30 days), and `compare_to`. They become the GraphQL arguments `timeframe`, `window` and
//! `compareTo`, and are echoed in the body as given.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::params::{Params, one_of};
use crate::analytics::periods::{CalendarPeriod, Comparison, DateRange};
use crate::error::{Error, Result};
use crate::graphql::enums::{self, schema_name};

/// The window a request asks for, as GraphQL variables and as the body echoes it.
#[derive(Debug, Clone, PartialEq)]
pub struct RestWindow {
    /// `timeframe`, `window` and `compareTo`.
    pub variables: Map<String, Value>,
    /// `timeframe` (null unless the window is one), `period` or `from` and `to` when given, and `compare_to`.
    pub echo: Map<String, Value>,
}

impl Params {
    /// The window of the request, BAD_USER_INPUT naming the parameter when it is malformed or contradicts another.
    pub fn window(&self) -> Result<RestWindow> {
        let given: Vec<&str> = ["timeframe", "period", "from", "to"]
            .into_iter()
            .filter(|name| self.text(name).is_some())
            .collect();
        let ways = ["timeframe", "period"]
            .iter()
            .filter(|name| given.contains(name))
            .count()
            + usize::from(given.contains(&"from") || given.contains(&"to"));
        if ways > 1 {
            return Err(Error::BadUserInput(format!(
                "give one of timeframe, period, or from and to; got {}",
                given.join(" and ")
            )));
        }
        let (compare_label, compare_schema_value) = self.comparison()?;
        let mut variables = Map::new();
        let mut echo = Map::new();
        echo.insert("timeframe".into(), Value::Null);
        if let Some((label, schema_value)) = self.period()? {
            variables.insert("window".into(), json!({ "period": schema_value }));
            echo.insert("period".into(), json!(label));
        } else if let Some(range) = self.range()? {
            variables.insert(
                "window".into(),
                json!({ "range": { "from": range.from().to_string(), "to": range.to().to_string() } }),
            );
            echo.insert("from".into(), json!(range.from().to_string()));
            echo.insert("to".into(), json!(range.to().to_string()));
        } else {
            let (label, schema_value) = self.timeframe()?;
            variables.insert("timeframe".into(), json!(schema_value));
            echo.insert("timeframe".into(), json!(label));
        }
        variables.insert("compareTo".into(), json!(compare_schema_value));
        echo.insert("compare_to".into(), json!(compare_label));
        Ok(RestWindow { variables, echo })
    }

    /// `period` as given and as the schema writes it, when given.
    fn period(&self) -> Result<Option<(&'static str, &'static str)>> {
        let choices =
            CalendarPeriod::ALL.map(|period| (period.short_label(), schema_name(enums::CalendarPeriod::from(period))));
        self.text("period")
            .map(|given| one_of("period", given, &choices))
            .transpose()
    }

    /// `compare_to` (default `previous_period`) as given and as the schema writes it.
    fn comparison(&self) -> Result<(&'static str, &'static str)> {
        let choices = Comparison::ALL.map(|comparison| {
            (
                comparison.short_label(),
                schema_name(enums::Comparison::from(comparison)),
            )
        });
        one_of(
            "compare_to",
            self.text("compare_to").unwrap_or(Comparison::default().short_label()),
            &choices,
        )
    }

    /// `from` and `to`, both or neither.
    fn range(&self) -> Result<Option<DateRange>> {
        match (self.text("from"), self.text("to")) {
            (None, None) => Ok(None),
            (Some(from), Some(to)) => DateRange::new(date("from", from)?, date("to", to)?)
                .map(Some)
                .map_err(|reason| Error::BadUserInput(format!("from and to: {reason}"))),
            (Some(_), None) => Err(Error::BadUserInput("from needs to: give both days".into())),
            (None, Some(_)) => Err(Error::BadUserInput("to needs from: give both days".into())),
        }
    }
}

fn date(name: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::BadUserInput(format!("{name} must be a date such as 2026-03-01, got `{text}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parameters a window is given by.
    const WINDOW_PARAMETERS: [&str; 5] = ["timeframe", "period", "from", "to", "compare_to"];

    fn window(query: &str) -> Result<RestWindow> {
        Params::parse(Some(query), &WINDOW_PARAMETERS)?.window()
    }

    #[test]
    fn a_period_becomes_the_window_argument_and_is_echoed_as_given() {
        let asked = window("period=mtd&compare_to=same_period_last_year").unwrap();

        assert_eq!(
            Value::Object(asked.variables),
            json!({ "window": { "period": "MONTH_TO_DATE" }, "compareTo": "SAME_PERIOD_LAST_YEAR" })
        );
        assert_eq!(
            Value::Object(asked.echo),
            json!({ "timeframe": null, "period": "mtd", "compare_to": "same_period_last_year" })
        );
    }

    #[test]
    fn from_and_to_become_a_range_and_no_window_is_the_last_30_days() {
        let range = window("from=2026-01-01&to=2026-03-31").unwrap();
        let neither = window("").unwrap();

        assert_eq!(
            range.variables["window"],
            json!({ "range": { "from": "2026-01-01", "to": "2026-03-31" } })
        );
        assert_eq!(range.variables["compareTo"], json!("PREVIOUS_PERIOD"));
        assert_eq!(neither.variables["timeframe"], json!("LAST_30_DAYS"));
        assert_eq!(neither.echo["timeframe"], json!("30d"));
    }

    #[test]
    fn contradicting_incomplete_or_malformed_windows_are_refused_by_name() {
        let refused = |query: &str| window(query).unwrap_err().to_string();

        assert_eq!(
            refused("timeframe=7d&period=mtd"),
            "give one of timeframe, period, or from and to; got timeframe and period"
        );
        assert_eq!(refused("from=2026-01-01"), "from needs to: give both days");
        assert_eq!(
            refused("period=mtd&to=2026-03-01"),
            "give one of timeframe, period, or from and to; got period and to"
        );
        assert_eq!(
            refused("from=2026-1-x&to=2026-02-01"),
            "from must be a date such as 2026-03-01, got `2026-1-x`"
        );
        assert_eq!(
            refused("from=2026-03-10&to=2026-03-01"),
            "from and to: from (2026-03-10) must not be after to (2026-03-01)"
        );
        assert_eq!(
            refused("period=this_month"),
            "period must be one of today, yesterday, wtd, last_week, mtd, last_month, qtd, last_quarter, ytd, last_year, got `this_month`"
        );
        assert_eq!(
            refused("compare_to=last_year"),
            "compare_to must be one of previous_period, same_period_last_year, got `last_year`"
        );
    }
}
