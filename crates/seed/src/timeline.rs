//! One patient's visits over time: episodes of care walked back from their last attended visit, fitted to their cohort.

use chrono::{DateTime, Duration, Utc};
use rand::{Rng, RngExt};

use super::calendar::ClinicCalendar;
use super::cohorts::Cohort;

/// The span of time generated data covers.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// The moment the data is relative to.
    pub now: DateTime<Utc>,
    /// The earliest visit.
    pub history_start: DateTime<Utc>,
}

/// What a visit's status may be, given the patient's cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusRule {
    /// The last attended visit: completed.
    Attended,
    /// A past visit after the last attended one: missed or cancelled.
    NotAttended,
    /// Earlier past visits: any past status.
    Past,
    /// The visit booked within the next seven days: booked.
    BookedThisWeek,
    /// Later future visits: booked or cancelled.
    Future,
}

/// A planned visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedVisit {
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// What its status may be.
    pub rule: StatusRule,
    /// First visit of an episode of care (the first ever, or after a month or more away).
    pub episode_start: bool,
}

const EPISODE_BREAK: Duration = Duration::days(30);

/// Plans `count` visits for a patient of `cohort`, in time order.
pub fn plan_visits(
    rng: &mut impl Rng,
    calendar: &ClinicCalendar,
    clock: &Clock,
    cohort: Cohort,
    count: u32,
) -> Vec<PlannedVisit> {
    let mut visits: Vec<PlannedVisit> = Vec::with_capacity(count as usize);
    let now = clock.now;
    let mut push = |starts_at: DateTime<Utc>, rule: StatusRule| {
        visits.push(PlannedVisit {
            starts_at,
            rule,
            episode_start: false,
        })
    };
    let mut remaining = count;

    let books_this_week = matches!(
        cohort,
        Cohort::RecentAndUpcoming | Cohort::ReturningAndUpcoming | Cohort::NewAndUpcoming
    );
    if books_this_week && remaining > 0 {
        push(
            slot(
                rng,
                calendar,
                now + Duration::hours(1),
                now + Duration::days(7) - Duration::hours(1),
            ),
            StatusRule::BookedThisWeek,
        );
        remaining -= 1;
    }
    // Patients in a course of care have their next visits booked weeks ahead.
    let in_care = matches!(
        cohort,
        Cohort::Recent | Cohort::RecentAndUpcoming | Cohort::ReturningAndUpcoming
    );
    let later_bookings = if in_care && count >= 4 && rng.random_bool(0.6) {
        rng.random_range(1..=3)
    } else {
        0
    };
    for _ in 0..later_bookings {
        if remaining > 1 {
            push(
                slot(rng, calendar, now + Duration::days(8), now + Duration::days(35)),
                StatusRule::Future,
            );
            remaining -= 1;
        }
    }

    if let Some((from, to)) = last_attended_window(cohort, clock)
        && remaining > 0
    {
        remaining -= 1;
        let mut offsets = backward_offsets(rng, remaining);
        // Place the last visit late enough for the whole history to fit after the start, when the cohort allows it,
        // so long histories are not squeezed into the first weeks.
        let needed = offsets.last().copied().unwrap_or_else(Duration::zero);
        let fitting_from = from.max(clock.history_start + needed);
        let last = slot(rng, calendar, if fitting_from < to { fitting_from } else { from }, to);
        push(last, StatusRule::Attended);
        let missed_since = remaining >= 2 && now - last > Duration::days(2) && rng.random_bool(0.12);
        if missed_since {
            push(
                slot(rng, calendar, last + Duration::days(1), now - Duration::hours(1)),
                StatusRule::NotAttended,
            );
            offsets.pop();
        }
        for starts_at in earlier_visits(rng, calendar, clock, last, offsets) {
            push(starts_at, StatusRule::Past);
        }
    }

    visits.sort_by_key(|v| v.starts_at);
    let mut previous: Option<DateTime<Utc>> = None;
    for visit in &mut visits {
        visit.episode_start = previous.is_none_or(|p| visit.starts_at - p > EPISODE_BREAK);
        previous = Some(visit.starts_at);
    }
    visits
}

/// When the cohort's last attended visit falls, with six hours' margin from each boundary so it never sits on one.
fn last_attended_window(cohort: Cohort, clock: &Clock) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let now = clock.now;
    let margin = Duration::hours(6);
    let days = Duration::days;
    match cohort {
        Cohort::Recent | Cohort::RecentAndUpcoming => Some((now - days(30) + margin, now - Duration::hours(1))),
        Cohort::ReturningAndUpcoming => Some((clock.history_start, now - days(30) - margin)),
        Cohort::Dormant => Some((now - days(90) + margin, now - days(30) - margin)),
        Cohort::Stale => Some((clock.history_start, now - days(90) - margin)),
        Cohort::NewAndUpcoming | Cohort::Never => None,
    }
}

