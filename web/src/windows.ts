// The window picker's choices and what they ask of the API: a rolling timeframe, a calendar period or a date range,
// with its comparison; how wide the chart points are; and the window that a figure's change is measured against.
import type { CalendarPeriod, Comparison, Granularity, Timeframe, WindowInput } from "./gql/graphql";

/** A choice of the window picker, by its option value. */
export interface WindowOption {
  value: string;
  label: string;
  group: "Rolling" | "Calendar" | "Custom";
}

const TIMEFRAMES: [Timeframe, string][] = [
  ["LAST_7_DAYS", "Last 7 days"],
  ["LAST_30_DAYS", "Last 30 days"],
  ["LAST_90_DAYS", "Last 90 days"],
  ["LAST_365_DAYS", "Last 365 days"],
];

const PERIODS: [CalendarPeriod, string][] = [
  ["TODAY", "Today"],
  ["YESTERDAY", "Yesterday"],
  ["WEEK_TO_DATE", "This week so far"],
  ["LAST_WEEK", "Last week"],
  ["MONTH_TO_DATE", "This month so far"],
  ["LAST_MONTH", "Last month"],
  ["QUARTER_TO_DATE", "This quarter so far"],
  ["LAST_QUARTER", "Last quarter"],
  ["YEAR_TO_DATE", "This year so far"],
  ["LAST_YEAR", "Last year"],
];

/** The option value of a date range, whose days come from two date inputs. */
export const RANGE = "RANGE";

export const DEFAULT_WINDOW = "LAST_30_DAYS";

export const WINDOW_OPTIONS: WindowOption[] = [
  ...TIMEFRAMES.map(([value, label]) => ({ value, label, group: "Rolling" as const })),
  ...PERIODS.map(([value, label]) => ({ value, label, group: "Calendar" as const })),
  { value: RANGE, label: "Date range…", group: "Custom" },
];

export const COMPARISONS: [Comparison, string][] = [
  ["PREVIOUS_PERIOD", "Previous period"],
  ["SAME_PERIOD_LAST_YEAR", "Same period last year"],
];

/** What the dashboard asks for: the window, what it compares with, and its days when it is a range. */
export interface WindowChoice {
  value: string;
  compareTo: Comparison;
  range?: { from: string; to: string };
}

/** The API's window argument for a choice. */
export function windowInput(choice: WindowChoice): WindowInput {
  if (choice.value === RANGE && choice.range) return { range: choice.range };
  if (TIMEFRAMES.some(([value]) => value === choice.value)) return { last: choice.value as Timeframe };
  if (PERIODS.some(([value]) => value === choice.value)) return { period: choice.value as CalendarPeriod };
  return { last: DEFAULT_WINDOW };
}

/** Whether `value` is one of the picker's options. */
export function isWindowValue(value: string | null): value is string {
  return WINDOW_OPTIONS.some((option) => option.value === value);
}

/** Chart points of a day up to two months, of a week up to about half a year, else of a month. */
export function granularityFor(choice: WindowChoice): Granularity {
  const days = spanInDays(choice);
  if (days <= 62) return "DAY";
  if (days <= 200) return "WEEK";
  return "MONTH";
}

function spanInDays(choice: WindowChoice): number {
  switch (choice.value) {
    case "LAST_7_DAYS":
      return 7;
    case "LAST_30_DAYS":
      return 30;
    case "LAST_90_DAYS":
      return 90;
    case "LAST_365_DAYS":
      return 365;
    case "QUARTER_TO_DATE":
    case "LAST_QUARTER":
      return 92;
    case "YEAR_TO_DATE":
    case "LAST_YEAR":
      return 366;
    case RANGE:
      return choice.range ? daysBetween(choice.range.from, choice.range.to) + 1 : 30;
    default:
      return 31;
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The comparison window as the API reports it on a group that compares (`meta.comparisonStart`/`comparisonEnd`). */
export interface ComparisonSpan {
  start: string;
  end: string;
}

/**
 * How to ask a group that has no comparison of its own for its figures over the comparison window: the same window
 * as of the comparison's end, which is exact for rolling windows and periods to date; a span of whole local days
 * (a whole calendar period or a range) is asked as that range of days.
 */
export function comparisonRequest(
  choice: WindowChoice,
  span: ComparisonSpan,
  timeZone: string,
): { window: WindowInput; asOf: string } {
  const window = windowInput(choice);
  if ("last" in window && window.last) return { window, asOf: span.end };
  const start = localParts(span.start, timeZone);
  const end = localParts(span.end, timeZone);
  if (start.midnight && end.midnight) {
    const lastDay = localParts(new Date(Date.parse(span.end) - 1).toISOString(), timeZone).day;
    return { window: { range: { from: start.day, to: lastDay } }, asOf: span.end };
  }
  return { window, asOf: span.end };
}

/** An instant's local day (`YYYY-MM-DD`) in `timeZone`, and whether it is that day's midnight. */
export function localParts(instant: string, timeZone: string): { day: string; midnight: boolean } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  const time = `${part("hour")}:${part("minute")}:${part("second")}`;
  const fraction = new Date(instant).getUTCMilliseconds();
  return { day: `${part("year")}-${part("month")}-${part("day")}`, midnight: time === "00:00:00" && fraction === 0 };
}

/** Today in `timeZone`, as `YYYY-MM-DD`. */
export function today(timeZone: string): string {
  return localParts(new Date().toISOString(), timeZone).day;
}
