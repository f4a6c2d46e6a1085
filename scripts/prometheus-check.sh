#!/usr/bin/env bash
# The live Prometheus check: starts the demo on its own database and a Prometheus (Debian's `prometheus`) scraping it
# every second with deploy/prometheus/alerts.yml loaded, both on loopback; sends a minute of mixed traffic with the
# database refusing connections for 20 s of it (scripts/prometheus_check.py); then evaluates every target of the
# Grafana dashboard and every alert rule through Prometheus' HTTP API. Fails when a panel target returns no series or
# when the fallback and unreachable-database alerts do not fire during the cut.
#
#   scripts/prometheus-check.sh          # builds the debug binary unless CLINIC_ANALYTICS_BIN is given; ~100 s after
#
# The rules are loaded with every `for:` shortened (PROMETHEUS_CHECK_FOR, 5s), so that alerts declared to wait
# minutes fire within the cut; the demo runs with CACHE_TTL_SECONDS=10, so that cached figures expire during the cut
# and are answered from the last known values.
#
# Environment: CLINIC_ANALYTICS_BIN (a built binary), PROMETHEUS_CHECK_PORT (the demo, 18093),
# PROMETHEUS_CHECK_PROMETHEUS_PORT (18094), PROMETHEUS_CHECK_FOR (5s), PROMETHEUS (prometheus), and DEMO_POSTGRES, the
# server (postgres://postgres@127.0.0.1:5432) holding the check's own database, dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PROMETHEUS_CHECK_PORT:-18093}
prometheus_port=${PROMETHEUS_CHECK_PROMETHEUS_PORT:-18094}
shortened_for=${PROMETHEUS_CHECK_FOR:-5s}
prometheus=${PROMETHEUS:-prometheus}
database=clinic_analytics_prometheus_check
server_url=${DEMO_POSTGRES:-postgres://postgres@127.0.0.1:5432}

step() { printf '\n==> %s\n' "$*"; }

if ! command -v "$prometheus" >/dev/null 2>&1; then
    echo "Prometheus is needed (Debian: apt-get install prometheus, or set PROMETHEUS)" >&2
    exit 1
fi
for taken in "$port" "$prometheus_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$taken") 2>/dev/null; then
        echo "127.0.0.1:$taken is in use: set PROMETHEUS_CHECK_PORT or PROMETHEUS_CHECK_PROMETHEUS_PORT" >&2
        exit 1
    fi
done

if [ -z "${CLINIC_ANALYTICS_BIN:-}" ]; then
    step "building the binary"
    cargo build --quiet --bin clinic-analytics
    CLINIC_ANALYTICS_BIN=target/debug/clinic-analytics
fi

# shellcheck source=lib/demo.sh
. scripts/lib/demo.sh
with_work_dir
prometheus_pid=""
progress_pid=""
drop_database() {
    psql "$server_url/postgres" -qX -c "set client_min_messages to warning" \
        -c "drop database if exists $database with (force)" >/dev/null
}
# show_progress FILE: prints the last new "[ 12.3s] …" line of FILE every 5 s, in the background, until stop_progress.
show_progress() {
    (
        shown=""
        while sleep 5; do
            line=$(grep -E '^\[ *[0-9.]+s\]' "$1" 2>/dev/null | tail -n 1 || true)
            if [ -n "$line" ] && [ "$line" != "$shown" ]; then
                printf '  %s\n' "$line"
                shown=$line
            fi
        done
    ) &
    progress_pid=$!
}
stop_progress() {
    if [ -n "$progress_pid" ]; then
        kill "$progress_pid" 2>/dev/null || true
        wait "$progress_pid" 2>/dev/null || true
        progress_pid=""
    fi
}
cleanup() {
    stop_progress
    if [ -n "$prometheus_pid" ]; then
        kill "$prometheus_pid" 2>/dev/null || true
        wait "$prometheus_pid" 2>/dev/null || true
    fi
    stop_demo
    drop_database || echo "could not drop the database $database" >&2
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fresh database each run: the seeded figures, and a database that accepts connections even after an interrupted run.
drop_database

step "starting the demo on 127.0.0.1:$port (database $database, CACHE_TTL_SECONDS=10; seeding takes ~15 s)"
secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
show_progress "$work/demo.err"
start_demo "$port" "$database" "$work/demo.out" "$work/demo.err" JWT_HS256_SECRET="$secret" CACHE_TTL_SECONDS=10
stop_progress
token=$(grep -oE 'eyJ[A-Za-z0-9_.-]+' "$work/demo.out" | head -n 1)

step "starting Prometheus on 127.0.0.1:$prometheus_port (scrape and rule evaluation every second)"
echo "rules: deploy/prometheus/alerts.yml with every \`for:\` shortened to $shortened_for for this check" \
    "(declared: $(grep -oE '^\s+for:\s*\S+' deploy/prometheus/alerts.yml | awk '{print $2}' | paste -sd ' ' -))"
sed -E "s/^([[:space:]]+for:[[:space:]]*).*/\1$shortened_for/" deploy/prometheus/alerts.yml >"$work/alerts.yml"
promtool check rules "$work/alerts.yml" >/dev/null
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - alerts.yml
scrape_configs:
  - job_name: clinic-analytics
    metrics_path: /metrics
    static_configs:
      - targets: ["127.0.0.1:$port"]
EOF
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
    --storage.tsdb.retention.time=1h --web.listen-address="127.0.0.1:$prometheus_port" --log.level=warn \
    >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
for attempt in $(seq 1 60); do
    if curl -fs -o /dev/null "http://127.0.0.1:$prometheus_port/-/ready"; then
        break
    fi
    if ! kill -0 "$prometheus_pid" 2>/dev/null || [ "$attempt" -eq 60 ]; then
        cat "$work/prometheus.log" >&2
        echo "Prometheus was not ready within 30 seconds" >&2
        exit 1
    fi
    sleep 0.5
done

step "traffic, a database cut, then every panel and alert through Prometheus"
status=0
timeout --foreground 300 python3 scripts/prometheus_check.py \
    --url "http://127.0.0.1:$port" --prometheus "http://127.0.0.1:$prometheus_port" \
    --token "$token" --secret "$secret" --server "$server_url" --database "$database" || status=$?

if grep -q 'panicked' "$work/demo.err"; then
    echo "the demo's log records a panic:" >&2
    grep 'panicked' "$work/demo.err" | head -5 >&2
    status=1
fi
if [ "$status" -eq 0 ]; then
    step "Prometheus check passed"
else
    step "Prometheus check FAILED"
fi
exit "$status"
