#!/usr/bin/env bash
# The scale-out check (issue 16, docs/SCALING.md), on one machine and loopback only: a PostgreSQL primary and a
# streaming replica (initdb, pg_basebackup -R), Redis, three `clinic-analytics serve` processes reading from the
# replica and sharing their rate limits in Redis, and HAProxy in front of them (deploy/haproxy/
# haproxy.local.cfg.template), all on free ports of 127.0.0.1 in a temporary directory. Then scripts/scale_check.py
# puts load through HAProxy, writes bookings, injects the faults (a process SIGKILLed, the replica's replay paused,
# Redis stopped), checks the outcome of each, and prints a table of what it measured. After a passing run the
# throughput figures are written to docs/measurements/load-balancer.md (the bench program copies that file into
# BENCHMARKS.md). Everything started here is stopped, and the directory removed, when the script exits.
#
#   CLINIC_ANALYTICS_BIN=target/release/clinic-analytics scripts/scale-check.sh     # about 2 minutes
#
# Without CLINIC_ANALYTICS_BIN it builds the debug binary first. Needs the PostgreSQL server binaries (initdb, pg_ctl,
# pg_basebackup; Debian: postgresql), psql, redis-server, haproxy, promtool (Debian: prometheus), envsubst
# (gettext-base), curl and python3. As root, PostgreSQL runs as the OS user postgres (it refuses root).
#
# Environment: CLINIC_ANALYTICS_BIN, PG_BIN (the directory of initdb; the newest /usr/lib/postgresql/*/bin holding it),
# HAPROXY (haproxy), REDIS_SERVER (redis-server), SCALE_CHECK_KEEP=1 (keep the directory and its logs).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
fail() {
    echo "scale check: $*" >&2
    exit 1
}

# The server binaries are not on PATH in Debian: the newest /usr/lib/postgresql/<version>/bin that holds initdb (the
# client package alone creates such a directory without it).
newest_pg_bin() {
    local initdb
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$initdb" ] && dirname "$initdb"
}
pg_bin=${PG_BIN:-$(newest_pg_bin || true)}
[ -n "$pg_bin" ] || fail "the PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_basebackup) are not in" \
    "/usr/lib/postgresql/*/bin (Debian: apt-get install postgresql); or set PG_BIN to their directory"
for tool in initdb pg_ctl postgres pg_basebackup; do
    [ -x "$pg_bin/$tool" ] || fail "$pg_bin/$tool is missing (Debian: apt-get install postgresql; or set PG_BIN)"
done
haproxy=${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}
[ -x "$haproxy" ] || fail "$haproxy is missing (Debian: apt-get install haproxy; or set HAPROXY)"
redis_server=${REDIS_SERVER:-redis-server}
# need TOOL PACKAGE: TOOL on PATH, or a failure naming the Debian package that has it.
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is missing (Debian: apt-get install $2)"; }
need psql postgresql-client
need "$redis_server" redis-server
need promtool prometheus
need envsubst gettext-base
need curl curl
need python3 python3

if [ -z "${CLINIC_ANALYTICS_BIN:-}" ]; then
    step "building the binary"
    cargo build --quiet --bin clinic-analytics
    CLINIC_ANALYTICS_BIN=target/debug/clinic-analytics
fi
[ -x "$CLINIC_ANALYTICS_BIN" ] || fail "$CLINIC_ANALYTICS_BIN is not an executable"

begun=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/scale-check.XXXXXX")
chmod 755 "$work"
mkdir "$work/pids" "$work/pg"
# A copy of its own: a rebuild replacing the binary during the run does not change the processes restarted in it.
ln "$CLINIC_ANALYTICS_BIN" "$work/clinic-analytics" 2>/dev/null || cp "$CLINIC_ANALYTICS_BIN" "$work/clinic-analytics"
bin=$work/clinic-analytics

# PostgreSQL refuses to run as root: then the clusters belong to, and run as, the OS user postgres.
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || fail "running as root needs the OS user postgres to run PostgreSQL"
    chown postgres: "$work/pg"
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

