//! What an allied-health practice sells: appointment types, their length and their price.

use rand::{Rng, RngExt};

/// One kind of appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentType {
    /// Name stored in `appointments.appointment_type`.
    pub name: &'static str,
    /// Length in minutes.
    pub minutes: i64,
    /// Price in whole Australian dollars, before the currency's price level.
    pub price_aud: i64,
}

/// The first visit of an episode of care.
pub const INITIAL_ASSESSMENT: AppointmentType = AppointmentType {
    name: "Initial Assessment",
    minutes: 60,
    price_aud: 120,
};

/// Follow-up appointment types and how often each is booked.
const FOLLOW_UPS: [(AppointmentType, u32); 6] = [
    (
        AppointmentType {
            name: "Standard Consultation",
            minutes: 30,
            price_aud: 95,
        },
        55,
    ),
    (
        AppointmentType {
            name: "Extended Consultation",
            minutes: 45,
            price_aud: 135,
        },
        10,
    ),
    (
        AppointmentType {
            name: "Hydrotherapy",
            minutes: 45,
            price_aud: 65,
        },
        10,
    ),
    (
        AppointmentType {
            name: "Remedial Massage",
            minutes: 60,
            price_aud: 110,
        },
        10,
    ),
    (
        AppointmentType {
            name: "Clinical Pilates",
            minutes: 55,
            price_aud: 50,
        },
        10,
    ),
    (
        AppointmentType {
            name: "Dry Needling",
            minutes: 30,
            price_aud: 100,
        },
        5,
    ),
];

/// A follow-up type, drawn by how often each is booked.
pub fn follow_up(rng: &mut impl Rng) -> AppointmentType {
    let total: u32 = FOLLOW_UPS.iter().map(|(_, weight)| weight).sum();
    let mut pick = rng.random_range(0..total);
    for (kind, weight) in FOLLOW_UPS {
        if pick < weight {
            return kind;
        }
        pick -= weight;
    }
    FOLLOW_UPS[0].0
}

/// Prices in a currency relative to Australian dollars, so a visit costs what it would locally.
pub fn price_level(currency: &str) -> f64 {
    match currency {
        "NZD" => 1.05,
        "USD" => 1.25,
        "CAD" => 1.1,
        "GBP" => 0.6,
        "EUR" => 0.7,
        "SGD" => 1.0,
        _ => 1.0,
    }
}

/// A price in cents: the Australian price at the local price level, rounded to five whole units.
pub fn price_cents(kind: AppointmentType, currency: &str) -> i64 {
    let local = kind.price_aud as f64 * price_level(currency);
    ((local / 5.0).round() as i64) * 5 * 100
}

const GIVEN_NAMES: [&str; 20] = [
    "Amelia", "Ben", "Chloe", "Daniel", "Emily", "Finn", "Grace", "Hamish", "Isla", "Jack", "Kiri", "Liam", "Mia",
    "Noah", "Olivia", "Priya", "Ravi", "Sofia", "Tom", "Zara",
];
const FAMILY_NAMES: [&str; 20] = [
    "Anderson", "Brown", "Chen", "Davies", "Evans", "Fraser", "Gupta", "Harris", "Ivanova", "Jones", "Kelly", "Lee",
    "Martin", "Nguyen", "O'Brien", "Patel", "Quinn", "Singh", "Taylor", "Walker",
];

/// A practitioner's name, the same for the same organization salt and index, distinct for indexes below 400.
pub fn practitioner_name(salt: u64, index: u16) -> String {
    let shifted = (u64::from(index) + salt % 400) % 400;
    let given = GIVEN_NAMES[(shifted % 20) as usize];
    let family = FAMILY_NAMES[((shifted / 20 + shifted % 20) % 20) as usize];
    format!("{given} {family}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_whole_multiples_of_five_in_local_currency() {
        assert_eq!(price_cents(INITIAL_ASSESSMENT, "AUD"), 12_000);
        assert_eq!(price_cents(INITIAL_ASSESSMENT, "GBP"), 7_000);
        assert_eq!(price_cents(INITIAL_ASSESSMENT, "USD"), 15_000);
    }
}
