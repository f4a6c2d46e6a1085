// The figures on the page equal the GraphQL answers, for two clinics × three windows, chosen through the pickers:
// every card's figures and the change it measures, and the breakdown table, row by row, for each of its dimensions.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { changes, figures, formatter, graphql, launch, openDashboard, openPage, percentChange, waitReady } from "./helpers.mjs";

/** Every figure the page shows, by group and field, with how it is written. */
const SHOWN = {
  bookingMetrics: { totalBookings: "count", periodComparison: "change", previousPeriodBookings: "count", bookingsViaAi: "count" },
  patientMetrics: { newPatients: "count", activePatients: "count", totalPatients: "count" },
  financialMetrics: { totalRevenue: "money", avgRevenuePerPatient: "money", lifetimeValueTotal: "money", lifetimeValueAverage: "money" },
  visitOutcomes: {
    attended: "count",
    appointments: "count",
    noShowRate: "percent",
    cancellationRate: "percent",
    lateCancellationRate: "percent",
    revenuePerVisit: "money",
    unresolved: "count",
  },
  retention: {
    patientsSeen: "count",
    returningPatients: "count",
    firstVisits: "count",
    rebookingRate: "percent",
    visitsPerPatient: "decimal",
  },
  automationMetrics: {
    automationBookings: "count",
    automatedRevenue: "money",
    operationalCosts: "money",
    totalRoi: "percent",
    successfulContacts: "count",
    totalContacts: "count",
    efficiencyScore: "score",
  },
  summary: {
    activePatients: "count",
    engagementRate: "percent",
    patientsWithRecent: "count",
    patientsWithUpcoming: "count",
    totalPatients: "count",
    lastSyncedAt: "datetime",
  },
  reengagement: {
    currentlyDormant: "count",
    currentlyActive: "count",
    currentlyStale: "count",
    engagementRatePercent: "percent",
    lifetimeValueAverage: "money",
  },
  upcomingAppointments: { totalCount: "count" },
};
/** Each figure of a breakdown row, shown as `data-metric="breakdown.<field>"` with `data-key` the row's key. */
const BREAKDOWN = {
  appointments: "count",
  attended: "count",
  noShows: "count",
  noShowRate: "percent",
  cancellations: "count",
  revenue: "money",
  patientsSeen: "count",
  rebookingRate: "percent",
  bookings: "count",
};
/** The headline whose change each card measures over the comparison window (bookings has the API's own). */
const COMPARED = {
  patientMetrics: "newPatients",
  financialMetrics: "totalRevenue",
  visitOutcomes: "attended",
  retention: "patientsSeen",
  automationMetrics: "automationBookings",
  summary: "activePatients",
  reengagement: "currentlyDormant",
};
/** The cards whose headline is better when it falls: more dormant patients is bad news, whatever the arrow. */
const FEWER_IS_BETTER = new Set(["reengagement"]);

/** Whether a change is good news, bad news or neither, for the card of `group`. */
function tone(group, percent) {
  if (percent === null || percent === 0) return "neutral";
  return percent > 0 !== FEWER_IS_BETTER.has(group) ? "good" : "bad";
}

const WINDOWED = new Set(["bookingMetrics", "patientMetrics", "financialMetrics", "visitOutcomes", "retention", "automationMetrics"]);
const WINDOWS = [
  ["LAST_7_DAYS", { last: "LAST_7_DAYS" }],
  ["LAST_90_DAYS", { last: "LAST_90_DAYS" }],
  ["MONTH_TO_DATE", { period: "MONTH_TO_DATE" }],
];
const DIMENSIONS = ["PRACTITIONER", "APPOINTMENT_TYPE", "SOURCE"];

const QUERY = `query Expected($org: ID!, $window: WindowInput!, $by: Dimension!) {
  organization(id: $org) {
    ${Object.entries(SHOWN)
      .map(([group, fields]) => {
        const args = WINDOWED.has(group) ? "(window: $window)" : group === "upcomingAppointments" ? "(first: 10)" : "";
        return `${group}${args} { ${Object.keys(fields).join(" ")} }`;
      })
      .join("\n    ")}
    breakdown(by: $by, window: $window) { by rows { key label ${Object.keys(BREAKDOWN).join(" ")} } }
    comparison: bookingMetrics(window: $window) { meta { comparisonEnd } }
  }
}`;

