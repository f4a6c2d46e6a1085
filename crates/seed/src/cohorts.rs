//! Where each patient stands today (recent, upcoming, dormant, stale...) and how many visits each has had.

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};

/// A patient's engagement today, which fixes when their last attended visit was and whether one is booked this week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cohort {
    /// Attended in the last 30 days, nothing booked this week.
    Recent,
    /// Attended in the last 30 days and booked again this week.
    RecentAndUpcoming,
    /// Returning patient, last attended more than 30 days ago, booked this week.
    ReturningAndUpcoming,
    /// New patient whose first visit is booked this week.
    NewAndUpcoming,
    /// Last attended 30 to 90 days ago, nothing booked this week.
    Dormant,
    /// Last attended more than 90 days ago, nothing booked this week.
    Stale,
    /// Registered but never attended.
    Never,
}

impl Cohort {
    /// Fewest appointments a patient of this cohort can have.
    pub fn minimum_appointments(self) -> u32 {
        match self {
            Self::Never => 0,
            Self::RecentAndUpcoming | Self::ReturningAndUpcoming => 2,
            Self::Recent | Self::NewAndUpcoming | Self::Dormant | Self::Stale => 1,
        }
    }

    /// Whether this cohort's visit count is fixed at its minimum.
    fn fixed_count(self) -> bool {
        matches!(self, Self::Never | Self::NewAndUpcoming)
    }

    /// How much more than average this cohort visits.
    fn visit_weight(self) -> f64 {
        match self {
            Self::Recent => 3.4,
            Self::RecentAndUpcoming => 3.6,
            Self::ReturningAndUpcoming => 1.2,
            Self::Dormant => 1.3,
            Self::Stale => 0.7,
            Self::NewAndUpcoming | Self::Never => 0.0,
        }
    }
}

/// Exactly how many patients fall in each cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CohortCounts {
    /// Attended in the last 30 days only.
    pub recent: u32,
    /// Attended in the last 30 days and booked this week.
    pub recent_and_upcoming: u32,
    /// Booked this week, not attended in the last 30 days (half of them new patients).
    pub upcoming: u32,
    /// Last attended 30 to 90 days ago.
    pub dormant: u32,
    /// Last attended more than 90 days ago.
    pub stale: u32,
    /// Never attended.
    pub never: u32,
}

impl CohortCounts {
    /// A typical practice's mix for `patients` patients.
    pub fn typical(patients: u32) -> Self {
        let share = |percent: u32| patients * percent / 100;
        let mut counts = Self {
            recent: share(12),
            recent_and_upcoming: share(7),
            upcoming: share(5),
            dormant: share(26),
            stale: 0,
            never: share(4),
        };
        counts.stale = patients - counts.total();
        counts
    }

    /// Number of patients.
    pub fn total(&self) -> u32 {
        self.recent + self.recent_and_upcoming + self.upcoming + self.dormant + self.stale + self.never
    }

    /// One cohort per patient, shuffled.
    pub fn assign(&self, rng: &mut impl Rng) -> Vec<Cohort> {
        let new_patients = self.upcoming / 2;
        let groups = [
            (Cohort::Recent, self.recent),
            (Cohort::RecentAndUpcoming, self.recent_and_upcoming),
            (Cohort::NewAndUpcoming, new_patients),
            (Cohort::ReturningAndUpcoming, self.upcoming - new_patients),
            (Cohort::Dormant, self.dormant),
            (Cohort::Stale, self.stale),
            (Cohort::Never, self.never),
        ];
        let mut cohorts: Vec<Cohort> = groups
            .into_iter()
            .flat_map(|(cohort, count)| std::iter::repeat_n(cohort, count as usize))
            .collect();
        cohorts.shuffle(rng);
        cohorts
    }
}

