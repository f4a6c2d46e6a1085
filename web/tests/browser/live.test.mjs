// A booking committed through SQL shows on the open page within 2 s, without a reload: the page follows
// dashboardUpdated and refetches the groups it names (the bookings card, and the breakdown's "Not recorded" row, as
// the booking names no practitioner), sending the update's consistency token back in X-Consistency-Token, as a
// user-driven load does not.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { graphql, launch, openDashboard, openPage, sql, waitReady } from "./helpers.mjs";

const BOOKING_ID = `apt_browser_test_${process.pid}`;
let browser;
let organization;

before(async () => {
  browser = await launch();
});
after(async () => {
  if (organization) await sql(`delete from appointments where organization_id = '${organization}' and id = '${BOOKING_ID}'`);
  await browser?.close();
});

test("a booking committed through SQL appears within 2 s", { timeout: 60_000 }, async (t) => {
  const { body } = await graphql("{ organizations { id name } }");
  const clinic = body.data.organizations.find((c) => c.name === "Surf Rehab") ?? body.data.organizations[0];
  const { page, context } = await openPage(browser);
  // Each Dashboard query the page sends: when, and the consistency token it carried (null for none).
  const sent = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/graphql" && request.postData()?.includes("query Dashboard")) {
      sent.push({ at: Date.now(), token: request.headers()["x-consistency-token"] ?? null });
    }
  });
  try {
    await openDashboard(page);
    await page.selectOption('[data-control="organization"]', clinic.id);
    await waitReady(page);
    await page.selectOption('[data-control="window"]', "LAST_7_DAYS");
    await waitReady(page);
    const metric = page.locator('[data-metric="bookingMetrics.totalBookings"]');
    const before = Number((await metric.textContent()).replace(/\D/g, ""));
    const unrecorded = '[data-metric="breakdown.bookings"][data-key=""]';
    const rowBefore = Number(((await page.locator(unrecorded).count()) ? await page.locator(unrecorded).textContent() : "0").replace(/\D/g, ""));
    // Let the subscription settle and the caller's rate-limit allowance refill before writing, as for a reader who
    // has had the page open a while.
    await page.waitForFunction(() => document.querySelector(".live")?.textContent === "Live updates on", null, { timeout: 10_000 });
    await page.waitForTimeout(2_000);

    organization = clinic.id;
    const [patient] = await sql(`select id from patients where organization_id = '${clinic.id}' order by id limit 1`);
    const committed = Date.now();
    await sql(
      `insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source, appointment_type)
       values ('${clinic.id}', '${BOOKING_ID}', '${patient}', now(), now() + interval '3 days', 'booked', 'online', 'Follow-up')`,
    );
    const count = new Intl.NumberFormat("en-AU", { maximumFractionDigits: 0 });
    await page.waitForFunction(
      ([total, row, selector]) =>
        document.querySelector('[data-metric="bookingMetrics.totalBookings"]')?.textContent === total &&
        document.querySelector(selector)?.textContent === row,
      [count.format(before + 1), count.format(rowBefore + 1), unrecorded],
      { timeout: 2_000 },
    );
    const shownAfter = Date.now() - committed;
    t.diagnostic(`the booking showed ${shownAfter} ms after its commit`);
    assert.ok(shownAfter <= 2_000);
    assert.equal(sent[0]?.token, null, "the first load is the reader's: no consistency token");
    const refetches = sent.filter((request) => request.at >= committed);
    assert.ok(
      refetches.some((request) => /^\d+$/.test(request.token ?? "")),
      `the refetch the update caused sends its consistency token: ${JSON.stringify(refetches)}`,
    );
  } finally {
    await context.close();
  }
});
