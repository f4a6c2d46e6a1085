//! The metric group types, each built from the figures the analytics module computed and the meta of how they were
//! served.

use async_graphql::{ComplexObject, Context, ErrorExtensions, SimpleObject};
use chrono::{DateTime, Utc};

use super::enums::{Freshness, Granularity, Timeframe};
use super::scalars::Date;
use super::visits::OutcomePoint;
use crate::analytics::formulas::money;
use crate::analytics::metrics::{self, ChartPoint, Insufficient};
use crate::analytics::outcomes;
use crate::dashboard::{Figures, MetricKey, MetricQuery, OrganizationRef, Served};
use crate::db::organizations::OrganizationRecord;
use crate::error::Error;

/// A group's figures as served, with what they were asked for and whose they are: what each group type is built
/// from.
pub struct Shaped<'a, F> {
    /// The figures.
    pub figures: &'a F,
    /// How they were served.
    pub meta: MetricMeta,
    /// What was asked for.
    pub query: &'a MetricQuery,
    /// Whose they are.
    pub organization: &'a OrganizationRecord,
}

/// A metric group's schema type, built from its group's figures.
pub trait GroupType: Sized {
    /// The figures it shows.
    type Figures: Figures;

    /// The type of served figures.
    fn shape(shaped: Shaped<'_, Self::Figures>) -> Self;
}

/// When and over what span a metric group was computed, and how current it is.
#[derive(Debug, Clone, SimpleObject)]
pub struct MetricMeta {
    /// The timeframe asked for; null unless the window is a rolling one (`timeframe`, or `window: {last}`).
    pub timeframe: Option<Timeframe>,
    /// First instant the figures look at.
    pub window_start: DateTime<Utc>,
    /// First instant after the span the figures look at (`asOf` for rolling and to-date windows).
    pub window_end: DateTime<Utc>,
    /// First instant of the window the figures compare with; null for groups without a comparison.
    pub comparison_start: Option<DateTime<Utc>>,
    /// First instant after the window the figures compare with; null for groups without a comparison.
    pub comparison_end: Option<DateTime<Utc>>,
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
            timeframe: computed
                .window_asked
                .and_then(|window| window.timeframe())
                .map(Timeframe::from),
            window_start: computed.window.start,
            window_end: computed.window.end,
            comparison_start: computed.comparison.map(|window| window.start),
            comparison_end: computed.comparison.map(|window| window.end),
            computed_at: computed.computed_at,
            freshness: served.freshness.into(),
            stale_reason: served.stale_reason.clone(),
        }
    }
}

/// A figure the data may not support: its value, or null with INSUFFICIENT_DATA at its path saying why.
pub type Figure = Option<async_graphql::Result<f64>>;

fn figure(value: metrics::Figure) -> Figure {
    Some(value.map_err(|Insufficient(reason)| Error::InsufficientData(reason.into()).extend()))
}

/// Bookings in the window and their trend against the comparison window.
#[derive(SimpleObject)]
pub struct BookingMetrics {
    /// Appointments created in the window, whatever their status.
    total_bookings: i64,
    /// Appointments created in the comparison window (`meta.comparisonStart` to `meta.comparisonEnd`).
    previous_period_bookings: i64,
    /// (total − previous) × 100 / previous, to one decimal; null when the comparison window had no bookings.
    period_comparison: Option<f64>,
    /// Of the bookings, those made by the AI receptionist (source `ai_agent`).
    bookings_via_ai: i64,
    /// When and over what span these figures were computed.
    meta: MetricMeta,
}

impl GroupType for BookingMetrics {
    type Figures = metrics::BookingMetrics;

    fn shape(Shaped { figures, meta, .. }: Shaped<'_, Self::Figures>) -> Self {
        Self {
            total_bookings: figures.total_bookings,
            previous_period_bookings: figures.previous_period_bookings,
            period_comparison: figures.period_comparison,
            bookings_via_ai: figures.bookings_via_ai,
            meta,
        }
    }
}

