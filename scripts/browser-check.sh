#!/usr/bin/env bash
# Runs the dashboard's browser tests (web/tests/browser: Debian's Chromium driven by playwright-core, axe-core) against
# a demo this script starts on its own database and port, and prints the first full render time they measure.
#
#   scripts/browser-check.sh          # builds the debug binary when CLINIC_ANALYTICS_BIN is not given
#
# Environment: CLINIC_ANALYTICS_BIN (a built binary), BROWSER_CHECK_PORT (18092), CHROMIUM (/usr/bin/chromium), and
# DEMO_POSTGRES, the server (postgres://postgres@127.0.0.1:5432) holding the check's own database.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${BROWSER_CHECK_PORT:-18092}
database=clinic_analytics_browser_check
server_url=${DEMO_POSTGRES:-postgres://postgres@127.0.0.1:5432}

step() { printf '\n==> %s\n' "$*"; }

if [ -z "${CLINIC_ANALYTICS_BIN:-}" ]; then
    step "building the binary"
    cargo build --quiet --bin clinic-analytics
    CLINIC_ANALYTICS_BIN=target/debug/clinic-analytics
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "Chromium is needed at ${CHROMIUM:-/usr/bin/chromium} (Debian: apt-get install chromium)" >&2
    exit 1
fi

step "installing the dashboard's packages (npm ci)"
(cd web && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)

# shellcheck source=lib/demo.sh
. scripts/lib/demo.sh
with_work_dir

# A fresh database each run, so the tests' booking lands on the clinics as seeded.
psql "$server_url/postgres" -qc "drop database if exists $database with (force)" >/dev/null

step "starting the demo on 127.0.0.1:$port (database $database)"
# The tests load the page a dozen times a minute from one token: the demo's per-caller limits would refuse them.
start_demo "$port" "$database" "$work/demo.out" "$work/demo.err" \
    RATE_LIMIT_CALLER_PER_SECOND=100000 RATE_LIMIT_CALLER_BURST=1000000 \
    RATE_LIMIT_ORGANIZATION_PER_SECOND=100000 RATE_LIMIT_ORGANIZATION_BURST=1000000
token=$(grep -oE 'eyJ[A-Za-z0-9_.-]+' "$work/demo.out" | head -n 1)

step "browser tests against http://127.0.0.1:$port/ (Chromium, playwright-core, axe-core)"
(
    cd web
    BASE_URL="http://127.0.0.1:$port" TOKEN="$token" ADMIN_DATABASE_URL="$server_url/$database" \
        npm test 2>&1 | tee "$work/tests.out"
)
render=$(grep -h -m1 'first full render:' "$work/tests.out" | sed 's/^[# ]*//')
echo "  $render"
# Kept for BENCHMARKS.md (the benchmark program copies it in).
mkdir -p docs/measurements
cat >docs/measurements/first-render.md <<MEASURED
Three loads of the demo's dashboard in Debian's Chromium (headless, $(chromium --version 2>/dev/null | head -n 1)),
the credential already in the tab, each after a 2 s pause; the time to \`body[data-state=ready]\` (Performance API mark
\`clinic-analytics:ready\`), measured by web/tests/browser/page.test.mjs on $(date -u +%Y-%m-%d):

- $render
MEASURED
