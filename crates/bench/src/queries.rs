//! The GraphQL documents the benchmark sends: the full dashboard and the other views of the warm mix.

/// The full dashboard: every metric group, daily charts and the summary, over a timeframe or a window.
pub const FULL_DASHBOARD: &str = r#"query Dashboard($org: ID!, $timeframe: Timeframe, $window: WindowInput, $asOf: DateTime) { organization(id: $org) {
  bookingMetrics(timeframe: $timeframe, window: $window, asOf: $asOf) { totalBookings previousPeriodBookings periodComparison bookingsViaAi meta { freshness } }
  patientMetrics(timeframe: $timeframe, window: $window, asOf: $asOf) { totalPatients activePatients newPatients meta { freshness } }
  financialMetrics(timeframe: $timeframe, window: $window, asOf: $asOf) { totalRevenue avgRevenuePerPatient lifetimeValueTotal lifetimeValueAverage meta { freshness } }
  automationMetrics(timeframe: $timeframe, window: $window, asOf: $asOf) { automationBookings automatedRevenue operationalCosts totalRoi totalContacts successfulContacts efficiencyScore meta { freshness } }
  charts(timeframe: $timeframe, window: $window, granularity: DAY, asOf: $asOf) { bookingTrends { date bookings revenue } patientEngagementTrend { date activePatients newPatients } automationPerformance { date efficiencyScore automationRate } meta { freshness } }
  summary(asOf: $asOf) { totalPatients activePatients patientsWithUpcoming patientsWithRecent engagementRate meta { freshness } }
  reengagement(asOf: $asOf) { currentlyActive currentlyDormant currentlyStale lifetimeValueTotal meta { freshness } }
} }"#;

/// The practice dashboard: the full dashboard's groups, visit outcomes, retention and all three breakdowns.
pub const PRACTICE_DASHBOARD: &str = r#"query Practice($org: ID!, $window: WindowInput, $asOf: DateTime) { organization(id: $org) {
  bookingMetrics(window: $window, asOf: $asOf) { totalBookings previousPeriodBookings periodComparison bookingsViaAi meta { freshness } }
  patientMetrics(window: $window, asOf: $asOf) { totalPatients activePatients newPatients meta { freshness } }
  financialMetrics(window: $window, asOf: $asOf) { totalRevenue avgRevenuePerPatient lifetimeValueTotal lifetimeValueAverage meta { freshness } }
  automationMetrics(window: $window, asOf: $asOf) { automationBookings automatedRevenue operationalCosts totalRoi totalContacts successfulContacts efficiencyScore meta { freshness } }
  charts(window: $window, granularity: DAY, asOf: $asOf) { bookingTrends { date bookings revenue } patientEngagementTrend { date activePatients newPatients } automationPerformance { date efficiencyScore automationRate } visitOutcomeTrend { date attended noShows cancellations } meta { freshness } }
  summary(asOf: $asOf) { totalPatients activePatients patientsWithUpcoming patientsWithRecent engagementRate meta { freshness } }
  reengagement(asOf: $asOf) { currentlyActive currentlyDormant currentlyStale lifetimeValueTotal meta { freshness } }
  visitOutcomes(window: $window, asOf: $asOf) { appointments attended noShows cancellations lateCancellations unresolved noShowRate cancellationRate lateCancellationRate revenuePerVisit meta { freshness } }
  retention(window: $window, asOf: $asOf) { patientsSeen firstVisits returningPatients visitsPerPatient rebookingRate meta { freshness } }
  practitioners: breakdown(by: PRACTITIONER, window: $window, asOf: $asOf) { rows { key label bookings appointments attended noShows cancellations revenue patientsSeen noShowRate rebookingRate } meta { freshness } }
  types: breakdown(by: APPOINTMENT_TYPE, window: $window, asOf: $asOf) { rows { key label bookings appointments attended noShows cancellations revenue patientsSeen noShowRate rebookingRate } meta { freshness } }
  sources: breakdown(by: SOURCE, window: $window, asOf: $asOf) { rows { key label bookings appointments attended noShows cancellations revenue patientsSeen noShowRate rebookingRate } meta { freshness } }
} }"#;

/// The other dashboard views of the warm mix.
pub const VIEWS: [&str; 3] = [
    r#"query Overview($org: ID!) { organization(id: $org) { name
  bookingMetrics(timeframe: LAST_7_DAYS) { totalBookings periodComparison meta { freshness } }
  patientMetrics(timeframe: LAST_7_DAYS) { activePatients newPatients meta { freshness } }
  summary { engagementRate patientsWithUpcoming meta { freshness } } } }"#,
    r#"query Trends($org: ID!) { organization(id: $org) {
  charts(timeframe: LAST_90_DAYS, granularity: WEEK) { bookingTrends { date bookings revenue } patientEngagementTrend { date activePatients } meta { freshness } } } }"#,
    r#"query Patients($org: ID!) { organization(id: $org) {
  reengagement { currentlyActive currentlyDormant currentlyStale meta { freshness } }
  financialMetrics(timeframe: LAST_365_DAYS) { lifetimeValueTotal avgRevenuePerPatient meta { freshness } }
  upcomingAppointments(first: 10) { totalCount edges { node { startsAt appointmentType } } } } }"#,
];
