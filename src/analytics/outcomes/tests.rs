use chrono_tz::Australia::Sydney;

use super::*;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn a_rolling_window_is_whole_days_between_two_partial_ones() {
    // Sydney (AEDT, UTC+11): 2026-11-10 09:00 local to 2026-11-17 09:00 local.
    let window = Window::new(at("2026-11-09T22:00:00Z"), at("2026-11-16T22:00:00Z"));

    let split = split_days(window, Sydney);

    assert_eq!(split.days, (day("2026-11-11"), day("2026-11-17")));
    assert_eq!(
        split.edges,
        [
            Window::new(at("2026-11-09T22:00:00Z"), at("2026-11-10T13:00:00Z")),
            Window::new(at("2026-11-16T13:00:00Z"), at("2026-11-16T22:00:00Z")),
        ]
    );
}

#[test]
fn a_window_of_local_midnights_has_no_partial_days_and_one_inside_a_day_is_all_edge() {
    let month = Window::new(at("2026-10-31T13:00:00Z"), at("2026-11-30T13:00:00Z"));
    let hours = Window::new(at("2026-11-09T22:00:00Z"), at("2026-11-10T02:00:00Z"));

    assert_eq!(
        split_days(month, Sydney),
        DaySplit {
            days: (day("2026-11-01"), day("2026-12-01")),
            edges: vec![]
        }
    );
    assert_eq!(split_days(hours, Sydney).edges, [hours]);
    assert_eq!(split_days(hours, Sydney).days.0, split_days(hours, Sydney).days.1);
}

#[test]
fn a_series_sums_its_days_and_edges_and_says_when_an_edge_is_missing() {
    let window = Window::new(at("2026-11-09T22:00:00Z"), at("2026-11-11T22:00:00Z"));
    let one = VisitCounts {
        attended: 1,
        ..VisitCounts::default()
    };
    let mut series = VisitSeries::default();
    series.days.insert(day("2026-11-11"), one);
    series.days.insert(day("2026-11-12"), one);
    series
        .edges
        .insert((at("2026-11-09T22:00:00Z"), at("2026-11-10T13:00:00Z")), one);

    assert_eq!(series.within(window, Sydney), None);
    series
        .edges
        .insert((at("2026-11-11T13:00:00Z"), at("2026-11-11T22:00:00Z")), one);
    assert_eq!(series.within(window, Sydney).unwrap().attended, 3);
}

#[test]
fn outcome_rates_leave_out_what_they_cannot_divide_by() {
    let facts = OutcomeFacts {
        window: VisitCounts {
            appointments: 8,
            attended: 5,
            no_shows: 1,
            cancellations: 2,
            late_cancellations: 1,
            revenue_cents: 50_001,
            ..VisitCounts::default()
        },
        unresolved: 0,
    };

    let outcomes = visit_outcomes(&facts);
    let none = visit_outcomes(&OutcomeFacts::default());

    assert_eq!(outcomes.no_show_rate, Some(16.7));
    assert_eq!(outcomes.cancellation_rate, Some(25.0));
    assert_eq!(outcomes.late_cancellation_rate, Some(12.5));
    assert_eq!(outcomes.revenue_per_visit_cents, Some(10_000));
    assert_eq!(
        (none.no_show_rate, none.cancellation_rate, none.revenue_per_visit_cents),
        (None, None, None)
    );
}

#[test]
fn retention_counts_returning_patients_and_visits_per_patient_to_two_decimals() {
    let facts = RetentionFacts {
        patients_seen: 3,
        window: VisitCounts {
            attended: 5,
            first_visits: 1,
            rebooked_visits: 2,
            ..VisitCounts::default()
        },
    };

    let retention = retention(&facts);

    assert_eq!(retention.returning_patients, 2);
    assert_eq!(retention.visits_per_patient, Some(1.67));
    assert_eq!(retention.rebooking_rate, Some(40.0));
}

#[test]
fn breakdown_rows_run_by_revenue_then_key_with_the_unrecorded_last_and_name_their_keys() {
    let key = |key: Option<&str>, name: Option<&str>, revenue_cents: i64| KeyFacts {
        key: key.map(str::to_owned),
        name: name.map(str::to_owned),
        counts: VisitCounts {
            appointments: 1,
            revenue_cents,
            ..VisitCounts::default()
        },
        patients_seen: 0,
    };
    let keys = [
        key(None, None, 500),
        key(Some("prac_2"), None, 500),
        key(Some("prac_1"), Some("Ana Lopez"), 500),
        key(Some("prac_3"), Some("Ben Ng"), 900),
        KeyFacts {
            key: Some("prac_4".into()),
            ..KeyFacts::default()
        },
    ];

    let rows = breakdown(Dimension::Practitioner, &keys);

    let labels: Vec<&str> = rows.iter().map(|row| row.label.as_str()).collect();
    assert_eq!(labels, ["Ben Ng", "Ana Lopez", "prac_2", NOT_RECORDED]);
}

#[test]
fn whole_months_are_the_calendar_months_a_span_of_days_covers() {
    let year = (day("2025-11-27"), day("2026-11-26"));
    let from_the_first = (day("2026-01-01"), day("2026-03-01"));
    let inside_one_month = (day("2026-03-03"), day("2026-03-20"));
    let across_one_month_end = (day("2026-03-03"), day("2026-04-20"));

    assert_eq!(whole_months(year), (day("2025-12-01"), day("2026-11-01")));
    assert_eq!(whole_months(from_the_first), (day("2026-01-01"), day("2026-03-01")));
    assert_eq!(whole_months(inside_one_month), (day("2026-03-20"), day("2026-03-20")));
    assert_eq!(
        whole_months(across_one_month_end),
        (day("2026-04-20"), day("2026-04-20"))
    );
}
