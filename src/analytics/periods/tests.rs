use chrono::NaiveDateTime;
use chrono_tz::America::New_York;
use chrono_tz::Australia::Sydney;

use super::CalendarPeriod::*;
use super::*;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn period(period: CalendarPeriod, comparison: Comparison, tz: Tz, as_of: &str) -> Resolved {
    WindowSpec::Period(period).resolve(comparison, tz, at(as_of))
}

fn window(start: &str, end: &str) -> Window {
    Window::new(at(start), at(end))
}

#[test]
fn month_to_date_compares_with_the_same_days_of_last_month_and_the_whole_of_it_at_the_month_end() {
    // 15 March 10:30 and 31 March 10:30 in New York (EDT, UTC−4, after the 8 March change).
    let mid = period(
        CalendarPeriod::MonthToDate,
        Comparison::PreviousPeriod,
        New_York,
        "2026-03-15T14:30:00Z",
    );
    let end = period(
        CalendarPeriod::MonthToDate,
        Comparison::PreviousPeriod,
        New_York,
        "2026-03-31T14:30:00Z",
    );

    assert_eq!(mid.window, window("2026-03-01T05:00:00Z", "2026-03-15T14:30:00Z"));
    assert_eq!(mid.comparison, window("2026-02-01T05:00:00Z", "2026-02-15T15:30:00Z"));
    assert_eq!(end.comparison, window("2026-02-01T05:00:00Z", "2026-03-01T05:00:00Z"));
}

#[test]
fn last_month_in_march_is_february_and_compares_with_january() {
    let resolved = period(
        CalendarPeriod::LastMonth,
        Comparison::PreviousPeriod,
        Sydney,
        "2026-03-15T00:00:00Z",
    );

    // Sydney is UTC+11 in summer: local midnight is 13:00 the day before.
    assert_eq!(resolved.window, window("2026-01-31T13:00:00Z", "2026-02-28T13:00:00Z"));
    assert_eq!(
        resolved.comparison,
        window("2025-12-31T13:00:00Z", "2026-01-31T13:00:00Z")
    );
}

#[test]
fn a_day_of_a_daylight_saving_change_is_23_or_25_hours_and_yesterday_spans_it() {
    // Sydney springs forward on 4 October 2026 and falls back on 5 April 2026.
    let spring = period(
        CalendarPeriod::Yesterday,
        Comparison::PreviousPeriod,
        Sydney,
        "2026-10-05T01:00:00Z",
    );
    let autumn = period(
        CalendarPeriod::Yesterday,
        Comparison::PreviousPeriod,
        Sydney,
        "2026-04-06T01:00:00Z",
    );

    assert_eq!(spring.window, window("2026-10-03T14:00:00Z", "2026-10-04T13:00:00Z"));
    assert_eq!(
        spring.comparison,
        window("2026-10-02T14:00:00Z", "2026-10-03T14:00:00Z")
    );
    assert_eq!(autumn.window, window("2026-04-04T13:00:00Z", "2026-04-05T14:00:00Z"));
}

#[test]
fn today_compares_with_yesterday_up_to_the_same_time_of_day_across_a_change() {
    // 10:00 on 9 March 2026 in New York (EDT); the day before was the 23-hour spring-forward day.
    let resolved = period(
        CalendarPeriod::Today,
        Comparison::PreviousPeriod,
        New_York,
        "2026-03-09T14:00:00Z",
    );

    assert_eq!(resolved.window, window("2026-03-09T04:00:00Z", "2026-03-09T14:00:00Z"));
    assert_eq!(
        resolved.comparison,
        window("2026-03-08T05:00:00Z", "2026-03-08T14:00:00Z")
    );
}

