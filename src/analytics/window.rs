//! Time windows: `[asOf − N days, asOf)` and the equally long window just before it.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How far back a metric looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Timeframe {
    /// The last 7 days.
    Last7Days,
    /// The last 30 days.
    Last30Days,
    /// The last 90 days.
    Last90Days,
    /// The last 365 days.
    Last365Days,
}

impl Timeframe {
    /// Every timeframe, shortest first.
    pub const ALL: [Self; 4] = [Self::Last7Days, Self::Last30Days, Self::Last90Days, Self::Last365Days];

    /// Length in days.
    pub fn days(self) -> i64 {
        match self {
            Self::Last7Days => 7,
            Self::Last30Days => 30,
            Self::Last90Days => 90,
            Self::Last365Days => 365,
        }
    }

    /// Length as a duration (whole 24-hour days: windows are exact instants, not calendar days).
    pub fn length(self) -> Duration {
        Duration::days(self.days())
    }

    /// The short label of the REST API (`7d`, `30d`, `90d`, `1y`).
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Last7Days => "7d",
            Self::Last30Days => "30d",
            Self::Last90Days => "90d",
            Self::Last365Days => "1y",
        }
    }
}

/// A half-open span of time `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Window {
    /// First instant inside.
    pub start: DateTime<Utc>,
    /// First instant after.
    pub end: DateTime<Utc>,
}

impl Window {
    /// `[start, end)`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self { start, end }
    }

    /// The window of a timeframe ending at `as_of`: `[as_of − N days, as_of)`.
    pub fn ending_at(as_of: DateTime<Utc>, timeframe: Timeframe) -> Self {
        Self::new(as_of - timeframe.length(), as_of)
    }

    /// The window of the same length just before this one.
    pub fn previous(&self) -> Self {
        Self::new(self.start - (self.end - self.start), self.start)
    }

    /// Whether an instant falls inside.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }

    /// The part of this window inside another, if any.
    pub fn intersect(&self, other: &Window) -> Option<Window> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Window { start, end })
    }

    /// Length in microseconds, the database's resolution.
    pub fn micros(&self) -> i64 {
        (self.end - self.start).num_microseconds().unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_window_ends_at_as_of_and_starts_n_days_before() {
        let window = Window::ending_at(at("2026-03-31T10:15:00Z"), Timeframe::Last30Days);

        assert_eq!(window.start, at("2026-03-01T10:15:00Z"));
        assert_eq!(window.end, at("2026-03-31T10:15:00Z"));
    }

    #[test]
    fn the_previous_window_is_as_long_and_ends_where_this_one_starts() {
        let window = Window::ending_at(at("2026-03-31T00:00:00Z"), Timeframe::Last7Days);

        let previous = window.previous();

        assert_eq!(previous.start, at("2026-03-17T00:00:00Z"));
        assert_eq!(previous.end, window.start);
    }

    #[test]
    fn the_start_is_inside_and_as_of_is_not() {
        let window = Window::ending_at(at("2026-03-31T00:00:00Z"), Timeframe::Last7Days);

        assert!(window.contains(window.start));
        assert!(!window.contains(window.end));
        assert!(window.contains(window.end - Duration::microseconds(1)));
    }

    #[test]
    fn windows_that_only_touch_do_not_intersect() {
        let a = Window::new(at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z"));
        let b = Window::new(at("2026-01-02T00:00:00Z"), at("2026-01-03T00:00:00Z"));

        assert_eq!(a.intersect(&b), None);
        assert_eq!(a.intersect(&a), Some(a));
    }
}