// The windows tested are rolling or to date: the page asks for the same window as of the comparison's end.
const COMPARISON = `query Compared($org: ID!, $window: WindowInput!, $asOf: DateTime!) {
  organization(id: $org) {
    ${Object.entries(COMPARED)
      .map(([group, field]) => `${group}(${WINDOWED.has(group) ? "window: $window, " : ""}asOf: $asOf) { ${field} }`)
      .join("\n    ")}
  }
}`;

/** The breakdown table's texts, by `breakdown.<field>[<key>]`, and its keys in order. */
function breakdownTexts(breakdown, write) {
  const texts = {};
  for (const row of breakdown.rows) {
    for (const [field, kind] of Object.entries(BREAKDOWN)) texts[`breakdown.${field}[${row.key ?? ""}]`] = write(kind, row[field]);
  }
  return texts;
}

/** The texts the page must show for one clinic and window, from the API's answers: figures, then changes. */
async function expected(clinic, window, by = "PRACTITIONER") {
  const { body } = await graphql(QUERY, { org: clinic.id, window, by }, clinic.id);
  assert.ok(body.data?.organization, `no data: ${JSON.stringify(body.errors)}`);
  const organization = body.data.organization;
  const write = formatter(clinic.currency, clinic.timezone);
  const texts = {};
  for (const [group, fields] of Object.entries(SHOWN)) {
    for (const [field, kind] of Object.entries(fields)) texts[`${group}.${field}`] = write(kind, organization[group]?.[field]);
  }
  Object.assign(texts, breakdownTexts(organization.breakdown, write));
  const asOf = organization.comparison.meta.comparisonEnd;
  const compared = await graphql(COMPARISON, { org: clinic.id, window, asOf }, clinic.id);
  assert.ok(compared.body.data?.organization, `no comparison: ${JSON.stringify(compared.body.errors)}`);
  const changed = {};
  for (const [group, field] of Object.entries(COMPARED)) {
    const percent = percentChange(organization[group]?.[field], compared.body.data.organization[group]?.[field]);
    changed[group] = `${write("change", percent)} (${tone(group, percent)})`;
  }
  const ownChange = organization.bookingMetrics?.periodComparison ?? null;
  changed["bookingMetrics.periodComparison"] = `${write("change", ownChange)} (${tone("bookingMetrics", ownChange)})`;
  return { texts, changed, rows: organization.breakdown.rows.map((row) => [row.key ?? "", row.label]) };
}

/** What the page shows: its figures, its changes, and the breakdown's rows (key and label) in order. */
async function shownOn(page) {
  const rows = await page.$$eval(".breakdown tbody tr[data-key]", (trs) =>
    trs.map((tr) => [tr.getAttribute("data-key"), tr.querySelector('th[scope="row"]')?.textContent]),
  );
  return { texts: await figures(page), changed: await changes(page), rows };
}

/** Compares the page with the API, asking twice at most: a figure can move between the page's request and ours. */
async function assertShown(page, clinic, window, by, what) {
  let shown = await shownOn(page);
  let wanted = await expected(clinic, window, by);
  if (!same(shown, wanted)) {
    shown = await shownOn(page);
    wanted = await expected(clinic, window, by);
  }
  assert.deepEqual(shown.texts, sorted(shown.texts, wanted.texts), what);
  assert.deepEqual(shown.changed, sorted(shown.changed, wanted.changed), `${what}: changes`);
  assert.deepEqual(shown.rows, wanted.rows, `${what}: breakdown rows in the API's order`);
  return shown;
}

let browser;
let clinics;
before(async () => {
  browser = await launch();
  const { body } = await graphql("{ organizations { id name currency timezone } }");
  const granted = body.data.organizations;
  const pick = ["Surf Rehab", "Mile High Sports Medicine"].map((name) => granted.find((c) => c.name === name)).filter(Boolean);
  clinics = pick.length === 2 ? pick : granted.slice(0, 2);
});
after(async () => {
  await browser?.close();
});

