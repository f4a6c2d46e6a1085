// Numbers and dates as a clinic reads them: money in its currency, instants in its time zone, the words and
// separators of the reader's own locale (the browser's). A missing figure is "—", never 0.

/** How a figure is written: "score" to one decimal, "decimal" to two (a ratio such as visits per patient). */
export type FormatKind = "count" | "money" | "percent" | "change" | "score" | "decimal" | "datetime";

/** The text of a figure that has no value. */
export const MISSING = "—";

export class Formatter {
  private readonly counts: Intl.NumberFormat;
  private readonly amounts: Intl.NumberFormat;
  private readonly percents: Intl.NumberFormat;
  private readonly changes: Intl.NumberFormat;
  private readonly scores: Intl.NumberFormat;
  private readonly decimals: Intl.NumberFormat;
  private readonly instants: Intl.DateTimeFormat;
  private readonly days: Intl.DateTimeFormat;
  private readonly shortDays: Intl.DateTimeFormat;
  private readonly localDays: Intl.DateTimeFormat;
  private readonly compactCounts: Intl.NumberFormat;
  private readonly compactAmounts: Intl.NumberFormat;

  constructor(
    readonly currency: string,
    readonly timeZone: string,
    locale?: string,
  ) {
    this.counts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.amounts = new Intl.NumberFormat(locale, { style: "currency", currency });
    this.percents = new Intl.NumberFormat(locale, { style: "unit", unit: "percent", maximumFractionDigits: 1 });
    this.changes = new Intl.NumberFormat(locale, {
      style: "unit",
      unit: "percent",
      maximumFractionDigits: 1,
      signDisplay: "exceptZero",
    });
    this.scores = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    this.decimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    this.instants = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
    // A Date scalar is already a day of the clinic's calendar: read it at UTC midnight and print it in UTC.
    this.days = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    this.shortDays = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
    this.localDays = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone });
    this.compactCounts = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
    this.compactAmounts = new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact" });
  }

  /** A figure's text; null and undefined are missing. */
  figure(kind: FormatKind, value: number | string | null | undefined): string {
    if (value === null || value === undefined) return MISSING;
    switch (kind) {
      case "count":
        return this.counts.format(Number(value));
      case "money":
        return this.amounts.format(Number(value));
      case "percent":
        return this.percents.format(Number(value));
      case "change":
        return this.changes.format(Number(value));
      case "score":
        return this.scores.format(Number(value));
      case "decimal":
        return this.decimals.format(Number(value));
      case "datetime":
        return this.instants.format(new Date(String(value)));
    }
  }

  /** A chart axis's tick: short, money with its symbol, percentages with theirs. */
  tick(kind: FormatKind, value: number): string {
    if (kind === "money") return this.compactAmounts.format(value);
    if (kind === "percent") return this.percents.format(value);
    return this.compactCounts.format(value);
  }

  /** An instant in the clinic's time zone. */
  instant(value: string): string {
    return this.instants.format(new Date(value));
  }

  /** A day of the clinic's calendar (`YYYY-MM-DD`). */
  day(date: string, short = false): string {
    return (short ? this.shortDays : this.days).format(dayAsUtc(date));
  }

  /** The span `[start, end)` of two instants, as the clinic's calendar days it covers. */
  span(start: string, end: string): string {
    const last = new Date(new Date(end).getTime() - 1);
    return this.localDays.formatRange(new Date(start), last);
  }
}

/** A `YYYY-MM-DD` day as the Date of its UTC midnight. */
export function dayAsUtc(date: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year!, month! - 1, day!));
}

/**
 * (now − then) × 100 / then, to one decimal rounded half away from zero as the API rounds; null when there is nothing
 * to compare with.
 */
export function percentChange(now: number | null | undefined, then: number | null | undefined): number | null {
  if (now === null || now === undefined || then === null || then === undefined || then === 0) return null;
  const tenths = ((now - then) * 1000) / then;
  return (Math.sign(tenths) * Math.round(Math.abs(tenths))) / 10;
}

/** Which way a figure moved. */
export type Direction = "up" | "down" | "flat" | "none";

/** Which way of a figure's moving is good news. */
export type Better = "up" | "down";

/** How a change reads to the clinic: good news, bad news, or neither. */
export type Tone = "good" | "bad" | "neutral";

/**
 * Which way a change of `percent` went, and whether that is good news: a rise is, unless `better` is "down" (more
 * dormant patients to win back is bad news, and must not be coloured as good).
 */
export function changeDirection(percent: number | null, better: Better = "up"): { direction: Direction; tone: Tone } {
  const direction: Direction = percent === null ? "none" : percent > 0 ? "up" : percent < 0 ? "down" : "flat";
  const tone: Tone = direction === "up" || direction === "down" ? (direction === better ? "good" : "bad") : "neutral";
  return { direction, tone };
}
