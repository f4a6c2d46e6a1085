// Which of the Dashboard query's groups a load asks for: each flag is named after its Organization field and stands
// for the MetricGroup that dashboardUpdated names, so a live update refetches exactly the groups it names.
import type { DashboardQueryVariables, MetricGroup } from "./gql/graphql";

/** The Dashboard query's flag of each group, named after its Organization field. */
export type GroupFlags = Pick<
  DashboardQueryVariables,
  | "bookingMetrics"
  | "patientMetrics"
  | "financialMetrics"
  | "automationMetrics"
  | "visitOutcomes"
  | "retention"
  | "breakdown"
  | "summary"
  | "reengagement"
  | "charts"
  | "upcomingAppointments"
>;

const FLAGS: Record<keyof GroupFlags, MetricGroup> = {
  bookingMetrics: "BOOKING_METRICS",
  patientMetrics: "PATIENT_METRICS",
  financialMetrics: "FINANCIAL_METRICS",
  automationMetrics: "AUTOMATION_METRICS",
  visitOutcomes: "VISIT_OUTCOMES",
  retention: "RETENTION",
  breakdown: "BREAKDOWN",
  summary: "SUMMARY",
  reengagement: "REENGAGEMENT",
  charts: "CHARTS",
  upcomingAppointments: "UPCOMING_APPOINTMENTS",
};

/** The groups over the chosen window: asked again when the window or its comparison changes. */
export const WINDOWED: readonly MetricGroup[] = [
  "BOOKING_METRICS",
  "PATIENT_METRICS",
  "FINANCIAL_METRICS",
  "AUTOMATION_METRICS",
  "VISIT_OUTCOMES",
  "RETENTION",
  "BREAKDOWN",
  "CHARTS",
];

/** The flags that include exactly `groups` (a group the page does not show is left out). */
export function flagsFor(groups: readonly MetricGroup[] | "all"): GroupFlags {
  const flags = {} as GroupFlags;
  for (const [flag, group] of Object.entries(FLAGS) as [keyof GroupFlags, MetricGroup][]) {
    flags[flag] = groups === "all" || groups.includes(group);
  }
  return flags;
}
