// The dashboard view: asks the Dashboard query for every group on first load, for the windowed ones when the window
// changes, and for exactly the groups a live update names (sending its consistency token back); measures the other
// groups' changes with the Comparison query; draws cards, charts, the breakdown and the appointments table; and turns
// refusals into sign-in or a message.
import { ApiError, type Credentials, type ServiceError, execute } from "../api/client";
import { follow } from "../api/live";
import { chooseOrganization, chooseWindow } from "../api/session";
import { CARDS, ComparisonDocument } from "../cards";
import type { ComparedGroup } from "../cards/spec";
import { h, replace } from "../dom";
import { Formatter } from "../format";
import type { ComparisonQuery, ComparisonQueryVariables, DashboardQuery, MetricGroup } from "../gql/graphql";
import { type GroupFlags, WINDOWED, flagsFor } from "../groups";
import { DashboardDocument } from "../operations";
import { type WindowChoice, comparisonRequest, granularityFor, windowInput } from "../windows";
import { BreakdownView } from "./breakdown";
import { renderCard } from "./card";
import { ChartsView } from "./charts";
import { type Clinic, Controls } from "./controls";
import { FreshnessBadge, type Served } from "./freshness";
import { PAGE_SIZE, UpcomingView } from "./upcoming";

type Groups = DashboardQuery["organization"];
type GroupKey = keyof GroupFlags;

type ComparedFlags = Omit<ComparisonQueryVariables, "org" | "window" | "asOf">;

/** The groups whose card's change the Comparison query measures. */
const COMPARED = CARDS.flatMap((spec) => (spec.change?.from === "comparison" ? [spec.change.group] : []));
const AS_OF_GROUPS: ComparedGroup[] = ["summary", "reengagement"];
const RETRY_MS = 5_000;
const READY_MARK = "clinic-analytics:ready";

export class Dashboard {
  private clinic: Clinic;
  private choice: WindowChoice;
  private format: Formatter;
  private data: Partial<Groups> = {};
  private errors: Partial<Record<GroupKey, ServiceError[]>> = {};
  private compared: Partial<ComparisonQuery["organization"]> = {};
  private unreachable: string | null = null;
  private problem: string | null = null;
  /** Bumped by every request; a group takes an answer only if it is newer than the one it shows. */
  private sequence = 0;
  private shownSequence: Partial<Record<GroupKey, number>> = {};
  /** Bumped when the clinic or window changes: answers for an earlier one are dropped. */
  private generation = 0;
  private stopLive: (() => void) | null = null;
  private retry: number | undefined;

  private readonly badge = new FreshnessBadge();
  private readonly liveStatus = h("p", { class: "live", role: "status" }, "Connecting live updates…");
  private readonly caption = h("p", { class: "window-caption" });
  private readonly problemLine = h("p", { class: "problem banner", role: "alert", hidden: true });
  private readonly cards = h("div", { class: "cards" });
  private readonly charts = new ChartsView();
  private readonly breakdown = new BreakdownView(() => void this.load(["BREAKDOWN"], true));
  private readonly upcoming = new UpcomingView(() => void this.load(["UPCOMING_APPOINTMENTS"], false));

  constructor(
    private readonly root: HTMLElement,
    private readonly token: string,
    private readonly clinics: Clinic[],
    clinic: Clinic,
    choice: WindowChoice,
    private readonly signIn: (message: string) => void,
  ) {
    this.clinic = clinic;
    this.choice = choice;
    this.format = new Formatter(clinic.currency, clinic.timezone);
  }

  start(): void {
    const controls = new Controls(this.clinics, this.clinic, this.choice, {
      clinic: (id) => this.switchClinic(id),
      window: (choice) => this.switchWindow(choice),
      signOut: () => this.signIn("You signed out."),
    });
    replace(
      this.root,
      h(
        "header",
        { class: "top" },
        h("h1", null, "Clinic dashboard"),
        controls.element,
        h("div", { class: "status" }, this.badge.element, this.liveStatus),
      ),
      h(
        "main",
        { id: "main" },
        this.caption,
        this.problemLine,
        h("h2", { class: "visually-hidden" }, "Key figures"),
        this.cards,
        this.charts.element,
        this.breakdown.element,
        this.upcoming.element,
      ),
    );
    this.render("all");
    this.subscribe();
    void this.load("all", true);
  }

