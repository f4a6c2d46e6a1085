import { graphql } from "../gql";
import type { AutomationCardFragment } from "../gql/graphql";
import { card } from "./spec";

export const AutomationCard = graphql(`
  fragment AutomationCard on AutomationMetrics {
    automationBookings
    automatedRevenue
    operationalCosts
    totalRoi
    successfulContacts
    totalContacts
    efficiencyScore
    meta {
      ...Meta
    }
  }
`);

export const automation = card<AutomationCardFragment>({
  key: "automationMetrics",
  group: "AUTOMATION_METRICS",
  title: "Automation",
  headline: { field: "automationBookings", label: "Bookings by automation", format: "count" },
  change: { from: "comparison", group: "automationMetrics" },
  figures: [
    { field: "automatedRevenue", label: "Revenue they brought", format: "money" },
    { field: "operationalCosts", label: "Costs", format: "money" },
    { field: "totalRoi", label: "Return on cost", format: "percent" },
    { field: "successfulContacts", label: "Successful contacts", format: "count" },
    { field: "totalContacts", label: "Contacts sent", format: "count" },
    { field: "efficiencyScore", label: "Efficiency score (of 100)", format: "score" },
  ],
});
