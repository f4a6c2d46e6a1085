import { graphql } from "../gql";

/** The window's figures per practitioner, appointment type or source: what the breakdown table shows. */
export const BreakdownTable = graphql(`
  fragment BreakdownTable on Breakdown {
    by
    rows {
      key
      label
      appointments
      attended
      noShows
      noShowRate
      cancellations
      revenue
      patientsSeen
      rebookingRate
      bookings
    }
    meta {
      ...Meta
    }
  }
`);
