// Live updates: one graphql-ws connection per clinic shown, subscribed to dashboardUpdated. Each update names the
// metric groups whose figures may have changed; after a reconnect every group is refetched, since updates may have
// been missed while the socket was down. Each update carries a consistency token, handed on with its groups so that
// their refetch sends it back (client.ts): behind a load balancer, another process of the service may answer it.
import { type Client, createClient } from "graphql-ws";

import type { DashboardUpdatedSubscription, MetricGroup } from "../gql/graphql";
import { DashboardUpdatedDocument } from "../operations";
import type { Credentials } from "./client";

export interface LiveHandlers {
  /** Groups to refetch, or "all" after a reconnect; the update's consistency token (null after a reconnect). */
  changed(groups: readonly MetricGroup[] | "all", consistencyToken: string | null): void;
  /** Whether updates are flowing, for the status line. */
  status(connected: boolean): void;
  /** The server refused the credential or the clinic (close 4403 with the error's code first in its reason). */
  refused(kind: "unauthorized" | "forbidden", reason: string): void;
}

/** Subscribes to `credentials.organizationId`'s updates until the returned function is called. */
export function follow(credentials: Credentials, handlers: LiveHandlers): () => void {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  let connections = 0;
  let stopped = false;
  const client: Client = createClient({
    url: `${scheme}//${window.location.host}/graphql/ws`,
    connectionParams: {
      Authorization: `Bearer ${credentials.token}`,
      "X-Organization-ID": credentials.organizationId ?? "",
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !isRefusal(event),
    on: {
      connected: () => {
        connections += 1;
        handlers.status(true);
        if (connections > 1) handlers.changed("all", null);
      },
      closed: (event) => {
        if (stopped) return;
        handlers.status(false);
        if (isRefusal(event)) {
          const { code, reason } = event as CloseEvent;
          const unauthorized = code === 4401 || reason.startsWith("UNAUTHORIZED");
          handlers.refused(unauthorized ? "unauthorized" : "forbidden", reason || "Live updates were refused.");
        }
      },
    },
  });
  const unsubscribe = client.subscribe<DashboardUpdatedSubscription>(
    { query: DashboardUpdatedDocument.toString(), variables: { org: credentials.organizationId ?? "" } },
    {
      next: (result) => {
        const update = result.data?.dashboardUpdated;
        if (update) handlers.changed(update.groups, update.consistencyToken ?? null);
        const refusal = result.errors?.find((error) => error.extensions?.code === "FORBIDDEN" || error.extensions?.code === "UNAUTHORIZED");
        if (refusal) handlers.refused(refusal.extensions?.code === "UNAUTHORIZED" ? "unauthorized" : "forbidden", refusal.message);
      },
      error: () => handlers.status(false),
      complete: () => undefined,
    },
  );
  return () => {
    stopped = true;
    unsubscribe();
    void client.dispose();
  };
}

function isRefusal(event: unknown): boolean {
  const code = (event as { code?: number } | null)?.code;
  return code === 4401 || code === 4403;
}
