//! The windows a clinic thinks in: a rolling span ending at `asOf`, a calendar period of the organization's own
//! calendar (today, last month, this quarter so far, …), or a range of local days; and the window each compares with,
//! the period before or the same period a year earlier (docs/METRICS.md, "Windows").

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use super::calendar::{local_date, resolve_local, start_of_day};
use super::window::{Timeframe, Window};

/// A calendar period in the organization's time zone, relative to `asOf`'s local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalendarPeriod {
    /// From local midnight to `asOf`.
    Today,
    /// The local day before.
    Yesterday,
    /// From the Monday of `asOf`'s ISO week to `asOf`.
    WeekToDate,
    /// The ISO week before, Monday to Monday.
    LastWeek,
    /// From the 1st of the month to `asOf`.
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

/// What a window is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Comparison {
    /// The period just before.
    #[default]
    PreviousPeriod,
    /// The same local dates and times a calendar year earlier.
    SamePeriodLastYear,
}

/// The calendar unit a period is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Unit {
    /// The first day of the unit holding `date`.
    fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => date,
            Self::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
            Self::Month => first_of_month(date.year(), date.month()),
            Self::Quarter => first_of_month(date.year(), (date.month() - 1) / 3 * 3 + 1),
            Self::Year => first_of_month(date.year(), 1),
        }
    }

    /// The first day of the unit before the one starting on `start`.
    fn previous(self, start: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => start - Duration::days(1),
            Self::Week => start - Duration::days(7),
            Self::Month => start - Months::new(1),
            Self::Quarter => start - Months::new(3),
            Self::Year => start - Months::new(12),
        }
    }
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("the first of a month exists")
}

impl CalendarPeriod {
    /// Every period.
    pub const ALL: [Self; 10] = [
        Self::Today,
        Self::Yesterday,
        Self::WeekToDate,
        Self::LastWeek,
        Self::MonthToDate,
        Self::LastMonth,
        Self::QuarterToDate,
        Self::LastQuarter,
        Self::YearToDate,
        Self::LastYear,
    ];

    fn unit(self) -> Unit {
        match self {
            Self::Today | Self::Yesterday => Unit::Day,
            Self::WeekToDate | Self::LastWeek => Unit::Week,
            Self::MonthToDate | Self::LastMonth => Unit::Month,
            Self::QuarterToDate | Self::LastQuarter => Unit::Quarter,
            Self::YearToDate | Self::LastYear => Unit::Year,
        }
    }

    /// Whether the period runs to `asOf` (rather than being a whole unit before it).
    fn to_date(self) -> bool {
        matches!(
            self,
            Self::Today | Self::WeekToDate | Self::MonthToDate | Self::QuarterToDate | Self::YearToDate
        )
    }

    /// The REST API's name of the period (`mtd`, `last_month`, …).
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Yesterday => "yesterday",
            Self::WeekToDate => "wtd",
            Self::LastWeek => "last_week",
            Self::MonthToDate => "mtd",
            Self::LastMonth => "last_month",
            Self::QuarterToDate => "qtd",
            Self::LastQuarter => "last_quarter",
            Self::YearToDate => "ytd",
            Self::LastYear => "last_year",
        }
    }
}

impl Comparison {
    /// Both comparisons.
    pub const ALL: [Self; 2] = [Self::PreviousPeriod, Self::SamePeriodLastYear];

    /// The REST API's name of the comparison.
    pub fn short_label(self) -> &'static str {
        match self {
            Self::PreviousPeriod => "previous_period",
            Self::SamePeriodLastYear => "same_period_last_year",
        }
    }
}

/// The earliest and latest local days a range may name.
const RANGE_DAYS: std::ops::RangeInclusive<NaiveDate> = match (
    NaiveDate::from_ymd_opt(1970, 1, 1),
    NaiveDate::from_ymd_opt(2099, 12, 31),
) {
    (Some(first), Some(last)) => first..=last,
    _ => panic!("the range of accepted days is valid"),
};

/// The longest range accepted, in days: three years and a leap day.
pub const MAX_RANGE_DAYS: i64 = 1_096;

/// Local calendar days from `from` to `to`, both included: at most [`MAX_RANGE_DAYS`], within 1970–2099.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

impl DateRange {
    /// The range, or why it is not one: the message names what is wrong.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, String> {
        for (name, day) in [("from", from), ("to", to)] {
            if !RANGE_DAYS.contains(&day) {
                return Err(format!("{name} ({day}) must fall between 1970-01-01 and 2099-12-31"));
            }
        }
        if from > to {
            return Err(format!("from ({from}) must not be after to ({to})"));
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_RANGE_DAYS {
            return Err(format!(
                "the range holds {days} days; at most {MAX_RANGE_DAYS} are accepted"
            ));
        }
        Ok(Self { from, to })
    }

    /// The first day.
    pub fn from(self) -> NaiveDate {
        self.from
    }

    /// The last day.
    pub fn to(self) -> NaiveDate {
        self.to
    }

