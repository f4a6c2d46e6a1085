//! Calendar days, ISO weeks and months in an organization's own time zone, and chart buckets built from them.

use chrono::{DateTime, Datelike, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::window::Window;

/// How wide a chart's points are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Granularity {
    /// One point per calendar day.
    Day,
    /// One point per ISO week, labelled by its Monday.
    Week,
    /// One point per month, labelled by its first day.
    Month,
}

/// One chart point's span: the part of its day, week or month inside the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The day, the week's Monday or the month's first day.
    pub label: NaiveDate,
    /// The bucket's span clipped to the window; its end is "as of" for point-in-time figures.
    pub span: Window,
}

/// The local calendar date of an instant.
pub fn local_date(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The first instant of a local calendar day. Where a daylight-saving or offset change skips midnight, the day starts at
/// the first local time that exists.
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    resolve_local(tz, date.and_hms_opt(0, 0, 0).expect("midnight is a valid time"))
}

/// The instant of a local date and time: the earlier one where a change repeats it, and where a change skips it, the
/// first local time that exists after it (the instant of the change).
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        LocalResult::None => {
            // In a gap: read as UTC, the local time is off by at most a day either way; the first instant (to the
            // microsecond, the database's resolution) whose local time is not before `local` lies in that span, and
            // local time only rises across a gap.
            let micros = |at: DateTime<Utc>| at.timestamp_micros();
            let instant =
                |micros: i64| DateTime::from_timestamp_micros(micros).expect("a day from a valid time is valid");
            let guess = local.and_utc();
            let (mut low, mut high) = (micros(guess - Duration::days(1)), micros(guess + Duration::days(1)));
            while high - low > 1 {
                let middle = low + (high - low) / 2;
                if instant(middle).with_timezone(&tz).naive_local() < local {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            instant(high)
        }
    }
}

/// The label of the bucket containing a date.
pub fn bucket_label(date: NaiveDate, granularity: Granularity) -> NaiveDate {
    match granularity {
        Granularity::Day => date,
        Granularity::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
        Granularity::Month => date.with_day(1).expect("the first of a month exists"),
    }
}

/// The label of the bucket after this one.
pub fn next_label(label: NaiveDate, granularity: Granularity) -> NaiveDate {
    match granularity {
        Granularity::Day => label + Duration::days(1),
        Granularity::Week => label + Duration::days(7),
        Granularity::Month => label + Months::new(1),
    }
}

/// The buckets covering a window in a time zone, in order, each clipped to the window.
pub fn buckets(window: Window, tz: Tz, granularity: Granularity) -> Vec<Bucket> {
    let mut out = Vec::new();
    let mut label = bucket_label(local_date(tz, window.start), granularity);
    loop {
        let next = next_label(label, granularity);
        let bucket = Window::new(start_of_day(tz, label), start_of_day(tz, next));
        if bucket.start >= window.end {
            break;
        }
        if let Some(span) = bucket.intersect(&window) {
            out.push(Bucket { label, span });
        }
        label = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono_tz::Australia::Sydney;

    use super::*;
    use crate::analytics::window::Timeframe;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn daily_buckets_cover_the_window_with_partial_first_and_last_days() {
        // 10:00 in Sydney (UTC+11 in January) on the 10th, seven days back.
        let window = Window::ending_at(at("2026-01-09T23:00:00Z"), Timeframe::Last7Days);

        let buckets = buckets(window, Sydney, Granularity::Day);

        assert_eq!(buckets.len(), 8);
        assert_eq!(buckets[0].label, date("2026-01-03"));
        assert_eq!(buckets[0].span.start, window.start);
        assert_eq!(buckets[0].span.end, at("2026-01-03T13:00:00Z"));
        assert_eq!(buckets[7].label, date("2026-01-10"));
        assert_eq!(buckets[7].span.end, window.end);
        assert!(buckets.windows(2).all(|pair| pair[0].span.end == pair[1].span.start));
    }

    #[test]
    fn daylight_saving_days_in_sydney_last_23_and_25_hours() {
        let spring = buckets(
            Window::new(at("2026-10-03T14:00:00Z"), at("2026-10-05T13:00:00Z")),
            Sydney,
            Granularity::Day,
        );
        let autumn = buckets(
            Window::new(at("2026-04-04T13:00:00Z"), at("2026-04-06T14:00:00Z")),
            Sydney,
            Granularity::Day,
        );

        assert_eq!(spring[0].label, date("2026-10-04"));
        assert_eq!((spring[0].span.end - spring[0].span.start).num_hours(), 23);
        assert_eq!(autumn[0].label, date("2026-04-05"));
        assert_eq!((autumn[0].span.end - autumn[0].span.start).num_hours(), 25);
    }

    #[test]
    fn weeks_are_labelled_by_their_monday_and_months_by_their_first_day() {
        assert_eq!(bucket_label(date("2026-01-08"), Granularity::Week), date("2026-01-05"));
        assert_eq!(bucket_label(date("2026-01-05"), Granularity::Week), date("2026-01-05"));
        assert_eq!(bucket_label(date("2026-01-31"), Granularity::Month), date("2026-01-01"));
        assert_eq!(next_label(date("2026-01-01"), Granularity::Month), date("2026-02-01"));
    }

    #[test]
    fn a_window_ending_at_local_midnight_has_no_empty_last_bucket() {
        let window = Window::new(at("2026-01-31T13:00:00Z"), at("2026-02-28T13:00:00Z"));

        let months = buckets(window, Sydney, Granularity::Month);

        assert_eq!(months.len(), 1);
        assert_eq!(months[0].label, date("2026-02-01"));
        assert_eq!(months[0].span, window);
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_by_an_odd_offset_starts_at_the_first_existing_second() {
        // Monrovia moved from UTC−0:44:30 to UTC on 1972-01-07, skipping 00:00 to 00:44:30.
        let start = start_of_day(chrono_tz::Africa::Monrovia, date("1972-01-07"));

        assert_eq!(start, at("1972-01-07T00:44:30Z"));
    }

    #[test]
    fn a_skipped_local_time_is_the_change_itself_and_a_repeated_one_its_earlier_instant() {
        let local = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();

        // Sydney skips 02:00–03:00 on 4 October 2026 and repeats 02:00–03:00 on 5 April 2026.
        assert_eq!(
            resolve_local(Sydney, local("2026-10-04 02:30")),
            at("2026-10-03T16:00:00Z")
        );
        assert_eq!(
            resolve_local(Sydney, local("2026-04-05 02:30")),
            at("2026-04-04T15:30:00Z")
        );
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_at_the_first_existing_time() {
        // Havana springs forward at midnight: 2026-03-08 00:00 does not exist there.
        let start = start_of_day(chrono_tz::America::Havana, date("2026-03-08"));

        assert_eq!(start, at("2026-03-08T05:00:00Z"));
    }
}
