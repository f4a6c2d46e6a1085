#!/usr/bin/env bash
# Profiles the service's request path: builds it with frame pointers, starts the demo on its own database (rate
# limits off: the load is the subject, not abuse), and records with perf where the time goes while wrk sends
# `{ __typename }` and then the cached full dashboard; writes the top frames (self time) and the rates to
# docs/profiles/request-path-after.md, which BENCHMARKS.md shows.
#
#   scripts/profile-request-path.sh        # needs wrk and perf (Debian: apt-get install wrk linux-perf); ~4 minutes
#
# Environment: PROFILE_PORT (18092), DEMO_POSTGRES (postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PROFILE_PORT:-18092}
output=docs/profiles/request-path-after.md
step() { printf '\n==> %s\n' "$*" >&2; }

for tool in wrk perf; do
    command -v "$tool" >/dev/null || { echo "$tool is needed (Debian: apt-get install wrk linux-perf)" >&2; exit 1; }
done

step "building the service with frame pointers (target/profiling)"
CARGO_TARGET_DIR=target/profiling RUSTFLAGS="-C force-frame-pointers=yes" CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
    cargo build --release --quiet --bin clinic-analytics
CLINIC_ANALYTICS_BIN=target/profiling/release/clinic-analytics

# shellcheck source=lib/demo.sh
. scripts/lib/demo.sh
with_work_dir
step "starting the demo on 127.0.0.1:$port"
start_demo "$port" clinic_analytics_profile "$work/demo.out" "$work/demo.err" \
    RATE_LIMIT_CALLER_PER_SECOND=0 RATE_LIMIT_ORGANIZATION_PER_SECOND=0
token=$(grep -oE 'eyJ[A-Za-z0-9_.-]+' "$work/demo.out" | head -n 1)
organization=$(grep -oE 'org_[A-Za-z0-9]+' "$work/demo.out" | head -n 1)

python3 - "$work" "$token" "$organization" <<'PY'
import json, sys
work, token, organization = sys.argv[1:]
dashboard = open("crates/bench/src/queries.rs").read().split('r#"', 1)[1].split('"#', 1)[0]
def script(name, body, headers):
    lines = ['wrk.method = "POST"', 'wrk.headers["Content-Type"] = "application/json"']
    lines += [f'wrk.headers[{json.dumps(k)}] = {json.dumps(v)}' for k, v in headers.items()]
    lines.append("wrk.body = " + json.dumps(json.dumps(body)))
    open(f"{work}/{name}.lua", "w").write("\n".join(lines) + "\n")
script("empty", {"query": "{ __typename }"}, {})
script("dashboard", {"query": dashboard, "variables": {"org": organization, "timeframe": "LAST_30_DAYS"}},
       {"Authorization": f"Bearer {token}", "X-Organization-ID": organization})
PY

profile() {
    local name=$1 title=$2
    step "profiling $title"
    # The first dashboard fills the response cache; the run measures hits.
    wrk -t1 -c8 -d1s -s "$work/$name.lua" "http://127.0.0.1:$port/graphql" >/dev/null
    wrk -t1 -c64 -d14s -s "$work/$name.lua" "http://127.0.0.1:$port/graphql" >"$work/$name.wrk" &
    local load=$!
    sleep 3
    perf record -q -e cpu-clock -F 999 -g -p "$demo_pid" -o "$work/$name.data" -- sleep 8 2>/dev/null
    wait "$load"
    local rate
    rate=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/$name.wrk")
    printf '%s: %s requests/s under `wrk -t1 -c64` while recorded.\n\n```\n' "$title" "$rate"
    perf report -i "$work/$name.data" --no-children --sort dso,symbol --stdio 2>/dev/null \
        | grep -E '^ +[0-9]' | sed -E 's/ {2,}/ /g; s/ - - *$//' | cut -c1-150 | sed -n '1,20p'
    printf '```\n\n'
}

{
    printf 'Recorded by `scripts/profile-request-path.sh` on %s, %s.\n\n' "$(date -u +%Y-%m-%d)" "$(git rev-parse --short HEAD)"
    profile empty '`{ __typename }`'
    profile dashboard 'Cached full dashboard'
} >"$output"
step "written to $output"
