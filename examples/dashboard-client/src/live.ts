// `npm run live`: subscribes to a clinic's dashboard over WebSocket (graphql-transport-ws) and, on each update,
// refetches only the metric groups it names.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

import { connectionFromEnvironment, execute } from "./client.js";
import type { DashboardUpdatedSubscription } from "./gql/graphql.js";
import { DashboardUpdatedDocument, RefreshDocument } from "./operations.js";

const connection = connectionFromEnvironment();
const client = createClient({
  url: `${connection.url.replace(/^http/, "ws")}/ws`,
  webSocketImpl: WebSocket,
  // A function, asked again on every reconnect: the server closes a connection (4403) when its token expires, and
  // a real dashboard returns its freshly refreshed token here.
  connectionParams: async () => ({ Authorization: `Bearer ${process.env.TOKEN ?? connection.token}` }),
  retryAttempts: 5,
});

console.log(`watching ${connection.organizationId}; write to its data (or run the seed) to see updates, Ctrl-C to stop`);
const updates = client.iterate<DashboardUpdatedSubscription>({
  query: DashboardUpdatedDocument.toString(),
  variables: { org: connection.organizationId },
});
try {
  for await (const result of updates) {
    const update = result.data?.dashboardUpdated;
    if (!update) {
      console.error(`refused: ${JSON.stringify(result.errors)}`);
      break;
    }
    console.log(`${update.changedAt} ${update.reason.toLowerCase()}: ${update.tables.join(", ") || "everything"} → ${update.groups.join(" ")}`);
    const { data } = await execute(connection, RefreshDocument, {
      org: connection.organizationId,
      bookings: update.groups.includes("BOOKING_METRICS"),
      patients: update.groups.includes("PATIENT_METRICS"),
      finance: update.groups.includes("FINANCIAL_METRICS"),
      automation: update.groups.includes("AUTOMATION_METRICS"),
    });
    const { bookingMetrics, patientMetrics, financialMetrics, automationMetrics } = data.organization;
    if (bookingMetrics) console.log(`  bookings ${bookingMetrics.totalBookings} (${bookingMetrics.periodComparison ?? "–"}% vs previous)`);
    if (patientMetrics) console.log(`  patients ${patientMetrics.activePatients} active, ${patientMetrics.newPatients} new`);
    if (financialMetrics) console.log(`  revenue ${financialMetrics.totalRevenue}`);
    if (automationMetrics) console.log(`  automation ${automationMetrics.automationBookings} bookings, ROI ${automationMetrics.totalRoi ?? "–"}%`);
  }
} catch (error) {
  // graphql-ws rejects with the close event when the server closes: its code and reason say why.
  const reason = (error as { code?: number; reason?: string }).reason ?? String(error);
  console.error(`dashboard-client live: ${reason}`);
  process.exitCode = 1;
} finally {
  await client.dispose();
}
