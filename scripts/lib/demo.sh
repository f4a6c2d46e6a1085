# Shared by the scripts that check a running demo: start one on a loopback port with a database of its own, wait until
# it is ready, and stop it. Source it; it defines no globals but demo_pid and work.

# start_demo PORT DATABASE OUT ERR [NAME=value ...]: starts "$CLINIC_ANALYTICS_BIN demo" on 127.0.0.1:PORT, its
# database DATABASE on the server of $DEMO_POSTGRES (postgres://postgres@127.0.0.1:5432), standard output to OUT and
# standard error to ERR, with the extra environment given; returns once /readyz answers and the token is printed.
start_demo() {
    local port=$1 database=$2 out=$3 err=$4
    shift 4
    local server_url=${DEMO_POSTGRES:-postgres://postgres@127.0.0.1:5432}
    env ADMIN_DATABASE_URL="$server_url/$database" \
        DATABASE_URL="postgres://clinic_analytics_api@${server_url#postgres://*@}/$database" \
        LISTEN_ADDR="127.0.0.1:$port" \
        RUST_LOG="${RUST_LOG:-warn}" \
        "$@" \
        "$CLINIC_ANALYTICS_BIN" demo >"$out" 2>"$err" &
    demo_pid=$!
    for _ in $(seq 1 240); do
        if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && grep -q 'eyJ' "$out"; then
            return 0
        fi
        if ! kill -0 "$demo_pid" 2>/dev/null; then
            cat "$err" >&2
            echo "the demo exited before it was ready" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "the demo was not ready within two minutes" >&2
    return 1
}

# stop_demo: stops the demo start_demo started, if it runs.
stop_demo() {
    if [ -n "${demo_pid:-}" ]; then
        kill "$demo_pid" 2>/dev/null || true
        wait "$demo_pid" 2>/dev/null || true
        demo_pid=""
    fi
}

# with_work_dir: makes $work, a directory removed, with the demo stopped, when the script exits.
with_work_dir() {
    work=$(mktemp -d)
    trap 'stop_demo; rm -rf "$work"' EXIT
}
