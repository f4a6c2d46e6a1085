// GraphiQL from npm, bundled: nothing is fetched from outside the origin. Queries go to POST /graphql and
// subscriptions to /graphql/ws (graphql-transport-ws), both with the headers in the headers editor. Its defaults come
// from /graphiql/config.json: `{"headers": {...}}` in the demo (a token and clinic filled in), `{}` otherwise.
import "graphiql/graphiql.css";
import "./page.css";

import { GraphiQL, type GraphiQLProps } from "graphiql";
import { getOperationAST, parse } from "graphql";
import { type Client, createClient } from "graphql-ws";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

type Fetcher = GraphiQLProps["fetcher"];
type Headers = Record<string, string>;

interface Config {
  headers?: Headers;
}

async function config(): Promise<Config> {
  try {
    const response = await fetch("/graphiql/config.json", { headers: { accept: "application/json" } });
    return response.ok ? ((await response.json()) as Config) : {};
  } catch {
    return {};
  }
}

/** Queries over HTTP; subscriptions over one WebSocket per set of headers (connection_init carries them). */
function fetcher(): Fetcher {
  let socket: { key: string; client: Client } | null = null;
  const socketFor = (headers: Headers): Client => {
    const key = JSON.stringify(headers);
    if (socket?.key !== key) {
      void socket?.client.dispose();
      const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
      socket = { key, client: createClient({ url: `${scheme}//${window.location.host}/graphql/ws`, connectionParams: headers }) };
    }
    return socket.client;
  };
  return async (params, options) => {
    const headers = (options?.headers ?? {}) as Headers;
    if (isSubscription(params.query, params.operationName)) {
      return socketFor(headers).iterate({
        query: params.query,
        variables: params.variables ?? undefined,
        operationName: params.operationName ?? undefined,
      });
    }
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { accept: "application/graphql-response+json, application/json", "content-type": "application/json", ...headers },
      body: JSON.stringify(params),
    });
    return response.json();
  };
}

function isSubscription(query: string, operationName?: string | null): boolean {
  try {
    return getOperationAST(parse(query), operationName ?? undefined)?.operation === "subscription";
  } catch {
    return false;
  }
}

const { headers = {} } = await config();
const hasHeaders = Object.keys(headers).length > 0;
createRoot(document.getElementById("graphiql")!).render(
  createElement(GraphiQL, {
    fetcher: fetcher(),
    defaultHeaders: hasHeaders ? JSON.stringify(headers, null, 2) : undefined,
    defaultEditorToolsVisibility: hasHeaders ? "headers" : true,
    shouldPersistHeaders: false,
  }),
);
