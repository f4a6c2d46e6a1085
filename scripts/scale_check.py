#!/usr/bin/env python3
"""The scale-out check's load, checks and faults, run by scripts/scale-check.sh once it has started a PostgreSQL
primary and streaming replica, Redis, three `serve` processes and HAProxy on 127.0.0.1 (docs/SCALING.md).

Phases, each with its checks:
  1. steady load through HAProxy while bookings are written to the primary: every process's dashboard (asked
     directly) shows each booking within 1 s; a malformed X-Consistency-Token is answered 400 BAD_USER_INPUT;
  2. rate limits: one caller, then one organization's many callers, asking for more than the limit across the three
     processes: accepted cost per second within 10% of the configured rate (after the burst GCRA allows);
  3. one process SIGKILLed mid-load: no request fails at the client;
  4. the replica's replay paused: bookings still show (bounded wait, then the primary), replica_fallbacks_total
     grows, and the replica-lag alert's expression (deploy/prometheus/alerts.yml) holds on the scraped gauges;
  5. throughput through HAProxy with three processes against one, alternating, same closed-loop load;
  6. Redis stopped: every request still answered, rate_limit_backend_errors_total grows.
Throughout, a dashboardUpdated subscription through HAProxy records when each update arrives and its consistencyToken,
every process is asked for the dashboard at once, and no answer may be older than an update delivered before it was
asked. Every dashboard query the check judges sends the token of the latest update delivered before it in
X-Consistency-Token, as the dashboard page does when a live update makes it refetch (docs/SCALING.md, "Consistency
across processes"): the process answering, whichever HAProxy picked, first waits until it has applied that change.

Prints a line per step and a table of what it measured; exits 1 naming every check that failed. When every check
passed, writes the throughput figures as Markdown to the config's `measurements` path (scripts/scale-check.sh copies
them to docs/measurements/load-balancer.md). Only the standard library is used.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from prometheus_check_live import TEXT, Subscription  # noqa: E402 - the stdlib graphql-transport-ws client
from prometheus_check_traffic import mint  # noqa: E402 - HS256 tokens as the service reads them
from scale_check_cluster import (  # noqa: E402
    HAProxy, Load, Postgres, Processes, graphql_request, outcome, percentile, request, scrape, total,
)

CHECK_QUERY = "query Check($org: ID!) { organization(id: $org) { bookingMetrics { totalBookings } } }"
# The Prometheus check's subscription document, with the token a refetch sends back.
CHECK_SUBSCRIPTION = ("subscription ($org: ID!) { dashboardUpdated(organizationId: $org) { changedAt groups reason "
                      "consistencyToken } }")
CONSISTENCY_HEADER = "X-Consistency-Token"
LOAD_QUERY = ("query Load($org: ID!, $timeframe: Timeframe!) { organization(id: $org) { "
              "bookingMetrics(timeframe: $timeframe) { totalBookings bookingsViaAi } } }")
TIMEFRAMES = ["LAST_7_DAYS", "LAST_30_DAYS", "LAST_90_DAYS"]
# Costs 400: the organization 1, id, name and timezone 3, and 36 booking groups of 10 + 1 (graphql/cost.rs).
PROBE_COST = 400
PROBE_QUERY = "query Probe($org: ID!) { organization(id: $org) { id name timezone " + " ".join(
    f"b{index}: bookingMetrics {{ totalBookings }}" for index in range(36)) + " } }"
LAG_ALERT = "ClinicAnalyticsReplicaLagging"
WRITE_INTERVAL = 1.5  # above the subscription's one update a second, so each booking gets its own update
started = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - started:5.1f}s] {message}", flush=True)


class Checks:
    def __init__(self):
        self.results = []

    def check(self, name, ok, detail):
        self.results.append((name, ok, detail))
        log(f"  {'ok    ' if ok else 'FAILED'} {name}: {detail}")

    def failed(self):
        return [name for name, ok, _ in self.results if not ok]


class TimedSubscription(Subscription):
    """The check's subscription client: subscribes with CHECK_SUBSCRIPTION (asking for the consistency token too) and
    hands each update to `on_update` as it arrives."""

    def __init__(self, url, token, organization, on_update):
        super().__init__(url, token, organization)
        self.on_update = on_update

    def send_json(self, message):
        if message.get("type") == "subscribe":
            message = {**message, "payload": {**message["payload"], "query": CHECK_SUBSCRIPTION}}
        super().send_json(message)

    def handle(self, opcode, payload):
        if opcode == TEXT:
            message = json.loads(payload)
            if message.get("type") == "next":
                data = (message.get("payload") or {}).get("data") or {}
                self.on_update(data.get("dashboardUpdated") or {})
        super().handle(opcode, payload)


class Updates(threading.Thread):
    """A dashboardUpdated subscription through the load balancer, opened again when its process goes away. On each
    update it asks every process and the load balancer for the dashboard at once, sending the update's consistency
    token back."""

    def __init__(self, run):
        super().__init__(daemon=True)
        self.state = run
        self.stopping = threading.Event()
        self.current = None
        self.connections = 0
        self.ends = []

    def run(self):
        run = self.state
        while not self.stopping.is_set():
            self.current = TimedSubscription(run.lb, run.tokens["subscriber"], run.check_org, self.received)
            self.current.start()
            self.connections += 1
            while self.current.is_alive() and not self.stopping.is_set():
                self.current.join(0.2)
            if self.stopping.is_set():
                self.current.stop()
                break
            self.ends.append(self.current.ended)
            time.sleep(0.2)

    def received(self, update):
        self.state.delivered(update)
        targets = dict(self.state.apps, lb=self.state.lb)
        for name, url in targets.items():
            threading.Thread(target=self.state.dashboard, args=(name, url, "subscriber"), daemon=True).start()

    def acknowledged(self, within=15):
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.current is not None and self.current.acknowledged:
                return True
            time.sleep(0.05)
        return False


class Run:
    def __init__(self, config):
        self.config = config
        self.lb = config["lb"]
        self.apps = config["apps"]
        self.limits = config["limits"]
        self.check_org = config["organizations"]["check"]
        self.load_orgs = config["organizations"]["load"]
        self.processes = Processes(config["pids"], config["launchers"])
        self.haproxy = HAProxy(config["admin_socket"])
        self.primary = Postgres(config["primary_port"])
        self.replica = Postgres(config["replica_port"])
        self.checks = Checks()
        self.figures = {}
        self.lock = threading.Lock()
        # (target, asker, asked at, value, consistency token sent) of every dashboard answer for the check organization
        self.answers = []
        self.writes = []  # (started at, committed at) of every booking, the n-th making totalBookings n
        self.updates = []  # (arrived at, groups, reason, consistency token)
        secret = config["secret"]
        self.tokens = {"subscriber": mint(secret, "scale-subscriber", [self.check_org])}
        for name in self.apps:
            self.tokens[f"checker-{name}"] = mint(secret, f"scale-checker-{name}", [self.check_org])
        self.load_tokens = [mint(secret, f"scale-load-{index}", self.load_orgs) for index in range(32)]
        self.secret = secret

    def delivered(self, update):
        """Records an update as it arrives: when, what it names, and its consistency token. Under the lock that
        `dashboard` takes its time and token under, so that every answer asked after an update sends its token."""
        with self.lock:
            self.updates.append((time.time(), update.get("groups") or [], update.get("reason"),
                                 update.get("consistencyToken")))

    def latest_token(self):
        """The highest consistency token of the updates delivered so far (None before any carried one). Tokens are WAL
        positions, the same on every process, so the highest covers every update delivered."""
        tokens = [token for _, _, _, token in self.updates if token is not None]
        return max(tokens, key=int) if tokens else None

    def dashboard(self, target, url, token_name):
        """Asks `url` for the check organization's bookings, sending the latest delivered update's consistency token
        back (as a client refetching after it does); records and returns the total (None on failure)."""
        with self.lock:
            asked = time.time()
            consistency = self.latest_token()
        method, path, body, headers = graphql_request(self.tokens[token_name], self.check_org, CHECK_QUERY,
                                                      {"org": self.check_org})
        if consistency is not None:
            headers[CONSISTENCY_HEADER] = consistency
        try:
            status, text = request(url, method, path, body, headers, timeout=10)
        except OSError:
            return None
        if outcome(status, text) != "ok":
            return None
        value = json.loads(text)["data"]["organization"]["bookingMetrics"]["totalBookings"]
        with self.lock:
            self.answers.append((target, token_name, asked, value, consistency))
        return value

    def load_request(self, thread, sequence):
        """The load: bookings of the load organizations over three windows, GET on odd threads, POST on even."""
        organization = self.load_orgs[(thread + sequence) % len(self.load_orgs)]
        timeframe = TIMEFRAMES[sequence % len(TIMEFRAMES)]
        token = self.load_tokens[(thread * 7 + sequence) % len(self.load_tokens)]
        return graphql_request(token, organization, LOAD_QUERY, {"org": organization, "timeframe": timeframe},
                               method="GET" if thread % 2 else "POST")

    def metric(self, name, **labels):
        """The sum over the three processes of a metric's matching series; None when no process exports it."""
        values = [total(scrape(url), name, **labels) for url in self.apps.values()]
        found = [value for value in values if value is not None]
        return sum(found) if found else None

    def write_booking(self):
        number = len(self.writes) + 1
        begun = time.time()
        self.primary.run(
            "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source) "
            f"values ('{self.check_org}', 'scale-check-{number}', 'p1', now(), now() + interval '2 days', "
            "'booked', 'online')")
        committed = time.time()
        self.writes.append((begun, committed))
        return number, committed

    def visible(self, number, committed, bound):
        """Asks every process directly, every 20 ms, until its dashboard shows `number` bookings: the ms each took."""
        seen = {}

        def poll(name, url):
            deadline = committed + 2 * bound + 1
            while time.time() < deadline:
                value = self.dashboard(name, url, f"checker-{name}")
                if value is not None and value >= number:
                    seen[name] = max(0.0, (time.time() - committed) * 1000)
                    return
                time.sleep(0.02)

        pollers = [threading.Thread(target=poll, args=item) for item in self.apps.items()]
        for poller in pollers:
            poller.start()
        for poller in pollers:
            poller.join()
        return seen

    def write_and_watch(self, count, bound_ms, label):
        """Writes `count` bookings, WRITE_INTERVAL apart; checks each shows on every process within `bound_ms`."""
        worst = 0.0
        late = []
        for _ in range(count):
            begun = time.monotonic()
            number, committed = self.write_booking()
            seen = self.visible(number, committed, bound_ms / 1000)
            for name in self.apps:
                took = seen.get(name)
                if took is None or took > bound_ms:
                    late.append(f"booking {number} on {name}: " + ("never seen" if took is None else f"{took:.0f} ms"))
                else:
                    worst = max(worst, took)
            log(f"  booking {number}: " + ", ".join(
                f"{name} {seen[name]:.0f} ms" if name in seen else f"{name} never" for name in self.apps))
            time.sleep(max(0.0, WRITE_INTERVAL - (time.monotonic() - begun)))
        self.checks.check(f"{label}: every process's dashboard shows each booking within {bound_ms} ms",
                          not late, f"worst {worst:.0f} ms over {count} bookings" + (f"; late: {late}" if late else ""))
        return worst