#[test]
fn weeks_run_monday_to_monday_and_week_to_date_compares_with_last_weeks_same_elapsed_time() {
    // Wednesday 11 November 2026, 09:00 in New York (EST, UTC−5).
    let wtd = period(
        CalendarPeriod::WeekToDate,
        Comparison::PreviousPeriod,
        New_York,
        "2026-11-11T14:00:00Z",
    );
    let last = period(
        CalendarPeriod::LastWeek,
        Comparison::PreviousPeriod,
        New_York,
        "2026-11-11T14:00:00Z",
    );

    assert_eq!(wtd.window, window("2026-11-09T05:00:00Z", "2026-11-11T14:00:00Z"));
    assert_eq!(wtd.comparison, window("2026-11-02T05:00:00Z", "2026-11-04T14:00:00Z"));
    assert_eq!(last.window, window("2026-11-02T05:00:00Z", "2026-11-09T05:00:00Z"));
    // The week before that crosses the end of daylight saving (1 November): 7 days and an hour.
    assert_eq!(last.comparison, window("2026-10-26T04:00:00Z", "2026-11-02T05:00:00Z"));
}

#[test]
fn quarters_and_years_end_where_the_calendar_says() {
    // 31 December 2026, 23:30 in Sydney (AEDT) and 1 January 2027, 00:30.
    let qtd = period(
        CalendarPeriod::QuarterToDate,
        Comparison::PreviousPeriod,
        Sydney,
        "2026-12-31T12:30:00Z",
    );
    let last_quarter = period(
        CalendarPeriod::LastQuarter,
        Comparison::PreviousPeriod,
        Sydney,
        "2026-12-31T13:30:00Z",
    );
    let last_year = period(
        CalendarPeriod::LastYear,
        Comparison::PreviousPeriod,
        Sydney,
        "2026-12-31T13:30:00Z",
    );

    assert_eq!(qtd.window.start, at("2026-09-30T14:00:00Z"));
    // 91 days and 23½ hours into the quarter: 1 July + 91 days is 30 September, at 23:30 (AEST).
    assert_eq!(qtd.comparison, window("2026-06-30T14:00:00Z", "2026-09-30T13:30:00Z"));
    assert_eq!(
        last_quarter.window,
        window("2026-09-30T14:00:00Z", "2026-12-31T13:00:00Z")
    );
    assert_eq!(last_year.window, window("2025-12-31T13:00:00Z", "2026-12-31T13:00:00Z"));
    assert_eq!(
        last_year.comparison,
        window("2024-12-31T13:00:00Z", "2025-12-31T13:00:00Z")
    );
}

#[test]
fn the_same_period_last_year_moves_29_february_to_the_28th() {
    // 29 February 2028, 12:00 UTC.
    let today = WindowSpec::Period(CalendarPeriod::Today).resolve(
        Comparison::SamePeriodLastYear,
        chrono_tz::UTC,
        at("2028-02-29T12:00:00Z"),
    );
    let range = WindowSpec::Range(DateRange::new(day("2028-02-01"), day("2028-02-29")).unwrap()).resolve(
        Comparison::SamePeriodLastYear,
        chrono_tz::UTC,
        at("2028-06-01T00:00:00Z"),
    );

    assert_eq!(today.window, window("2028-02-29T00:00:00Z", "2028-02-29T12:00:00Z"));
    assert_eq!(today.comparison, window("2027-02-28T00:00:00Z", "2027-02-28T12:00:00Z"));
    assert_eq!(range.window, window("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"));
    assert_eq!(range.comparison, window("2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z"));
}

#[test]
fn a_range_compares_with_as_many_days_before_it_and_is_not_clipped_at_as_of() {
    let range = DateRange::new(day("2026-10-01"), day("2026-10-10")).unwrap();

    let resolved = WindowSpec::Range(range).resolve(Comparison::PreviousPeriod, Sydney, at("2026-10-05T00:00:00Z"));

    // 1 October (AEST, UTC+10) to the end of 10 October (AEDT, UTC+11).
    assert_eq!(resolved.window, window("2026-09-30T14:00:00Z", "2026-10-10T13:00:00Z"));
    assert_eq!(
        resolved.comparison,
        window("2026-09-20T14:00:00Z", "2026-09-30T14:00:00Z")
    );
}

#[test]
fn a_rolling_window_compares_with_the_span_before_or_a_year_before() {
    let last = WindowSpec::Last(Timeframe::Last7Days);

    let previous = last.resolve(Comparison::PreviousPeriod, Sydney, at("2026-03-15T00:00:00Z"));
    let year = last.resolve(Comparison::SamePeriodLastYear, Sydney, at("2026-03-15T00:00:00Z"));

    assert_eq!(previous.window, window("2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z"));
    assert_eq!(
        previous.comparison,
        window("2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z")
    );
    assert_eq!(year.comparison, window("2025-03-08T00:00:00Z", "2025-03-15T00:00:00Z"));
}

