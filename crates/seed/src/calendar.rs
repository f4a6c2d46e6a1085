//! A clinic's calendar: opening hours in its own time zone, and the weekly and seasonal rhythm of demand.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use rand::{Rng, RngExt};

/// Start hours of the day and how popular each is: busy before and after work.
const HOUR_WEIGHTS: [(u32, f64); 12] = [
    (7, 1.3),
    (8, 1.3),
    (9, 1.0),
    (10, 1.0),
    (11, 1.0),
    (12, 0.8),
    (13, 0.8),
    (14, 0.9),
    (15, 0.9),
    (16, 1.35),
    (17, 1.35),
    (18, 1.0),
];
/// Saturday clinics run 08:00 to 12:45.
const SATURDAY_HOURS: std::ops::Range<u32> = 8..13;
const MAX_DAY_WEIGHT: f64 = 1.15 * 1.12;

/// Opening hours and demand of one clinic.
#[derive(Debug, Clone, Copy)]
pub struct ClinicCalendar {
    tz: Tz,
    southern_hemisphere: bool,
}

impl ClinicCalendar {
    /// The calendar of a clinic in `tz`.
    pub fn new(tz: Tz) -> Self {
        let name = tz.name();
        let southern_hemisphere = [
            "Australia/",
            "Pacific/Auckland",
            "America/Sao_Paulo",
            "Africa/Johannesburg",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix));
        Self {
            tz,
            southern_hemisphere,
        }
    }

    /// The clinic's local date at an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// Relative demand on a local day: weekday rhythm, a seasonal swell, and the year-end break; 0 when closed.
    pub fn day_weight(&self, date: NaiveDate) -> f64 {
        let weekday = match date.weekday() {
            Weekday::Mon => 1.15,
            Weekday::Tue | Weekday::Thu => 1.1,
            Weekday::Wed => 1.05,
            Weekday::Fri => 0.9,
            Weekday::Sat => 0.45,
            Weekday::Sun => 0.0,
        };
        // Demand peaks in the local winter sports season.
        let peak_day = if self.southern_hemisphere { 180.0 } else { 360.0 };
        let angle = 2.0 * std::f64::consts::PI * (f64::from(date.ordinal()) - peak_day) / 365.25;
        let seasonal = 1.0 + 0.12 * angle.cos();
        let year_end_break = (date.month() == 12 && date.day() >= 24) || (date.month() == 1 && date.day() <= 2);
        weekday * seasonal * if year_end_break { 0.15 } else { 1.0 }
    }

    /// An open day at or before `date`, drawn with the rhythm of demand (busier days are likelier).
    pub fn open_day_at_or_before(&self, rng: &mut impl Rng, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        for _ in 0..14 {
            if rng.random::<f64>() * MAX_DAY_WEIGHT < self.day_weight(day) {
                return day;
            }
            day -= Duration::days(1);
        }
        day
    }

    /// A bookable start time on a local day, or None when the clinic is closed that day.
    pub fn slot_on(&self, rng: &mut impl Rng, date: NaiveDate) -> Option<DateTime<Utc>> {
        let hour = match date.weekday() {
            Weekday::Sun => return None,
            Weekday::Sat => rng.random_range(SATURDAY_HOURS),
            _ => weighted_hour(rng),
        };
        let minute = 15 * rng.random_range(0..4);
        let local = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0)?);
        self.tz
            .from_local_datetime(&local)
            .earliest()
            .map(|at| at.with_timezone(&Utc))
    }

    /// A bookable start time in `[from, to)`, following the rhythm of demand; None when none is found.
    pub fn slot_between(&self, rng: &mut impl Rng, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let span = (to - from).num_seconds();
        if span <= 0 {
            return None;
        }
        for _ in 0..200 {
            let instant = from + Duration::seconds(rng.random_range(0..span));
            let date = self.local_date(instant);
            if rng.random::<f64>() * MAX_DAY_WEIGHT >= self.day_weight(date) {
                continue;
            }
            if let Some(slot) = self.slot_on(rng, date).filter(|slot| (from..to).contains(slot)) {
                return Some(slot);
            }
        }
        None
    }
}

fn weighted_hour(rng: &mut impl Rng) -> u32 {
    let total: f64 = HOUR_WEIGHTS.iter().map(|(_, weight)| weight).sum();
    let mut pick = rng.random::<f64>() * total;
    for (hour, weight) in HOUR_WEIGHTS {
        if pick < weight {
            return hour;
        }
        pick -= weight;
    }
    HOUR_WEIGHTS[HOUR_WEIGHTS.len() - 1].0
}

#[cfg(test)]
mod tests {
    use chrono::Timelike;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    use super::*;

    #[test]
    fn clinics_are_closed_on_sundays() {
        let calendar = ClinicCalendar::new(chrono_tz::Australia::Sydney);
        let sunday = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();

        assert_eq!(calendar.day_weight(sunday), 0.0);
        assert_eq!(calendar.slot_on(&mut ChaCha8Rng::seed_from_u64(1), sunday), None);
    }

    #[test]
    fn slots_fall_in_local_business_hours() {
        let calendar = ClinicCalendar::new(chrono_tz::Australia::Sydney);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();

        for _ in 0..500 {
            let slot = calendar.slot_on(&mut rng, monday).unwrap();
            let local = slot.with_timezone(&chrono_tz::Australia::Sydney);
            assert_eq!(local.date_naive(), monday);
            assert!((7..19).contains(&local.hour()), "{local}");
            assert_eq!(local.minute() % 15, 0);
        }
    }

    #[test]
    fn slot_between_stays_inside_its_bounds() {
        let calendar = ClinicCalendar::new(chrono_tz::Europe::London);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let from: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        let to = from + Duration::days(3);

        for _ in 0..200 {
            let slot = calendar.slot_between(&mut rng, from, to).unwrap();
            assert!(slot >= from && slot < to);
        }
    }
}
