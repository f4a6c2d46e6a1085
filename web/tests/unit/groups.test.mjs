// Which groups a load asks for: a live update's groups become the Dashboard query's flags, one per Organization field.
import assert from "node:assert/strict";
import { test } from "node:test";

import { WINDOWED, flagsFor } from "../../.unit/groups.js";

const included = (flags) => Object.keys(flags).filter((flag) => flags[flag]).sort();

test("a live update refetches exactly the groups it names", () => {
  assert.deepEqual(included(flagsFor(["VISIT_OUTCOMES"])), ["visitOutcomes"]);
  assert.deepEqual(included(flagsFor(["RETENTION", "BREAKDOWN"])), ["breakdown", "retention"]);
  assert.deepEqual(included(flagsFor(["CHARTS"])), ["charts"]);
  assert.deepEqual(included(flagsFor([])), []);
});

test("everything is asked for on first load and after a reconnect", () => {
  const flags = flagsFor("all");
  assert.equal(Object.keys(flags).length, 11);
  assert.ok(Object.values(flags).every(Boolean));
});

test("a group the page does not show is left out", () => {
  assert.deepEqual(included(flagsFor(["SOMETHING_NEW", "SUMMARY"])), ["summary"]);
});

test("changing the window asks again for every windowed group, not the ones as of now", () => {
  assert.deepEqual(included(flagsFor(WINDOWED)), [
    "automationMetrics",
    "bookingMetrics",
    "breakdown",
    "charts",
    "financialMetrics",
    "patientMetrics",
    "retention",
    "visitOutcomes",
  ]);
});
