//! The metric group types: each field reads a value computed by the analytics module.

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::context::{ResolverResult, null_on_error};
use super::enums::{Freshness, Granularity, Timeframe};
use super::scalars::Date;
use crate::analytics::formulas::money;
use crate::analytics::metrics::{
    AutomationMetrics as Automation, BookingMetrics as Bookings, ChartPoint, DashboardSummary as Summary, Figure,
    FinancialMetrics as Financial, PatientMetrics as Patients, ReengagementPerformance as Reengagement,
};
use crate::dashboard::Served;
use crate::error::Error;

/// When and over what span a metric group was computed, and how current it is.
#[derive(Debug, Clone, SimpleObject)]
pub struct MetricMeta {
    /// The timeframe asked for; null for groups without one (summary, re-engagement).
    pub timeframe: Option<Timeframe>,
    /// First instant the figures look at.
    pub window_start: DateTime<Utc>,
    /// First instant after the span the figures look at (`asOf` for timeframe windows).
    pub window_end: DateTime<Utc>,
    /// When the figures were computed.
    pub computed_at: DateTime<Utc>,
    /// Computed for this request, served from the cache, or the last known value.
    pub freshness: Freshness,
    /// Why the figures are stale, when they are.
    pub stale_reason: Option<String>,
}

impl MetricMeta {
    /// The meta of a served group.
    pub fn of(served: &Served) -> Self {
        let computed = &served.computed;
        Self {
            timeframe: computed.timeframe.map(Timeframe::from),
            window_start: computed.window.start,
            window_end: computed.window.end,
            computed_at: computed.computed_at,
            freshness: served.freshness.into(),
            stale_reason: served.stale_reason.clone(),
        }
    }
}

/// A figure the data may not support: its value, or null with INSUFFICIENT_DATA saying why.
fn figure(ctx: &Context<'_>, value: Figure) -> Option<f64> {
    let result = value.map_err(|insufficient| Error::InsufficientData(insufficient.0.into()));
    null_on_error(ctx, result.or_graphql(ctx))
}

/// Bookings in the window and their trend against the window before.
pub struct BookingMetrics {
    /// The figures.
    pub metrics: Bookings,
    /// Their meta.
    pub meta: MetricMeta,
}

/// Bookings in the window and their trend against the window before.
#[Object]
impl BookingMetrics {
    /// Appointments created in the window, whatever their status.
    async fn total_bookings(&self) -> i64 {
        self.metrics.total_bookings
    }

    /// Appointments created in the window of the same length just before.
    async fn previous_period_bookings(&self) -> i64 {
        self.metrics.previous_period_bookings
    }

    /// (total − previous) × 100 / previous, to one decimal; null when the previous window had no bookings.
    async fn period_comparison(&self) -> Option<f64> {
        self.metrics.period_comparison
    }

    /// Of the bookings, those made by the AI receptionist (source `ai_agent`).
    async fn bookings_via_ai(&self) -> i64 {
        self.metrics.bookings_via_ai
    }

    /// When and over what span these figures were computed.
    async fn meta(&self) -> &MetricMeta {
        &self.meta
    }
}

/// How many patients the organization has, how many are active and how many are new.
pub struct PatientMetrics {
    /// The figures.
    pub metrics: Patients,
    /// Their meta.
    pub meta: MetricMeta,
}

/// How many patients the organization has, how many are active and how many are new.
#[Object]
impl PatientMetrics {
    /// Patients whose record was created before `asOf`.
    async fn total_patients(&self) -> i64 {
        self.metrics.total_patients
    }

    /// Patients with a completed appointment in the 30 days before `asOf`, or a booked or completed one in the 7 days
    /// from `asOf`.
    async fn active_patients(&self) -> i64 {
        self.metrics.active_patients
    }

    /// Patients whose record was created in the window.
    async fn new_patients(&self) -> i64 {
        self.metrics.new_patients
    }

    /// When and over what span these figures were computed.
    async fn meta(&self) -> &MetricMeta {
        &self.meta
    }
}

/// Revenue in the window and over the organization's lifetime, in its currency.
pub struct FinancialMetrics {
    /// The figures.
    pub metrics: Financial,
    /// The organization's currency.
    pub currency: String,
    /// Their meta.
    pub meta: MetricMeta,
}

/// Revenue in the window and over the organization's lifetime, in its currency, exact to the cent.
#[Object]
impl FinancialMetrics {
    /// Revenue of completed appointments starting in the window.
    async fn total_revenue(&self) -> f64 {
        money(self.metrics.total_revenue_cents)
    }