test("the figures equal the GraphQL answers for two clinics and three windows", { timeout: 180_000 }, async () => {
  assert.equal(clinics.length, 2, "the credential must grant two clinics");
  assert.notEqual(clinics[0].currency, clinics[1].currency, "the two clinics should use different currencies");

  const { page, context, problems } = await openPage(browser);
  try {
    await openDashboard(page);
    let previous = null;
    for (const clinic of clinics) {
      await page.selectOption('[data-control="organization"]', clinic.id);
      await waitReady(page);
      for (const [value, window] of WINDOWS) {
        await page.selectOption('[data-control="window"]', value);
        await waitReady(page);
        const shown = await assertShown(page, clinic, window, "PRACTITIONER", `${clinic.name}, ${value}`);
        const key = JSON.stringify(shown.texts);
        assert.notEqual(key, previous, `switching to ${clinic.name}, ${value} changed no figure`);
        previous = key;
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the upcoming table names each appointment's practitioner as the API does, its id only when unnamed", async () => {
  const { page, context, problems } = await openPage(browser);
  try {
    await openDashboard(page);
    const clinic = clinics[0];
    await page.selectOption('[data-control="organization"]', clinic.id);
    await waitReady(page);
    const { body } = await graphql(
      `query($org: ID!) { organization(id: $org) { upcomingAppointments(first: 10) { nodes { practitionerId practitionerName } } } }`,
      { org: clinic.id },
      clinic.id,
    );
    const nodes = body.data.organization.upcomingAppointments.nodes;
    assert.ok(nodes.some((node) => node.practitionerName), "the demo clinic has named practitioners with bookings ahead");
    const shown = await page.$$eval(".upcoming tbody tr", (rows) => rows.map((row) => row.cells[2]?.textContent));
    assert.deepEqual(shown, nodes.map((node) => node.practitionerName ?? node.practitionerId ?? "—"));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the breakdown follows its picker, for each dimension, in an accessible table", { timeout: 120_000 }, async () => {
  const { page, context, problems } = await openPage(browser);
  try {
    await openDashboard(page);
    const picker = page.locator('[data-control="breakdown"]');
    assert.ok((await picker.evaluate((el) => el.labels?.[0]?.textContent ?? "")).trim(), "the breakdown picker has a label");
    assert.equal(await picker.inputValue(), "PRACTITIONER", "practitioners by default");
    assert.deepEqual(await picker.locator("option").evaluateAll((options) => options.map((o) => o.value)), DIMENSIONS);
    for (const clinic of clinics) {
      await page.selectOption('[data-control="organization"]', clinic.id);
      await waitReady(page);
      for (const by of [...DIMENSIONS.slice(1), "PRACTITIONER"]) {
        await page.selectOption('[data-control="breakdown"]', by);
        await waitReady(page);
        await page.waitForSelector(`.breakdown table[data-by="${by}"]`);
        await assertShown(page, clinic, { last: "LAST_30_DAYS" }, by, `${clinic.name}, by ${by}`);
        const table = page.locator(".breakdown table");
        assert.ok((await table.locator("caption").textContent()).trim(), "the table has a caption");
        assert.equal(await table.locator('thead th[scope="col"]').count(), Object.keys(BREAKDOWN).length + 1);
        const rows = await table.locator("tbody tr[data-key]").count();
        assert.equal(await table.locator('tbody th[scope="row"]').count(), rows, "each row is headed by its label");
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** `wanted` in the order of `shown`'s keys, so a failure shows a readable diff. */
function sorted(shown, wanted) {
  const keys = [...new Set([...Object.keys(shown), ...Object.keys(wanted)])];
  return Object.fromEntries(keys.map((key) => [key, wanted[key]]));
}

function same(shown, wanted) {
  return (
    JSON.stringify(shown.texts) === JSON.stringify(sorted(shown.texts, wanted.texts)) &&
    JSON.stringify(shown.changed) === JSON.stringify(sorted(shown.changed, wanted.changed)) &&
    JSON.stringify(shown.rows) === JSON.stringify(wanted.rows)
  );
}
