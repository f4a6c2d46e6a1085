//! The window arguments of the windowed groups: the rolling `timeframe`, or a `window` of the organization's calendar
//! (a rolling span, a calendar period or a range of local days), what it compares with, and `asOf`.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{InputObject, OneofObject, Value as ConstValue, Variables};
use chrono::{DateTime, NaiveDate, Utc};

use super::enums::{CalendarPeriod, Comparison, Timeframe};
use super::scalars::Date;
use crate::analytics::periods::{DateRange, WindowSpec};
use crate::dashboard::{AsOf, Windowed};
use crate::error::Error;

/// The earliest and latest `asOf` accepted: wide enough for any clinic's history and plans.
const AS_OF_RANGE: std::ops::Range<i64> = 0..4_102_444_800;

/// A window of the organization's calendar. Give exactly one field.
#[derive(Debug, Clone, Copy, OneofObject)]
pub enum WindowInput {
    /// A rolling span ending at asOf, as the timeframe argument.
    Last(Timeframe),
    /// A calendar period in the organization's time zone, relative to asOf's local date.
    Period(CalendarPeriod),
    /// Local calendar days from `from` to `to`, both included.
    Range(DateRangeInput),
}

/// Local calendar days from `from` to `to`, both included: at most 1,096 of them, within 1970–2099.
#[derive(Debug, Clone, Copy, InputObject)]
pub struct DateRangeInput {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

/// `asOf` as given, BAD_USER_INPUT outside 1970–2099.
pub fn parse_as_of(value: Option<DateTime<Utc>>) -> Result<AsOf, Error> {
    if let Some(at) = value
        && !AS_OF_RANGE.contains(&at.timestamp())
    {
        return Err(Error::BadUserInput(
            "asOf must fall between 1970-01-01 and 2099-12-31".into(),
        ));
    }
    Ok(AsOf::from_option(value))
}

/// The window of a windowed group: `timeframe` or `window` (neither: the last 30 days; both: BAD_USER_INPUT), what it
/// compares with, and `asOf`.
pub fn windowed(
    timeframe: Option<Timeframe>,
    window: Option<WindowInput>,
    compare_to: Comparison,
    as_of: Option<DateTime<Utc>>,
) -> Result<Windowed, Error> {
    let window = match (timeframe, window) {
        (Some(_), Some(_)) => {
            return Err(Error::BadUserInput("give timeframe or window, not both".into()));
        }
        (Some(timeframe), None) | (None, Some(WindowInput::Last(timeframe))) => WindowSpec::Last(timeframe.into()),
        (None, Some(WindowInput::Period(period))) => WindowSpec::Period(period.into()),
        (None, Some(WindowInput::Range(range))) => WindowSpec::Range(date_range(range.from.0, range.to.0)?),
        (None, None) => WindowSpec::default(),
    };
    Ok(Windowed {
        window,
        compare: compare_to.into(),
        as_of: parse_as_of(as_of)?,
    })
}

/// The range `window.range` names, or BAD_USER_INPUT naming it.
fn date_range(from: NaiveDate, to: NaiveDate) -> Result<DateRange, Error> {
    DateRange::new(from, to).map_err(|reason| Error::BadUserInput(format!("window.range: {reason}")))
}

/// Refuses a document any of whose `window` arguments names a bad range, before anything resolves: the check the
/// resolvers make, made early so that a bad window costs no database work. Malformed dates are left to validation,
/// which refuses them against the `Date` scalar.
pub fn check_ranges(document: &ExecutableDocument, variables: &Variables) -> Result<(), Error> {
    let operations = document
        .operations
        .iter()
        .map(|(_, operation)| &operation.node.selection_set.node);
    let fragments = document
        .fragments
        .values()
        .map(|fragment| &fragment.node.selection_set.node);
    operations
        .chain(fragments)
        .try_for_each(|set| check_selections(set, variables))
}

fn check_selections(set: &SelectionSet, variables: &Variables) -> Result<(), Error> {
    set.items.iter().try_for_each(|selection| match &selection.node {
        Selection::Field(field) => {
            if let Some(window) = field.node.get_argument("window") {
                let window = window
                    .node
                    .clone()
                    .into_const_with(|name| variables.get(&name).cloned().ok_or(()));
                if let Some((from, to)) = window.ok().as_ref().and_then(range_of) {
                    date_range(from, to)?;
                }
            }
            check_selections(&field.node.selection_set.node, variables)
        }
        Selection::InlineFragment(fragment) => check_selections(&fragment.node.selection_set.node, variables),
        Selection::FragmentSpread(_) => Ok(()),
    })
}

/// The days of a `window` value's `range`, when both are well-formed dates.
fn range_of(window: &ConstValue) -> Option<(NaiveDate, NaiveDate)> {
    let ConstValue::Object(window) = window else {
        return None;
    };
    let ConstValue::Object(range) = window.get("range")? else {
        return None;
    };
    let day = |name: &str| match range.get(name)? {
        ConstValue::String(text) => Date::parse_text(text).ok(),
        _ => None,
    };
    Some((day("from")?, day("to")?))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn range(from: &str, to: &str) -> Option<WindowInput> {
        let date = |text: &str| Date(text.parse::<NaiveDate>().unwrap());
        Some(WindowInput::Range(DateRangeInput {
            from: date(from),
            to: date(to),
        }))
    }

    #[test]
    fn neither_timeframe_nor_window_is_the_last_30_days_and_both_are_refused() {
        let neither = windowed(None, None, Comparison::PreviousPeriod, None).unwrap();
        let both = windowed(
            Some(Timeframe::Last7Days),
            Some(WindowInput::Period(CalendarPeriod::Today)),
            Comparison::PreviousPeriod,
            None,
        );

        assert_eq!(neither.window, WindowSpec::default());
        assert_eq!(both.unwrap_err().to_string(), "give timeframe or window, not both");
    }

    #[test]
    fn a_bad_range_names_the_argument() {
        let backwards = windowed(
            None,
            range("2026-03-10", "2026-03-01"),
            Comparison::PreviousPeriod,
            None,
        );

        assert_eq!(
            backwards.unwrap_err().to_string(),
            "window.range: from (2026-03-10) must not be after to (2026-03-01)"
        );
    }
}
