import { graphql } from "../gql";
import type { RetentionCardFragment } from "../gql/graphql";
import { card } from "./spec";

export const RetentionCard = graphql(`
  fragment RetentionCard on Retention {
    patientsSeen
    returningPatients
    firstVisits
    rebookingRate
    visitsPerPatient
    meta {
      ...Meta
    }
  }
`);

export const retention = card<RetentionCardFragment>({
  key: "retention",
  group: "RETENTION",
  title: "Retention",
  headline: { field: "patientsSeen", label: "Patients seen", format: "count" },
  change: { from: "comparison", group: "retention" },
  figures: [
    { field: "returningPatients", label: "Returning patients", format: "count" },
    { field: "firstVisits", label: "First visit ever", format: "count" },
    { field: "rebookingRate", label: "Rebook rate", format: "percent", whenNull: "No visits attended" },
    { field: "visitsPerPatient", label: "Visits per patient", format: "decimal", whenNull: "No patients seen" },
  ],
});
