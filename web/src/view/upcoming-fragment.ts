import { graphql } from "../gql";

/** A page of booked appointments ahead: what the table shows. */
export const UpcomingPage = graphql(`
  fragment UpcomingPage on AppointmentConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      startsAt
      appointmentType
      practitionerId
      practitionerName
      source
    }
  }
`);
