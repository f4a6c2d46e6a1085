//! An organization and its dashboard: every metric group is its own field, resolved only when asked for, through one
//! generic resolve.

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use futures_util::future::OptionFuture;

use super::appointments::{AppointmentConnection, position_after};
use super::context::{Coded, null_on_error, request};
use super::enums::{Comparison, Granularity, Timeframe};
use super::metrics::{
    AutomationMetrics, BookingMetrics, Charts, DashboardSummary, FinancialMetrics, GroupType, MetricMeta,
    PatientMetrics, ReengagementPerformance, Shaped,
};
use super::visits::{Breakdown, Dimension, Retention, VisitOutcomes};
use super::window::{WindowInput, parse_as_of, windowed};
use crate::dashboard::{Dashboard, MetricKey, MetricQuery, MetricsLoader, Served, UpcomingQuery};
use crate::db::organizations::OrganizationRecord;
use crate::error::Error;

/// A clinic or clinic group.
pub struct Organization(pub OrganizationRecord);

impl Organization {
    /// Serves one metric group and shapes it for the schema: null, with the error at the field, when that fails.
    #[tracing::instrument(skip_all, fields(org = %self.0.id))]
    async fn resolve<O: GroupType>(&self, ctx: &Context<'_>, query: async_graphql::Result<MetricQuery>) -> Option<O> {
        let resolved = async {
            let key = MetricKey {
                organization: self.0.reference(),
                query: query?,
            };
            let served = serve(ctx, key.clone()).await?;
            let figures = served.figures::<O::Figures>().coded()?;
            Ok(O::shape(Shaped {
                figures,
                meta: MetricMeta::of(&served),
                query: &key.query,
                organization: &self.0,
            }))
        };
        null_on_error(ctx, resolved.await)
    }
}

/// Serves one metric group through the request's loader and records it in the request's log.
pub(super) async fn serve(ctx: &Context<'_>, key: MetricKey) -> async_graphql::Result<Served> {
    let served = fetch(ctx, key).await?;
    request(ctx)?.record(&served);
    Ok(served)
}

/// Fetches one metric group through the request's loader, without recording it: for a group fetched ahead of the
/// field that shows it.
async fn fetch(ctx: &Context<'_>, key: MetricKey) -> async_graphql::Result<Served> {
    let dashboard = ctx.data::<Dashboard>()?;
    let loader = ctx.data::<DataLoader<MetricsLoader>>()?;
    dashboard.fetch(loader, key).await.coded()
}

/// A clinic or clinic group and its dashboard. Each metric group is computed only when asked for; one that fails is
/// null with its error while the others still resolve.
#[Object]
impl Organization {
    /// The organization's id.
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// Display name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// IANA time zone its calendar days, weeks and months follow.
    async fn timezone(&self) -> &str {
        self.0.timezone.name()
    }

    /// ISO 4217 code of its amounts.
    async fn currency(&self) -> &str {
        &self.0.currency
    }

