import { graphql } from "../gql";
import type { BookingCardFragment } from "../gql/graphql";
import { card } from "./spec";

export const BookingCard = graphql(`
  fragment BookingCard on BookingMetrics {
    totalBookings
    periodComparison
    previousPeriodBookings
    bookingsViaAi
    meta {
      ...Meta
      windowStart
      windowEnd
      comparisonStart
      comparisonEnd
    }
  }
`);

export const bookings = card<BookingCardFragment>({
  key: "bookingMetrics",
  group: "BOOKING_METRICS",
  title: "Bookings",
  headline: { field: "totalBookings", label: "Bookings made", format: "count" },
  change: { from: "field", field: "periodComparison" },
  figures: [
    {
      field: "periodComparison",
      label: "Change",
      format: "change",
      whenNull: "No bookings in the comparison window",
    },
    { field: "previousPeriodBookings", label: "In the comparison window", format: "count" },
    { field: "bookingsViaAi", label: "Booked by the AI receptionist", format: "count" },
  ],
});
