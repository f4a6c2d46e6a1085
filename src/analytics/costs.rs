//! Automation costs prorated onto a window by the share of their period it covers.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

use super::calendar::start_of_day;
use super::formulas::rounded_div;
use super::window::Window;

/// One `automation_costs` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostRow {
    /// First day covered, in the organization's time zone.
    pub period_start: NaiveDate,
    /// Last day covered (inclusive).
    pub period_end: NaiveDate,
    /// Amount in cents.
    pub amount_cents: i64,
}

/// The costs falling in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OperationalCosts {
    /// Sum of each overlapping row's prorated share, each share rounded to the cent.
    pub cents: i64,
    /// How many rows overlap the window at all.
    pub overlapping_rows: usize,
}

impl CostRow {
    /// The row's period as instants: from `period_start` 00:00 to the end of `period_end`, local time.
    pub fn period(&self, tz: Tz) -> Window {
        Window::new(
            start_of_day(tz, self.period_start),
            start_of_day(tz, self.period_end + Duration::days(1)),
        )
    }
}

/// Each row's amount × (overlap with the window ÷ its period), rounded half away from zero to the cent, summed.
pub fn operational_costs(rows: &[CostRow], window: Window, tz: Tz) -> OperationalCosts {
    rows.iter().fold(OperationalCosts::default(), |mut total, row| {
        let period = row.period(tz);
        if let Some(overlap) = period.intersect(&window) {
            let share = rounded_div(
                i128::from(row.amount_cents) * i128::from(overlap.micros()),
                i128::from(period.micros()),
            );
            total.cents += share as i64;
            total.overlapping_rows += 1;
        }
        total
    })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use chrono_tz::Australia::Sydney;

    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn month(start: &str, end: &str, amount_cents: i64) -> CostRow {
        CostRow {
            period_start: start.parse().unwrap(),
            period_end: end.parse().unwrap(),
            amount_cents,
        }
    }

    #[test]
    fn a_window_covering_ten_of_thirty_days_takes_a_third_of_the_cost() {
        // September 2026 in Sydney: 00:00 on the 1st (UTC+10) is 14:00 UTC the day before.
        let september = month("2026-09-01", "2026-09-30", 90_000);
        let window = Window::new(at("2026-09-10T14:00:00Z"), at("2026-09-20T14:00:00Z"));

        let costs = operational_costs(&[september], window, Sydney);

        assert_eq!(
            costs,
            OperationalCosts {
                cents: 30_000,
                overlapping_rows: 1
            }
        );
    }

    #[test]
    fn a_window_covering_a_whole_period_takes_all_of_it() {
        let rows = [
            month("2026-02-01", "2026-02-28", 49_900),
            month("2026-03-01", "2026-03-31", 10_000),
        ];
        let window = Window::new(at("2026-01-20T00:00:00Z"), at("2026-02-28T13:00:00Z"));

        let costs = operational_costs(&rows, window, Sydney);

        assert_eq!(
            costs,
            OperationalCosts {
                cents: 49_900,
                overlapping_rows: 1
            }
        );
    }

    #[test]
    fn shares_are_rounded_to_the_cent() {
        let day = month("2026-06-01", "2026-06-03", 100);
        // One of three days.
        let window = Window::new(at("2026-05-31T14:00:00Z"), at("2026-06-01T14:00:00Z"));

        assert_eq!(operational_costs(&[day], window, Sydney).cents, 33);
    }

    #[test]
    fn rows_outside_the_window_do_not_count_as_overlapping() {
        let rows = [month("2025-01-01", "2025-01-31", 10_000)];
        let window = Window::new(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"));

        assert_eq!(operational_costs(&rows, window, Sydney), OperationalCosts::default());
    }
}
