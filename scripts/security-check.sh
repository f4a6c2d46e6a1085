#!/usr/bin/env bash
# Runs a battery of hostile requests (deep nesting, 10,000 aliases, a 1,000-element batch, a 5 MB
# document, circular fragments, CSRF-style content types, every bad-token case, other
# organizations' ids, a rate-limit hammer, the same against the REST endpoints) and two
# schemathesis fuzz runs (the GraphQL schema; the REST endpoints' OpenAPI document, whose answers
# must conform to it) against a demo server this script starts on its own database, then reports
# 5xx responses and leaks: it fails unless both are zero. The demo runs with the default limits, except that the organization's rate
# allowance is raised: the fuzzer signs each case for a caller of its own, all of one organization.
#
#   scripts/security-check.sh              # builds the release binary, ~2 minutes after the build
#
# Environment: CLINIC_ANALYTICS_BIN (a built binary, skips the build), SECURITY_CHECK_PORT (18090),
# SECURITY_CHECK_EXAMPLES (schemathesis examples per root field, 300), DEMO_POSTGRES, the server
# (postgres://postgres@127.0.0.1:5432) holding the check's own database.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${SECURITY_CHECK_PORT:-18090}
examples=${SECURITY_CHECK_EXAMPLES:-300}
database=clinic_analytics_security_check
venv=target/security-venv

step() { printf '\n==> %s\n' "$*"; }

if [ -z "${CLINIC_ANALYTICS_BIN:-}" ]; then
    step "building the release binary"
    cargo build --release --quiet
    CLINIC_ANALYTICS_BIN=target/release/clinic-analytics
fi

if [ ! -x "$venv/bin/st" ]; then
    step "installing schemathesis and PyJWT into $venv (once)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5' 'pyjwt[crypto]>=2.8,<3'
fi

# shellcheck source=lib/demo.sh
. scripts/lib/demo.sh
with_work_dir

secret=$("$venv/bin/python" -c 'import secrets; print(secrets.token_hex(32))')
"$venv/bin/python" scripts/security_check.py keys "$work"

step "starting the demo on 127.0.0.1:$port (database $database)"
start_demo "$port" "$database" "$work/demo.out" "$work/server.log" \
    LOG_FORMAT=json \
    JWT_HS256_SECRET="$secret" \
    JWKS_FILE="$work/jwks.json" \
    RATE_LIMIT_ORGANIZATION_PER_SECOND=1000000 \
    RATE_LIMIT_ORGANIZATION_BURST=1000000

step "hostile requests and the fuzz run"
status=0
"$venv/bin/python" scripts/security_check.py run \
    --url "http://127.0.0.1:$port" --secret "$secret" --keys "$work" --log "$work/demo.out" \
    --schema schema.graphql --st "$venv/bin/st" --report-dir "$work" --examples "$examples" || status=$?

if grep -q '"panicked\|panicked at' "$work/server.log"; then
    echo "the server log records a panic:" >&2
    grep 'panicked' "$work/server.log" | head -5 >&2
    status=1
fi
if [ "$status" -eq 0 ]; then
    step "security check passed: zero 5xx responses, zero leaks"
else
    step "security check FAILED"
fi
exit "$status"