    /// When the sync last wrote its data.
    async fn last_synced_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_synced_at
    }

    /// Bookings in the window and their trend against the comparison window.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn booking_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A rolling span ending at asOf; neither this nor window: the last 30 days.")]
        timeframe: Option<Timeframe>,
        #[graphql(desc = "A window of the organization's calendar, instead of timeframe.")] window: Option<WindowInput>,
        #[graphql(default, desc = "What the figures compare with.")] compare_to: Comparison,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<BookingMetrics> {
        let query = windowed(timeframe, window, compare_to, as_of)
            .map(MetricQuery::Bookings)
            .coded();
        self.resolve(ctx, query).await
    }

    /// Total, active and new patients.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn patient_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A rolling span ending at asOf; neither this nor window: the last 30 days.")]
        timeframe: Option<Timeframe>,
        #[graphql(desc = "A window of the organization's calendar, instead of timeframe.")] window: Option<WindowInput>,
        #[graphql(
            default,
            desc = "Taken as by every windowed group; this group's figures compare with nothing, so it changes none."
        )]
        compare_to: Comparison,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<PatientMetrics> {
        let query = windowed(timeframe, window, compare_to, as_of)
            .map(|window| MetricQuery::Patients(window.uncompared()))
            .coded();
        self.resolve(ctx, query).await
    }

    /// Revenue in the window and over the organization's lifetime.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn financial_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A rolling span ending at asOf; neither this nor window: the last 30 days.")]
        timeframe: Option<Timeframe>,
        #[graphql(desc = "A window of the organization's calendar, instead of timeframe.")] window: Option<WindowInput>,
        #[graphql(
            default,
            desc = "Taken as by every windowed group; this group's figures compare with nothing, so it changes none."
        )]
        compare_to: Comparison,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<FinancialMetrics> {
        let query = windowed(timeframe, window, compare_to, as_of)
            .map(|window| MetricQuery::Financial(window.uncompared()))
            .coded();
        self.resolve(ctx, query).await
    }

    /// What automation brought in against what it cost.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn automation_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A rolling span ending at asOf; neither this nor window: the last 30 days.")]
        timeframe: Option<Timeframe>,
        #[graphql(desc = "A window of the organization's calendar, instead of timeframe.")] window: Option<WindowInput>,
        #[graphql(
            default,
            desc = "Taken as by every windowed group; this group's figures compare with nothing, so it changes none."
        )]
        compare_to: Comparison,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<AutomationMetrics> {
        let query = windowed(timeframe, window, compare_to, as_of)
            .map(|window| MetricQuery::Automation(window.uncompared()))
            .coded();
        self.resolve(ctx, query).await
    }

    /// Time series for the charts over the window, one point per day, week or month in the organization's time zone.
    #[graphql(complexity = "crate::graphql::cost::CHARTS + child_complexity")]
    async fn charts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A rolling span ending at asOf; neither this nor window: the last 30 days.")]
        timeframe: Option<Timeframe>,
        #[graphql(desc = "A window of the organization's calendar, instead of timeframe.")] window: Option<WindowInput>,
        #[graphql(
            default,
            desc = "Taken as by every windowed group; this group's figures compare with nothing, so it changes none."
        )]
        compare_to: Comparison,
        #[graphql(default, desc = "How wide each point is.")] granularity: Granularity,
        #[graphql(desc = "The instant the series end at (RFC 3339); defaults to now.")] as_of: Option<DateTime<Utc>>,
    ) -> Option<Charts> {
        let query = windowed(timeframe, window, compare_to, as_of)
            .map(|window| MetricQuery::Charts(window.uncompared(), granularity.into()))
            .coded();
        // The outcome trend, when asked for, is fetched now, in the same batch as the request's other groups.
        let trend_asked = ctx.look_ahead().field("visitOutcomeTrend").exists();
        let trend_key = query
            .as_ref()
            .ok()
            .filter(|_| trend_asked)
            .and_then(Charts::outcome_trend_of)
            .map(|query| MetricKey {
                organization: self.0.reference(),
                query,
            });
        let prefetch = OptionFuture::from(trend_key.map(|key| fetch(ctx, key)));
        let (charts, prefetched) = futures_util::join!(self.resolve::<Charts>(ctx, query), prefetch);
        charts.map(|charts| charts.with_prefetched_trend(prefetched))
    }

    /// What became of the appointments starting in the window: attended, no-shows, cancellations.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn visit_outcomes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A rolling span ending at asOf; neither this nor window: the last 30 days.")]
        timeframe: Option<Timeframe>,
        #[graphql(desc = "A window of the organization's calendar, instead of timeframe.")] window: Option<WindowInput>,
        #[graphql(
            default,
            desc = "Taken as by every windowed group; this group's figures compare with nothing, so it changes none."
        )]
        compare_to: Comparison,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<VisitOutcomes> {
        let query = windowed(timeframe, window, compare_to, as_of)
            .map(|window| MetricQuery::VisitOutcomes(window.uncompared()))
            .coded();
        self.resolve(ctx, query).await
    }

    /// Whether patients come back: patients seen, first visits, visits per patient, rebooking.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn retention(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A rolling span ending at asOf; neither this nor window: the last 30 days.")]
        timeframe: Option<Timeframe>,
        #[graphql(desc = "A window of the organization's calendar, instead of timeframe.")] window: Option<WindowInput>,
        #[graphql(
            default,
            desc = "Taken as by every windowed group; this group's figures compare with nothing, so it changes none."
        )]
        compare_to: Comparison,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<Retention> {
        let query = windowed(timeframe, window, compare_to, as_of)
            .map(|window| MetricQuery::Retention(window.uncompared()))
            .coded();
        self.resolve(ctx, query).await
    }

    /// The window's figures per practitioner, appointment type or source.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn breakdown(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the rows group by.")] by: Dimension,
        #[graphql(desc = "A rolling span ending at asOf; neither this nor window: the last 30 days.")]
        timeframe: Option<Timeframe>,
        #[graphql(desc = "A window of the organization's calendar, instead of timeframe.")] window: Option<WindowInput>,
        #[graphql(
            default,
            desc = "Taken as by every windowed group; this group's figures compare with nothing, so it changes none."
        )]
        compare_to: Comparison,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<Breakdown> {
        let query = windowed(timeframe, window, compare_to, as_of)
            .map(|window| MetricQuery::Breakdown(window.uncompared(), by.into()))
            .coded();
        self.resolve(ctx, query).await
    }

    /// The headline patient figures.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<DashboardSummary> {
        let query = parse_as_of(as_of).map(MetricQuery::Summary).coded();
        self.resolve(ctx, query).await
    }

    /// Active, dormant and stale patients, and their lifetime value.
    #[graphql(complexity = "crate::graphql::cost::METRIC_GROUP + child_complexity")]
    async fn reengagement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The instant the figures are as of (RFC 3339); defaults to now.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Option<ReengagementPerformance> {
        let query = parse_as_of(as_of).map(MetricQuery::Reengagement).coded();
        self.resolve(ctx, query).await
    }

    /// Booked appointments starting in `[asOf, asOf + withinDays days)`, by start then id, a page at a time.
    #[graphql(complexity = "crate::graphql::cost::APPOINTMENT_PAGE + child_complexity")]
    async fn upcoming_appointments(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 7, desc = "How many days ahead of asOf to look, 1 to 90.")] within_days: i32,
        #[graphql(default = 20, desc = "Page size, 0 to 100.")] first: i32,
        #[graphql(desc = "The endCursor of the previous page.")] after: Option<String>,
        #[graphql(desc = "The instant to look ahead from (RFC 3339); defaults to now.")] as_of: Option<DateTime<Utc>>,
    ) -> Option<AppointmentConnection> {
        let query = upcoming_query(within_days, first, after.as_deref(), as_of).coded();
        self.resolve(ctx, query).await
    }
}

/// The upcoming-appointments query, BAD_USER_INPUT for out-of-range arguments or a cursor this API did not make.
fn upcoming_query(
    within_days: i32,
    first: i32,
    after: Option<&str>,
    as_of: Option<DateTime<Utc>>,
) -> Result<MetricQuery, Error> {
    if !(1..=90).contains(&within_days) {
        let message = format!("withinDays must be between 1 and 90, got {within_days}");
        return Err(Error::BadUserInput(message));
    }
    if !(0..=100).contains(&first) {
        let message = format!("first must be between 0 and 100, got {first}");
        return Err(Error::BadUserInput(message));
    }
    Ok(MetricQuery::Upcoming(UpcomingQuery {
        within_days: within_days as u16,
        first: first as u16,
        after: position_after(after)?,
        as_of: parse_as_of(as_of)?,
    }))
}
