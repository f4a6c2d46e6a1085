//! Every metric of docs/METRICS.md as a function of the counts the database returns ("facts").
//!
//! Both ways of counting — straight from the raw tables, or from the rollups — produce the same facts, so the
//! formulas here are the single definition of every figure. Facts derive `FromRow`: a query names its columns after
//! their fields.

use serde::Serialize;

use super::calendar::Bucket;
use super::costs::OperationalCosts;
use super::formulas::{self, EfficiencyInputs};

/// Why a figure cannot be computed from the data (answered as INSUFFICIENT_DATA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Insufficient(pub &'static str);

/// A figure that exists only when the data supports it.
pub type Figure = Result<f64, Insufficient>;

/// Counts behind [`BookingMetrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct BookingFacts {
    /// Appointments created in the window.
    pub bookings: i64,
    /// Appointments created in the previous window.
    pub previous_bookings: i64,
    /// Of `bookings`, those made by the AI receptionist.
    pub ai_bookings: i64,
}

/// Bookings in the window and their trend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BookingMetrics {
    /// Appointments created in the window, any status.
    pub total_bookings: i64,
    /// Appointments created in the previous window.
    pub previous_period_bookings: i64,
    /// Change against the previous window, in percent; None without a previous period.
    pub period_comparison: Option<f64>,
    /// Of the bookings, those made by the AI receptionist.
    pub bookings_via_ai: i64,
}

/// Booking metrics from their counts.
pub fn booking_metrics(facts: &BookingFacts) -> BookingMetrics {
    BookingMetrics {
        total_bookings: facts.bookings,
        previous_period_bookings: facts.previous_bookings,
        period_comparison: formulas::period_comparison(facts.bookings, facts.previous_bookings),
        bookings_via_ai: facts.ai_bookings,
    }
}

/// Counts behind [`PatientMetrics`]; they are the metrics themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, sqlx::FromRow)]
pub struct PatientMetrics {
    /// Patients created before as-of.
    pub total_patients: i64,
    /// Patients attended in the last 30 days or booked in the next 7.
    pub active_patients: i64,
    /// Patients created in the window.
    pub new_patients: i64,
}

/// Counts behind [`FinancialMetrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct FinancialFacts {
    /// Revenue of completed appointments starting in the window, in cents.
    pub revenue_cents: i64,
    /// Distinct patients among those appointments.
    pub revenue_patients: i64,
    /// Revenue of completed appointments starting before as-of, in cents.
    pub lifetime_cents: i64,
    /// Patients created before as-of.
    pub total_patients: i64,
}

/// Revenue in the window and over the organization's lifetime, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FinancialMetrics {
    /// Revenue of completed appointments starting in the window.
    pub total_revenue_cents: i64,
    /// Revenue per distinct patient seen in the window; None when none was.
    pub avg_revenue_per_patient_cents: Option<i64>,
    /// Revenue of every completed appointment before as-of.
    pub lifetime_value_total_cents: i64,
    /// Lifetime revenue per patient; None without patients.
    pub lifetime_value_average_cents: Option<i64>,
}

/// Financial metrics from their counts.
pub fn financial_metrics(facts: &FinancialFacts) -> FinancialMetrics {
    FinancialMetrics {
        total_revenue_cents: facts.revenue_cents,
        avg_revenue_per_patient_cents: formulas::average_cents(facts.revenue_cents, facts.revenue_patients),
        lifetime_value_total_cents: facts.lifetime_cents,
        lifetime_value_average_cents: formulas::average_cents(facts.lifetime_cents, facts.total_patients),
    }
}

/// Counts behind [`AutomationMetrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct AutomationFacts {
    /// Appointments created in the window by the AI receptionist or automation.
    pub automation_bookings: i64,
    /// All appointments created in the window.
    pub total_bookings: i64,
    /// Revenue of completed appointments starting in the window from those two sources, in cents.
    pub automated_revenue_cents: i64,
    /// Outreach attempts sent in the window.
    pub contacts: i64,
    /// Of those, the ones answered or that booked.
    pub successful_contacts: i64,
    /// Active patients as of the window's end.
    pub active_patients: i64,
    /// Patients created before the window's end.
    pub total_patients: i64,
    /// Automation costs prorated onto the window (computed from the cost rows, not counted by the query).
    #[sqlx(skip)]
    pub costs: OperationalCosts,
}

