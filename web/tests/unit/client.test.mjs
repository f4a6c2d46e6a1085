// What a request sends: the credential, the clinic, and a live update's consistency token only on the refetch that
// update caused.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CONSISTENCY_TOKEN_HEADER, requestHeaders } from "../../.unit/api/client.js";

const credentials = { token: "t0ken", organizationId: "org_demo" };

test("a refetch caused by a live update sends that update's consistency token back", () => {
  const headers = requestHeaders(credentials, "123456789");
  assert.equal(CONSISTENCY_TOKEN_HEADER, "x-consistency-token");
  assert.equal(headers["x-consistency-token"], "123456789");
  assert.equal(headers.authorization, "Bearer t0ken");
  assert.equal(headers["x-organization-id"], "org_demo");
});

test("a load the reader asked for sends no consistency token", () => {
  assert.equal("x-consistency-token" in requestHeaders(credentials), false);
  assert.equal("x-consistency-token" in requestHeaders(credentials, null), false);
});

test("an update without a token (a resync) leaves the header out rather than sending it empty", () => {
  assert.equal("x-consistency-token" in requestHeaders(credentials, ""), false);
});

test("the clinic list is asked for without X-Organization-ID", () => {
  const headers = requestHeaders({ token: "t0ken" });
  assert.equal("x-organization-id" in headers, false);
  assert.equal(headers.accept, "application/graphql-response+json, application/json");
});