def steady(run):
    log("phase 1: steady load through HAProxy (about 150 requests/s) while bookings are written to the primary")
    with Load(run.lb, run.load_request, threads=4, rate=150) as load:
        time.sleep(1)
        worst = run.write_and_watch(8, 1000, "steady load")
    run.figures["visible_worst_ms"] = worst
    run.checks.check("steady load: no failed request", load.failures() == 0,
                     f"{load.failures()} of {load.answered()} failed {dict(load.outcomes)}")
    malformed_token(run)


def malformed_token(run):
    """A consistency token that is not one reaches the process through HAProxy and is refused as the client's error."""
    method, path, body, headers = graphql_request(run.tokens["subscriber"], run.check_org, CHECK_QUERY,
                                                  {"org": run.check_org})
    status, text = request(run.lb, method, path, body, {**headers, CONSISTENCY_HEADER: "not-a-position"}, timeout=10)
    code = outcome(200, text)  # 'error <code>' of the first GraphQL error
    run.checks.check(f"a malformed {CONSISTENCY_HEADER} is answered 400 BAD_USER_INPUT",
                     status == 400 and code == "error BAD_USER_INPUT", f"{status}, {code}: {text[:160]}")


def rate_window(run, senders, duration):
    """Each sender (token, organization, target URLs, requests a second) asks PROBE_QUERY for `duration` seconds,
    cycling through its targets. Returns (accepted, refused by scope, first sent, last sent, other outcomes)."""
    lock = threading.Lock()
    tally = {"accepted": 0, "scopes": {}, "other": {}, "sent": []}

    def send(token, organization, targets, rate):
        begin = time.monotonic()
        index = 0
        while (due := begin + index / rate) < begin + duration:
            time.sleep(max(0.0, due - time.monotonic()))
            url = targets[index % len(targets)]
            method, path, body, headers = graphql_request(token, organization, PROBE_QUERY, {"org": organization})
            sent = time.monotonic()
            try:
                status, text = request(url, method, path, body, headers, timeout=10)
            except OSError as error:
                status, text = 0, type(error).__name__
            with lock:
                tally["sent"].append(sent)
                if status == 429:
                    scope = refused_scope(text)
                    tally["scopes"][scope] = tally["scopes"].get(scope, 0) + 1
                elif outcome(status, text) == "ok":
                    tally["accepted"] += 1
                else:
                    key = outcome(status, text) if status else f"connection {text}"
                    tally["other"][key] = tally["other"].get(key, 0) + 1
            index += 1

    threads = [threading.Thread(target=send, args=sender) for sender in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally["accepted"], tally["scopes"], min(tally["sent"]), max(tally["sent"]), tally["other"]


def refused_scope(text):
    """The scope a 429's GraphQL error names (extensions.details.scope)."""
    try:
        error = json.loads(text)["errors"][0]
        return ((error.get("extensions") or {}).get("details") or {}).get("scope", "unnamed")
    except (ValueError, KeyError, IndexError, TypeError):
        return "unreadable"


def gcra_check(run, label, scope, per_second, burst, senders, duration=6.0):
    accepted, scopes, first, last, other = rate_window(run, senders, duration)
    span = last - first
    # GCRA admits the whole burst at once, then `per_second` more each second: over the span it allows
    # (burst + per_second x span) / cost requests, and after the burst the accepted cost per second is the configured
    # rate (less at most one request's cost over the span, from rounding down).
    allowed = (burst + per_second * span) / PROBE_COST
    rate = (accepted * PROBE_COST - burst) / span
    ratio = rate / per_second
    run.figures[f"limit_{scope}"] = (rate, per_second, ratio)
    run.checks.check(
        f"rate limits: {label} held across the three processes within 10%", abs(ratio - 1) <= 0.10 and not other,
        f"{accepted} accepted of {accepted + sum(scopes.values())} over {span:.1f} s (GCRA allows {allowed:.1f}): "
        f"{rate:.0f} cost/s after the {burst} burst, configured {per_second}/s (x{ratio:.2f}); refused by scope "
        f"{scopes}" + (f"; other {other}" if other else ""))


def rate_limits(run):
    limits = run.limits
    targets = list(run.apps.values())
    caller_org, organization_org = run.config["organizations"]["caller_limit"], \
        run.config["organizations"]["organization_limit"]
    per_request = PROBE_COST
    caller_rate = limits["caller_per_second"] / per_request
    log(f"phase 2: rate limits, one caller asking {3 * 2 * caller_rate:.0f} requests/s of cost {per_request} "
        f"({2 * caller_rate:.0f}/s at each process; allowed {caller_rate:.0f}/s in all)")
    token = mint(run.secret, f"scale-rate-caller-{uuid.uuid4().hex[:8]}", [caller_org])
    senders = [(token, caller_org, [target], 2 * caller_rate) for target in targets]
    gcra_check(run, "one caller's limit", "caller", limits["caller_per_second"], limits["caller_burst"], senders)

    organization_rate = limits["organization_per_second"] / per_request
    callers = 12
    # Each caller stays under its own limit (80% of it), and together they ask for more than the organization's.
    each = 0.8 * caller_rate
    log(f"  then {callers} callers of one organization, {each:.0f} requests/s each through every process "
        f"({callers * each:.0f}/s; the organization is allowed {organization_rate:.0f}/s)")
    senders = [(mint(run.secret, f"scale-rate-org-{uuid.uuid4().hex[:8]}", [organization_org]), organization_org,
                targets[index % 3:] + targets[:index % 3], each) for index in range(callers)]
    gcra_check(run, "one organization's limit", "organization", limits["organization_per_second"],
               limits["organization_burst"], senders)


def kill_one(run):
    log("phase 3: closed-loop load through HAProxy (GET and POST), app2 SIGKILLed after 2 s")
    with Load(run.lb, run.load_request, threads=4) as load:
        time.sleep(2)
        run.processes.kill("app2", signal.SIGKILL)
        killed = time.monotonic()
        down, statuses = run.haproxy.wait_for({"app2": "DOWN"}, within=5)
        log(f"  HAProxy marked app2 {statuses.get('app2')} {time.monotonic() - killed:.2f} s after the kill")
        time.sleep(max(0.0, 4 - (time.monotonic() - killed)))
    failures = load.failures()
    run.figures["kill"] = (failures, load.answered())
    run.checks.check("one process SIGKILLed mid-load: 0 failed requests at the client", failures == 0,
                     f"{failures} of {load.answered()} failed {dict(load.outcomes)}")
    log("  restarting app2")
    run.processes.start("app2")
    up, statuses = run.haproxy.wait_for({"app2": "UP"}, within=60)
    if not up:
        raise RuntimeError(f"app2 did not come back in HAProxy: {statuses}")
    log(f"  app2 is back: {statuses}")


def healthy_lag(run, samples=4, interval=2.0):
    """The lag gauges of a replica that is keeping up, a few times over 6 s (they are set every second). A single
    sample may catch a few bytes of WAL not yet replayed, and then reads the seconds since the last replayed
    transaction (seen: 80 bytes and 18 s, for about a second)."""
    taken = []
    for index in range(samples):
        if index:
            time.sleep(interval)
        taken.append(lag_figures(run))
    return taken


def lag_figures(run):
    """{app: (replica_lag_seconds, replica_lag_bytes)} as each process exports them now."""
    figures = {}
    for name, url in run.apps.items():
        samples = scrape(url)
        figures[name] = (total(samples, "replica_lag_seconds"), total(samples, "replica_lag_bytes"))
    return figures


def alert_expression(path, name):
    """The `expr` of alert `name` in a rules file, read as text (the file's layout: `expr: |` and an indented block,
    or `expr: ...` on one line)."""
    lines = open(path).read().splitlines()
    start = next(index for index, line in enumerate(lines) if line.strip() == f"- alert: {name}")
    for index in range(start + 1, len(lines)):
        key, _, value = lines[index].strip().partition(":")
        if key == "expr":
            if value.strip() not in ("|", ">"):
                return value.strip()
            indent = len(lines[index]) - len(lines[index].lstrip())
            block = []
            for line in lines[index + 1:]:
                if line.strip() and len(line) - len(line.lstrip()) <= indent:
                    break
                block.append(line.strip())
            return " ".join(part for part in block if part)
    raise ValueError(f"no expr for alert {name} in {path}")


def expression_fires(run, expression, figures):
    """Evaluates the alert's expression with promtool on the scraped gauges: whether it returns a series."""
    series = []
    for name, (seconds, lag_bytes) in figures.items():
        series.append(f"      - series: 'replica_lag_seconds{{instance=\"{name}\"}}'\n        values: '{seconds}x3'")
        series.append(f"      - series: 'replica_lag_bytes{{instance=\"{name}\"}}'\n        values: '{lag_bytes}x3'")
    test = (f"evaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n" + "\n".join(series) +
            f"\n    promql_expr_test:\n      - expr: 'count(({expression})) > bool 0'\n        eval_time: 1m\n"
            "        exp_samples:\n          - labels: '{}'\n            value: 1\n")
    path = os.path.join(run.config["work"], "replica_lag_test.yml")
    with open(path, "w") as file:
        file.write(test)
    completed = subprocess.run(["promtool", "test", "rules", path], capture_output=True, text=True, timeout=30)
    if completed.returncode == 0:
        return True
    if "got: nil" in completed.stderr:
        return False
    raise RuntimeError(f"promtool could not evaluate the expression: {completed.stderr.strip()}")


def replica_paused(run):
    wait_ms = run.config["replica_max_wait_ms"]
    expression = alert_expression(run.config["alerts"], LAG_ALERT)
    log(f"phase 4: replica replay paused; {LAG_ALERT}: {expression}")
    healthy = healthy_lag(run)
    fallbacks_before = run.metric("replica_fallbacks_total")
    with Load(run.lb, run.load_request, threads=4, rate=150) as load:
        run.replica.run("select pg_wal_replay_pause()")
        paused_at = time.monotonic()
        try:
            if not wait_until(lambda: run.replica.run("select pg_get_wal_replay_pause_state()") == "paused", 10):
                raise RuntimeError("the replica's replay did not pause within 10 s")
            log("  replay paused")
            run.figures["visible_paused_worst_ms"] = run.write_and_watch(3, wait_ms + 1000, "replica paused")
            fired, lagging = False, {}
            while time.monotonic() - paused_at < 20:
                lagging = lag_figures(run)
                if all(None not in pair for pair in lagging.values()):
                    fired = expression_fires(run, expression, lagging)
                    if fired:
                        break
                time.sleep(1)
            log(f"  after {time.monotonic() - paused_at:.1f} s paused, lag (seconds, bytes) by process: {lagging}")
        finally:
            resumed_lsn = run.primary.run("select pg_current_wal_lsn()")
            resume(run)
            log("  replay resumed")
    fallbacks_after = run.metric("replica_fallbacks_total")
    caught_up = wait_until(lambda: run.replica.run(
        f"select pg_wal_lsn_diff('{resumed_lsn}', pg_last_wal_replay_lsn()) <= 0") == "t", 15)
    known = all(None not in pair for sample in healthy for pair in sample.values())
    # The rule fires only when its expression holds for its whole `for:`: on a healthy replica it must not hold on
    # every one of the samples.
    holds = [expression_fires(run, expression, sample) for sample in healthy] if known else []
    run.figures["fallbacks"] = (fallbacks_before, fallbacks_after)
    run.figures["lag"] = lagging
    run.checks.check("replica paused: no failed request", load.failures() == 0,
                     f"{load.failures()} of {load.answered()} failed {dict(load.outcomes)}")
    run.checks.check("replica paused: replica_fallbacks_total increased",
                     fallbacks_after is not None and fallbacks_after > (fallbacks_before or 0),
                     f"{fallbacks_before} -> {fallbacks_after}" if fallbacks_after is not None
                     else "replica_fallbacks_total is not exported")
    run.checks.check(f"replica paused: {LAG_ALERT}'s expression holds on the scraped gauges", fired,
                     f"gauges {lagging}" if all(None not in pair for pair in lagging.values())
                     else f"replica_lag_seconds / replica_lag_bytes not exported ({lagging})")
    run.checks.check(f"healthy replica: {LAG_ALERT}'s expression does not hold throughout {len(healthy)} samples "
                     "2 s apart", known and not all(holds),
                     f"holds {holds} on the gauges before the pause {healthy}")
    run.checks.check("replica resumed: replay caught up with the primary within 15 s", caught_up,
                     f"primary at {resumed_lsn} when resumed")


def resume(run):
    """Resumes replay. The session asking may itself be cancelled by a recovery conflict as replay restarts (WAL
    received longer ago than max_standby_streaming_delay conflicts at once): ask again until replay runs."""
    for _ in range(20):
        try:
            run.replica.run("select pg_wal_replay_resume()")
            if run.replica.run("select pg_get_wal_replay_pause_state()") == "not paused":
                return
        except RuntimeError as error:
            log(f"  resuming: {error}")
        time.sleep(0.2)
    raise RuntimeError("the replica's replay could not be resumed")


def wait_until(condition, within):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def throughput(run, rounds=3, seconds=4.0, threads=6):
    log(f"phase 5: throughput through HAProxy, three processes against one (app2 and app3 in maintenance), "
        f"{rounds} rounds of {seconds:.0f} s each, {threads} closed-loop client threads")
    rates = {3: [], 1: []}
    latencies = {3: [], 1: []}
    cpu = {3: [], 1: []}
    with Load(run.lb, run.load_request, threads=threads) as load:
        time.sleep(1)
        for round_number in range(rounds):
            for processes in (3, 1):
                state = "ready" if processes == 3 else "maint"
                for server in ("app2", "app3"):
                    run.haproxy.set_state(server, state)
                wanted = {"app2": "UP", "app3": "UP"} if processes == 3 else {"app2": "MAINT", "app3": "MAINT"}
                ok, statuses = run.haproxy.wait_for(wanted, within=20)
                if not ok:
                    raise RuntimeError(f"HAProxy did not reach {wanted}: {statuses}")
                time.sleep(0.3)
                begin = time.monotonic()
                used = cpu_seconds(run)
                time.sleep(seconds)
                rate, window = load.window(begin, time.monotonic())
                cpu[processes].append({name: (spent - used.get(name, spent)) / seconds * 100
                                       for name, spent in cpu_seconds(run).items()})
                rates[processes].append(rate)
                latencies[processes] += window
                log(f"  round {round_number + 1}, {processes} process{'es' if processes > 1 else ''}: "
                    f"{rate:.0f} requests/s, p50 {percentile(window, 0.5):.1f} ms")
        for server in ("app2", "app3"):
            run.haproxy.set_state(server, "ready")
        run.haproxy.wait_for({"app2": "UP", "app3": "UP"}, within=20)
    medians = {count: percentile(values, 0.5) for count, values in rates.items()}
    run.figures["throughput"] = {count: (medians[count], latencies[count]) for count in rates}
    run.figures["throughput_setup"] = (rounds, seconds, threads)
    for count, rounds_used in cpu.items():
        names = rounds_used[0].keys()
        shares = {name: sum(used[name] for used in rounds_used) / len(rounds_used) for name in names}
        run.figures[f"cpu_{count}"] = shares
        log(f"  CPU with {count} process{'es' if count > 1 else ''}, % of one core: "
            + ", ".join(f"{name} {share:.0f}" for name, share in shares.items()))
    log(f"  medians: 3 processes {medians[3]:.0f}/s, 1 process {medians[1]:.0f}/s, "
        f"ratio {medians[3] / medians[1]:.2f}")
    run.checks.check("throughput phase: no failed request", load.failures() == 0,
                     f"{load.failures()} of {load.answered()} failed {dict(load.outcomes)}")


def cpu_seconds(run):
    """CPU seconds (user and system) spent so far by each process the check started, and by this client."""
    tick = os.sysconf("SC_CLK_TCK")
    spent = {}
    for name in ("app1", "app2", "app3", "haproxy", "redis"):
        try:
            with open(f"/proc/{run.processes.pid(name)}/stat") as file:
                fields = file.read().rsplit(")", 1)[1].split()
            spent[name] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    times = os.times()
    spent["client"] = times.user + times.system
    return spent


def redis_stopped(run):
    log("phase 6: Redis stopped under load")
    errors_before = run.metric("rate_limit_backend_errors_total")
    log(f"  rate_limit_backend_errors_total with Redis up, so far: {errors_before}")
    run.processes.stop("redis")
    caller_org = run.config["organizations"]["caller_limit"]
    token = mint(run.secret, f"scale-rate-redis-{uuid.uuid4().hex[:8]}", [caller_org])
    caller_rate = run.limits["caller_per_second"] / PROBE_COST
    with Load(run.lb, run.load_request, threads=3, rate=90) as load:
        accepted, scopes, _, _, other = rate_window(
            run, [(token, caller_org, [url], 2 * caller_rate) for url in run.apps.values()], 4.0)
    time.sleep(0.5)
    errors_after = run.metric("rate_limit_backend_errors_total")
    run.figures["redis"] = (load.answered(), load.failures(), accepted, scopes, errors_before, errors_after)
    run.checks.check("Redis stopped: every request answered", load.failures() == 0 and not other,
                     f"load: {load.failures()} of {load.answered()} failed {dict(load.outcomes)}; over-limit caller: "
                     f"{accepted} accepted, refused {scopes}" + (f", other {other}" if other else ""))
    run.checks.check("Redis stopped: rate_limit_backend_errors_total increased",
                     errors_after is not None and errors_after > (errors_before or 0),
                     f"{errors_before} -> {errors_after}" if errors_after is not None
                     else "rate_limit_backend_errors_total is not exported")


def no_stale_answers(run):
    announced = []  # (arrived at, bookings the update announces)
    changed = 0  # updates of writes naming BOOKING_METRICS (a resync carries no token)
    untokened = []  # those without a consistency token, by number
    for number, (arrived, groups, reason, token) in enumerate(run.updates, 1):
        if "BOOKING_METRICS" in groups:
            announced.append((arrived, sum(1 for begun, _ in run.writes if begun < arrived)))
            if reason == "CHANGED":
                changed += 1
                if token is None:
                    untokened.append(number)
    stale = []
    latest = 0.0
    for target, asker, asked, value, sent in run.answers:
        before = [(arrived, count) for arrived, count in announced if arrived < asked]
        if before:
            arrived, required = max(before, key=lambda item: item[1])
            if value < required:
                latest = max(latest, asked - arrived)
                stale.append(f"{target} answered {asker} {value} < {required}, asked "
                             f"{1000 * (asked - arrived):.0f} ms after the update, sending token {sent}")
    run.figures["stale"] = (len(stale), len(run.answers), len(announced), latest * 1000)
    run.checks.check(f"no answer older than a dashboardUpdated delivered before it was asked (each query sending the "
                     f"latest update's consistencyToken in {CONSISTENCY_HEADER})", not stale,
                     f"{len(stale)} stale of {len(run.answers)} answers checked against {len(announced)} updates"
                     + (f": {stale[:5]}" if stale else ""))
    run.checks.check("each dashboardUpdated of a booking carried a consistencyToken", not untokened,
                     f"{changed - len(untokened)} of {changed} updates of a write naming BOOKING_METRICS"
                     + (f"; without one: updates {untokened}" if untokened else ""))
    run.checks.check("each booking was announced by dashboardUpdated", len(announced) >= len(run.writes),
                     f"{len(announced)} updates naming BOOKING_METRICS for {len(run.writes)} bookings")


def subscription_servers(work):
    """The processes HAProxy gave the subscription's WebSocket connections to, from its log (written at their end)."""
    time.sleep(0.3)
    try:
        lines = open(os.path.join(work, "haproxy.log")).read().splitlines()
    except OSError:
        return []
    return [line.split()[3].split("/")[-1] for line in lines if '"GET /graphql/ws ' in line and len(line.split()) > 3]


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 platform.machine())
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    try:
        system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    except OSError:
        system = platform.system()
    return f"{os.cpu_count()} x {model}, {memory / 1048576:.0f} GiB, {system}"


