// Sign-in and refusals: the token moves from the fragment to sessionStorage; a 401 leads to the sign-in view; a 403
// says the clinic is not granted; a network failure keeps the last figures, marked stale.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { BASE_URL, TOKEN, figures, launch, openDashboard, openPage, waitReady } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Answers the page's next POST /graphql with `status` and `body` instead of the service. */
async function refuseNext(page, status, body) {
  await page.route(
    "**/graphql",
    (route) =>
      route.request().method() === "POST"
        ? route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) })
        : route.continue(),
    { times: 1 },
  );
}

test("the token moves from the URL fragment into sessionStorage", { timeout: 30_000 }, async () => {
  const { page, context } = await openPage(browser);
  try {
    await openDashboard(page);
    assert.equal(new URL(page.url()).hash, "");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("clinic-analytics.token")), TOKEN);
  } finally {
    await context.close();
  }
});

test("a refused token leads to the sign-in view, and signing in there opens the dashboard", { timeout: 30_000 }, async () => {
  const { page, context } = await openPage(browser);
  try {
    await page.goto(`${BASE_URL}/#token=not-a-token`);
    await page.waitForFunction(() => document.body.dataset.state === "signin");
    assert.ok(await page.locator('[data-view="signin"] [role="alert"]').isVisible());
    assert.equal(await page.evaluate(() => sessionStorage.getItem("clinic-analytics.token")), null);
    await page.fill('[data-control="token"]', `Bearer ${TOKEN}`);
    await page.click('[data-view="signin"] button[type="submit"]');
    await waitReady(page);
  } finally {
    await context.close();
  }
});

test("a 401 while the dashboard is open leads to the sign-in view", { timeout: 30_000 }, async () => {
  const { page, context } = await openPage(browser);
  try {
    await openDashboard(page);
    await refuseNext(page, 401, { errors: [{ message: "the token has expired", extensions: { code: "UNAUTHORIZED" } }] });
    await page.selectOption('[data-control="window"]', "LAST_90_DAYS");
    await page.waitForFunction(() => document.body.dataset.state === "signin");
    assert.match(await page.locator('[data-view="signin"] [role="alert"]').textContent(), /expired/);
  } finally {
    await context.close();
  }
});

test("a 403 says the clinic is not granted", { timeout: 30_000 }, async () => {
  const { page, context } = await openPage(browser);
  try {
    await openDashboard(page);
    await refuseNext(page, 403, { errors: [{ message: "this token does not grant access", extensions: { code: "FORBIDDEN" } }] });
    await page.selectOption('[data-control="window"]', "LAST_90_DAYS");
    const banner = page.locator(".problem.banner");
    await banner.waitFor({ state: "visible" });
    assert.match(await banner.textContent(), /not granted/);
  } finally {
    await context.close();
  }
});

test("a network failure keeps the last figures, marked stale", { timeout: 30_000 }, async () => {
  const { page, context } = await openPage(browser);
  try {
    await openDashboard(page);
    await page.selectOption('[data-control="window"]', "LAST_7_DAYS");
    await waitReady(page);
    const shown = await figures(page);
    // The network fails as the page asks again; the figures of groups the new comparison does not change stay.
    await page.route("**/graphql", (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));
    await page.selectOption('[data-control="compare"]', "SAME_PERIOD_LAST_YEAR");
    await page.waitForSelector('[data-freshness="STALE"]');
    const kept = await figures(page);
    for (const key of ["summary.activePatients", "reengagement.currentlyDormant", "upcomingAppointments.totalCount"]) {
      assert.equal(kept[key], shown[key], key);
    }
    assert.equal(await page.evaluate(() => document.body.dataset.state), "ready");
  } finally {
    await context.close();
  }
});