/// How many patients the organization has, how many are active and how many are new.
#[derive(SimpleObject)]
pub struct PatientMetrics {
    /// Patients whose record was created before `asOf`.
    total_patients: i64,
    /// Patients with a completed appointment in the 30 days before `asOf`, or a booked or completed one in the 7 days
    /// from `asOf`.
    active_patients: i64,
    /// Patients whose record was created in the window.
    new_patients: i64,
    /// When and over what span these figures were computed.
    meta: MetricMeta,
}

impl GroupType for PatientMetrics {
    type Figures = metrics::PatientMetrics;

    fn shape(Shaped { figures, meta, .. }: Shaped<'_, Self::Figures>) -> Self {
        Self {
            total_patients: figures.total_patients,
            active_patients: figures.active_patients,
            new_patients: figures.new_patients,
            meta,
        }
    }
}

/// Revenue in the window and over the organization's lifetime, in its currency, exact to the cent.
#[derive(SimpleObject)]
pub struct FinancialMetrics {
    /// Revenue of completed appointments starting in the window.
    total_revenue: f64,
    /// Revenue per distinct patient among those appointments; null when there were none.
    avg_revenue_per_patient: Option<f64>,
    /// Revenue of every completed appointment starting before `asOf`.
    lifetime_value_total: f64,
    /// Lifetime revenue per patient (all patients created before `asOf`); null without patients.
    lifetime_value_average: Option<f64>,
    /// ISO 4217 code of the amounts.
    currency: String,
    /// When and over what span these figures were computed.
    meta: MetricMeta,
}

impl GroupType for FinancialMetrics {
    type Figures = metrics::FinancialMetrics;

    fn shape(shaped: Shaped<'_, Self::Figures>) -> Self {
        let figures = shaped.figures;
        Self {
            total_revenue: money(figures.total_revenue_cents),
            avg_revenue_per_patient: figures.avg_revenue_per_patient_cents.map(money),
            lifetime_value_total: money(figures.lifetime_value_total_cents),
            lifetime_value_average: figures.lifetime_value_average_cents.map(money),
            currency: shaped.organization.currency.clone(),
            meta: shaped.meta,
        }
    }
}

/// What the AI receptionist and re-engagement automation brought in against what they cost.
#[derive(SimpleObject)]
pub struct AutomationMetrics {
    /// Appointments created in the window with source `ai_agent` or `automation`.
    automation_bookings: i64,
    /// Revenue of completed appointments from those sources starting in the window.
    automated_revenue: f64,
    /// Automation costs prorated onto the window by the share of each cost's period it covers.
    operational_costs: f64,
    /// (automatedRevenue − operationalCosts) × 100 / operationalCosts, to one decimal. Null with INSUFFICIENT_DATA
    /// when no cost falls in the window.
    total_roi: Figure,
    /// Outreach attempts sent in the window.
    total_contacts: i64,
    /// Outreach attempts sent in the window that were answered or led to a booking.
    successful_contacts: i64,
    /// 40 × active/total patients + 30 × successful/total contacts + 30 × automation/total bookings, to one decimal.
    /// Null with INSUFFICIENT_DATA when the organization has no patients.
    efficiency_score: Figure,
    /// When and over what span these figures were computed.
    meta: MetricMeta,
}

impl GroupType for AutomationMetrics {
    type Figures = metrics::AutomationMetrics;

    fn shape(Shaped { figures, meta, .. }: Shaped<'_, Self::Figures>) -> Self {
        Self {
            automation_bookings: figures.automation_bookings,
            automated_revenue: money(figures.automated_revenue_cents),
            operational_costs: money(figures.operational_costs_cents),
            total_roi: figure(figures.total_roi),
            total_contacts: figures.total_contacts,
            successful_contacts: figures.successful_contacts,
            efficiency_score: figure(figures.efficiency_score),
            meta,
        }
    }
}

