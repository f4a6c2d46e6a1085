// The header's controls: the clinic, the window and its comparison (a date range shows two date inputs), sign-out.
// Each is a real <select>, <input> or <button> with a label, and carries its data-control name for tests.
import { h } from "../dom";
import type { Comparison, OrganizationsQuery } from "../gql/graphql";
import { COMPARISONS, RANGE, WINDOW_OPTIONS, type WindowChoice, today } from "../windows";

export type Clinic = OrganizationsQuery["organizations"][number];

export interface ControlHandlers {
  clinic(id: string): void;
  window(choice: WindowChoice): void;
  signOut(): void;
}

export class Controls {
  readonly element: HTMLElement;
  private readonly clinic: HTMLSelectElement;
  private readonly window: HTMLSelectElement;
  private readonly compare: HTMLSelectElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly range: HTMLElement;

  constructor(clinics: Clinic[], chosen: Clinic, choice: WindowChoice, private readonly handlers: ControlHandlers) {
    this.clinic = h(
      "select",
      { id: "clinic", "data-control": "organization" },
      ...clinics.map((clinic) => h("option", { value: clinic.id, selected: clinic.id === chosen.id }, clinic.name)),
    );
    this.window = h("select", { id: "window", "data-control": "window" }, ...windowGroups(choice.value));
    this.compare = h(
      "select",
      { id: "compare", "data-control": "compare" },
      ...COMPARISONS.map(([value, label]) => h("option", { value, selected: value === choice.compareTo }, label)),
    );
    const defaultTo = choice.range?.to ?? today(chosen.timezone);
    this.from = h("input", { id: "from", type: "date", "data-control": "range-from", value: choice.range?.from ?? monthBefore(defaultTo), required: true });
    this.to = h("input", { id: "to", type: "date", "data-control": "range-to", value: defaultTo, required: true });
    this.range = h(
      "div",
      { class: "range", hidden: choice.value !== RANGE },
      field("from", "From", this.from),
      field("to", "To", this.to),
    );
    const signOut = h("button", { type: "button", class: "quiet", "data-control": "sign-out" }, "Sign out");
    this.element = h(
      "form",
      { class: "controls", "aria-label": "Dashboard settings" },
      field("clinic", "Clinic", this.clinic),
      field("window", "Window", this.window),
      field("compare", "Compared with", this.compare),
      this.range,
      signOut,
    );
    this.element.addEventListener("submit", (event) => event.preventDefault());
    this.clinic.addEventListener("change", () => handlers.clinic(this.clinic.value));
    for (const control of [this.window, this.compare, this.from, this.to]) {
      control.addEventListener("change", () => this.windowChanged());
    }
    signOut.addEventListener("click", () => handlers.signOut());
  }

  /** The window as the controls now say, or null while a range is not yet valid. */
  choice(): WindowChoice | null {
    const value = this.window.value;
    const compareTo = this.compare.value as Comparison;
    if (value !== RANGE) return { value, compareTo };
    const from = this.from.value;
    const to = this.to.value;
    if (!from || !to || from > to) return null;
    return { value, compareTo, range: { from, to } };
  }

  private windowChanged(): void {
    this.range.hidden = this.window.value !== RANGE;
    const choice = this.choice();
    this.to.setCustomValidity(choice ? "" : "The last day must not be before the first.");
    if (choice) this.handlers.window(choice);
  }
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

function windowGroups(selected: string): HTMLElement[] {
  const groups = ["Rolling", "Calendar", "Custom"] as const;
  return groups.map((group) =>
    h(
      "optgroup",
      { label: group === "Rolling" ? "Rolling windows" : group === "Calendar" ? "Calendar periods" : "Custom" },
      ...WINDOW_OPTIONS.filter((option) => option.group === group).map((option) =>
        h("option", { value: option.value, selected: option.value === selected }, option.label),
      ),
    ),
  );
}

function monthBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 29);
  return date.toISOString().slice(0, 10);
}
