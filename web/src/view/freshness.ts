// The freshness badge: live, cached, or stale with its reason. It shows the least current of the groups on screen,
// and stale whenever the page keeps figures it could not refresh.
import { h, replace } from "../dom";
import type { Formatter } from "../format";
import type { Freshness } from "../gql/graphql";

/** The part of a group's MetricMeta the badge reads. */
export interface Served {
  freshness: Freshness;
  computedAt: string;
  staleReason: string | null;
}

const RANK: Record<Freshness, number> = { REAL_TIME: 0, CACHED: 1, STALE: 2 };

export class FreshnessBadge {
  readonly element = h("p", { class: "freshness", role: "status", "data-freshness": "REAL_TIME" });

  /** Shows the least current of `served`, or stale for `unreachable` (the reason the page kept old figures). */
  render(served: Served[], unreachable: string | null, format: Formatter | null): void {
    const worst = served.reduce<Served | null>(
      (acc, each) => (acc === null || RANK[each.freshness] > RANK[acc.freshness] ? each : acc),
      null,
    );
    const oldest = served.reduce<string | null>((acc, each) => (acc === null || each.computedAt < acc ? each.computedAt : acc), null);
    let freshness: Freshness = worst?.freshness ?? "REAL_TIME";
    let text: string;
    let reason: string | null = null;
    if (unreachable) {
      freshness = "STALE";
      text = "Stale";
      reason = unreachable;
    } else if (freshness === "STALE") {
      text = "Stale";
      reason = worst?.staleReason ?? "The last figures computed are shown.";
    } else if (freshness === "CACHED") {
      text = "Cached";
      reason = oldest && format ? `computed ${format.instant(oldest)}` : null;
    } else {
      text = "Live";
    }
    this.element.dataset.freshness = freshness;
    this.element.className = `freshness ${freshness.toLowerCase()}`;
    replace(this.element, h("span", { class: "dot", "aria-hidden": "true" }), h("strong", null, text), reason ? h("span", null, `: ${reason}`) : null);
  }
}