/// How far before the last visit each earlier one falls: episodes of weekly or fortnightly care separated by months
/// away, nearest first.
fn backward_offsets(rng: &mut impl Rng, count: u32) -> Vec<Duration> {
    let mut back = Duration::zero();
    (0..count)
        .map(|_| {
            let gap_days = if rng.random_bool(1.0 / 7.0) {
                rng.random_range(35..200)
            } else {
                rng.random_range(6..15)
            };
            back += Duration::days(gap_days);
            back
        })
        .collect()
}

/// The visits at `offsets` before `last`, on open days and bookable times, squeezed when they would start before the
/// history does.
fn earlier_visits(
    rng: &mut impl Rng,
    calendar: &ClinicCalendar,
    clock: &Clock,
    last: DateTime<Utc>,
    offsets: Vec<Duration>,
) -> Vec<DateTime<Utc>> {
    let furthest = offsets
        .last()
        .copied()
        .unwrap_or_else(Duration::zero)
        .num_seconds()
        .max(1) as f64;
    let room = (last - clock.history_start).num_seconds().max(1) as f64;
    // A history longer than the room left is squeezed into a random share of it, so squeezed patients do not all
    // start on the first day.
    let scale = if furthest > room {
        room * rng.random_range(0.5..1.0) / furthest
    } else {
        1.0
    };
    offsets
        .into_iter()
        .map(|offset| {
            let position = last - Duration::seconds((offset.num_seconds() as f64 * scale) as i64);
            let day = calendar.open_day_at_or_before(rng, calendar.local_date(position));
            let starts_at = calendar.slot_on(rng, day).unwrap_or(position);
            if starts_at < last {
                starts_at
            } else {
                last - Duration::hours(rng.random_range(24..120))
            }
        })
        .collect()
}

/// A bookable slot in `[from, to)`, or `from` itself when the clinic has none (a window shorter than a day).
fn slot(rng: &mut impl Rng, calendar: &ClinicCalendar, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    calendar.slot_between(rng, from, to).unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    use super::*;

    fn clock() -> Clock {
        let now: DateTime<Utc> = "2026-06-15T03:00:00Z".parse().unwrap();
        Clock {
            now,
            history_start: now - Duration::days(730),
        }
    }

    fn plan(seed: u64, zone: chrono_tz::Tz, cohort: Cohort, count: u32) -> Vec<PlannedVisit> {
        plan_visits(
            &mut ChaCha8Rng::seed_from_u64(seed),
            &ClinicCalendar::new(zone),
            &clock(),
            cohort,
            count,
        )
    }

    fn last_attended(visits: &[PlannedVisit]) -> DateTime<Utc> {
        visits
            .iter()
            .find(|v| v.rule == StatusRule::Attended)
            .unwrap()
            .starts_at
    }

    #[test]
    fn dormant_patients_last_attended_thirty_to_ninety_days_ago_and_book_nothing_this_week() {
        let clock = clock();

        for seed in 0..200 {
            let visits = plan(seed, chrono_tz::Australia::Sydney, Cohort::Dormant, 12);

            let last = last_attended(&visits);
            assert!(last >= clock.now - Duration::days(90) && last < clock.now - Duration::days(30));
            assert!(visits.iter().all(|v| v.starts_at < clock.now));
            assert_eq!(visits.len(), 12);
        }
    }

    #[test]
    fn upcoming_patients_have_exactly_one_booking_in_the_next_seven_days() {
        let clock = clock();

        for seed in 0..200 {
            let visits = plan(seed, chrono_tz::Europe::London, Cohort::RecentAndUpcoming, 9);

            let this_week: Vec<_> = visits
                .iter()
                .filter(|v| v.starts_at >= clock.now && v.starts_at < clock.now + Duration::days(7))
                .collect();
            assert_eq!(this_week.len(), 1);
            assert_eq!(this_week[0].rule, StatusRule::BookedThisWeek);
            assert!(last_attended(&visits) >= clock.now - Duration::days(30));
        }
    }

    #[test]
    fn no_visit_after_the_last_attended_one_is_attended() {
        for seed in 0..200 {
            let visits = plan(seed, chrono_tz::America::Denver, Cohort::Stale, 30);

            let last = last_attended(&visits);
            assert!(
                visits
                    .iter()
                    .filter(|v| v.starts_at > last)
                    .all(|v| v.rule != StatusRule::Past && v.rule != StatusRule::Attended)
            );
        }
    }

    #[test]
    fn the_first_visit_starts_an_episode_of_care() {
        let visits = plan(4, chrono_tz::Australia::Sydney, Cohort::Recent, 20);

        assert!(visits[0].episode_start);
        assert!(visits.windows(2).all(|w| w[0].starts_at <= w[1].starts_at));
    }
}
