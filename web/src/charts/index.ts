// The charts, each a few series of the Charts group over the window. A new chart is one entry here and its series in
// the fragment.
import { graphql } from "../gql";
import type { ChartSeriesFragment } from "../gql/graphql";
import type { FormatKind } from "../format";

export const ChartSeries = graphql(`
  fragment ChartSeries on Charts {
    granularity
    bookingTrends {
      date
      bookings
      revenue
    }
    patientEngagementTrend {
      date
      activePatients
      newPatients
    }
    automationPerformance {
      date
      efficiencyScore
      automationRate
    }
    visitOutcomeTrend {
      date
      attended
      noShows
      cancellations
    }
    meta {
      ...Meta
    }
  }
`);

/** One line or bar series of a chart. */
export interface SeriesSpec {
  field: string;
  label: string;
  format: FormatKind;
  /** Drawn as bars or as a line, against the left or the right axis (a chart without right series has no right axis). */
  style: "bars" | "line";
  axis: "left" | "right";
  color: string;
}

/** A chart: its title, its points and its series. */
export interface ChartSpec {
  id: string;
  title: string;
  points: (charts: ChartSeriesFragment) => { date: string; [field: string]: unknown }[];
  series: SeriesSpec[];
}

export const CHARTS: ChartSpec[] = [
  {
    id: "bookings-revenue",
    title: "Bookings and revenue",
    points: (charts) => charts.bookingTrends,
    series: [
      { field: "bookings", label: "Bookings", format: "count", style: "bars", axis: "left", color: "#2563a8" },
      { field: "revenue", label: "Revenue", format: "money", style: "line", axis: "right", color: "#b4530a" },
    ],
  },
  {
    id: "engagement",
    title: "Patient engagement",
    points: (charts) => charts.patientEngagementTrend,
    series: [
      { field: "activePatients", label: "Active patients", format: "count", style: "line", axis: "left", color: "#2563a8" },
      { field: "newPatients", label: "New patients", format: "count", style: "bars", axis: "right", color: "#1f7a4d" },
    ],
  },
  {
    id: "automation",
    title: "Automation performance",
    points: (charts) => charts.automationPerformance,
    series: [
      { field: "efficiencyScore", label: "Efficiency score", format: "score", style: "line", axis: "left", color: "#6b3fa0" },
      { field: "automationRate", label: "Automation rate", format: "percent", style: "line", axis: "right", color: "#b4530a" },
    ],
  },
  {
    id: "visit-outcomes",
    title: "Visit outcomes",
    points: (charts) => charts.visitOutcomeTrend,
    series: [
      { field: "attended", label: "Attended", format: "count", style: "bars", axis: "left", color: "#1f7a4d" },
      { field: "noShows", label: "No-shows", format: "count", style: "line", axis: "left", color: "#a3271b" },
      { field: "cancellations", label: "Cancellations", format: "count", style: "line", axis: "left", color: "#b4530a" },
    ],
  },
];