    /// Revenue per distinct patient among those appointments; null when there were none.
    async fn avg_revenue_per_patient(&self) -> Option<f64> {
        self.metrics.avg_revenue_per_patient_cents.map(money)
    }

    /// Revenue of every completed appointment starting before `asOf`.
    async fn lifetime_value_total(&self) -> f64 {
        money(self.metrics.lifetime_value_total_cents)
    }

    /// Lifetime revenue per patient (all patients created before `asOf`); null without patients.
    async fn lifetime_value_average(&self) -> Option<f64> {
        self.metrics.lifetime_value_average_cents.map(money)
    }

    /// ISO 4217 code of the amounts.
    async fn currency(&self) -> &str {
        &self.currency
    }

    /// When and over what span these figures were computed.
    async fn meta(&self) -> &MetricMeta {
        &self.meta
    }
}

/// What the AI receptionist and re-engagement automation brought in against what they cost.
pub struct AutomationMetrics {
    /// The figures.
    pub metrics: Automation,
    /// Their meta.
    pub meta: MetricMeta,
}

/// What the AI receptionist and re-engagement automation brought in against what they cost.
#[Object]
impl AutomationMetrics {
    /// Appointments created in the window with source `ai_agent` or `automation`.
    async fn automation_bookings(&self) -> i64 {
        self.metrics.automation_bookings
    }

    /// Revenue of completed appointments from those sources starting in the window.
    async fn automated_revenue(&self) -> f64 {
        money(self.metrics.automated_revenue_cents)
    }

    /// Automation costs prorated onto the window by the share of each cost's period it covers.
    async fn operational_costs(&self) -> f64 {
        money(self.metrics.operational_costs_cents)
    }

    /// (automatedRevenue − operationalCosts) × 100 / operationalCosts, to one decimal. Null with INSUFFICIENT_DATA
    /// when no cost falls in the window.
    async fn total_roi(&self, ctx: &Context<'_>) -> Option<f64> {
        figure(ctx, self.metrics.total_roi)
    }

    /// Outreach attempts sent in the window.
    async fn total_contacts(&self) -> i64 {
        self.metrics.total_contacts
    }

    /// Outreach attempts sent in the window that were answered or led to a booking.
    async fn successful_contacts(&self) -> i64 {
        self.metrics.successful_contacts
    }

    /// 40 × active/total patients + 30 × successful/total contacts + 30 × automation/total bookings, to one decimal.
    /// Null with INSUFFICIENT_DATA when the organization has no patients.
    async fn efficiency_score(&self, ctx: &Context<'_>) -> Option<f64> {
        figure(ctx, self.metrics.efficiency_score)
    }

    /// When and over what span these figures were computed.
    async fn meta(&self) -> &MetricMeta {
        &self.meta
    }
}

/// Bookings and revenue in one chart bucket.
#[derive(Debug, Clone, SimpleObject)]
pub struct BookingTrendPoint {
    /// The day, the week's Monday or the month's first day, in the organization's time zone.
    pub date: Date,
    /// Appointments created in the bucket.
    pub bookings: i64,
    /// Revenue of completed appointments starting in the bucket.
    pub revenue: f64,
}

/// Patient engagement in one chart bucket.
#[derive(Debug, Clone, SimpleObject)]
pub struct EngagementTrendPoint {
    /// The day, the week's Monday or the month's first day, in the organization's time zone.
    pub date: Date,
    /// Active patients as of the bucket's end (as of `asOf` for the last bucket).
    pub active_patients: i64,
    /// Patients whose record was created in the bucket.
    pub new_patients: i64,
}

/// Automation performance in one chart bucket.
#[derive(Debug, Clone, SimpleObject)]
pub struct AutomationPoint {
    /// The day, the week's Monday or the month's first day, in the organization's time zone.
    pub date: Date,
    /// The efficiency score over the bucket; its engagement term counts as 0 before the first patient.
    pub efficiency_score: f64,
    /// Automation bookings as a percentage of the bucket's bookings, to one decimal; 0 without bookings.
    pub automation_rate: f64,
}

/// Time series for the dashboard's charts, one point per bucket covering the window, zero-filled.
pub struct Charts {
    /// The points.
    pub points: Vec<ChartPoint>,
    /// The width of each point.
    pub granularity: Granularity,
    /// Their meta.
    pub meta: MetricMeta,
}

