import { graphql } from "../gql";
import type { PatientCardFragment } from "../gql/graphql";
import { card } from "./spec";

export const PatientCard = graphql(`
  fragment PatientCard on PatientMetrics {
    newPatients
    activePatients
    totalPatients
    meta {
      ...Meta
    }
  }
`);

export const patients = card<PatientCardFragment>({
  key: "patientMetrics",
  group: "PATIENT_METRICS",
  title: "Patients",
  headline: { field: "newPatients", label: "New patients", format: "count" },
  change: { from: "comparison", group: "patientMetrics" },
  figures: [
    { field: "activePatients", label: "Active patients", format: "count" },
    { field: "totalPatients", label: "All patients", format: "count" },
  ],
});