CPU_NAMES = {"haproxy": "HAProxy", "redis": "Redis"}


def measurements(run):
    """The throughput phase's figures as Markdown, for docs/measurements/load-balancer.md (scripts/scale-check.sh
    copies it there after a passing run; the bench program copies that into BENCHMARKS.md)."""
    figures = run.figures
    rounds, seconds, threads = figures["throughput_setup"]
    rate = {count: figures["throughput"][count][0] for count in (1, 3)}
    three = f"{rate[3]:,.0f} (× {rate[3] / rate[1]:.2f})"
    latency = {count: " / ".join(f"{percentile(figures['throughput'][count][1], share):.1f}"
                                 for share in (0.5, 0.95, 0.99)) for count in (1, 3)}
    cpu = {count: ", ".join(f"{CPU_NAMES.get(name, name)} {share:.0f}"
                            for name, share in figures[f"cpu_{count}"].items()) for count in (1, 3)}
    binary = run.config["binary"]
    build = "the debug build" if "/debug/" in binary else "the release build" if "/release/" in binary else "a build"
    postgres = run.primary.run("show server_version").split()[0]
    day = time.strftime("%Y-%m-%d", time.gmtime())
    return f"""{threads} closed-loop client threads through HAProxy asking for the dashboard's `bookingMetrics`
(three windows, three organizations, GET and POST, mostly answered from the response cache), {rounds} rounds of
{seconds:.0f} s with three `serve` processes and with one (the other two in maintenance through HAProxy's runtime
API), alternating, in one run of `scripts/scale-check.sh` on {day} that passed all its checks.
Machine: {machine()}.
PostgreSQL {postgres} (primary and streaming replica), {run.config["versions"]}.
Binary: `{binary}` ({build}).
The processes, HAProxy, Redis, both PostgreSQL servers and the client share the machine's cores: what the ratio
says on a machine of this size is in docs/SCALING.md, "Measured on one machine".

| measure | 1 process | 3 processes behind HAProxy |
|---|---|---|
| throughput, dashboard query (requests/s, median of {rounds} rounds) | {rate[1]:,.0f} | {three} |
| latency p50 / p95 / p99 (ms) | {latency[1]} | {latency[3]} |
| CPU during those rounds (% of one core) | {cpu[1]} | {cpu[3]} |
"""


