// What a KPI card shows: one metric group's headline figure, its change against the comparison window, and the
// group's other figures. Each card module holds its GraphQL fragment (exactly the fields it shows) next to its spec.
import type { Better, FormatKind } from "../format";
import type { ComparisonQuery, MetricGroup } from "../gql/graphql";

/** One figure of a group: its field, its label and how it is written. */
export interface FigureSpec<Fields> {
  field: keyof Fields & string;
  label: string;
  format: FormatKind;
  /** Why the figure can be null without an error, shown beside "—". */
  whenNull?: string;
}

/**
 * Where a card's change comes from: a field of the group, or the same figure over the comparison window; and which way
 * is good news (up, unless `better` says down).
 */
export type ChangeSpec<Fields, Group extends string> = (
  | { from: "field"; field: keyof Fields & string }
  | { from: "comparison"; group: Group }
) & { better?: Better };

/** Groups fetched again over the comparison window by the Comparison query. */
export type ComparedGroup = Exclude<keyof ComparisonQuery["organization"], "__typename">;

/** A KPI card. `key` is the Organization field and names the figures (`data-metric="<key>.<field>"`). */
export interface CardSpec<Fields> {
  key: string;
  group: MetricGroup;
  title: string;
  headline: FigureSpec<Fields>;
  change?: ChangeSpec<Fields, ComparedGroup>;
  figures: FigureSpec<Fields>[];
  /** A note under the title, for groups whose span is not the chosen window. */
  span?: string;
}

/** Declares a card; the type parameter checks its field names against the group's fragment. */
export function card<Fields>(spec: CardSpec<Fields>): CardSpec<Record<string, unknown>> {
  return spec as unknown as CardSpec<Record<string, unknown>>;
}
