//! Custom scalars.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// A calendar day in the organization's time zone, as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

impl Date {
    /// The day `YYYY-MM-DD` names.
    pub fn parse_text(text: &str) -> chrono::ParseResult<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
    }
}

/// A calendar day in the organization's time zone, as `YYYY-MM-DD`.
#[Scalar(
    name = "Date",
    specified_by_url = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => Self::parse_text(text)
                .map(Date)
                .map_err(|_| InputValueError::custom(format!("'{text}' is not a YYYY-MM-DD date"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    // Checked at validation, so that a malformed date is refused before anything resolves.
    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(text) if Self::parse_text(text).is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}