/// What automation brought in against what it cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AutomationMetrics {
    /// Appointments created in the window by the AI receptionist or automation.
    pub automation_bookings: i64,
    /// Revenue of completed appointments from those sources starting in the window, in cents.
    pub automated_revenue_cents: i64,
    /// Automation costs prorated onto the window, in cents.
    pub operational_costs_cents: i64,
    /// Return on automation costs, in percent.
    pub total_roi: Figure,
    /// Outreach attempts sent in the window.
    pub total_contacts: i64,
    /// Outreach attempts answered or that booked.
    pub successful_contacts: i64,
    /// The weighted efficiency score.
    pub efficiency_score: Figure,
}

/// No cost overlaps the window: there is nothing to compute a return on.
pub const NO_COSTS: Insufficient =
    Insufficient("no automation cost falls in this window, so there is no return to compute");
/// Costs overlap the window but add up to nothing.
pub const ZERO_COSTS: Insufficient = Insufficient("the automation costs in this window add up to zero");
/// No patient existed yet: the score has no engagement to weigh.
pub const NO_PATIENTS: Insufficient = Insufficient("the organization has no patients as of this date");

/// Automation metrics from their counts.
pub fn automation_metrics(facts: &AutomationFacts) -> AutomationMetrics {
    let total_roi = if facts.costs.overlapping_rows == 0 {
        Err(NO_COSTS)
    } else {
        formulas::return_on_investment(facts.automated_revenue_cents, facts.costs.cents).ok_or(ZERO_COSTS)
    };
    let efficiency_score = if facts.total_patients == 0 {
        Err(NO_PATIENTS)
    } else {
        Ok(formulas::efficiency_score(EfficiencyInputs {
            active_patients: facts.active_patients,
            total_patients: facts.total_patients,
            successful_contacts: facts.successful_contacts,
            total_contacts: facts.contacts,
            automation_bookings: facts.automation_bookings,
            total_bookings: facts.total_bookings,
        }))
    };
    AutomationMetrics {
        automation_bookings: facts.automation_bookings,
        automated_revenue_cents: facts.automated_revenue_cents,
        operational_costs_cents: facts.costs.cents,
        total_roi,
        total_contacts: facts.contacts,
        successful_contacts: facts.successful_contacts,
        efficiency_score,
    }
}

/// Counts behind [`DashboardSummary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct SummaryFacts {
    /// Patients created before as-of.
    pub total_patients: i64,
    /// Active patients.
    pub active_patients: i64,
    /// Patients with a booked or completed appointment starting in the next 7 days.
    pub patients_with_upcoming: i64,
    /// Patients with a completed appointment starting in the last 30 days.
    pub patients_with_recent: i64,
}

/// The dashboard's headline patient figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DashboardSummary {
    /// Patients created before as-of.
    pub total_patients: i64,
    /// Active patients.
    pub active_patients: i64,
    /// Patients booked in the next 7 days.
    pub patients_with_upcoming: i64,
    /// Patients attended in the last 30 days.
    pub patients_with_recent: i64,
    /// Active patients as a percentage of all patients.
    pub engagement_rate: f64,
}

/// The summary from its counts.
pub fn dashboard_summary(facts: &SummaryFacts) -> DashboardSummary {
    DashboardSummary {
        total_patients: facts.total_patients,
        active_patients: facts.active_patients,
        patients_with_upcoming: facts.patients_with_upcoming,
        patients_with_recent: facts.patients_with_recent,
        engagement_rate: formulas::percent(facts.active_patients, facts.total_patients),
    }
}

/// Counts behind [`ReengagementPerformance`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct ReengagementFacts {
    /// Patients created before as-of.
    pub total_patients: i64,
    /// Active patients.
    pub active_patients: i64,
    /// Patients not active whose last completed appointment started 30 to 90 days before as-of.
    pub dormant_patients: i64,
    /// Revenue of completed appointments before as-of, in cents.
    pub lifetime_cents: i64,
}

/// Where patients stand: active, dormant or stale, and what they have been worth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReengagementPerformance {
    /// Patients created before as-of.
    pub total_patients: i64,
    /// Active patients.
    pub currently_active: i64,
    /// Not active, last seen 30 to 90 days ago.
    pub currently_dormant: i64,
    /// The rest: last seen more than 90 days ago, or never.
    pub currently_stale: i64,
    /// Active as a percentage of all patients.
    pub engagement_rate_percent: f64,
    /// Lifetime revenue in cents.
    pub lifetime_value_total_cents: i64,
    /// Lifetime revenue per patient; None without patients.
    pub lifetime_value_average_cents: Option<i64>,
}

