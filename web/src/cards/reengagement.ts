import { graphql } from "../gql";
import type { ReengagementCardFragment } from "../gql/graphql";
import { card } from "./spec";

export const ReengagementCard = graphql(`
  fragment ReengagementCard on ReengagementPerformance {
    currentlyDormant
    currentlyActive
    currentlyStale
    engagementRatePercent
    lifetimeValueAverage
    meta {
      ...Meta
    }
  }
`);

export const reengagement = card<ReengagementCardFragment>({
  key: "reengagement",
  group: "REENGAGEMENT",
  title: "Re-engagement",
  span: "Now: the last 90 days and the next 7",
  headline: { field: "currentlyDormant", label: "Dormant patients to win back", format: "count" },
  change: { from: "comparison", group: "reengagement", better: "down" },
  figures: [
    { field: "currentlyActive", label: "Active", format: "count" },
    { field: "currentlyStale", label: "Stale (over 90 days)", format: "count" },
    { field: "engagementRatePercent", label: "Engagement rate", format: "percent" },
    { field: "lifetimeValueAverage", label: "Lifetime value per patient", format: "money", whenNull: "No patients yet" },
  ],
});
