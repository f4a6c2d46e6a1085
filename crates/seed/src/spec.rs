//! What to generate: the demo clinics, the large clinic group, and organizations at any scale.

use chrono_tz::Tz;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::cohorts::CohortCounts;
use super::ids;

/// The id of the Surf Rehab demo clinic, as on its real dashboard.
pub const SURF_REHAB_ID: &str = "org_2xwHiNrj68eaRUlX10anlXGvzX7";

/// Everything that shapes one organization's generated data.
#[derive(Debug, Clone)]
pub struct OrganizationSpec {
    /// Organization id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// IANA time zone.
    pub timezone: Tz,
    /// ISO 4217 currency code.
    pub currency: &'static str,
    /// Patients in each cohort.
    pub cohorts: CohortCounts,
    /// Appointments over the whole history, past and booked.
    pub appointments: u64,
    /// Days of history.
    pub history_days: u32,
    /// Whether the practice runs the AI receptionist and re-engagement campaigns (and pays for them).
    pub automation: bool,
    /// When set, the completed revenue before now is made exactly this many cents.
    pub lifetime_revenue_cents: Option<i64>,
}

impl OrganizationSpec {
    /// Number of patients.
    pub fn patients(&self) -> u32 {
        self.cohorts.total()
    }
}

/// The demo clinics: Surf Rehab with its real dashboard's figures, and practices of other sizes and zones.
pub fn demo_clinics() -> Vec<OrganizationSpec> {
    vec![
        surf_rehab(),
        typical(
            "org_2y7KWyWfty6uEvcdZQoaZrknnVm",
            "Harbourside Physiotherapy",
            chrono_tz::Pacific::Auckland,
            "NZD",
            2_400,
            48_000,
            730,
        ),
        typical(
            "org_2ynbSF0d57Iq6S0qvhVhKDPGMxM",
            "Mile High Sports Medicine",
            chrono_tz::America::Denver,
            "USD",
            1_500,
            30_000,
            730,
        ),
        typical(
            "org_2ypOlWe4kL5ZYIIT9ufjjaJ1sjN",
            "Thames Allied Health",
            chrono_tz::Europe::London,
            "GBP",
            900,
            15_000,
            540,
        ),
        OrganizationSpec {
            automation: false,
            ..typical(
                "org_2yNTR5PvbZVt7RWpmtcuVPwXGsQ",
                "Coral Coast Hand Therapy",
                chrono_tz::Australia::Brisbane,
                "AUD",
                60,
                240,
                150,
            )
        },
    ]
}

/// Surf Rehab: 651 patients, 66 attended in the last 30 days, 24 booked this week (one of them among the 66, so 89
/// active), 320 dormant, 242 stale, AUD 1,875,000 billed over its lifetime.
pub fn surf_rehab() -> OrganizationSpec {
    OrganizationSpec {
        id: SURF_REHAB_ID.into(),
        name: "Surf Rehab".into(),
        timezone: chrono_tz::Australia::Sydney,
        currency: "AUD",
        cohorts: CohortCounts {
            recent: 65,
            recent_and_upcoming: 1,
            upcoming: 23,
            dormant: 320,
            stale: 224,
            never: 18,
        },
        appointments: 23_500,
        history_days: 1_095,
        automation: true,
        lifetime_revenue_cents: Some(187_500_000),
    }
}

/// The large clinic group: 20,000 patients and 500,000 appointments over two years.
pub fn large_clinic_group(seed: u64) -> OrganizationSpec {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1a2b_3c4d);
    let id = ids::organization_id(&mut rng);
    typical(
        &id,
        "Pacific Health Group",
        chrono_tz::Australia::Sydney,
        "AUD",
        20_000,
        500_000,
        730,
    )
}

const GENERATED_ZONES: [(Tz, &str); 8] = [
    (chrono_tz::Australia::Sydney, "AUD"),
    (chrono_tz::Europe::London, "GBP"),
    (chrono_tz::America::New_York, "USD"),
    (chrono_tz::Pacific::Auckland, "NZD"),
    (chrono_tz::Australia::Perth, "AUD"),
    (chrono_tz::America::Los_Angeles, "USD"),
    (chrono_tz::Asia::Singapore, "SGD"),
    (chrono_tz::Europe::Berlin, "EUR"),
];
const PLACES: [&str; 12] = [
    "Bayside",
    "Northside",
    "Riverside",
    "Westfield",
    "Hillcrest",
    "Lakeside",
    "Eastgate",
    "Summit",
    "Harbour",
    "Parkview",
    "Coastal",
    "Valley",
];
const PRACTICES: [&str; 5] = [
    "Physiotherapy",
    "Allied Health",
    "Sports Medicine",
    "Rehab Centre",
    "Movement Clinic",
];

/// The `index`-th generated organization: a typical practice of the given size.
pub fn generated(
    seed: u64,
    index: u32,
    patients: u32,
    appointments: u64,
    history_days: u32,
    zone: Option<Tz>,
) -> OrganizationSpec {
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(u64::from(index)));
    let (default_zone, default_currency) = GENERATED_ZONES[index as usize % GENERATED_ZONES.len()];
    let (timezone, currency) = match zone {
        Some(zone) => (zone, currency_of(zone)),
        None => (default_zone, default_currency),
    };
    let place = PLACES[index as usize % PLACES.len()];
    let practice = PRACTICES[(index as usize / PLACES.len()) % PRACTICES.len()];
    let id = ids::organization_id(&mut rng);
    let name = format!("{place} {practice} {:02}", index + 1);
    typical(&id, &name, timezone, currency, patients, appointments, history_days)
}

fn typical(
    id: &str,
    name: &str,
    timezone: Tz,
    currency: &'static str,
    patients: u32,
    appointments: u64,
    history_days: u32,
) -> OrganizationSpec {
    OrganizationSpec {
        id: id.into(),
        name: name.into(),
        timezone,
        currency,
        cohorts: CohortCounts::typical(patients),
        appointments,
        history_days,
        automation: true,
        lifetime_revenue_cents: None,
    }
}

/// The usual currency of a time zone's country, AUD when unknown.
fn currency_of(zone: Tz) -> &'static str {
    let name = zone.name();
    let by_prefix = [
        ("Australia/", "AUD"),
        ("Pacific/Auckland", "NZD"),
        ("Europe/London", "GBP"),
        ("America/", "USD"),
        ("Asia/Singapore", "SGD"),
        ("Europe/", "EUR"),
    ];
    by_prefix
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map_or("AUD", |(_, currency)| currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surf_rehab_cohorts_reproduce_its_dashboard() {
        let spec = surf_rehab();
        let c = spec.cohorts;

        assert_eq!(spec.patients(), 651);
        assert_eq!(c.recent + c.recent_and_upcoming, 66);
        assert_eq!(c.recent_and_upcoming + c.upcoming, 24);
        assert_eq!(c.recent + c.recent_and_upcoming + c.upcoming, 89);
        assert_eq!(c.dormant, 320);
        assert_eq!(c.stale + c.never, 242);
    }

    #[test]
    fn generated_organizations_are_the_same_for_the_same_seed_and_differ_by_index() {
        let a = generated(7, 0, 100, 1_000, 365, None);
        let b = generated(7, 0, 100, 1_000, 365, None);
        let c = generated(7, 1, 100, 1_000, 365, None);

        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id.len(), 31);
    }

    #[test]
    fn a_chosen_zone_brings_its_currency() {
        let spec = generated(1, 3, 10, 100, 365, Some(chrono_tz::Europe::London));

        assert_eq!(spec.timezone, chrono_tz::Europe::London);
        assert_eq!(spec.currency, "GBP");
    }
}