#[test]
fn ranges_backwards_too_long_or_outside_1970_to_2099_are_refused() {
    assert_eq!(
        DateRange::new(day("2026-03-10"), day("2026-03-01")).unwrap_err(),
        "from (2026-03-10) must not be after to (2026-03-01)"
    );
    assert_eq!(
        DateRange::new(day("2020-01-01"), day("2025-06-22")).unwrap_err(),
        "the range holds 2000 days; at most 1096 are accepted"
    );
    assert_eq!(
        DateRange::new(day("1900-01-01"), day("1900-01-31")).unwrap_err(),
        "from (1900-01-01) must fall between 1970-01-01 and 2099-12-31"
    );
    assert_eq!(
        DateRange::new(day("2024-01-01"), day("2026-12-31")).unwrap().days(),
        1_096
    );
}

/// A local wall-clock time in `tz`, resolved as the service resolves one.
fn local(tz: Tz, text: &str) -> DateTime<Utc> {
    let wall = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    resolve_local(tz, wall)
}

/// Each case: the zone, `asOf` as local time, the period, and the local bounds of the window, of the previous period
/// and of the same period last year. The expected bounds were worked out by hand from the table in docs/METRICS.md.
#[rustfmt::skip]
const CASES: &[(Tz, &str, CalendarPeriod, [&str; 6])] = &[
    // Sydney, 2026-10-04 12:00: the 23-hour day daylight saving starts.
    (Sydney, "2026-10-04 12:00", Today, ["2026-10-04 00:00", "2026-10-04 12:00", "2026-10-03 00:00", "2026-10-03 12:00", "2025-10-04 00:00", "2025-10-04 12:00"]),
    (Sydney, "2026-10-04 12:00", Yesterday, ["2026-10-03 00:00", "2026-10-04 00:00", "2026-10-02 00:00", "2026-10-03 00:00", "2025-10-03 00:00", "2025-10-04 00:00"]),
    (Sydney, "2026-10-04 12:00", WeekToDate, ["2026-09-28 00:00", "2026-10-04 12:00", "2026-09-21 00:00", "2026-09-27 12:00", "2025-09-28 00:00", "2025-10-04 12:00"]),
    (Sydney, "2026-10-04 12:00", LastWeek, ["2026-09-21 00:00", "2026-09-28 00:00", "2026-09-14 00:00", "2026-09-21 00:00", "2025-09-21 00:00", "2025-09-28 00:00"]),
    (Sydney, "2026-10-04 12:00", MonthToDate, ["2026-10-01 00:00", "2026-10-04 12:00", "2026-09-01 00:00", "2026-09-04 12:00", "2025-10-01 00:00", "2025-10-04 12:00"]),
    (Sydney, "2026-10-04 12:00", LastMonth, ["2026-09-01 00:00", "2026-10-01 00:00", "2026-08-01 00:00", "2026-09-01 00:00", "2025-09-01 00:00", "2025-10-01 00:00"]),
    (Sydney, "2026-10-04 12:00", QuarterToDate, ["2026-10-01 00:00", "2026-10-04 12:00", "2026-07-01 00:00", "2026-07-04 12:00", "2025-10-01 00:00", "2025-10-04 12:00"]),
    (Sydney, "2026-10-04 12:00", LastQuarter, ["2026-07-01 00:00", "2026-10-01 00:00", "2026-04-01 00:00", "2026-07-01 00:00", "2025-07-01 00:00", "2025-10-01 00:00"]),
    (Sydney, "2026-10-04 12:00", YearToDate, ["2026-01-01 00:00", "2026-10-04 12:00", "2025-01-01 00:00", "2025-10-04 12:00", "2025-01-01 00:00", "2025-10-04 12:00"]),
    (Sydney, "2026-10-04 12:00", LastYear, ["2025-01-01 00:00", "2026-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00"]),
    // Sydney, 2026-04-05 12:00: the 25-hour day daylight saving ends.
    (Sydney, "2026-04-05 12:00", Today, ["2026-04-05 00:00", "2026-04-05 12:00", "2026-04-04 00:00", "2026-04-04 12:00", "2025-04-05 00:00", "2025-04-05 12:00"]),
    (Sydney, "2026-04-05 12:00", Yesterday, ["2026-04-04 00:00", "2026-04-05 00:00", "2026-04-03 00:00", "2026-04-04 00:00", "2025-04-04 00:00", "2025-04-05 00:00"]),
    (Sydney, "2026-04-05 12:00", WeekToDate, ["2026-03-30 00:00", "2026-04-05 12:00", "2026-03-23 00:00", "2026-03-29 12:00", "2025-03-30 00:00", "2025-04-05 12:00"]),
    (Sydney, "2026-04-05 12:00", LastWeek, ["2026-03-23 00:00", "2026-03-30 00:00", "2026-03-16 00:00", "2026-03-23 00:00", "2025-03-23 00:00", "2025-03-30 00:00"]),
    (Sydney, "2026-04-05 12:00", MonthToDate, ["2026-04-01 00:00", "2026-04-05 12:00", "2026-03-01 00:00", "2026-03-05 12:00", "2025-04-01 00:00", "2025-04-05 12:00"]),
    (Sydney, "2026-04-05 12:00", LastMonth, ["2026-03-01 00:00", "2026-04-01 00:00", "2026-02-01 00:00", "2026-03-01 00:00", "2025-03-01 00:00", "2025-04-01 00:00"]),
    (Sydney, "2026-04-05 12:00", QuarterToDate, ["2026-04-01 00:00", "2026-04-05 12:00", "2026-01-01 00:00", "2026-01-05 12:00", "2025-04-01 00:00", "2025-04-05 12:00"]),
    (Sydney, "2026-04-05 12:00", LastQuarter, ["2026-01-01 00:00", "2026-04-01 00:00", "2025-10-01 00:00", "2026-01-01 00:00", "2025-01-01 00:00", "2025-04-01 00:00"]),
    (Sydney, "2026-04-05 12:00", YearToDate, ["2026-01-01 00:00", "2026-04-05 12:00", "2025-01-01 00:00", "2025-04-05 12:00", "2025-01-01 00:00", "2025-04-05 12:00"]),
    (Sydney, "2026-04-05 12:00", LastYear, ["2025-01-01 00:00", "2026-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00"]),
    // New York, 2026-03-08 12:00: the 23-hour day daylight saving starts.
    (New_York, "2026-03-08 12:00", Today, ["2026-03-08 00:00", "2026-03-08 12:00", "2026-03-07 00:00", "2026-03-07 12:00", "2025-03-08 00:00", "2025-03-08 12:00"]),
    (New_York, "2026-03-08 12:00", Yesterday, ["2026-03-07 00:00", "2026-03-08 00:00", "2026-03-06 00:00", "2026-03-07 00:00", "2025-03-07 00:00", "2025-03-08 00:00"]),
    (New_York, "2026-03-08 12:00", WeekToDate, ["2026-03-02 00:00", "2026-03-08 12:00", "2026-02-23 00:00", "2026-03-01 12:00", "2025-03-02 00:00", "2025-03-08 12:00"]),
    (New_York, "2026-03-08 12:00", LastWeek, ["2026-02-23 00:00", "2026-03-02 00:00", "2026-02-16 00:00", "2026-02-23 00:00", "2025-02-23 00:00", "2025-03-02 00:00"]),
    (New_York, "2026-03-08 12:00", MonthToDate, ["2026-03-01 00:00", "2026-03-08 12:00", "2026-02-01 00:00", "2026-02-08 12:00", "2025-03-01 00:00", "2025-03-08 12:00"]),
    (New_York, "2026-03-08 12:00", LastMonth, ["2026-02-01 00:00", "2026-03-01 00:00", "2026-01-01 00:00", "2026-02-01 00:00", "2025-02-01 00:00", "2025-03-01 00:00"]),
    (New_York, "2026-03-08 12:00", QuarterToDate, ["2026-01-01 00:00", "2026-03-08 12:00", "2025-10-01 00:00", "2025-12-06 12:00", "2025-01-01 00:00", "2025-03-08 12:00"]),
    (New_York, "2026-03-08 12:00", LastQuarter, ["2025-10-01 00:00", "2026-01-01 00:00", "2025-07-01 00:00", "2025-10-01 00:00", "2024-10-01 00:00", "2025-01-01 00:00"]),
    (New_York, "2026-03-08 12:00", YearToDate, ["2026-01-01 00:00", "2026-03-08 12:00", "2025-01-01 00:00", "2025-03-08 12:00", "2025-01-01 00:00", "2025-03-08 12:00"]),
    (New_York, "2026-03-08 12:00", LastYear, ["2025-01-01 00:00", "2026-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00"]),
    // New York, 2026-11-01 12:00: the 25-hour day daylight saving ends.
    (New_York, "2026-11-01 12:00", Today, ["2026-11-01 00:00", "2026-11-01 12:00", "2026-10-31 00:00", "2026-10-31 12:00", "2025-11-01 00:00", "2025-11-01 12:00"]),
    (New_York, "2026-11-01 12:00", Yesterday, ["2026-10-31 00:00", "2026-11-01 00:00", "2026-10-30 00:00", "2026-10-31 00:00", "2025-10-31 00:00", "2025-11-01 00:00"]),
    (New_York, "2026-11-01 12:00", WeekToDate, ["2026-10-26 00:00", "2026-11-01 12:00", "2026-10-19 00:00", "2026-10-25 12:00", "2025-10-26 00:00", "2025-11-01 12:00"]),
    (New_York, "2026-11-01 12:00", LastWeek, ["2026-10-19 00:00", "2026-10-26 00:00", "2026-10-12 00:00", "2026-10-19 00:00", "2025-10-19 00:00", "2025-10-26 00:00"]),
    (New_York, "2026-11-01 12:00", MonthToDate, ["2026-11-01 00:00", "2026-11-01 12:00", "2026-10-01 00:00", "2026-10-01 12:00", "2025-11-01 00:00", "2025-11-01 12:00"]),
    (New_York, "2026-11-01 12:00", LastMonth, ["2026-10-01 00:00", "2026-11-01 00:00", "2026-09-01 00:00", "2026-10-01 00:00", "2025-10-01 00:00", "2025-11-01 00:00"]),
    (New_York, "2026-11-01 12:00", QuarterToDate, ["2026-10-01 00:00", "2026-11-01 12:00", "2026-07-01 00:00", "2026-08-01 12:00", "2025-10-01 00:00", "2025-11-01 12:00"]),
    (New_York, "2026-11-01 12:00", LastQuarter, ["2026-07-01 00:00", "2026-10-01 00:00", "2026-04-01 00:00", "2026-07-01 00:00", "2025-07-01 00:00", "2025-10-01 00:00"]),
    (New_York, "2026-11-01 12:00", YearToDate, ["2026-01-01 00:00", "2026-11-01 12:00", "2025-01-01 00:00", "2025-11-01 12:00", "2025-01-01 00:00", "2025-11-01 12:00"]),
    (New_York, "2026-11-01 12:00", LastYear, ["2025-01-01 00:00", "2026-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00"]),
    // New York, 2028-02-29 15:00: a leap day.
    (New_York, "2028-02-29 15:00", Today, ["2028-02-29 00:00", "2028-02-29 15:00", "2028-02-28 00:00", "2028-02-28 15:00", "2027-02-28 00:00", "2027-02-28 15:00"]),
    (New_York, "2028-02-29 15:00", Yesterday, ["2028-02-28 00:00", "2028-02-29 00:00", "2028-02-27 00:00", "2028-02-28 00:00", "2027-02-28 00:00", "2027-03-01 00:00"]),
    (New_York, "2028-02-29 15:00", WeekToDate, ["2028-02-28 00:00", "2028-02-29 15:00", "2028-02-21 00:00", "2028-02-22 15:00", "2027-02-28 00:00", "2027-02-28 15:00"]),
    (New_York, "2028-02-29 15:00", LastWeek, ["2028-02-21 00:00", "2028-02-28 00:00", "2028-02-14 00:00", "2028-02-21 00:00", "2027-02-21 00:00", "2027-02-28 00:00"]),
    (New_York, "2028-02-29 15:00", MonthToDate, ["2028-02-01 00:00", "2028-02-29 15:00", "2028-01-01 00:00", "2028-01-29 15:00", "2027-02-01 00:00", "2027-02-28 15:00"]),
    (New_York, "2028-02-29 15:00", LastMonth, ["2028-01-01 00:00", "2028-02-01 00:00", "2027-12-01 00:00", "2028-01-01 00:00", "2027-01-01 00:00", "2027-02-01 00:00"]),
    (New_York, "2028-02-29 15:00", QuarterToDate, ["2028-01-01 00:00", "2028-02-29 15:00", "2027-10-01 00:00", "2027-11-29 15:00", "2027-01-01 00:00", "2027-02-28 15:00"]),
    (New_York, "2028-02-29 15:00", LastQuarter, ["2027-10-01 00:00", "2028-01-01 00:00", "2027-07-01 00:00", "2027-10-01 00:00", "2026-10-01 00:00", "2027-01-01 00:00"]),
    (New_York, "2028-02-29 15:00", YearToDate, ["2028-01-01 00:00", "2028-02-29 15:00", "2027-01-01 00:00", "2027-03-01 15:00", "2027-01-01 00:00", "2027-02-28 15:00"]),
    (New_York, "2028-02-29 15:00", LastYear, ["2027-01-01 00:00", "2028-01-01 00:00", "2026-01-01 00:00", "2027-01-01 00:00", "2026-01-01 00:00", "2027-01-01 00:00"]),
    // Sydney, 2026-12-31 23:30: the last half hour of a year and a quarter.
    (Sydney, "2026-12-31 23:30", Today, ["2026-12-31 00:00", "2026-12-31 23:30", "2026-12-30 00:00", "2026-12-30 23:30", "2025-12-31 00:00", "2025-12-31 23:30"]),
    (Sydney, "2026-12-31 23:30", Yesterday, ["2026-12-30 00:00", "2026-12-31 00:00", "2026-12-29 00:00", "2026-12-30 00:00", "2025-12-30 00:00", "2025-12-31 00:00"]),
    (Sydney, "2026-12-31 23:30", WeekToDate, ["2026-12-28 00:00", "2026-12-31 23:30", "2026-12-21 00:00", "2026-12-24 23:30", "2025-12-28 00:00", "2025-12-31 23:30"]),
    (Sydney, "2026-12-31 23:30", LastWeek, ["2026-12-21 00:00", "2026-12-28 00:00", "2026-12-14 00:00", "2026-12-21 00:00", "2025-12-21 00:00", "2025-12-28 00:00"]),
    (Sydney, "2026-12-31 23:30", MonthToDate, ["2026-12-01 00:00", "2026-12-31 23:30", "2026-11-01 00:00", "2026-12-01 00:00", "2025-12-01 00:00", "2025-12-31 23:30"]),
    (Sydney, "2026-12-31 23:30", LastMonth, ["2026-11-01 00:00", "2026-12-01 00:00", "2026-10-01 00:00", "2026-11-01 00:00", "2025-11-01 00:00", "2025-12-01 00:00"]),
    (Sydney, "2026-12-31 23:30", QuarterToDate, ["2026-10-01 00:00", "2026-12-31 23:30", "2026-07-01 00:00", "2026-09-30 23:30", "2025-10-01 00:00", "2025-12-31 23:30"]),
    (Sydney, "2026-12-31 23:30", LastQuarter, ["2026-07-01 00:00", "2026-10-01 00:00", "2026-04-01 00:00", "2026-07-01 00:00", "2025-07-01 00:00", "2025-10-01 00:00"]),
    (Sydney, "2026-12-31 23:30", YearToDate, ["2026-01-01 00:00", "2026-12-31 23:30", "2025-01-01 00:00", "2025-12-31 23:30", "2025-01-01 00:00", "2025-12-31 23:30"]),
    (Sydney, "2026-12-31 23:30", LastYear, ["2025-01-01 00:00", "2026-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00", "2024-01-01 00:00", "2025-01-01 00:00"]),
    // Sydney, 2027-01-01 00:30: the first half hour of a year and a quarter.
    (Sydney, "2027-01-01 00:30", Today, ["2027-01-01 00:00", "2027-01-01 00:30", "2026-12-31 00:00", "2026-12-31 00:30", "2026-01-01 00:00", "2026-01-01 00:30"]),
    (Sydney, "2027-01-01 00:30", Yesterday, ["2026-12-31 00:00", "2027-01-01 00:00", "2026-12-30 00:00", "2026-12-31 00:00", "2025-12-31 00:00", "2026-01-01 00:00"]),
    (Sydney, "2027-01-01 00:30", WeekToDate, ["2026-12-28 00:00", "2027-01-01 00:30", "2026-12-21 00:00", "2026-12-25 00:30", "2025-12-28 00:00", "2026-01-01 00:30"]),
    (Sydney, "2027-01-01 00:30", LastWeek, ["2026-12-21 00:00", "2026-12-28 00:00", "2026-12-14 00:00", "2026-12-21 00:00", "2025-12-21 00:00", "2025-12-28 00:00"]),
    (Sydney, "2027-01-01 00:30", MonthToDate, ["2027-01-01 00:00", "2027-01-01 00:30", "2026-12-01 00:00", "2026-12-01 00:30", "2026-01-01 00:00", "2026-01-01 00:30"]),
    (Sydney, "2027-01-01 00:30", LastMonth, ["2026-12-01 00:00", "2027-01-01 00:00", "2026-11-01 00:00", "2026-12-01 00:00", "2025-12-01 00:00", "2026-01-01 00:00"]),
    (Sydney, "2027-01-01 00:30", QuarterToDate, ["2027-01-01 00:00", "2027-01-01 00:30", "2026-10-01 00:00", "2026-10-01 00:30", "2026-01-01 00:00", "2026-01-01 00:30"]),
    (Sydney, "2027-01-01 00:30", LastQuarter, ["2026-10-01 00:00", "2027-01-01 00:00", "2026-07-01 00:00", "2026-10-01 00:00", "2025-10-01 00:00", "2026-01-01 00:00"]),
    (Sydney, "2027-01-01 00:30", YearToDate, ["2027-01-01 00:00", "2027-01-01 00:30", "2026-01-01 00:00", "2026-01-01 00:30", "2026-01-01 00:00", "2026-01-01 00:30"]),
    (Sydney, "2027-01-01 00:30", LastYear, ["2026-01-01 00:00", "2027-01-01 00:00", "2025-01-01 00:00", "2026-01-01 00:00", "2025-01-01 00:00", "2026-01-01 00:00"]),];

