import { graphql } from "../gql";

/** How current a group is: every card asks for it, and the freshness badge shows the worst. */
export const MetaFields = graphql(`
  fragment Meta on MetricMeta {
    freshness
    computedAt
    staleReason
  }
`);
