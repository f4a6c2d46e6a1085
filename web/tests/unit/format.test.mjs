// Formatting and changes: pure functions, tested on their own (built by `npm run test:unit` into .unit/).
import assert from "node:assert/strict";
import { test } from "node:test";

import { changeDirection, Formatter, MISSING, percentChange } from "../../.unit/format.js";

test("money is written in the clinic's currency and a missing figure as a dash, never 0", () => {
  const aud = new Formatter("AUD", "Australia/Sydney", "en-AU");
  const usd = new Formatter("USD", "America/Denver", "en-AU");
  assert.equal(aud.figure("money", 1234.5), "$1,234.50");
  assert.match(usd.figure("money", 1234.5), /^USD\s1,234\.50$/);
  assert.equal(aud.figure("money", null), MISSING);
  assert.equal(aud.figure("count", undefined), MISSING);
  assert.equal(aud.figure("count", 0), "0");
});

test("a ratio is written to two decimals, a score to one", () => {
  const format = new Formatter("AUD", "UTC", "en-AU");
  assert.equal(format.figure("decimal", 1), "1.00");
  assert.equal(format.figure("decimal", 1.25), "1.25");
  assert.equal(format.figure("decimal", 1234.5), "1,234.50");
  assert.equal(format.figure("decimal", null), MISSING);
  assert.equal(format.figure("score", 71.25), "71.3");
});

test("a rate the API leaves null is a dash, and a rate of 0 is 0%", () => {
  const format = new Formatter("USD", "America/Denver", "en-AU");
  assert.equal(format.figure("percent", null), MISSING);
  assert.equal(format.figure("percent", 0), "0%");
  assert.equal(format.figure("percent", 33.3), "33.3%");
});

test("instants are written in the clinic's time zone and calendar days as they are", () => {
  const sydney = new Formatter("AUD", "Australia/Sydney", "en-AU");
  const denver = new Formatter("USD", "America/Denver", "en-AU");
  assert.equal(sydney.instant("2026-12-01T13:30:00Z"), "2 Dec 2026, 12:30 am");
  assert.equal(denver.instant("2026-12-01T13:30:00Z"), "1 Dec 2026, 6:30 am");
  assert.equal(denver.day("2026-12-02"), "2 Dec 2026");
});

test("a window's span names the clinic's days it covers, its end excluded", () => {
  const sydney = new Formatter("AUD", "Australia/Sydney", "en-AU");
  assert.equal(sydney.span("2026-10-31T13:00:00Z", "2026-11-30T13:00:00Z"), "1–30 Nov 2026");
});

test("a change is signed, and there is none against nothing", () => {
  const format = new Formatter("AUD", "UTC", "en-AU");
  assert.equal(format.figure("change", 12.5), "+12.5%");
  assert.equal(format.figure("change", -3), "-3%");
  assert.equal(format.figure("change", 0), "0%");
  assert.equal(percentChange(9, 8), 12.5);
  assert.equal(percentChange(7, 8), -12.5);
  assert.equal(percentChange(1, 3), -66.7);
  assert.equal(percentChange(5, 0), null);
  assert.equal(percentChange(null, 4), null);
});

test("percentages round half away from zero, as the API does", () => {
  assert.equal(percentChange(2001, 1600), 25.1);
  assert.equal(percentChange(1199, 1600), -25.1);
});

test("a rise is good news, unless fewer is better, and no change or no comparison is neither", () => {
  assert.deepEqual(changeDirection(12.5), { direction: "up", tone: "good" });
  assert.deepEqual(changeDirection(-3), { direction: "down", tone: "bad" });
  assert.deepEqual(changeDirection(12.5, "down"), { direction: "up", tone: "bad" });
  assert.deepEqual(changeDirection(-3, "down"), { direction: "down", tone: "good" });
  assert.deepEqual(changeDirection(0, "down"), { direction: "flat", tone: "neutral" });
  assert.deepEqual(changeDirection(null), { direction: "none", tone: "neutral" });
});
