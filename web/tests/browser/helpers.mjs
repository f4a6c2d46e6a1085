// What the browser tests share: the service under test (BASE_URL, TOKEN, ADMIN_DATABASE_URL from the environment),
// Debian's Chromium driven by playwright-core, GraphQL requests, SQL through psql, and the formatting the page must show.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { promisify } from "node:util";

import { chromium } from "playwright-core";

export const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
export const TOKEN = process.env.TOKEN ?? "";
export const ADMIN_DATABASE_URL = process.env.ADMIN_DATABASE_URL ?? "";
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** The locale the page is opened in, and the one the expected figures are written in. */
export const LOCALE = "en-AU";
export const SCREENSHOTS = new URL("../../../docs/screenshots/", import.meta.url).pathname;

if (!TOKEN) throw new Error("set TOKEN to a bearer token (or API key) granting the demo clinics");

/** Launches Chromium; the caller closes it (tests do so in `after`). */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"], timeout: 30_000 });
}

/**
 * A page in a fresh context, watched: `problems` collects uncaught errors, CSP violations and any request that leaves
 * the loopback address.
 */
export async function openPage(browser, { width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: LOCALE });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on("request", (request) => {
    if (!isLocal(request.url())) problems.push(`left the machine: ${request.url()}`);
  });
  return { context, page, problems };
}

export function isLocal(url) {
  if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank") return true;
  const { hostname } = new URL(url);
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

/** Opens the dashboard signed in through the `#token=` fragment and waits for every figure. */
export async function openDashboard(page, token = TOKEN) {
  await page.goto(`${BASE_URL}/#token=${encodeURIComponent(token)}`);
  await waitReady(page);
}

export async function waitReady(page, timeout = 15_000) {
  await page.waitForFunction(() => document.body.dataset.state === "ready", null, { timeout });
}

/** Every `data-metric` on the page, by name (`<group>.<field>`, or `breakdown.<field>[<key>]` in a table), with its text. */
export function figures(page) {
  return page.$$eval("[data-metric]", (elements) =>
    Object.fromEntries(
      elements.map((element) => {
        const key = element.getAttribute("data-key");
        return [`${element.getAttribute("data-metric")}${key === null ? "" : `[${key}]`}`, element.textContent];
      }),
    ),
  );
}

/**
 * Every card's change, measured by the page (`data-change="<group>"`) or the API's own (the bookings card's
 * `data-metric`): its text, and its tone in brackets.
 */
export function changes(page) {
  return page.$$eval("[data-change], .change [data-metric]", (elements) =>
    Object.fromEntries(
      elements.map((element) => {
        const classes = element.closest(".change")?.classList;
        const tone = ["good", "bad", "neutral"].find((each) => classes?.contains(each)) ?? "untoned";
        const key = element.getAttribute("data-change") ?? element.getAttribute("data-metric");
        return [key, `${element.textContent} (${tone})`];
      }),
    ),
  );
}

/** A GraphQL request as the page makes it; without `organization`, no X-Organization-ID. */
export async function graphql(query, variables = {}, organization = null, token = TOKEN) {
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  if (organization) headers["x-organization-id"] = organization;
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${BASE_URL}/graphql`, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.json();
    const limited = body.errors?.find((error) => error.extensions?.code === "RATE_LIMITED");
    if (!limited || attempt === 5) return { status: response.status, body };
    // The service's rate limit: wait as it says, as the page does.
    await new Promise((resolve) => setTimeout(resolve, (limited.extensions.details?.retry_after_seconds ?? 1) * 1000));
  }
}

const run = promisify(execFile);

/** Runs SQL as the owner (psql, ADMIN_DATABASE_URL) and returns its rows' first columns. */
export async function sql(statement) {
  if (!ADMIN_DATABASE_URL) throw new Error("set ADMIN_DATABASE_URL to write a booking through SQL");
  const { stdout } = await run("psql", [ADMIN_DATABASE_URL, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement], { timeout: 10_000 });
  return stdout.trim().split("\n").filter(Boolean);
}

/** axe-core's source, evaluated in the page (evaluation is not subject to the page's CSP, an inline tag would be). */
export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** How the page writes each kind of figure, written here independently of the page's code. */
export function formatter(currency, timeZone) {
  const kinds = {
    count: new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 }),
    money: new Intl.NumberFormat(LOCALE, { style: "currency", currency }),
    percent: new Intl.NumberFormat(LOCALE, { style: "unit", unit: "percent", maximumFractionDigits: 1 }),
    change: new Intl.NumberFormat(LOCALE, { style: "unit", unit: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }),
    score: new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 }),
    decimal: new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    datetime: new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short", timeZone }),
  };
  return (kind, value) => {
    if (value === null || value === undefined) return "—";
    return kind === "datetime" ? kinds.datetime.format(new Date(value)) : kinds[kind].format(value);
  };
}

/** (now − then) × 100 / then to one decimal, half away from zero; null against nothing. Written here as the API defines it. */
export function percentChange(now, then) {
  if (now === null || now === undefined || !then) return null;
  const tenths = ((now - then) * 1000) / then;
  return (Math.sign(tenths) * Math.round(Math.abs(tenths))) / 10;
}

/** Rejects when `promise` takes longer than `ms`. */
export function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
