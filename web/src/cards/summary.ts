import { graphql } from "../gql";
import type { SummaryCardFragment } from "../gql/graphql";
import { card } from "./spec";

export const SummaryCard = graphql(`
  fragment SummaryCard on DashboardSummary {
    activePatients
    engagementRate
    patientsWithRecent
    patientsWithUpcoming
    totalPatients
    lastSyncedAt
    meta {
      ...Meta
    }
  }
`);

export const summary = card<SummaryCardFragment>({
  key: "summary",
  group: "SUMMARY",
  title: "Engagement today",
  span: "Now: the last 30 days and the next 7",
  headline: { field: "activePatients", label: "Active patients", format: "count" },
  change: { from: "comparison", group: "summary" },
  figures: [
    { field: "engagementRate", label: "Engagement rate", format: "percent" },
    { field: "patientsWithRecent", label: "Seen in the last 30 days", format: "count" },
    { field: "patientsWithUpcoming", label: "Booked in the next 7 days", format: "count" },
    { field: "totalPatients", label: "All patients", format: "count" },
    { field: "lastSyncedAt", label: "Last sync", format: "datetime", whenNull: "Never synced" },
  ],
});