    /// How many days it holds.
    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// The window a windowed figure is asked over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowSpec {
    /// A rolling span ending at `asOf`.
    Last(Timeframe),
    /// A calendar period.
    Period(CalendarPeriod),
    /// Local calendar days.
    Range(DateRange),
}

impl Default for WindowSpec {
    fn default() -> Self {
        Self::Last(Timeframe::Last30Days)
    }
}

/// What a group's figures look at: its window, what it compares with (for the windowed groups), and the instant its
/// standing figures (total and active patients, lifetime value) are as of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The span of time the figures look at.
    pub window: Window,
    /// The window the figures compare with.
    pub comparison: Option<Window>,
    /// `asOf`.
    pub as_of: DateTime<Utc>,
}

/// A window resolved in a zone as of an instant, with the window it compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// `[windowStart, windowEnd)`.
    pub window: Window,
    /// The comparison window.
    pub comparison: Window,
}

impl WindowSpec {
    /// The timeframe, when the window is a rolling one.
    pub fn timeframe(self) -> Option<Timeframe> {
        match self {
            Self::Last(timeframe) => Some(timeframe),
            _ => None,
        }
    }

    /// A short name for logs: `30d`, `mtd`, `2026-01-01..2026-03-31`.
    pub fn label(self) -> String {
        match self {
            Self::Last(timeframe) => timeframe.short_label().to_owned(),
            Self::Period(period) => period.short_label().to_owned(),
            Self::Range(range) => format!("{}..{}", range.from, range.to),
        }
    }

    /// The window in `tz` as of `as_of`, and its comparison window.
    pub fn resolve(self, comparison: Comparison, tz: Tz, as_of: DateTime<Utc>) -> Resolved {
        let window = self.window(tz, as_of);
        let comparison = match comparison {
            Comparison::PreviousPeriod => self.previous(window, tz, as_of),
            Comparison::SamePeriodLastYear => {
                let start = year_earlier(tz, window.start, Bound::Start);
                // An empty window (today, asked at midnight) compares with an empty one: read as the end of the day
                // before, its end would take in a whole day a year earlier.
                let end = if window.end > window.start {
                    year_earlier(tz, window.end, Bound::End)
                } else {
                    start
                };
                Window::new(start, end)
            }
        };
        Resolved { window, comparison }
    }

    fn window(self, tz: Tz, as_of: DateTime<Utc>) -> Window {
        match self {
            Self::Last(timeframe) => Window::ending_at(as_of, timeframe),
            Self::Range(range) => Window::new(
                start_of_day(tz, range.from),
                start_of_day(tz, range.to + Duration::days(1)),
            ),
            Self::Period(period) => {
                let unit = period.unit();
                let current = unit.start(local_date(tz, as_of));
                if period.to_date() {
                    Window::new(start_of_day(tz, current), as_of)
                } else {
                    Window::new(start_of_day(tz, unit.previous(current)), start_of_day(tz, current))
                }
            }
        }
    }

    /// The period just before `window`: the same span before a rolling window, as many days before a range, the unit
    /// before a whole period, and for a period to date, the previous unit's start plus the same elapsed local days and
    /// time of day, clamped to the current unit's start.
    fn previous(self, window: Window, tz: Tz, as_of: DateTime<Utc>) -> Window {
        match self {
            Self::Last(_) => window.previous(),
            Self::Range(range) => Window::new(
                start_of_day(tz, range.from - Duration::days(range.days())),
                window.start,
            ),
            Self::Period(period) => {
                let unit = period.unit();
                let today = local_date(tz, as_of);
                let current = unit.start(today);
                if !period.to_date() {
                    let last = unit.previous(current);
                    return Window::new(start_of_day(tz, unit.previous(last)), start_of_day(tz, last));
                }
                let before = unit.previous(current);
                let same_day = before + (today - current);
                let end = if same_day >= current {
                    start_of_day(tz, current)
                } else {
                    let time = as_of.with_timezone(&tz).time();
                    resolve_local(tz, same_day.and_time(time)).min(start_of_day(tz, current))
                };
                Window::new(start_of_day(tz, before), end)
            }
        }
    }
}

/// Which end of a window a bound is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Start,
    End,
}

/// The same local date and time a calendar year earlier (29 February becomes 28 February), resolved in `tz`. A bound
/// on a local day's boundary stays on one, by the day it takes in: a start takes in the day it starts (that day a year
/// earlier), an end the day before it (so a window ending with 28 February 2028 ends, a year earlier, with 28 February
/// 2027, not a day before it).
fn year_earlier(tz: Tz, at: DateTime<Utc>, bound: Bound) -> DateTime<Utc> {
    let back = |day: NaiveDate| day.checked_sub_months(Months::new(12)).unwrap_or(day);
    let day = local_date(tz, at);
    if at == start_of_day(tz, day) {
        return match bound {
            Bound::Start => start_of_day(tz, back(day)),
            Bound::End => start_of_day(tz, back(day - Duration::days(1)) + Duration::days(1)),
        };
    }
    let local = at.with_timezone(&tz).naive_local();
    resolve_local(tz, local.checked_sub_months(Months::new(12)).unwrap_or(local))
}

#[cfg(test)]
mod tests;
