// Breaking-change check of ../../schema.graphql against the last released schema
// (docs/schema/released.graphql), with graphql-js's own findBreakingChanges.
//
//   npm run schema:check     fails on a breaking change not listed in docs/schema/acknowledged-breaks.txt
//   npm run schema:release   records the current schema as released and clears the acknowledgements
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSchema, findBreakingChanges, findDangerousChanges } from "graphql";

const root = (path) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const CURRENT = root("schema.graphql");
const RELEASED = root("docs/schema/released.graphql");
const ACKNOWLEDGED = root("docs/schema/acknowledged-breaks.txt");
const ACKNOWLEDGED_HEADER = `# Breaking changes of schema.graphql against docs/schema/released.graphql that are intended.
# One line per change, exactly as \`npm run schema:check\` prints it (TYPE: description),
# each with a comment line above it saying why. \`npm run schema:release\` clears this file.
`;

if (process.argv.includes("--release")) {
  writeFileSync(RELEASED, readFileSync(CURRENT, "utf8"));
  writeFileSync(ACKNOWLEDGED, ACKNOWLEDGED_HEADER);
  console.log("schema.graphql recorded as released; acknowledged breaks cleared");
  process.exit(0);
}

const released = buildSchema(readFileSync(RELEASED, "utf8"));
const current = buildSchema(readFileSync(CURRENT, "utf8"));
const describe = (change) => `${change.type}: ${change.description}`;
const acknowledged = new Set(
  readFileSync(ACKNOWLEDGED, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#")),
);

const breaking = findBreakingChanges(released, current).map(describe);
const dangerous = findDangerousChanges(released, current).map(describe);
const unacknowledged = breaking.filter((change) => !acknowledged.has(change));
const stale = [...acknowledged].filter((change) => !breaking.includes(change));

for (const change of dangerous) console.log(`dangerous (allowed): ${change}`);
for (const change of breaking.filter((change) => acknowledged.has(change))) {
  console.log(`breaking, acknowledged: ${change}`);
}
for (const change of stale) console.log(`acknowledged but no longer breaking (remove it): ${change}`);
if (unacknowledged.length > 0) {
  console.error("schema.graphql breaks clients of the released schema:");
  for (const change of unacknowledged) console.error(`  ${change}`);
  console.error(
    "If the break is intended, add each line above to docs/schema/acknowledged-breaks.txt with a comment saying why.",
  );
  process.exit(1);
}
console.log(`schema check: no unacknowledged breaking change (${breaking.length} acknowledged, ${dangerous.length} dangerous)`);
