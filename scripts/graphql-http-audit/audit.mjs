// Runs every server audit of the graphql-http package (the GraphQL over HTTP specification's MUSTs, SHOULDs and MAYs)
// against AUDIT_URL, with the credentials of AUDIT_TOKEN and AUDIT_ORGANIZATION on every request, and prints each
// result. Fails on any failed MUST and on any SHOULD warning; a MAY the server declines is only noted.
import { serverAudits } from 'graphql-http';

const url = process.env.AUDIT_URL;
const token = process.env.AUDIT_TOKEN;
const organization = process.env.AUDIT_ORGANIZATION;
if (!url || !token || !organization) {
  console.error('set AUDIT_URL, AUDIT_TOKEN and AUDIT_ORGANIZATION');
  process.exit(2);
}

// Every request carries the credentials: documents that do not parse are not known to be introspection, so they
// are answered only to a caller who signed in.
const fetchWithCredentials = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  headers.set('x-organization-id', organization);
  return fetch(input, { ...init, headers });
};

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetchWithCredentials })) {
  const result = await audit.fn();
  results.push({ name: audit.name, status: result.status, reason: result.reason });
}

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const { name, status, reason } of results) {
  counts[status] += 1;
  const mark = { ok: 'ok     ', notice: 'notice ', warn: 'WARNING', error: 'FAILED ' }[status];
  console.log(`${mark} ${name}${reason ? ` — ${reason}` : ''}`);
}
console.log(
  `\n${results.length} audits: ${counts.ok} passed, ${counts.error} MUST failed, ` +
    `${counts.warn} SHOULD warnings, ${counts.notice} MAY notices`,
);
process.exit(counts.error + counts.warn === 0 ? 0 : 1);
