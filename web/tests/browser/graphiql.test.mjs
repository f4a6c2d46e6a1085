// GraphiQL renders from the bundle with no request leaving 127.0.0.1, loads the schema through /graphql with the
// defaults of /graphiql/config.json, and breaks no rule of the CSP.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { BASE_URL, isLocal, launch, openPage } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("GraphiQL renders offline: no request leaves 127.0.0.1", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await openPage(browser);
  try {
    // As on a clinic network without the internet: anything not on this machine fails.
    await context.route("**/*", (route) => (isLocal(route.request().url()) ? route.continue() : route.abort("internetdisconnected")));
    const introspected = page.waitForResponse((r) => r.url().endsWith("/graphql") && r.request().method() === "POST" && /IntrospectionQuery/.test(r.request().postData() ?? ""));
    await page.goto(`${BASE_URL}/graphql`);
    await page.waitForSelector(".graphiql-container");
    const answer = await introspected;
    const config = await (await fetch(`${BASE_URL}/graphiql/config.json`)).json();
    const headers = config.headers ?? {};
    if (Object.keys(headers).length > 0) {
      // The demo fills in its credentials: the schema loads with them, and they are in the headers editor.
      assert.equal(answer.status(), 200, `the schema did not load: ${await answer.text()}`);
      const editor = await page.locator(".graphiql-editor-tool .graphiql-editor").last().textContent();
      for (const name of Object.keys(headers)) assert.match(editor, new RegExp(name));
    }
    // Its dialogs open without writing a style the CSP refuses.
    await page.click('button[aria-label="Open settings dialog"]');
    await page.getByRole("dialog").waitFor();
    await page.keyboard.press("Escape");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
