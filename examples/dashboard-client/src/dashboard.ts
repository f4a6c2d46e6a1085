// `npm start`: runs the three typed operations against a running service and prints a compact
// dashboard in the terminal.
import { connectionFromEnvironment, execute, type Connection } from "./client.js";
import { DashboardDocument, MonthOnYearDocument, OverviewDocument, UpcomingDocument } from "./operations.js";
import type { Timeframe, UpcomingQuery } from "./gql/graphql.js";

const TIMEFRAME: Timeframe = "LAST_30_DAYS";
const PAGE_SIZE = 10;
const MAX_PAGES = 3;

function money(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return "–";
  return new Intl.NumberFormat("en-AU", { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
}

function number(value: number | null | undefined, suffix = ""): string {
  return value === null || value === undefined ? "–" : `${value}${suffix}`;
}

function trend(percent: number | null | undefined): string {
  if (percent === null || percent === undefined) return "(no previous period)";
  return `${percent >= 0 ? "▲" : "▼"} ${Math.abs(percent)}% vs previous period`;
}

function bar(value: number, max: number, width = 24): string {
  return "█".repeat(max === 0 ? 0 : Math.round((value / max) * width));
}

async function printOverview(connection: Connection): Promise<void> {
  const { data } = await execute(connection, OverviewDocument);
  console.log("Clinics this token sees");
  for (const clinic of data.organizations) {
    const summary = clinic.summary;
    const bookings = clinic.bookingMetrics;
    console.log(
      `  ${clinic.name.padEnd(28)} ${number(summary?.activePatients).padStart(5)} active of ${number(summary?.totalPatients).padStart(5)}` +
        `  engagement ${number(summary?.engagementRate, "%").padStart(6)}  bookings 7d ${number(bookings?.totalBookings).padStart(5)}`,
    );
  }
}

async function printDashboard(connection: Connection): Promise<void> {
  const { data, errors } = await execute(connection, DashboardDocument, {
    org: connection.organizationId,
    timeframe: TIMEFRAME,
  });
  const clinic = data.organization;
  const { bookingMetrics: bookings, patientMetrics: patients, financialMetrics: finance, automationMetrics: automation } = clinic;
  console.log(`\n${clinic.name} — last 30 days (${clinic.currency}, synced ${clinic.lastSyncedAt ?? "never"})`);
  if (bookings) {
    console.log(`  bookings     ${bookings.totalBookings}  ${trend(bookings.periodComparison)}; ${bookings.bookingsViaAi} by the AI receptionist`);
    console.log(`               ${bookings.meta.freshness.toLowerCase()}, computed ${bookings.meta.computedAt}${bookings.meta.staleReason ? ` (${bookings.meta.staleReason})` : ""}`);
  }
  if (patients) {
    console.log(`  patients     ${patients.activePatients} active, ${patients.newPatients} new, ${patients.totalPatients} in all`);
  }
  if (finance) {
    console.log(
      `  revenue      ${money(finance.totalRevenue, clinic.currency)} (${money(finance.avgRevenuePerPatient, clinic.currency)} per patient); lifetime ${money(finance.lifetimeValueTotal, clinic.currency)}`,
    );
  }
  if (automation) {
    console.log(
      `  automation   ${automation.automationBookings} bookings, ${money(automation.automatedRevenue, clinic.currency)} for ${money(automation.operationalCosts, clinic.currency)}; ROI ${number(automation.totalRoi, "%")}, efficiency ${number(automation.efficiencyScore)}`,
    );
  }
  const weeks = clinic.charts?.bookingTrends ?? [];
  const busiest = Math.max(0, ...weeks.map((week) => week.bookings));
  console.log("  bookings per week");
  for (const week of weeks) {
    console.log(`    ${week.date}  ${String(week.bookings).padStart(4)} ${bar(week.bookings, busiest)}`);
  }
  for (const error of errors) {
    console.log(`  ! ${error.path?.join(".") ?? ""}: ${error.extensions?.code ?? "ERROR"} ${error.message}`);
  }
}

/** The clinic's local date and time of an instant: window bounds are instants, clinics read them on their clock. */
function local(instant: string | null | undefined, timeZone: string): string {
  if (!instant) return "–";
  return new Intl.DateTimeFormat("en-AU", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(instant));
}

async function printMonthOnYear(connection: Connection): Promise<void> {
  const { data } = await execute(connection, MonthOnYearDocument, { org: connection.organizationId });
  const { currency, timezone, bookingMetrics: bookings, patientMetrics: patients, financialMetrics: finance } = data.organization;
  if (!bookings) return;
  const meta = bookings.meta;
  console.log(
    `\n  this month so far (${local(meta.windowStart, timezone)} to ${local(meta.windowEnd, timezone)})` +
      ` against ${local(meta.comparisonStart, timezone)} to ${local(meta.comparisonEnd, timezone)}`,
  );
  const change =
    bookings.periodComparison === null || bookings.periodComparison === undefined
      ? "(nothing booked a year ago)"
      : `${bookings.periodComparison >= 0 ? "▲" : "▼"} ${Math.abs(bookings.periodComparison)}% on last year`;
  console.log(`    bookings ${bookings.totalBookings} against ${bookings.previousPeriodBookings}  ${change}`);
  console.log(`    ${number(patients?.newPatients)} new patients, revenue ${money(finance?.totalRevenue, currency)}`);
}

async function upcomingPage(connection: Connection, after: string | null): Promise<UpcomingQuery> {
  const { data } = await execute(connection, UpcomingDocument, {
    org: connection.organizationId,
    withinDays: 7,
    first: PAGE_SIZE,
    after,
  });
  return data;
}

async function printUpcoming(connection: Connection): Promise<void> {
  let after: string | null = null;
  let shown = 0;
  let total = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const upcoming: UpcomingQuery["organization"]["upcomingAppointments"] = (await upcomingPage(connection, after)).organization.upcomingAppointments;
    if (!upcoming) break;
    if (page === 0) console.log(`\n  next 7 days: ${upcoming.totalCount} booked appointments`);
    total = upcoming.totalCount;
    for (const appointment of upcoming.nodes) {
      console.log(
        `    ${appointment.startsAt}  ${(appointment.appointmentType ?? "visit").padEnd(22)} ${appointment.source.toLowerCase().padEnd(10)} ${appointment.practitionerName ?? appointment.practitionerId ?? ""}`,
      );
      shown++;
    }
    if (!upcoming.pageInfo.hasNextPage) break;
    after = upcoming.pageInfo.endCursor ?? null;
  }
  if (shown < total) console.log(`    … and ${total - shown} more`);
}

const connection = connectionFromEnvironment();
try {
  await printOverview(connection);
  await printDashboard(connection);
  await printMonthOnYear(connection);
  await printUpcoming(connection);
} catch (error) {
  console.error(`dashboard-client: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
