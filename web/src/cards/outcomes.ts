import { graphql } from "../gql";
import type { OutcomesCardFragment } from "../gql/graphql";
import { card } from "./spec";

export const OutcomesCard = graphql(`
  fragment OutcomesCard on VisitOutcomes {
    attended
    appointments
    noShowRate
    cancellationRate
    lateCancellationRate
    revenuePerVisit
    unresolved
    meta {
      ...Meta
    }
  }
`);

export const outcomes = card<OutcomesCardFragment>({
  key: "visitOutcomes",
  group: "VISIT_OUTCOMES",
  title: "Visit outcomes",
  headline: { field: "attended", label: "Visits attended", format: "count" },
  change: { from: "comparison", group: "visitOutcomes" },
  figures: [
    { field: "appointments", label: "Appointments that started", format: "count" },
    { field: "noShowRate", label: "No-show rate", format: "percent", whenNull: "No visits attended or missed" },
    { field: "cancellationRate", label: "Cancellation rate", format: "percent", whenNull: "No appointments in the window" },
    {
      field: "lateCancellationRate",
      label: "Late cancellations (under 24 h)",
      format: "percent",
      whenNull: "No appointments in the window",
    },
    { field: "revenuePerVisit", label: "Revenue per visit", format: "money", whenNull: "No visits attended" },
    { field: "unresolved", label: "Outcome not yet recorded", format: "count" },
  ],
});
