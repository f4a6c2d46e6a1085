//! The schema's enums, each declared over the type it stands for (`remote`), so the two cannot drift apart and no
//! conversion is written by hand.

use async_graphql::Enum;
use async_graphql::resolver_utils::EnumType;

use crate::analytics::calendar;
use crate::analytics::periods;
use crate::analytics::window;
use crate::dashboard;

/// The name the schema gives an enum value, such as `LAST_7_DAYS`.
pub fn schema_name<T: EnumType + PartialEq>(value: T) -> &'static str {
    T::items()
        .iter()
        .find(|item| item.value == value)
        .map_or("", |item| item.name)
}

/// How far back a metric looks from `asOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
#[graphql(remote = "window::Timeframe")]
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

/// A calendar period in the organization's time zone, relative to `asOf`'s local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "periods::CalendarPeriod")]
pub enum CalendarPeriod {
    /// From local midnight to `asOf`.
    Today,
    /// The local day before `asOf`'s.
    Yesterday,
    /// From the Monday of `asOf`'s ISO week to `asOf`.
    WeekToDate,
    /// The ISO week before, Monday to Monday.
    LastWeek,
    /// From the 1st of `asOf`'s month to `asOf`.
    MonthToDate,
    /// The whole previous calendar month.
    LastMonth,
    /// From the start of the calendar quarter (1 Jan, 1 Apr, 1 Jul, 1 Oct) to `asOf`.
    QuarterToDate,
    /// The whole previous calendar quarter.
    LastQuarter,
    /// From 1 January to `asOf`.
    YearToDate,
    /// The whole previous calendar year.
    LastYear,
}

/// What a window's figures compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
#[graphql(remote = "periods::Comparison")]
pub enum Comparison {
    /// The period just before: the span before a rolling window, as many days before a range, the unit before a
    /// whole calendar period, and the same elapsed time of the previous unit for a period to date.
    #[default]
    PreviousPeriod,
    /// The same local dates and times a calendar year earlier (29 February becomes 28 February).
    SamePeriodLastYear,
}

/// How wide each chart point is, in the organization's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
#[graphql(remote = "calendar::Granularity")]
pub enum Granularity {
    /// One point per calendar day.
    #[default]
    Day,
    /// One point per ISO week (Monday to Sunday), labelled by its Monday.
    Week,
    /// One point per calendar month, labelled by its first day.
    Month,
}

/// How current a metric group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "dashboard::Freshness")]
pub enum Freshness {
    /// Computed from the database for this request.
    RealTime,
    /// Served from the shared cache; `computedAt` says when it was computed.
    Cached,
    /// The last value computed successfully, served because computing it now failed; `staleReason` says why.
    Stale,
}

/// An appointment's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "clinic_analytics_contract::AppointmentStatus")]
pub enum AppointmentStatus {
    /// Scheduled, not yet attended.
    Booked,
    /// Attended (and billed).
    Completed,
    /// Called off before it started.
    Cancelled,
    /// The patient did not attend.
    NoShow,
}

/// Who or what made an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "clinic_analytics_contract::BookingSource")]
pub enum BookingSource {
    /// Reception staff.
    Manual,
    /// The patient, through online booking.
    Online,
    /// The AI receptionist.
    AiAgent,
    /// An automated re-engagement campaign.
    Automation,
}