/// Splits `total` appointments among patients: every patient gets their cohort's minimum, the rest goes by a heavy-tailed draw
/// (a few patients visit weekly for months, many come a handful of times).
pub fn allocate_appointments(rng: &mut impl Rng, cohorts: &[Cohort], total: u64) -> Result<Vec<u32>, String> {
    let minimum: u64 = cohorts.iter().map(|c| u64::from(c.minimum_appointments())).sum();
    if total < minimum {
        return Err(format!(
            "{total} appointments are too few for {} patients: at least {minimum} are needed",
            cohorts.len()
        ));
    }
    let weights: Vec<f64> = cohorts
        .iter()
        .map(|cohort| {
            if cohort.fixed_count() {
                0.0
            } else {
                cohort.visit_weight() * log_normal(rng, 0.9)
            }
        })
        .collect();
    let weight_sum: f64 = weights.iter().sum();
    let spare = total - minimum;
    if weight_sum == 0.0 && spare > 0 {
        return Err("no patient in these cohorts can take more appointments".into());
    }
    let mut counts: Vec<u64> = cohorts.iter().map(|c| u64::from(c.minimum_appointments())).collect();
    let mut remainders = Vec::with_capacity(cohorts.len());
    let mut given = 0u64;
    for (index, weight) in weights.iter().enumerate() {
        if *weight == 0.0 {
            continue;
        }
        let exact = spare as f64 * weight / weight_sum;
        let whole = exact.floor() as u64;
        counts[index] += whole;
        given += whole;
        remainders.push((exact - whole as f64, index));
    }
    // Largest remainders take the appointments that rounding down left over, so the total is exact.
    remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders.iter().cycle().take((spare - given) as usize) {
        counts[*index] += 1;
    }
    counts
        .into_iter()
        .map(|count| u32::try_from(count).map_err(|_| "too many appointments for one patient".to_string()))
        .collect()
}

/// A draw from a log-normal distribution with median 1.
fn log_normal(rng: &mut impl Rng, sigma: f64) -> f64 {
    // Box-Muller: two uniforms make one standard normal.
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    let normal = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    (sigma * normal).exp()
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    use super::*;

    #[test]
    fn typical_mix_accounts_for_every_patient() {
        assert_eq!(CohortCounts::typical(2_000).total(), 2_000);
        assert_eq!(CohortCounts::typical(7).total(), 7);
    }

    #[test]
    fn assignment_gives_each_patient_one_cohort_in_the_exact_numbers() {
        let counts = CohortCounts {
            recent: 3,
            recent_and_upcoming: 1,
            upcoming: 5,
            dormant: 4,
            stale: 2,
            never: 1,
        };

        let cohorts = counts.assign(&mut ChaCha8Rng::seed_from_u64(9));

        let count = |c: Cohort| cohorts.iter().filter(|x| **x == c).count();
        assert_eq!(cohorts.len(), 16);
        assert_eq!(count(Cohort::Recent), 3);
        assert_eq!(count(Cohort::NewAndUpcoming) + count(Cohort::ReturningAndUpcoming), 5);
        assert_eq!(count(Cohort::Never), 1);
    }

    #[test]
    fn allocation_hits_the_total_exactly_and_respects_minimums() {
        let cohorts = CohortCounts::typical(1_000).assign(&mut ChaCha8Rng::seed_from_u64(1));

        let counts = allocate_appointments(&mut ChaCha8Rng::seed_from_u64(2), &cohorts, 25_000).unwrap();

        assert_eq!(counts.iter().map(|c| u64::from(*c)).sum::<u64>(), 25_000);
        for (cohort, count) in cohorts.iter().zip(&counts) {
            assert!(*count >= cohort.minimum_appointments());
            if matches!(cohort, Cohort::Never | Cohort::NewAndUpcoming) {
                assert_eq!(*count, cohort.minimum_appointments());
            }
        }
    }

    #[test]
    fn allocation_refuses_fewer_appointments_than_patients_need() {
        let cohorts = vec![Cohort::Recent, Cohort::RecentAndUpcoming];

        let error = allocate_appointments(&mut ChaCha8Rng::seed_from_u64(1), &cohorts, 2).unwrap_err();

        assert_eq!(
            error,
            "2 appointments are too few for 2 patients: at least 3 are needed"
        );
    }
}
