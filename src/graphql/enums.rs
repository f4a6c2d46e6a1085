//! The schema's enums, mapped onto the analytics types they stand for.

use async_graphql::Enum;
use async_graphql::resolver_utils::EnumType;

use crate::analytics::calendar::Granularity as Width;
use crate::analytics::window::Timeframe as Span;
use crate::dashboard::Freshness as Currency;

/// The name the schema gives an enum value, such as `LAST_7_DAYS`.
pub fn schema_name<T: EnumType + PartialEq>(value: T) -> &'static str {
    T::items()
        .iter()
        .find(|item| item.value == value)
        .map_or("", |item| item.name)
}

/// How far back a metric looks from `asOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
pub enum Timeframe {
    /// The 7 days before `asOf`.
    #[graphql(name = "LAST_7_DAYS")]
    Last7Days,
    /// The 30 days before `asOf`.
    #[default]
    #[graphql(name = "LAST_30_DAYS")]
    Last30Days,
    /// The 90 days before `asOf`.
    #[graphql(name = "LAST_90_DAYS")]
    Last90Days,
    /// The 365 days before `asOf`.
    #[graphql(name = "LAST_365_DAYS")]
    Last365Days,
}

impl From<Timeframe> for Span {
    fn from(value: Timeframe) -> Self {
        match value {
            Timeframe::Last7Days => Span::Last7Days,
            Timeframe::Last30Days => Span::Last30Days,
            Timeframe::Last90Days => Span::Last90Days,
            Timeframe::Last365Days => Span::Last365Days,
        }
    }
}

impl From<Span> for Timeframe {
    fn from(value: Span) -> Self {
        match value {
            Span::Last7Days => Timeframe::Last7Days,
            Span::Last30Days => Timeframe::Last30Days,
            Span::Last90Days => Timeframe::Last90Days,
            Span::Last365Days => Timeframe::Last365Days,
        }
    }
}

/// How wide each chart point is, in the organization's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
pub enum Granularity {
    /// One point per calendar day.
    #[default]
    Day,
    /// One point per ISO week (Monday to Sunday), labelled by its Monday.
    Week,
    /// One point per calendar month, labelled by its first day.
    Month,
}

impl From<Granularity> for Width {
    fn from(value: Granularity) -> Self {
        match value {
            Granularity::Day => Width::Day,
            Granularity::Week => Width::Week,
            Granularity::Month => Width::Month,
        }
    }
}

impl From<Width> for Granularity {
    fn from(value: Width) -> Self {
        match value {
            Width::Day => Granularity::Day,
            Width::Week => Granularity::Week,
            Width::Month => Granularity::Month,
        }
    }
}

/// How current a metric group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Freshness {
    /// Computed from the database for this request.
    RealTime,
    /// Served from the shared cache; `computedAt` says when it was computed.
    Cached,
    /// The last value computed successfully, served because computing it now failed; `staleReason` says why.
    Stale,
}

impl From<Currency> for Freshness {
    fn from(value: Currency) -> Self {
        match value {
            Currency::RealTime => Freshness::RealTime,
            Currency::Cached => Freshness::Cached,
            Currency::Stale => Freshness::Stale,
        }
    }
}