driver=""
cleanup() {
    local status=$?
    local pid_file pid
    if [ -n "$driver" ]; then
        kill "$driver" 2>/dev/null || true
        wait "$driver" 2>/dev/null || true
    fi
    for pid_file in "$work"/pids/*.pid; do
        [ -e "$pid_file" ] || continue
        pid=$(cat "$pid_file")
        kill "$pid" 2>/dev/null || true
    done
    for pid_file in "$work"/pids/*.pid; do
        [ -e "$pid_file" ] || continue
        pid=$(cat "$pid_file")
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    for cluster in replica primary; do
        if [ -f "$work/pg/$cluster/postmaster.pid" ]; then
            as_owner "$pg_bin/pg_ctl" -D "$work/pg/$cluster" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
        fi
    done
    wait 2>/dev/null || true
    if [ "${SCALE_CHECK_KEEP:-}" = 1 ]; then
        echo "everything kept in $work" >&2
    elif [ "$status" -ne 0 ]; then
        for log in "$work"/app*.log "$work"/redis.log; do
            [ -s "$log" ] || continue
            echo "--- the end of $(basename "$log"):" >&2
            tail -n 5 "$log" | cut -c 1-400 >&2
        done
        rm -rf "$work/pg/primary" "$work/pg/replica" "$work/clinic-analytics"
        echo "logs kept in $work and $work/pg" >&2
    else
        rm -rf "$work"
    fi
    echo "scale check: $(($(date +%s) - begun)) s" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Eight free ports on 127.0.0.1, held together while they are chosen so that they differ.
read -r primary_port replica_port redis_port app1_port app2_port app3_port lb_port stats_port < <(
    python3 -c '
import socket
held = [socket.socket() for _ in range(8)]
for sock in held:
    sock.bind(("127.0.0.1", 0))
print(" ".join(str(sock.getsockname()[1]) for sock in held))'
)

# launcher NAME COMMAND...: writes $work/NAME.sh, which records its pid and execs COMMAND (logging to NAME.log),
# so the check can start the process again after killing it; then starts it.
launcher() {
    local name=$1
    shift
    {
        echo '#!/usr/bin/env bash'
        echo "echo \$\$ >'$work/pids/$name.pid'"
        printf 'exec'
        printf ' %q' "$@"
        printf " >>'%s' 2>&1\n" "$work/$name.log"
    } >"$work/$name.sh"
    bash "$work/$name.sh" </dev/null &
    # Stopped by pid (the check kills some on purpose): no job report from this shell.
    disown
}

# wait_for WHAT SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds.
wait_for() {
    local what=$1 seconds=$2
    shift 2
    local tries=$((seconds * 5))
    for _ in $(seq 1 "$tries"); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    fail "$what was not ready within $seconds s (logs in $work)"
}

primary_url="postgres://postgres@127.0.0.1:$primary_port/clinic_analytics"
replica_url="postgres://postgres@127.0.0.1:$replica_port/clinic_analytics"
sql() { psql "$primary_url" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
streaming() {
    [ "$(psql "postgres://postgres@127.0.0.1:$primary_port/postgres" -qAtX \
        -c "select count(*) from pg_stat_replication where state = 'streaming'")" = 1 ]
}
replayed() { [ "$(psql "$replica_url" -qAtX -c "select pg_wal_lsn_diff('$1', pg_last_wal_replay_lsn()) <= 0")" = t ]; }
redis_answers() (
    exec 3<>"/dev/tcp/127.0.0.1/$redis_port" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG
)
servers_up() {
    python3 -c 'import sys; sys.path.insert(0, "scripts"); from scale_check_cluster import HAProxy
statuses = HAProxy(sys.argv[1]).statuses()
sys.exit(0 if [statuses.get(server) for server in ("app1", "app2", "app3")] == ["UP"] * 3 else 1)' "$work/haproxy.sock"
}

step "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'): primary on 127.0.0.1:$primary_port," \
    "streaming replica on 127.0.0.1:$replica_port"
as_owner "$pg_bin/initdb" -D "$work/pg/primary" -U postgres --auth=trust -E UTF8 --no-sync >"$work/initdb.log"
# Loopback only, trust for these private clusters; fsync off, as nothing here must survive a crash.
as_owner tee -a "$work/pg/primary/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/pg'
wal_level = replica
max_wal_senders = 4
wal_keep_size = '64MB'
hot_standby = on
fsync = off
max_connections = 100
shared_buffers = '64MB'
EOF
as_owner "$pg_bin/pg_ctl" -D "$work/pg/primary" -o "-p $primary_port" -l "$work/pg/primary.log" -w -t 60 start \
    >/dev/null
as_owner "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$work/pg/replica" -R -X stream -c fast
# As a read replica for analytics should: the primary keeps the row versions the replica's queries still read, so
# that replaying its cleanup does not cancel them.
echo "hot_standby_feedback = on" | as_owner tee -a "$work/pg/replica/postgresql.conf" >/dev/null
as_owner "$pg_bin/pg_ctl" -D "$work/pg/replica" -o "-p $replica_port" -l "$work/pg/replica.log" -w -t 60 start \
    >/dev/null
wait_for "streaming replication" 30 streaming
echo "replica streaming"

step "database: migrate, seed, the service's login role, the check's organizations"
ADMIN_DATABASE_URL=$primary_url RUST_LOG=warn "$bin" migrate
ADMIN_DATABASE_URL=$primary_url RUST_LOG=warn "$bin" seed --orgs 3 --patients 300 --appointments 4000 \
    --history-days 365 2>&1 | tail -n 1
# As `demo` does (roles::ensure_service_login): a login role in clinic_analytics_service that owns nothing, so
# row-level security holds it; it reaches the replica through the WAL.
sql "create role clinic_analytics_api login nosuperuser nobypassrls nocreatedb nocreaterole;
     grant clinic_analytics_service to clinic_analytics_api;"
# org_scale_check receives the bookings (no history, so its 30-day total is the number written); the two others
# are for the rate limits.
sql "insert into organizations (id, name, timezone, currency) values
         ('org_scale_check', 'Scale Check Clinic', 'UTC', 'AUD'),
         ('org_scale_limits_a', 'Scale Limits A', 'UTC', 'AUD'),
         ('org_scale_limits_b', 'Scale Limits B', 'UTC', 'AUD');
     insert into patients (organization_id, id, created_at)
     values ('org_scale_check', 'p1', now() - interval '60 days');"
load_orgs=$(sql "select string_agg(id, ',' order by id) from organizations where id not like 'org_scale_%'")
wait_for "the replica replaying the seed" 30 replayed "$(sql "select pg_current_wal_lsn()")"
echo "organizations under load: $load_orgs"

step "Redis on 127.0.0.1:$redis_port"
launcher redis "$redis_server" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no
wait_for "Redis" 20 redis_answers

# The limits (cost units; graphql/cost.rs): a caller's well above what one load thread spends, so that only the
# rate-limit phase meets them (its query costs 400: 5 a second per caller, 30 per organization).
caller_per_second=2000 caller_burst=2000 organization_per_second=12000 organization_burst=12000
replica_max_wait_ms=1000
secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
step "three service processes on 127.0.0.1:$app1_port, :$app2_port, :$app3_port"
index=0
for port in "$app1_port" "$app2_port" "$app3_port"; do
    index=$((index + 1))
    launcher "app$index" env \
        DATABASE_URL="postgres://clinic_analytics_api@127.0.0.1:$primary_port/clinic_analytics" \
        DATABASE_READ_URL="postgres://clinic_analytics_api@127.0.0.1:$replica_port/clinic_analytics" \
        REPLICA_MAX_WAIT_MS="$replica_max_wait_ms" \
        REDIS_URL="redis://127.0.0.1:$redis_port" \
        LISTEN_ADDR="127.0.0.1:$port" \
        JWT_HS256_SECRET="$secret" \
        RATE_LIMIT_CALLER_PER_SECOND="$caller_per_second" RATE_LIMIT_CALLER_BURST="$caller_burst" \
        RATE_LIMIT_ORGANIZATION_PER_SECOND="$organization_per_second" \
        RATE_LIMIT_ORGANIZATION_BURST="$organization_burst" \
        RUST_LOG=warn \
        "$bin" serve
done
for port in "$app1_port" "$app2_port" "$app3_port"; do
    wait_for "the process on :$port" 60 curl -fsS "http://127.0.0.1:$port/readyz"
done
echo "all three ready"

step "HAProxy on 127.0.0.1:$lb_port (statistics on :$stats_port)"
LISTEN_PORT=$lb_port STATS_PORT=$stats_port ADMIN_SOCKET=$work/haproxy.sock \
    BACKEND1=127.0.0.1:$app1_port BACKEND2=127.0.0.1:$app2_port BACKEND3=127.0.0.1:$app3_port \
    envsubst '${LISTEN_PORT} ${STATS_PORT} ${ADMIN_SOCKET} ${BACKEND1} ${BACKEND2} ${BACKEND3}' \
    <deploy/haproxy/haproxy.local.cfg.template >"$work/haproxy.cfg"
"$haproxy" -q -c -f "$work/haproxy.cfg" || fail "HAProxy refuses $work/haproxy.cfg"
launcher haproxy "$haproxy" -db -f "$work/haproxy.cfg"
wait_for "HAProxy with three servers up" 30 servers_up
echo "three servers up"

# awk reads to the end: `head -n 1` could leave haproxy writing into a closed pipe (SIGPIPE, and pipefail ends the run).
haproxy_version=$("$haproxy" -v | awk 'NR == 1 {print $3}')
redis_version=$("$redis_server" --version | awk '{print $3}' | cut -d= -f2)
python3 - "$work/scale.json" <<EOF
import json, sys
config = {
    "lb": "http://127.0.0.1:$lb_port",
    "apps": {"app1": "http://127.0.0.1:$app1_port", "app2": "http://127.0.0.1:$app2_port",
             "app3": "http://127.0.0.1:$app3_port"},
    "secret": "$secret",
    "primary_port": $primary_port,
    "replica_port": $replica_port,
    "pids": "$work/pids",
    "launchers": {name: "$work/" + name + ".sh" for name in ("app1", "app2", "app3", "redis", "haproxy")},
    "admin_socket": "$work/haproxy.sock",
    "alerts": "deploy/prometheus/alerts.yml",
    "work": "$work",
    "binary": "$CLINIC_ANALYTICS_BIN",
    "measurements": "$work/load-balancer.md",
    "versions": "HAProxy $haproxy_version, Redis $redis_version",
    "organizations": {"load": "$load_orgs".split(","), "check": "org_scale_check",
                      "caller_limit": "org_scale_limits_a", "organization_limit": "org_scale_limits_b"},
    "limits": {"caller_per_second": $caller_per_second, "caller_burst": $caller_burst,
               "organization_per_second": $organization_per_second, "organization_burst": $organization_burst},
    "replica_max_wait_ms": $replica_max_wait_ms,
}
json.dump(config, open(sys.argv[1], "w"), indent=2)
EOF

step "load, checks and faults (scripts/scale_check.py)"
status=0
# In the background, waited for, so that a signal to this script stops it at once (through its trap).
timeout 200 python3 scripts/scale_check.py --config "$work/scale.json" &
driver=$!
wait "$driver" || status=$?
driver=""
for log in "$work"/app*.log; do
    if grep -q 'panicked' "$log"; then
        echo "$(basename "$log" .log) panicked:" >&2
        grep -m 3 'panicked' "$log" >&2
        status=1
    fi
done
if [ "$status" -eq 0 ]; then
    # Kept for BENCHMARKS.md (the benchmark program copies it in); only a passing run's figures.
    mkdir -p docs/measurements
    cp "$work/load-balancer.md" docs/measurements/load-balancer.md
    echo "throughput figures written to docs/measurements/load-balancer.md"
    step "scale check passed"
else
    step "scale check FAILED"
fi
exit "$status"
