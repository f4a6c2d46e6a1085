// A minimal typed GraphQL-over-HTTP client: the generated TypedDocumentString carries each
// operation's result and variables types, so callers never cast.
import type { TypedDocumentString } from "./gql/graphql.js";

/** Where the service is and whose credentials to send. */
export interface Connection {
  url: string;
  token: string;
  organizationId: string;
}

/** A GraphQL error as the service reports it: a message and a stable code. */
export interface ServiceError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; details?: Record<string, unknown> };
}

/** A response whose errors did not stop the data: partial results are kept, errors listed. */
export interface Answer<Result> {
  data: Result;
  errors: ServiceError[];
}

/** Sends one operation; throws when the service answered with no data at all. */
export async function execute<Result, Variables>(
  connection: Connection,
  document: TypedDocumentString<Result, Variables>,
  ...[variables]: Variables extends Record<string, never> ? [] : [Variables]
): Promise<Answer<Result>> {
  const response = await fetch(connection.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      authorization: `Bearer ${connection.token}`,
      "x-organization-id": connection.organizationId,
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: Result | null; errors?: ServiceError[] };
  const errors = body.errors ?? [];
  if (body.data === undefined || body.data === null) {
    const first = errors[0];
    const code = first?.extensions?.code ?? `HTTP_${response.status}`;
    throw new Error(`${code}: ${first?.message ?? response.statusText}`);
  }
  return { data: body.data, errors };
}

/** Reads the connection from the environment, with the demo's address and clinic as defaults. */
export function connectionFromEnvironment(): Connection {
  const token = process.env.TOKEN;
  if (!token) {
    throw new Error("set TOKEN to the bearer token `cargo run --release -- demo` prints");
  }
  return {
    url: process.env.GRAPHQL_URL ?? "http://127.0.0.1:8080/graphql",
    token,
    organizationId: process.env.ORG ?? "org_2xwHiNrj68eaRUlX10anlXGvzX7",
  };
}
