// The window picker's arguments and the comparison window: pure functions, tested on their own.
import assert from "node:assert/strict";
import { test } from "node:test";

import { comparisonRequest, granularityFor, localParts, windowInput } from "../../.unit/windows.js";

test("each choice becomes the API's window argument", () => {
  assert.deepEqual(windowInput({ value: "LAST_7_DAYS", compareTo: "PREVIOUS_PERIOD" }), { last: "LAST_7_DAYS" });
  assert.deepEqual(windowInput({ value: "LAST_MONTH", compareTo: "PREVIOUS_PERIOD" }), { period: "LAST_MONTH" });
  const range = { from: "2026-10-01", to: "2026-10-31" };
  assert.deepEqual(windowInput({ value: "RANGE", compareTo: "PREVIOUS_PERIOD", range }), { range });
});

test("charts have a point per day up to two months, per week to about half a year, else per month", () => {
  const granularity = (value, range) => granularityFor({ value, compareTo: "PREVIOUS_PERIOD", range });
  assert.equal(granularity("LAST_30_DAYS"), "DAY");
  assert.equal(granularity("LAST_90_DAYS"), "WEEK");
  assert.equal(granularity("LAST_365_DAYS"), "MONTH");
  assert.equal(granularity("LAST_QUARTER"), "WEEK");
  assert.equal(granularity("RANGE", { from: "2026-01-01", to: "2026-03-03" }), "DAY");
  assert.equal(granularity("RANGE", { from: "2026-01-01", to: "2026-03-04" }), "WEEK");
});

test("a rolling window is compared as of the comparison's end", () => {
  const span = { start: "2026-10-03T05:00:00Z", end: "2026-11-02T05:00:00Z" };
  const request = comparisonRequest({ value: "LAST_30_DAYS", compareTo: "PREVIOUS_PERIOD" }, span, "Australia/Sydney");
  assert.deepEqual(request, { window: { last: "LAST_30_DAYS" }, asOf: span.end });
});

test("a period to date is compared as the same period as of the comparison's end", () => {
  const span = { start: "2026-10-31T13:00:00Z", end: "2026-11-02T05:00:00Z" };
  const request = comparisonRequest({ value: "MONTH_TO_DATE", compareTo: "PREVIOUS_PERIOD" }, span, "Australia/Sydney");
  assert.deepEqual(request, { window: { period: "MONTH_TO_DATE" }, asOf: span.end });
});

test("whole local days are compared as a range of those days", () => {
  // November in Sydney: 1 Nov 00:00 AEDT to 1 Dec 00:00 AEDT.
  const span = { start: "2026-10-31T13:00:00Z", end: "2026-11-30T13:00:00Z" };
  const request = comparisonRequest({ value: "LAST_MONTH", compareTo: "PREVIOUS_PERIOD" }, span, "Australia/Sydney");
  assert.deepEqual(request, { window: { range: { from: "2026-11-01", to: "2026-11-30" } }, asOf: span.end });
});

test("an instant's local day and whether it is midnight there", () => {
  assert.deepEqual(localParts("2026-10-31T13:00:00Z", "Australia/Sydney"), { day: "2026-11-01", midnight: true });
  assert.deepEqual(localParts("2026-10-31T13:00:00.001Z", "Australia/Sydney"), { day: "2026-11-01", midnight: false });
  assert.deepEqual(localParts("2026-10-31T13:00:00Z", "America/Denver"), { day: "2026-10-31", midnight: false });
});
