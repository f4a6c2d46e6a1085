// The operations this client sends. Code Generator types each one from ../../schema.graphql: a
// renamed or removed field fails `npm run typecheck`, and CI runs it.
import { graphql } from "./gql/index.js";

/** Every figure the morning dashboard shows for one clinic, in one request. */
export const DashboardDocument = graphql(`
  query Dashboard($org: ID!, $timeframe: Timeframe!) {
    organization(id: $org) {
      id
      name
      currency
      lastSyncedAt
      bookingMetrics(timeframe: $timeframe) {
        totalBookings
        previousPeriodBookings
        periodComparison
        bookingsViaAi
        meta { ...Served }
      }
      patientMetrics(timeframe: $timeframe) {
        totalPatients
        activePatients
        newPatients
        meta { ...Served }
      }
      financialMetrics(timeframe: $timeframe) {
        totalRevenue
        avgRevenuePerPatient
        lifetimeValueTotal
        meta { ...Served }
      }
      automationMetrics(timeframe: $timeframe) {
        automationBookings
        automatedRevenue
        operationalCosts
        totalRoi
        efficiencyScore
        meta { ...Served }
      }
      charts(timeframe: $timeframe, granularity: WEEK) {
        bookingTrends { date bookings revenue }
      }
    }
  }

  fragment Served on MetricMeta {
    freshness
    computedAt
    staleReason
  }
`);

/** This month so far against the same days of last year: a calendar window and its comparison. */
export const MonthOnYearDocument = graphql(`
  query MonthOnYear($org: ID!) {
    organization(id: $org) {
      currency
      timezone
      bookingMetrics(window: { period: MONTH_TO_DATE }, compareTo: SAME_PERIOD_LAST_YEAR) {
        totalBookings
        previousPeriodBookings
        periodComparison
        meta { windowStart windowEnd comparisonStart comparisonEnd }
      }
      patientMetrics(window: { period: MONTH_TO_DATE }) { newPatients }
      financialMetrics(window: { period: MONTH_TO_DATE }) { totalRevenue }
    }
  }
`);

/** One line per clinic the token grants: the group owner's overview. */
export const OverviewDocument = graphql(`
  query Overview {
    organizations {
      id
      name
      currency
      summary { totalPatients activePatients engagementRate }
      bookingMetrics(timeframe: LAST_7_DAYS) { totalBookings periodComparison }
    }
  }
`);

/** Booked appointments ahead, a page at a time. */
export const UpcomingDocument = graphql(`
  query Upcoming($org: ID!, $withinDays: Int!, $first: Int!, $after: String) {
    organization(id: $org) {
      upcomingAppointments(withinDays: $withinDays, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { id startsAt appointmentType source practitionerId practitionerName }
      }
    }
  }
`);

/** Tells which metric groups of a clinic changed, as the sync writes. */
export const DashboardUpdatedDocument = graphql(`
  subscription DashboardUpdated($org: ID!) {
    dashboardUpdated(organizationId: $org) {
      organizationId
      changedAt
      groups
      tables
      reason
      mergedChanges
    }
  }
`);

/** Refetches only the groups an update names. */
export const RefreshDocument = graphql(`
  query Refresh($org: ID!, $bookings: Boolean!, $patients: Boolean!, $finance: Boolean!, $automation: Boolean!) {
    organization(id: $org) {
      bookingMetrics @include(if: $bookings) { totalBookings periodComparison }
      patientMetrics @include(if: $patients) { activePatients newPatients }
      financialMetrics @include(if: $finance) { totalRevenue }
      automationMetrics @include(if: $automation) { automationBookings totalRoi }
    }
  }
`);
