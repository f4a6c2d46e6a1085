//! The formulas of docs/METRICS.md, in exact integer arithmetic: percentages to one decimal and money to the cent,
//! both rounded half away from zero.

/// Division rounded half away from zero; `denominator` must not be 0.
pub fn rounded_div(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator != 0, "callers check for a zero denominator");
    let (numerator, denominator) = if denominator < 0 {
        (-numerator, -denominator)
    } else {
        (numerator, denominator)
    };
    if numerator >= 0 {
        (2 * numerator + denominator) / (2 * denominator)
    } else {
        -((-2 * numerator + denominator) / (2 * denominator))
    }
}

/// `numerator / denominator` rounded to one decimal; `denominator` must not be 0.
fn one_decimal(numerator: i128, denominator: i128) -> f64 {
    rounded_div(10 * numerator, denominator) as f64 / 10.0
}

/// `part × 100 / whole` to one decimal, 0 when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    one_decimal(i128::from(part) * 100, i128::from(whole))
}

/// Cents as an amount of money: exact to the cent.
pub fn money(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// `total / count` to the cent, None when `count` is 0.
pub fn average_cents(total_cents: i64, count: i64) -> Option<i64> {
    (count != 0).then(|| rounded_div(i128::from(total_cents), i128::from(count)) as i64)
}

/// `(current − previous) × 100 / previous` to one decimal, None when `previous` is 0.
pub fn period_comparison(current: i64, previous: i64) -> Option<f64> {
    (previous != 0).then(|| one_decimal(i128::from(current - previous) * 100, i128::from(previous)))
}

/// `(revenue − costs) × 100 / costs` to one decimal, None when costs are 0.
pub fn return_on_investment(revenue_cents: i64, costs_cents: i64) -> Option<f64> {
    (costs_cents != 0).then(|| one_decimal(i128::from(revenue_cents - costs_cents) * 100, i128::from(costs_cents)))
}

/// The three shares the efficiency score weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EfficiencyInputs {
    /// Active patients.
    pub active_patients: i64,
    /// All patients.
    pub total_patients: i64,
    /// Contacts that got a response or a booking.
    pub successful_contacts: i64,
    /// All contacts.
    pub total_contacts: i64,
    /// Bookings made by the AI receptionist or automation.
    pub automation_bookings: i64,
    /// All bookings.
    pub total_bookings: i64,
}

/// `40 × active/patients + 30 × successful/contacts + 30 × automated/bookings` to one decimal, a term being 0 when its
/// denominator is 0.
pub fn efficiency_score(inputs: EfficiencyInputs) -> f64 {
    let terms = [
        (40, inputs.active_patients, inputs.total_patients),
        (30, inputs.successful_contacts, inputs.total_contacts),
        (30, inputs.automation_bookings, inputs.total_bookings),
    ];
    // One common denominator keeps the sum exact before the single rounding.
    let denominator: i128 = terms.iter().map(|(_, _, d)| i128::from((*d).max(1))).product();
    let numerator: i128 = terms
        .iter()
        .filter(|(_, _, d)| *d != 0)
        .map(|(weight, part, whole)| i128::from(*weight) * i128::from(*part) * (denominator / i128::from(*whole)))
        .sum();
    one_decimal(numerator, denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(rounded_div(5, 2), 3);
        assert_eq!(rounded_div(-5, 2), -3);
        assert_eq!(rounded_div(4, 3), 1);
        assert_eq!(rounded_div(7, -2), -4);
    }

    #[test]
    fn surf_rehab_engagement_rate_is_13_point_7_percent() {
        assert_eq!(percent(89, 651), 13.7);
        assert_eq!(percent(0, 0), 0.0);
    }

    #[test]
    fn period_comparison_is_null_without_a_previous_period() {
        assert_eq!(period_comparison(225, 200), Some(12.5));
        assert_eq!(period_comparison(100, 300), Some(-66.7));
        assert_eq!(period_comparison(5, 0), None);
    }

    #[test]
    fn return_on_investment_compares_automated_revenue_with_costs() {
        assert_eq!(return_on_investment(384_000, 100_000), Some(284.0));
        assert_eq!(return_on_investment(50_000, 100_000), Some(-50.0));
        assert_eq!(return_on_investment(50_000, 0), None);
    }

    #[test]
    fn money_is_exact_to_the_cent() {
        assert_eq!(money(187_500_000), 1_875_000.0);
        assert_eq!(money(12_345), 123.45);
        assert_eq!(average_cents(10_000, 3), Some(3_333));
        assert_eq!(average_cents(5, 2), Some(3));
        assert_eq!(average_cents(100, 0), None);
    }

    #[test]
    fn efficiency_weighs_engagement_contact_success_and_automation() {
        let inputs = EfficiencyInputs {
            active_patients: 89,
            total_patients: 651,
            successful_contacts: 30,
            total_contacts: 120,
            automation_bookings: 45,
            total_bookings: 300,
        };

        // 40 × 0.13671 + 30 × 0.25 + 30 × 0.15 = 5.4685 + 7.5 + 4.5 = 17.4685
        assert_eq!(efficiency_score(inputs), 17.5);
    }

    #[test]
    fn efficiency_terms_without_a_denominator_count_as_zero() {
        let inputs = EfficiencyInputs {
            active_patients: 1,
            total_patients: 2,
            ..EfficiencyInputs::default()
        };

        assert_eq!(efficiency_score(inputs), 20.0);
    }
}
