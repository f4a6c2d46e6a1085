#!/usr/bin/env bash
# Runs the graphql-http package's GraphQL over HTTP audits (serverAudits) against a demo this script starts on its
# own database and port, with the demo's credentials on every request; fails on any failed MUST or SHOULD.
#
#   scripts/graphql-http-audit.sh          # builds the debug binary when CLINIC_ANALYTICS_BIN is not given
#
# Environment: CLINIC_ANALYTICS_BIN (a built binary), GRAPHQL_HTTP_AUDIT_PORT (18091), and DEMO_POSTGRES, the server
# (postgres://postgres@127.0.0.1:5432) holding the audit's own database.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${GRAPHQL_HTTP_AUDIT_PORT:-18091}
database=clinic_analytics_graphql_http_audit

step() { printf '\n==> %s\n' "$*"; }

if [ -z "${CLINIC_ANALYTICS_BIN:-}" ]; then
    step "building the binary"
    cargo build --quiet --bin clinic-analytics
    CLINIC_ANALYTICS_BIN=target/debug/clinic-analytics
fi

step "installing the audit suite (npm ci)"
(cd scripts/graphql-http-audit && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)

# shellcheck source=lib/demo.sh
. scripts/lib/demo.sh
with_work_dir

step "starting the demo on 127.0.0.1:$port (database $database)"
start_demo "$port" "$database" "$work/demo.out" "$work/demo.err"
token=$(grep -oE 'eyJ[A-Za-z0-9_.-]+' "$work/demo.out" | head -n 1)
organization=$(grep -oE 'org_[A-Za-z0-9]+' "$work/demo.out" | head -n 1)

step "auditing http://127.0.0.1:$port/graphql"
AUDIT_URL="http://127.0.0.1:$port/graphql" AUDIT_TOKEN="$token" AUDIT_ORGANIZATION="$organization" \
    node scripts/graphql-http-audit/audit.mjs
