// Upcoming appointments, a page at a time: the table keeps the cursors of the pages before, so Previous goes back
// and a live update refetches the page on screen.
import type { ServiceError } from "../api/client";
import { h, replace } from "../dom";
import type { Formatter } from "../format";
import type { BookingSource, UpcomingPageFragment } from "../gql/graphql";

export const PAGE_SIZE = 10;

const SOURCES: Record<BookingSource, string> = {
  MANUAL: "Reception",
  ONLINE: "Online",
  AI_AGENT: "AI receptionist",
  AUTOMATION: "Automation",
};

export class UpcomingView {
  readonly element = h("section", { class: "upcoming", "aria-labelledby": "upcoming-title" });
  /** The `after` cursor of each page up to the one shown (null for the first). */
  private cursors: (string | null)[] = [null];
  /** The pager button to focus again once the page it asked for is drawn. */
  private refocus: string | null = null;

  constructor(private readonly turn: () => void) {}

  /** The cursor of the page on screen. */
  get after(): string | null {
    return this.cursors[this.cursors.length - 1] ?? null;
  }

  reset(): void {
    this.cursors = [null];
  }

  render(page: UpcomingPageFragment | null | undefined, errors: ServiceError[], format: Formatter): void {
    const title = h("h2", { id: "upcoming-title", class: "section-title" }, "Upcoming appointments");
    if (!page) {
      const problem = errors[0]?.message ?? "Loading the appointments…";
      replace(this.element, title, h("p", { class: "problem", role: "status" }, problem));
      return;
    }
    const first = (this.cursors.length - 1) * PAGE_SIZE + 1;
    const shown = page.nodes.length ? `${first}–${first + page.nodes.length - 1} of ` : "";
    replace(
      this.element,
      title,
      h(
        "p",
        { class: "span" },
        "Booked in the next 7 days: ",
        shown,
        h("span", { "data-metric": "upcomingAppointments.totalCount" }, format.figure("count", page.totalCount)),
      ),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Upcoming appointments table" },
        h(
          "table",
          null,
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ...["Starts", "Appointment type", "Practitioner", "Booked by"].map((label) => h("th", { scope: "col" }, label)),
            ),
          ),
          h(
            "tbody",
            null,
            ...(page.nodes.length
              ? page.nodes.map((node) =>
                  h(
                    "tr",
                    null,
                    h("td", null, format.instant(node.startsAt)),
                    h("td", null, node.appointmentType ?? "—"),
                    // The id stands in for a practitioner the sync has not named yet, as in the breakdown.
                    h("td", null, node.practitionerName ?? node.practitionerId ?? "—"),
                    h("td", null, SOURCES[node.source]),
                  ),
                )
              : [h("tr", null, h("td", { colspan: 4 }, "Nothing booked in the next 7 days."))]),
          ),
        ),
      ),
      h(
        "div",
        { class: "pager" },
        this.button("Previous page", "upcoming-previous", this.cursors.length > 1, () => this.cursors.pop()),
        this.button("Next page", "upcoming-next", page.pageInfo.hasNextPage, () => {
          this.cursors.push(page.pageInfo.endCursor ?? null);
        }),
      ),
    );
    if (this.refocus) {
      const again = this.element.querySelector<HTMLButtonElement>(`[data-control="${this.refocus}"]:not([disabled])`);
      (again ?? this.element.querySelector<HTMLElement>(".table-scroll"))?.focus();
      this.refocus = null;
    }
  }

  private button(label: string, control: string, enabled: boolean, move: () => void): HTMLButtonElement {
    const button = h("button", { type: "button", "data-control": control, disabled: !enabled }, label);
    button.addEventListener("click", () => {
      move();
      this.refocus = control;
      this.turn();
    });
    return button;
  }
}
