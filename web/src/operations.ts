// The page's operations. The Dashboard query is the one view: every group is included by a flag (groups.ts), so the
// first load asks for all of them and a live update asks again for only the groups it names.
import { graphql } from "./gql";

/** The clinics the credential grants: sent without X-Organization-ID. */
export const OrganizationsDocument = graphql(`
  query Organizations {
    organizations {
      id
      name
      currency
      timezone
    }
  }
`);

export const DashboardDocument = graphql(`
  query Dashboard(
    $org: ID!
    $window: WindowInput!
    $compareTo: Comparison!
    $granularity: Granularity!
    $pageSize: Int!
    $after: String
    $bookingMetrics: Boolean!
    $patientMetrics: Boolean!
    $financialMetrics: Boolean!
    $automationMetrics: Boolean!
    $visitOutcomes: Boolean!
    $retention: Boolean!
    $breakdown: Boolean!
    $by: Dimension!
    $summary: Boolean!
    $reengagement: Boolean!
    $charts: Boolean!
    $upcomingAppointments: Boolean!
  ) {
    organization(id: $org) {
      bookingMetrics(window: $window, compareTo: $compareTo) @include(if: $bookingMetrics) {
        ...BookingCard
      }
      patientMetrics(window: $window) @include(if: $patientMetrics) {
        ...PatientCard
      }
      financialMetrics(window: $window) @include(if: $financialMetrics) {
        ...FinanceCard
      }
      automationMetrics(window: $window) @include(if: $automationMetrics) {
        ...AutomationCard
      }
      visitOutcomes(window: $window) @include(if: $visitOutcomes) {
        ...OutcomesCard
      }
      retention(window: $window) @include(if: $retention) {
        ...RetentionCard
      }
      breakdown(by: $by, window: $window) @include(if: $breakdown) {
        ...BreakdownTable
      }
      summary @include(if: $summary) {
        ...SummaryCard
      }
      reengagement @include(if: $reengagement) {
        ...ReengagementCard
      }
      charts(window: $window, granularity: $granularity) @include(if: $charts) {
        ...ChartSeries
      }
      upcomingAppointments(first: $pageSize, after: $after) @include(if: $upcomingAppointments) {
        ...UpcomingPage
      }
    }
  }
`);

/** Names the groups whose figures changed, as the sync writes, and the token their refetch sends back. */
export const DashboardUpdatedDocument = graphql(`
  subscription DashboardUpdated($org: ID!) {
    dashboardUpdated(organizationId: $org) {
      groups
      consistencyToken
    }
  }
`);