/// Bookings and revenue in one chart bucket.
#[derive(Debug, Clone, SimpleObject)]
pub struct BookingTrendPoint {
    /// The day, the week's Monday or the month's first day, in the organization's time zone.
    date: Date,
    /// Appointments created in the bucket.
    bookings: i64,
    /// Revenue of completed appointments starting in the bucket.
    revenue: f64,
}

/// Patient engagement in one chart bucket.
#[derive(Debug, Clone, SimpleObject)]
pub struct EngagementTrendPoint {
    /// The day, the week's Monday or the month's first day, in the organization's time zone.
    date: Date,
    /// Active patients as of the bucket's end (as of `asOf` for the last bucket).
    active_patients: i64,
    /// Patients whose record was created in the bucket.
    new_patients: i64,
}

/// Automation performance in one chart bucket.
#[derive(Debug, Clone, SimpleObject)]
pub struct AutomationPoint {
    /// The day, the week's Monday or the month's first day, in the organization's time zone.
    date: Date,
    /// The efficiency score over the bucket; its engagement term counts as 0 before the first patient.
    efficiency_score: f64,
    /// Automation bookings as a percentage of the bucket's bookings, to one decimal; 0 without bookings.
    automation_rate: f64,
}

/// Time series for the dashboard's charts: one point per day, week or month covering the window, zero-filled; each
/// point counts only what falls inside both its bucket and the window.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Charts {
    /// Bookings and revenue per bucket.
    booking_trends: Vec<BookingTrendPoint>,
    /// Active and new patients per bucket.
    patient_engagement_trend: Vec<EngagementTrendPoint>,
    /// Efficiency score and automation rate per bucket.
    automation_performance: Vec<AutomationPoint>,
    /// The width of each point.
    granularity: Granularity,
    /// When and over what span these series were computed.
    meta: MetricMeta,
    /// Whose charts.
    #[graphql(skip)]
    organization: OrganizationRef,
    /// The outcome trend over the same window and buckets, computed only when asked for.
    #[graphql(skip)]
    outcome_trend: Option<MetricQuery>,
    /// The outcome trend, when it was fetched beside the charts (see [`Charts::with_prefetched_trend`]).
    #[graphql(skip)]
    prefetched_trend: Option<async_graphql::Result<Served>>,
}

impl Charts {
    /// The outcome trend's query for charts asked as `query`.
    pub(super) fn outcome_trend_of(query: &MetricQuery) -> Option<MetricQuery> {
        match query {
            MetricQuery::Charts(window, granularity) => Some(MetricQuery::OutcomeTrend(*window, *granularity)),
            _ => None,
        }
    }

    /// These charts with their outcome trend already fetched (in the batch of the request's other groups).
    pub(super) fn with_prefetched_trend(self, trend: Option<async_graphql::Result<Served>>) -> Self {
        Self {
            prefetched_trend: trend,
            ..self
        }
    }
}

#[ComplexObject]
impl Charts {
    /// Attended, no-shows and cancellations per bucket, by start.
    async fn visit_outcome_trend(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OutcomePoint>> {
        let served = match &self.prefetched_trend {
            Some(prefetched) => {
                let served = prefetched.clone()?;
                super::context::request(ctx)?.record(&served);
                served
            }
            None => {
                let query = self
                    .outcome_trend
                    .clone()
                    .ok_or_else(|| Error::Internal("charts were built without their window".into()).extend())?;
                let key = MetricKey {
                    organization: self.organization.clone(),
                    query,
                };
                super::organization::serve(ctx, key).await?
            }
        };
        let points = served
            .figures::<Vec<outcomes::OutcomePoint>>()
            .map_err(|e| e.extend())?;
        Ok(points.iter().map(OutcomePoint::of).collect())
    }
}

impl GroupType for Charts {
    type Figures = Vec<ChartPoint>;

