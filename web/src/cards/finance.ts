import { graphql } from "../gql";
import type { FinanceCardFragment } from "../gql/graphql";
import { card } from "./spec";

export const FinanceCard = graphql(`
  fragment FinanceCard on FinancialMetrics {
    totalRevenue
    avgRevenuePerPatient
    lifetimeValueTotal
    lifetimeValueAverage
    meta {
      ...Meta
    }
  }
`);

export const finance = card<FinanceCardFragment>({
  key: "financialMetrics",
  group: "FINANCIAL_METRICS",
  title: "Revenue",
  headline: { field: "totalRevenue", label: "Revenue", format: "money" },
  change: { from: "comparison", group: "financialMetrics" },
  figures: [
    {
      field: "avgRevenuePerPatient",
      label: "Per patient seen",
      format: "money",
      whenNull: "No completed visits in the window",
    },
    { field: "lifetimeValueTotal", label: "Lifetime revenue", format: "money" },
    { field: "lifetimeValueAverage", label: "Lifetime value per patient", format: "money", whenNull: "No patients yet" },
  ],
});
