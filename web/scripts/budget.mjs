// Prints what each page loads, gzipped, and fails when the dashboard (its HTML and every script and stylesheet it
// loads) is over its budget of 400 KB. GraphiQL's editor modes and fonts load on demand and are listed as such.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const DIST = new URL("../dist/", import.meta.url).pathname;
const BUDGET = 400 * 1024;

/** The page's HTML and the same-origin scripts and stylesheets it names, through static imports. */
function loads(page) {
  const seen = new Set([page]);
  const queue = [page];
  while (queue.length) {
    const text = readFileSync(join(DIST, queue.shift()), "utf8");
    for (const match of text.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"|from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"/g)) {
      const name = match[1] ?? `assets/${match[2] ?? match[3]}`;
      if (!seen.has(name)) {
        seen.add(name);
        queue.push(name);
      }
    }
  }
  return [...seen];
}

const gzipped = (name) => gzipSync(readFileSync(join(DIST, name)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const total = (names) => names.reduce((sum, name) => sum + gzipped(name), 0);

const dashboard = loads("index.html");
const graphiql = loads("graphiql.html");
const onDemand = readdirSync(join(DIST, "assets"))
  .map((name) => `assets/${name}`)
  .filter((name) => !dashboard.includes(name) && !graphiql.includes(name));

console.log(`dashboard (index.html): ${kb(total(dashboard))} gzipped, budget ${kb(BUDGET)}`);
for (const name of dashboard) console.log(`  ${name}  ${kb(gzipped(name))}`);
console.log(`GraphiQL (graphiql.html): ${kb(total(graphiql))} gzipped at load, ${kb(total(onDemand))} more on demand (${onDemand.length} files: editor modes, fonts)`);
if (total(dashboard) > BUDGET) {
  console.error("the dashboard is over its budget");
  process.exitCode = 1;
}