/// Re-engagement performance from its counts.
pub fn reengagement_performance(facts: &ReengagementFacts) -> ReengagementPerformance {
    ReengagementPerformance {
        total_patients: facts.total_patients,
        currently_active: facts.active_patients,
        currently_dormant: facts.dormant_patients,
        // Appointments that predate their patient's record could make the difference negative; such patients are
        // active or dormant, never stale.
        currently_stale: (facts.total_patients - facts.active_patients - facts.dormant_patients).max(0),
        engagement_rate_percent: formulas::percent(facts.active_patients, facts.total_patients),
        lifetime_value_total_cents: facts.lifetime_cents,
        lifetime_value_average_cents: formulas::average_cents(facts.lifetime_cents, facts.total_patients),
    }
}

/// Counts for one chart bucket, each over the bucket's span (clipped to the window) or as of its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct BucketFacts {
    /// Appointments created in the bucket.
    pub bookings: i64,
    /// Of those, by the AI receptionist or automation.
    pub automation_bookings: i64,
    /// Revenue of completed appointments starting in the bucket, in cents.
    pub revenue_cents: i64,
    /// Patients created in the bucket.
    pub new_patients: i64,
    /// Outreach attempts sent in the bucket.
    pub contacts: i64,
    /// Of those, answered or that booked.
    pub successful_contacts: i64,
    /// Active patients as of the bucket's end.
    pub active_patients: i64,
    /// Patients created before the bucket's end.
    pub total_patients: i64,
}

/// One point of every chart series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChartPoint {
    /// The bucket.
    pub bucket: Bucket,
    /// Appointments created in the bucket.
    pub bookings: i64,
    /// Revenue of completed appointments starting in the bucket, in cents.
    pub revenue_cents: i64,
    /// Active patients as of the bucket's end.
    pub active_patients: i64,
    /// Patients created in the bucket.
    pub new_patients: i64,
    /// The efficiency score over the bucket (its engagement term 0 before the first patient).
    pub efficiency_score: f64,
    /// Automation bookings as a percentage of bookings in the bucket, 0 without bookings.
    pub automation_rate: f64,
}

/// Chart points from each bucket's counts.
pub fn chart_points(buckets: &[Bucket], facts: &[BucketFacts]) -> Vec<ChartPoint> {
    buckets
        .iter()
        .zip(facts)
        .map(|(bucket, f)| ChartPoint {
            bucket: *bucket,
            bookings: f.bookings,
            revenue_cents: f.revenue_cents,
            active_patients: f.active_patients,
            new_patients: f.new_patients,
            efficiency_score: formulas::efficiency_score(EfficiencyInputs {
                active_patients: f.active_patients,
                total_patients: f.total_patients,
                successful_contacts: f.successful_contacts,
                total_contacts: f.contacts,
                automation_bookings: f.automation_bookings,
                total_bookings: f.bookings,
            }),
            automation_rate: formulas::percent(f.automation_bookings, f.bookings),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roi_needs_a_cost_in_the_window() {
        let facts = AutomationFacts {
            automated_revenue_cents: 100_000,
            total_patients: 10,
            ..AutomationFacts::default()
        };

        let metrics = automation_metrics(&facts);

        assert_eq!(metrics.total_roi, Err(NO_COSTS));
        assert_eq!(metrics.efficiency_score, Ok(0.0));
    }

    #[test]
    fn roi_of_costs_that_add_up_to_zero_is_insufficient_data() {
        let facts = AutomationFacts {
            costs: OperationalCosts {
                cents: 0,
                overlapping_rows: 1,
            },
            ..AutomationFacts::default()
        };

        assert_eq!(automation_metrics(&facts).total_roi, Err(ZERO_COSTS));
    }

    #[test]
    fn efficiency_needs_patients() {
        assert_eq!(
            automation_metrics(&AutomationFacts::default()).efficiency_score,
            Err(NO_PATIENTS)
        );
    }

    #[test]
    fn surf_rehab_reengagement_splits_651_patients_into_89_320_and_242() {
        let facts = ReengagementFacts {
            total_patients: 651,
            active_patients: 89,
            dormant_patients: 320,
            lifetime_cents: 187_500_000,
        };

        let performance = reengagement_performance(&facts);

        assert_eq!(performance.currently_stale, 242);
        assert_eq!(performance.engagement_rate_percent, 13.7);
        assert_eq!(performance.lifetime_value_average_cents, Some(288_018));
    }

    #[test]
    fn average_revenue_per_patient_is_null_when_nobody_was_seen() {
        let metrics = financial_metrics(&FinancialFacts::default());

        assert_eq!(metrics.avg_revenue_per_patient_cents, None);
        assert_eq!(metrics.lifetime_value_average_cents, None);
    }
}
