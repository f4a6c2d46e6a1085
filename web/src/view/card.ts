// A KPI card: the group's headline figure with its change, then its other figures. Every figure sits in an element
// with data-metric="<group>.<field>" whose text is exactly what is shown: formatted, or "—" with the reason beside it.
import type { ServiceError } from "../api/client";
import type { CardSpec, FigureSpec } from "../cards/spec";
import { h, uid } from "../dom";
import { changeDirection, type Formatter, MISSING, percentChange } from "../format";

type Fields = Record<string, unknown>;

/** What a card is drawn from: its group's data (null when the group failed), the errors under it, its change. */
export interface CardState {
  data: Fields | null | undefined;
  errors: ServiceError[];
  /** The headline over the comparison window, for changes measured by the Comparison query. */
  compared?: number | null;
  /** What the change compares with, in words ("1 Oct – 31 Oct 2026"). */
  comparedWith?: string;
}

export function renderCard(spec: CardSpec<Fields>, state: CardState, format: Formatter): HTMLElement {
  const titleId = uid("card");
  const groupError = state.errors.find((error) => error.path?.length === 2);
  const changeField = spec.change?.from === "field" ? spec.change.field : null;
  const figures = spec.figures.filter((figure) => figure.field !== changeField);
  return h(
    "section",
    { class: "card", "aria-labelledby": titleId, "data-card": spec.key },
    h("h2", { id: titleId }, spec.title),
    spec.span ? h("p", { class: "span" }, spec.span) : null,
    h(
      "p",
      { class: "headline" },
      h("span", { class: "label" }, spec.headline.label),
      figure(spec, spec.headline, state, format, "value big"),
    ),
    change(spec, state, format),
    figures.length
      ? h(
          "dl",
          null,
          ...figures.map((each) =>
            h("div", null, h("dt", null, each.label), h("dd", null, figure(spec, each, state, format, "value"))),
          ),
        )
      : null,
    groupError ? h("p", { class: "problem", role: "status" }, groupError.message) : null,
  );
}

/** A figure and, when it is missing, why. */
function figure(
  spec: CardSpec<Fields>,
  each: FigureSpec<Fields>,
  state: CardState,
  format: Formatter,
  className: string,
): HTMLElement {
  const value = state.data?.[each.field] as number | string | null | undefined;
  const text = format.figure(each.format, value);
  const metric = h("span", { class: className, "data-metric": `${spec.key}.${each.field}` }, text);
  if (text !== MISSING) return metric;
  const reason = missingReason(each, state);
  const reasonId = uid("reason");
  metric.setAttribute("aria-describedby", reasonId);
  return h("span", { class: "missing" }, metric, h("span", { class: "reason", id: reasonId }, reason));
}

function missingReason(each: FigureSpec<Fields>, state: CardState): string {
  const own = state.errors.find((error) => error.path?.[2] === each.field);
  if (own) return own.message;
  const group = state.errors.find((error) => error.path?.length === 2);
  if (group) return "Not available";
  if (state.data === undefined) return "Loading";
  return each.whenNull ?? "Not available";
}

/** The headline's change: up or down, by how much, against what, and whether that is good or bad news. */
function change(spec: CardSpec<Fields>, state: CardState, format: Formatter): HTMLElement | null {
  if (!spec.change || !state.data) return null;
  let percent: number | null;
  let metric: HTMLElement;
  if (spec.change.from === "field") {
    percent = (state.data[spec.change.field] as number | null) ?? null;
    metric = h("span", { "data-metric": `${spec.key}.${spec.change.field}` }, format.figure("change", percent));
  } else {
    percent = percentChange(state.data[spec.headline.field] as number | null, state.compared);
    metric = h("span", { "data-change": spec.key }, format.figure("change", percent));
  }
  const { direction, tone } = changeDirection(percent, spec.change.better);
  const arrow = { up: "▲", down: "▼", flat: "▶", none: "" }[direction];
  // The colour says whether the change is good news; the hidden words say it to those who cannot see the colour.
  const words = { up: "Up", down: "Down", flat: "No change", none: "No comparison" }[direction];
  const news = { good: ", good news", bad: ", bad news", neutral: "" }[tone];
  const whenNull = spec.figures.find((each) => spec.change?.from === "field" && each.field === spec.change.field);
  return h(
    "p",
    { class: `change ${direction} ${tone}` },
    arrow ? h("span", { "aria-hidden": "true" }, arrow, " ") : null,
    h("span", { class: "visually-hidden" }, `${words}${news}: `),
    metric,
    state.comparedWith ? ` vs ${state.comparedWith}` : null,
    percent === null && whenNull?.whenNull ? h("span", { class: "reason" }, whenNull.whenNull) : null,
  );
}