#[test]
fn every_period_resolves_to_its_table_bounds_across_daylight_saving_leap_days_and_year_ends() {
    for (tz, as_of, period, bounds) in CASES {
        let as_of_instant = local(*tz, as_of);
        let expect = |from: usize| Window::new(local(*tz, bounds[from]), local(*tz, bounds[from + 1]));

        let previous = WindowSpec::Period(*period).resolve(Comparison::PreviousPeriod, *tz, as_of_instant);
        let last_year = WindowSpec::Period(*period).resolve(Comparison::SamePeriodLastYear, *tz, as_of_instant);

        let case = format!("{period:?} at {as_of} in {tz}");
        assert_eq!(previous.window, expect(0), "window of {case}");
        assert_eq!(previous.comparison, expect(2), "previous period of {case}");
        assert_eq!(last_year.window, expect(0), "window of {case}");
        assert_eq!(last_year.comparison, expect(4), "same period last year of {case}");
    }
}

#[test]
fn today_asked_at_midnight_is_empty_and_so_is_its_comparison() {
    let midnight = at("2028-02-29T05:00:00Z");

    let previous = period(
        CalendarPeriod::Today,
        Comparison::PreviousPeriod,
        New_York,
        "2028-02-29T05:00:00Z",
    );
    let last_year = period(
        CalendarPeriod::Today,
        Comparison::SamePeriodLastYear,
        New_York,
        "2028-02-29T05:00:00Z",
    );

    assert_eq!(previous.window, Window::new(midnight, midnight));
    assert_eq!(
        previous.comparison,
        window("2028-02-28T05:00:00Z", "2028-02-28T05:00:00Z")
    );
    assert_eq!(
        last_year.comparison,
        window("2027-02-28T05:00:00Z", "2027-02-28T05:00:00Z")
    );
}
