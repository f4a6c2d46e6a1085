// The breakdown table: the window's figures per practitioner, appointment type or source, chosen with a labelled
// <select data-control="breakdown">. Every figure cell carries data-metric="breakdown.<field>" and data-key (the
// row's key, empty when it was not recorded); a missing rate is "—", with its reason in a note under the table.
import type { ServiceError } from "../api/client";
import { h, replace, uid } from "../dom";
import { type FormatKind, type Formatter, MISSING } from "../format";
import type { BreakdownTableFragment, Dimension } from "../gql/graphql";

type Row = BreakdownTableFragment["rows"][number];

const DIMENSIONS: [Dimension, string, string][] = [
  ["PRACTITIONER", "Practitioner", "practitioner"],
  ["APPOINTMENT_TYPE", "Appointment type", "appointment type"],
  ["SOURCE", "Booked by", "how it was booked"],
];

interface Column {
  field: keyof Row & string;
  label: string;
  format: FormatKind;
  /** Why the figure can be null, for the note under the table. */
  whenNull?: string;
}

const COLUMNS: Column[] = [
  { field: "appointments", label: "Appointments", format: "count" },
  { field: "attended", label: "Attended", format: "count" },
  { field: "noShows", label: "No-shows", format: "count" },
  { field: "noShowRate", label: "No-show rate", format: "percent", whenNull: "no visit attended or missed" },
  { field: "cancellations", label: "Cancellations", format: "count" },
  { field: "revenue", label: "Revenue", format: "money" },
  { field: "patientsSeen", label: "Patients seen", format: "count" },
  { field: "rebookingRate", label: "Rebook rate", format: "percent", whenNull: "no visit attended" },
  { field: "bookings", label: "New bookings", format: "count" },
];

export class BreakdownView {
  readonly element = h("section", { class: "breakdown", "aria-labelledby": "breakdown-title" });
  /** What the rows group by, as the select says. */
  by: Dimension = "PRACTITIONER";
  private readonly body = h("div", { class: "breakdown-body" });

  /** `changed` asks for the breakdown again once the reader picks another dimension. */
  constructor(changed: () => void) {
    const select = h(
      "select",
      { id: "breakdown-by", "data-control": "breakdown" },
      ...DIMENSIONS.map(([value, label]) => h("option", { value, selected: value === this.by }, label)),
    );
    select.addEventListener("change", () => {
      this.by = select.value as Dimension;
      this.status("Loading the breakdown…");
      changed();
    });
    replace(
      this.element,
      h("h2", { id: "breakdown-title", class: "section-title" }, "Breakdown"),
      h("div", { class: "field" }, h("label", { for: "breakdown-by" }, "Break down by"), select),
      this.body,
    );
  }

  /** Draws `breakdown` when it is of the dimension chosen; else says why it is not shown yet. */
  render(breakdown: BreakdownTableFragment | null | undefined, errors: ServiceError[], format: Formatter): void {
    if (!breakdown || breakdown.by !== this.by) {
      this.status(breakdown === null ? (errors[0]?.message ?? "Not available") : "Loading the breakdown…");
      return;
    }
    const [, heading, words] = DIMENSIONS.find(([value]) => value === breakdown.by)!;
    const notes = new Map(COLUMNS.filter((column) => breakdown.rows.some((row) => row[column.field] === null)).map((column) => [column.field, uid("note")]));
    const caption = `Appointments starting in the window by ${words}, highest revenue first`;
    replace(
      this.body,
      // The caption names the table for assistive technology; on screen the same words stay put as the table scrolls.
      h("p", { class: "span", "aria-hidden": "true" }, caption),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Breakdown table" },
        h(
          "table",
          { "data-by": breakdown.by },
          h("caption", { class: "visually-hidden" }, caption),
          h(
            "thead",
            null,
            h("tr", null, h("th", { scope: "col" }, heading), ...COLUMNS.map((column) => h("th", { scope: "col" }, column.label))),
          ),
          h(
            "tbody",
            null,
            ...(breakdown.rows.length
              ? breakdown.rows.map((row) => this.row(row, notes, format))
              : [h("tr", null, h("td", { colspan: COLUMNS.length + 1 }, "No appointments in the window."))]),
          ),
        ),
      ),
      notes.size
        ? h(
            "ul",
            { class: "notes" },
            ...COLUMNS.filter((column) => notes.has(column.field)).map((column) =>
              h("li", { id: notes.get(column.field)! }, `${MISSING} in ${column.label}: ${column.whenNull ?? "not available"}`),
            ),
          )
        : null,
    );
  }

  private row(row: Row, notes: Map<string, string>, format: Formatter): HTMLElement {
    const key = row.key ?? "";
    return h(
      "tr",
      { "data-key": key },
      h("th", { scope: "row" }, row.label),
      ...COLUMNS.map((column) => {
        const value = row[column.field] as number | null;
        return h(
          "td",
          {
            "data-metric": `breakdown.${column.field}`,
            "data-key": key,
            "aria-describedby": value === null ? notes.get(column.field) : null,
          },
          format.figure(column.format, value),
        );
      }),
    );
  }

  private status(text: string): void {
    replace(this.body, h("p", { class: "problem", role: "status" }, text));
  }
}
