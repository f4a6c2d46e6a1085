// The KPI cards, in the order the page shows them. A new metric group is one module here (its fragment and spec),
// one line in this list, its field in the Dashboard query and its flag in groups.ts (and its headline in Comparison
// if its change is measured there).
import { graphql } from "../gql";
import { automation } from "./automation";
import { bookings } from "./bookings";
import { finance } from "./finance";
import { outcomes } from "./outcomes";
import { patients } from "./patients";
import { reengagement } from "./reengagement";
import { retention } from "./retention";
import { summary } from "./summary";

export const CARDS = [bookings, finance, outcomes, patients, retention, automation, summary, reengagement];

/** The headline figures of the groups without a comparison of their own, over the comparison window. */
export const ComparisonDocument = graphql(`
  query Comparison(
    $org: ID!
    $window: WindowInput!
    $asOf: DateTime!
    $patientMetrics: Boolean!
    $financialMetrics: Boolean!
    $automationMetrics: Boolean!
    $visitOutcomes: Boolean!
    $retention: Boolean!
    $summary: Boolean!
    $reengagement: Boolean!
  ) {
    organization(id: $org) {
      patientMetrics(window: $window, asOf: $asOf) @include(if: $patientMetrics) {
        newPatients
      }
      financialMetrics(window: $window, asOf: $asOf) @include(if: $financialMetrics) {
        totalRevenue
      }
      automationMetrics(window: $window, asOf: $asOf) @include(if: $automationMetrics) {
        automationBookings
      }
      visitOutcomes(window: $window, asOf: $asOf) @include(if: $visitOutcomes) {
        attended
      }
      retention(window: $window, asOf: $asOf) @include(if: $retention) {
        patientsSeen
      }
      summary(asOf: $asOf) @include(if: $summary) {
        activePatients
      }
      reengagement(asOf: $asOf) @include(if: $reengagement) {
        currentlyDormant
      }
    }
  }
`);
