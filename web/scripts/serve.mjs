// Serves dist/ the way clinic-analytics will, for development and the browser tests before the service embeds it:
// `/` → index.html, `/assets/*`, `GET /graphql` without a query → graphiql.html, `/graphiql/config.json`, each with
// the service's Content-Security-Policy; everything else (POST /graphql, GET /graphql?query=…, the WebSocket at
// /graphql/ws) is proxied to the service.
//
//   UPSTREAM=http://127.0.0.1:8080 PORT=8081 node scripts/serve.mjs
//
// GRAPHIQL_TOKEN and GRAPHIQL_ORGANIZATION fill /graphiql/config.json as the demo will. SHIM_ORGANIZATION adds that
// X-Organization-ID to a POST without one: only for a service that still requires it on `organizations`.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, request as forward } from "node:http";
import { connect } from "node:net";
import { extname, join, normalize } from "node:path";

const DIST = new URL("../dist/", import.meta.url).pathname;
const upstream = new URL(process.env.UPSTREAM ?? "http://127.0.0.1:8080");
const port = Number(process.env.PORT ?? 8081);
const host = process.env.HOST ?? "127.0.0.1";
const shim = process.env.SHIM_ORGANIZATION ?? null;

export const CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".json": "application/json",
};

function page(response, file, cache) {
  const path = normalize(join(DIST, file));
  if (!path.startsWith(DIST) || !existsSync(path) || !statSync(path).isFile()) {
    response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    return;
  }
  response.writeHead(200, {
    "content-type": TYPES[extname(path)] ?? "application/octet-stream",
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": cache,
  });
  createReadStream(path).pipe(response);
}

function graphiqlConfig(response) {
  const token = process.env.GRAPHIQL_TOKEN;
  const organization = process.env.GRAPHIQL_ORGANIZATION;
  const body = token ? { headers: { Authorization: `Bearer ${token}`, "X-Organization-ID": organization ?? "" } } : {};
  response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

function proxy(request, response) {
  const headers = { ...request.headers, host: upstream.host };
  if (shim && request.method === "POST" && !headers["x-organization-id"]) headers["x-organization-id"] = shim;
  const outgoing = forward(
    { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  outgoing.on("error", () => {
    if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
    response.end("the service cannot be reached");
  });
  request.pipe(outgoing);
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://local");
  const reading = request.method === "GET" || request.method === "HEAD";
  if (reading && url.pathname === "/") return page(response, "index.html", "no-cache");
  if (reading && url.pathname === "/graphql" && url.search === "") return page(response, "graphiql.html", "no-cache");
  if (reading && url.pathname.startsWith("/assets/")) return page(response, url.pathname.slice(1), "public, max-age=31536000, immutable");
  if (reading && url.pathname === "/graphiql/config.json") return graphiqlConfig(response);
  return proxy(request, response);
});

// WebSocket upgrades go to the service byte for byte.
server.on("upgrade", (request, socket, head) => {
  const target = connect(Number(upstream.port), upstream.hostname, () => {
    const lines = [`${request.method} ${request.url} HTTP/1.1`];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i];
      lines.push(`${name}: ${name.toLowerCase() === "host" ? upstream.host : request.rawHeaders[i + 1]}`);
    }
    target.write(`${lines.join("\r\n")}\r\n\r\n`);
    target.write(head);
    socket.pipe(target).pipe(socket);
  });
  const close = () => {
    socket.destroy();
    target.destroy();
  };
  target.on("error", close);
  socket.on("error", close);
});

server.listen(port, host, () => console.log(`serving dist/ at http://${host}:${port}, proxying to ${upstream.origin}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