    fn shape(shaped: Shaped<'_, Self::Figures>) -> Self {
        let points = shaped.figures;
        let granularity = match shaped.query {
            MetricQuery::Charts(_, granularity) => (*granularity).into(),
            _ => Granularity::default(),
        };
        let date = |p: &ChartPoint| Date(p.bucket.label);
        Self {
            booking_trends: points
                .iter()
                .map(|p| BookingTrendPoint {
                    date: date(p),
                    bookings: p.bookings,
                    revenue: money(p.revenue_cents),
                })
                .collect(),
            patient_engagement_trend: points
                .iter()
                .map(|p| EngagementTrendPoint {
                    date: date(p),
                    active_patients: p.active_patients,
                    new_patients: p.new_patients,
                })
                .collect(),
            automation_performance: points
                .iter()
                .map(|p| AutomationPoint {
                    date: date(p),
                    efficiency_score: p.efficiency_score,
                    automation_rate: p.automation_rate,
                })
                .collect(),
            granularity,
            meta: shaped.meta,
            organization: shaped.organization.reference(),
            outcome_trend: Self::outcome_trend_of(shaped.query),
            prefetched_trend: None,
        }
    }
}

/// The dashboard's headline patient figures as of `asOf`.
#[derive(SimpleObject)]
pub struct DashboardSummary {
    /// Patients whose record was created before `asOf`.
    total_patients: i64,
    /// Patients attended in the 30 days before `asOf` or booked in the 7 days from it.
    active_patients: i64,
    /// Patients with a booked or completed appointment starting in the 7 days from `asOf`.
    patients_with_upcoming: i64,
    /// Patients with a completed appointment starting in the 30 days before `asOf`.
    patients_with_recent: i64,
    /// activePatients × 100 / totalPatients, to one decimal; 0 without patients.
    engagement_rate: f64,
    /// When the sync last wrote the organization's data.
    last_synced_at: Option<DateTime<Utc>>,
    /// When these figures were computed; the window spans the 30 days before `asOf` to the 7 after.
    meta: MetricMeta,
}

impl GroupType for DashboardSummary {
    type Figures = metrics::DashboardSummary;

    fn shape(shaped: Shaped<'_, Self::Figures>) -> Self {
        let figures = shaped.figures;
        Self {
            total_patients: figures.total_patients,
            active_patients: figures.active_patients,
            patients_with_upcoming: figures.patients_with_upcoming,
            patients_with_recent: figures.patients_with_recent,
            engagement_rate: figures.engagement_rate,
            last_synced_at: shaped.organization.last_synced_at,
            meta: shaped.meta,
        }
    }
}

/// Where the organization's patients stand, for re-engagement: active, dormant or stale.
#[derive(SimpleObject)]
pub struct ReengagementPerformance {
    /// Patients whose record was created before `asOf`.
    total_patients: i64,
    /// Active patients.
    currently_active: i64,
    /// Patients not active whose last completed appointment started 30 to 90 days before `asOf`.
    currently_dormant: i64,
    /// The rest: last completed appointment more than 90 days before `asOf`, or never.
    currently_stale: i64,
    /// currentlyActive × 100 / totalPatients, to one decimal; 0 without patients.
    engagement_rate_percent: f64,
    /// Revenue of every completed appointment starting before `asOf`.
    lifetime_value_total: f64,
    /// Lifetime revenue per patient; null without patients.
    lifetime_value_average: Option<f64>,
    /// When these figures were computed; the window spans the 90 days before `asOf` to the 7 after.
    meta: MetricMeta,
}

impl GroupType for ReengagementPerformance {
    type Figures = metrics::ReengagementPerformance;

    fn shape(Shaped { figures, meta, .. }: Shaped<'_, Self::Figures>) -> Self {
        Self {
            total_patients: figures.total_patients,
            currently_active: figures.currently_active,
            currently_dormant: figures.currently_dormant,
            currently_stale: figures.currently_stale,
            engagement_rate_percent: figures.engagement_rate_percent,
            lifetime_value_total: money(figures.lifetime_value_total_cents),
            lifetime_value_average: figures.lifetime_value_average_cents.map(money),
            meta,
        }
    }
}