def table(run):
    figures = run.figures
    rows = [("machine", machine()),
            ("PostgreSQL", run.primary.run("show server_version")),
            ("load balancer, limits", run.config["versions"]),
            ("binary", run.config["binary"])]
    if "throughput" in figures:
        for count in (1, 3):
            rate, latencies = figures["throughput"][count]
            rows.append((f"throughput, {count} process{'es' if count > 1 else ''} behind HAProxy",
                         f"{rate:.0f} requests/s (median of rounds); p50 / p95 / p99 "
                         f"{percentile(latencies, 0.5):.1f} / {percentile(latencies, 0.95):.1f} / "
                         f"{percentile(latencies, 0.99):.1f} ms"))
        rows.append(("throughput ratio, 3 / 1", f"{figures['throughput'][3][0] / figures['throughput'][1][0]:.2f}"))
        for count in (1, 3):
            shares = figures.get(f"cpu_{count}", {})
            rows.append((f"CPU during those rounds, {count} process{'es' if count > 1 else ''}",
                         ", ".join(f"{name} {share:.0f}%" for name, share in shares.items()) + " of one core"))
    if "visible_worst_ms" in figures:
        rows.append(("booking visible on every process's dashboard, worst", f"{figures['visible_worst_ms']:.0f} ms"))
    if "visible_paused_worst_ms" in figures:
        rows.append(("the same, replica replay paused", f"{figures['visible_paused_worst_ms']:.0f} ms"))
    if "stale" in figures:
        stale, answers, updates, latest = figures["stale"]
        rows.append(("answers older than an update delivered before them (its token sent)",
                     f"{stale} of {answers} ({updates} updates)"
                     + (f", asked at most {latest:.0f} ms after the update" if stale else "")))
    for scope in ("caller", "organization"):
        if f"limit_{scope}" in figures:
            rate, configured, ratio = figures[f"limit_{scope}"]
            rows.append((f"{scope} limit across 3 processes", f"{rate:.0f} / {configured} cost/s (x{ratio:.2f})"))
    if "kill" in figures:
        rows.append(("one process SIGKILLed mid-load", "%d failed of %d requests" % figures["kill"]))
    if "fallbacks" in figures:
        before, after = figures["fallbacks"]
        rows.append(("replica paused: replica_fallbacks_total", f"{before} -> {after}"))
        lag = [pair for pair in figures["lag"].values() if None not in pair]
        if lag:
            rows.append(("replica paused: lag gauges, highest", f"{max(s for s, _ in lag):.1f} s, "
                                                                 f"{max(b for _, b in lag):.0f} bytes"))
    if "redis" in figures:
        answered, failed, accepted, scopes, before, after = figures["redis"]
        rows.append(("Redis stopped", f"{failed} failed of {answered}; over-limit caller {accepted} accepted, "
                                      f"refused {scopes}; rate_limit_backend_errors_total {before} -> {after}"))
    width = max(len(name) for name, _ in rows)
    print("\nmeasured:")
    for name, value in rows:
        print(f"  {name.ljust(width)}  {value}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="the JSON scripts/scale-check.sh writes")
    config = json.load(open(parser.parse_args().config))
    run = Run(config)
    updates = Updates(run)
    updates.start()
    if not updates.acknowledged():
        run.checks.check("subscription through HAProxy", False, "no connection_ack within 15 s")
    try:
        for phase in (steady, rate_limits, kill_one, replica_paused, throughput, redis_stopped):
            try:
                phase(run)
            except Exception as error:  # noqa: BLE001 - the phase fails; the others still run
                traceback.print_exc()
                run.checks.check(f"{phase.__name__} phase", False, f"raised {error!r}")
        time.sleep(0.5)
        no_stale_answers(run)
    finally:
        updates.stopping.set()
        updates.join(timeout=5)
    log(f"subscription: {updates.connections} connection(s), {len(run.updates)} update(s), "
        f"held by {subscription_servers(config['work'])}; ended: {updates.ends}")
    table(run)
    failed = run.checks.failed()
    if failed:
        print("\nFAILED checks:\n" + "\n".join(f"  - {name}" for name in failed))
        return 1
    print(f"\nall {len(run.checks.results)} checks passed")
    with open(config["measurements"], "w") as file:
        file.write(measurements(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