  stop(): void {
    this.stopLive?.();
    this.stopLive = null;
    window.clearTimeout(this.retry);
  }

  private get credentials(): Credentials {
    return { token: this.token, organizationId: this.clinic.id };
  }

  private switchClinic(id: string): void {
    const clinic = this.clinics.find((each) => each.id === id);
    if (!clinic) return;
    chooseOrganization(id);
    this.clinic = clinic;
    this.format = new Formatter(clinic.currency, clinic.timezone);
    this.forget(Object.keys(flagsFor("all")) as GroupKey[]);
    this.upcoming.reset();
    this.subscribe();
    void this.load("all", true);
  }

  private switchWindow(choice: WindowChoice): void {
    this.choice = choice;
    chooseWindow(choice.value);
    const flags = flagsFor(WINDOWED);
    this.forget((Object.keys(flags) as GroupKey[]).filter((key) => flags[key]));
    this.compared = {};
    void this.load(WINDOWED, true);
  }

  /** Drops what the page shows of `keys`, so no figure of another clinic or window stays on screen. */
  private forget(keys: GroupKey[]): void {
    this.generation += 1;
    for (const key of keys) {
      delete this.data[key];
      delete this.errors[key];
    }
    this.compared = {};
    this.unreachable = null;
    this.problem = null;
    this.render("all");
  }

  private subscribe(): void {
    this.stopLive?.();
    this.stopLive = follow(this.credentials, {
      changed: (groups, consistencyToken) => void this.load(groups, false, consistencyToken),
      status: (connected) => {
        this.liveStatus.textContent = connected ? "Live updates on" : "Live updates paused: reconnecting…";
      },
      refused: (kind, reason) => {
        if (kind === "unauthorized") this.signIn(`Live updates were refused: ${reason}`);
      },
    });
  }

  /**
   * Fetches `groups` (and their changes); `full` marks the page loading until every figure is in. A refetch caused by
   * a live update carries its `consistencyToken`, so that the answer is not older than the update.
   */
  private async load(groups: readonly MetricGroup[] | "all", full: boolean, consistencyToken: string | null = null): Promise<void> {
    const generation = this.generation;
    const sequence = ++this.sequence;
    const flags = flagsFor(groups);
    if (full) document.body.dataset.state = "loading";
    window.clearTimeout(this.retry);
    try {
      const answer = await execute(
        this.credentials,
        DashboardDocument,
        {
          org: this.clinic.id,
          window: windowInput(this.choice),
          compareTo: this.choice.compareTo,
          granularity: granularityFor(this.choice),
          by: this.breakdown.by,
          pageSize: PAGE_SIZE,
          after: this.upcoming.after,
          ...flags,
        },
        consistencyToken,
      );
      if (generation !== this.generation) return;
      const taken = this.take(answer.data.organization, answer.errors, flags, sequence);
      await this.compare(taken, generation, consistencyToken);
      if (generation !== this.generation) return;
      this.unreachable = null;
      this.problem = null;
      this.render(taken);
      ready();
    } catch (error) {
      if (generation !== this.generation) return;
      this.failed(error, groups, consistencyToken);
    }
  }

  /** Keeps the groups `flags` asked for, unless a newer answer already showed them. */
  private take(organization: Groups, errors: ServiceError[], flags: GroupFlags, sequence: number): GroupKey[] {
    const taken: GroupKey[] = [];
    for (const key of Object.keys(flags) as GroupKey[]) {
      if (!flags[key] || (this.shownSequence[key] ?? 0) > sequence) continue;
      this.shownSequence[key] = sequence;
      (this.data as Record<string, unknown>)[key] = organization[key] ?? null;
      this.errors[key] = errors.filter((error) => error.path?.[1] === key);
      taken.push(key);
    }
    return taken;
  }