/// Time series for the dashboard's charts: one point per day, week or month covering the window, zero-filled; each
/// point counts only what falls inside both its bucket and the window.
#[Object]
impl Charts {
    /// Bookings and revenue per bucket.
    async fn booking_trends(&self) -> Vec<BookingTrendPoint> {
        self.points
            .iter()
            .map(|p| BookingTrendPoint {
                date: Date(p.bucket.label),
                bookings: p.bookings,
                revenue: money(p.revenue_cents),
            })
            .collect()
    }

    /// Active and new patients per bucket.
    async fn patient_engagement_trend(&self) -> Vec<EngagementTrendPoint> {
        self.points
            .iter()
            .map(|p| EngagementTrendPoint {
                date: Date(p.bucket.label),
                active_patients: p.active_patients,
                new_patients: p.new_patients,
            })
            .collect()
    }

    /// Efficiency score and automation rate per bucket.
    async fn automation_performance(&self) -> Vec<AutomationPoint> {
        self.points
            .iter()
            .map(|p| AutomationPoint {
                date: Date(p.bucket.label),
                efficiency_score: p.efficiency_score,
                automation_rate: p.automation_rate,
            })
            .collect()
    }

    /// The width of each point.
    async fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// When and over what span these series were computed.
    async fn meta(&self) -> &MetricMeta {
        &self.meta
    }
}

/// The dashboard's headline patient figures as of `asOf`.
pub struct DashboardSummary {
    /// The figures.
    pub summary: Summary,
    /// When the sync last wrote the organization's data.
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Their meta.
    pub meta: MetricMeta,
}

/// The dashboard's headline patient figures as of `asOf`.
#[Object]
impl DashboardSummary {
    /// Patients whose record was created before `asOf`.
    async fn total_patients(&self) -> i64 {
        self.summary.total_patients
    }

    /// Patients attended in the 30 days before `asOf` or booked in the 7 days from it.
    async fn active_patients(&self) -> i64 {
        self.summary.active_patients
    }

    /// Patients with a booked or completed appointment starting in the 7 days from `asOf`.
    async fn patients_with_upcoming(&self) -> i64 {
        self.summary.patients_with_upcoming
    }

    /// Patients with a completed appointment starting in the 30 days before `asOf`.
    async fn patients_with_recent(&self) -> i64 {
        self.summary.patients_with_recent
    }

    /// activePatients × 100 / totalPatients, to one decimal; 0 without patients.
    async fn engagement_rate(&self) -> f64 {
        self.summary.engagement_rate
    }

    /// When the sync last wrote the organization's data.
    async fn last_synced_at(&self) -> Option<DateTime<Utc>> {
        self.last_synced_at
    }

    /// When these figures were computed; the window spans the 30 days before `asOf` to the 7 after.
    async fn meta(&self) -> &MetricMeta {
        &self.meta
    }
}

/// Where the organization's patients stand, for re-engagement.
pub struct ReengagementPerformance {
    /// The figures.
    pub performance: Reengagement,
    /// Their meta.
    pub meta: MetricMeta,
}

/// Where the organization's patients stand, for re-engagement: active, dormant or stale.
#[Object]
impl ReengagementPerformance {
    /// Patients whose record was created before `asOf`.
    async fn total_patients(&self) -> i64 {
        self.performance.total_patients
    }

    /// Active patients.
    async fn currently_active(&self) -> i64 {
        self.performance.currently_active
    }

    /// Patients not active whose last completed appointment started 30 to 90 days before `asOf`.
    async fn currently_dormant(&self) -> i64 {
        self.performance.currently_dormant
    }

    /// The rest: last completed appointment more than 90 days before `asOf`, or never.
    async fn currently_stale(&self) -> i64 {
        self.performance.currently_stale
    }

    /// currentlyActive × 100 / totalPatients, to one decimal; 0 without patients.
    async fn engagement_rate_percent(&self) -> f64 {
        self.performance.engagement_rate_percent
    }

    /// Revenue of every completed appointment starting before `asOf`.
    async fn lifetime_value_total(&self) -> f64 {
        money(self.performance.lifetime_value_total_cents)
    }

    /// Lifetime revenue per patient; null without patients.
    async fn lifetime_value_average(&self) -> Option<f64> {
        self.performance.lifetime_value_average_cents.map(money)
    }

    /// When these figures were computed; the window spans the 90 days before `asOf` to the 7 after.
    async fn meta(&self) -> &MetricMeta {
        &self.meta
    }
}
