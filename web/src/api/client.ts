// Typed GraphQL over HTTP: each generated document carries its result and variables types, so no caller casts. A
// response whose errors did not stop the data keeps both; a refusal becomes an ApiError of a kind the page acts on.
import type { TypedDocumentString } from "../gql/graphql";

/** A GraphQL error as the service reports it, with its stable code. */
export interface ServiceError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; details?: { retry_after_seconds?: number } };
}

/** Data with the errors of the parts that failed (a group that failed is null, the others resolve). */
export interface Answer<Result> {
  data: Result;
  errors: ServiceError[];
}

/**
 * What the page does about a refused request: sign in again, say the clinic is not granted, keep the last figures
 * and try again (at once when unreachable, after `retryAfterSeconds` when rate limited), or say what failed.
 */
export type FailureKind = "unauthorized" | "forbidden" | "unreachable" | "limited" | "failed";

export class ApiError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly code?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Where requests go and with which credential; `organizationId` is left out only to list the granted clinics. */
export interface Credentials {
  token: string;
  organizationId?: string;
}

/**
 * The header a refetch caused by a live update sends that update's `consistencyToken` back in: whichever process of
 * the service answers waits (at most 1 s) until it has applied the change, so the answer is not older than the update.
 */
export const CONSISTENCY_TOKEN_HEADER = "x-consistency-token";

/** A request's headers; the consistency token only on a refetch a live update caused (user-driven loads have none). */
export function requestHeaders(credentials: Credentials, consistencyToken: string | null = null): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
    authorization: `Bearer ${credentials.token}`,
  };
  if (credentials.organizationId) headers["x-organization-id"] = credentials.organizationId;
  if (consistencyToken) headers[CONSISTENCY_TOKEN_HEADER] = consistencyToken;
  return headers;
}

/** Sends one operation to `/graphql` on this origin; `consistencyToken` is the live update's that caused it, if any. */
export async function execute<Result, Variables>(
  credentials: Credentials,
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  consistencyToken: string | null = null,
): Promise<Answer<Result>> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: requestHeaders(credentials, consistencyToken),
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError("unreachable", "The service cannot be reached.");
  }
  const body = await readBody<Result>(response);
  const errors = body?.errors ?? [];
  const refusal = refusalOf(response.status, errors);
  if (refusal) throw refusal;
  if (body?.data === undefined || body.data === null) {
    if (response.status >= 500 || body === null) {
      throw new ApiError("unreachable", `The service answered ${response.status} ${response.statusText}.`.trim());
    }
    const first = errors[0];
    throw new ApiError("failed", first?.message ?? "The service answered without data.", first?.extensions?.code);
  }
  return { data: body.data, errors };
}

async function readBody<Result>(response: Response): Promise<{ data?: Result | null; errors?: ServiceError[] } | null> {
  try {
    return (await response.json()) as { data?: Result | null; errors?: ServiceError[] };
  } catch {
    return null;
  }
}

function refusalOf(status: number, errors: ServiceError[]): ApiError | null {
  const codes = errors.map((error) => error.extensions?.code);
  const message = errors[0]?.message ?? "";
  if (status === 401 || codes.includes("UNAUTHORIZED")) {
    return new ApiError("unauthorized", message || "The credential was refused.", "UNAUTHORIZED");
  }
  if (status === 403 || codes.includes("FORBIDDEN")) {
    return new ApiError("forbidden", message || "This clinic is not granted to the credential.", "FORBIDDEN");
  }
  const limited = errors.find((error) => error.extensions?.code === "RATE_LIMITED");
  if (status === 429 || limited) {
    const seconds = limited?.extensions?.details?.retry_after_seconds ?? 1;
    return new ApiError("limited", message || "Too many requests.", "RATE_LIMITED", seconds);
  }
  return null;
}