  /** Fetches the headlines of the taken groups that compare through the Comparison query. */
  private async compare(taken: GroupKey[], generation: number, consistencyToken: string | null): Promise<void> {
    const meta = this.data.bookingMetrics?.meta;
    // A group is asked for when it was just fetched, or when its comparison was dropped with the window it was for.
    const wanted = (group: ComparedGroup) => taken.includes(group) || !(group in this.compared);
    if (!meta?.comparisonStart || !meta.comparisonEnd || !COMPARED.some(wanted)) return;
    const request = comparisonRequest(this.choice, { start: meta.comparisonStart, end: meta.comparisonEnd }, this.clinic.timezone);
    const flags = Object.fromEntries(COMPARED.map((group) => [group, wanted(group)])) as ComparedFlags;
    const answer = await execute(this.credentials, ComparisonDocument, { org: this.clinic.id, ...request, ...flags }, consistencyToken);
    if (generation !== this.generation) return;
    for (const key of Object.keys(answer.data.organization) as ComparedGroup[]) {
      (this.compared as Record<string, unknown>)[key] = answer.data.organization[key];
    }
  }

  /** Turns a refusal into sign-in, a message or a retry; a retry is the same load, so a live update's keeps its token. */
  private failed(error: unknown, groups: readonly MetricGroup[] | "all", consistencyToken: string | null): void {
    if (!(error instanceof ApiError)) throw error;
    if (error.kind === "unauthorized") {
      this.signIn(`Please sign in again: ${error.message}`);
      return;
    }
    if (error.kind === "forbidden") {
      this.problem = `${this.clinic.name} is not granted to this credential: ${error.message}`;
    } else if (error.kind === "unreachable") {
      this.unreachable = `${error.message} Showing the last figures; retrying.`;
      this.retry = window.setTimeout(() => void this.load(groups, false, consistencyToken), RETRY_MS);
    } else if (error.kind === "limited") {
      // Asked again after the service's own delay, still as the load the reader is waiting for.
      const full = document.body.dataset.state === "loading";
      this.retry = window.setTimeout(() => void this.load(groups, full, consistencyToken), (error.retryAfterSeconds ?? 1) * 1000);
      return;
    } else {
      this.problem = error.message;
    }
    this.render([]);
    const shown = Object.values(this.data).some((group) => group !== undefined && group !== null);
    if (shown) ready();
    else document.body.dataset.state = "error";
  }

  private render(taken: GroupKey[] | "all"): void {
    const redraw = (key: GroupKey) => taken === "all" || taken.includes(key);
    const booking = this.data.bookingMetrics?.meta;
    const comparedWith = booking?.comparisonStart && booking.comparisonEnd ? this.format.span(booking.comparisonStart, booking.comparisonEnd) : undefined;
    const asOf = booking?.comparisonEnd ? this.format.instant(booking.comparisonEnd) : undefined;
    replace(
      this.caption,
      booking ? `${this.clinic.name}: ${this.format.span(booking.windowStart, booking.windowEnd)}` : `${this.clinic.name}: loading…`,
      comparedWith ? `, compared with ${comparedWith}` : null,
    );
    this.problemLine.hidden = this.problem === null;
    this.problemLine.textContent = this.problem ?? "";
    replace(
      this.cards,
      ...CARDS.map((spec) => {
        const key = spec.key as GroupKey;
        const change = spec.change;
        const compared = change?.from === "comparison" ? (this.compared[change.group] as Record<string, number | null> | null | undefined) : undefined;
        return renderCard(
          spec,
          {
            data: this.data[key] as Record<string, unknown> | null | undefined,
            errors: this.errors[key] ?? [],
            compared: compared?.[spec.headline.field] ?? null,
            comparedWith: AS_OF_GROUPS.includes(spec.key as ComparedGroup) ? asOf : comparedWith,
          },
          this.format,
        );
      }),
    );
    if (redraw("charts")) {
      const problem = this.errors.charts?.[0]?.message ?? null;
      this.charts.render(this.data.charts, problem, this.format);
    }
    if (redraw("breakdown")) {
      this.breakdown.render(this.data.breakdown, this.errors.breakdown ?? [], this.format);
    }
    if (redraw("upcomingAppointments")) {
      this.upcoming.render(this.data.upcomingAppointments, this.errors.upcomingAppointments ?? [], this.format);
    }
    this.badge.render(this.served(), this.unreachable, this.format);
  }

  private served(): Served[] {
    return Object.values(this.data).flatMap((group) => {
      const meta = (group as { meta?: Served } | null | undefined)?.meta;
      return meta ? [meta] : [];
    });
  }
}

/** Marks every figure on screen loaded; the first time, also as a Performance API mark the browser tests read. */
function ready(): void {
  document.body.dataset.state = "ready";
  if (performance.getEntriesByName(READY_MARK).length === 0) performance.mark(READY_MARK);
}
