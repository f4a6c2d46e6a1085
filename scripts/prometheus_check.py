#!/usr/bin/env python3
"""The live Prometheus check: traffic against the demo, a database cut, then every panel and alert through Prometheus.

Run by scripts/prometheus-check.sh, which starts the demo (signing tokens with --secret) and a Prometheus scraping it
every second with the project's alert rules. This script sends about a minute of mixed requests — the dashboards of
every demo organization over several windows, the REST analytics, repeated requests the caches answer, refused and
failing requests, a burst that meets the rate limit, and a live subscription — and makes the demo's database refuse
connections for part of it. Then it evaluates, through Prometheus' HTTP API over that window, every target of the
Grafana dashboard (read from its JSON by deploy/grafana/panels.py) and every alerting rule Prometheus loaded.

It fails when a panel expression returns no series, when an alert of --require-firing did not fire after the cut
began, or when the traffic missed what the panels are there to show (a 401, a 403, a 429, a stale answer).
Only the standard library is used.
"""

import argparse
import json
import math
import pathlib
import re
import subprocess
import sys
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy" / "grafana"))
sys.path.insert(0, str(ROOT / "scripts"))

import panels  # noqa: E402 - deploy/grafana/panels.py, the dashboard's one reader
from prometheus_check_live import Subscription  # noqa: E402
from prometheus_check_traffic import TIMEFRAMES, Traffic, granted, http, mint  # noqa: E402

KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right",
            "inf", "nan"}

started = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - started:4.0f}s] {message}", flush=True)


def reported(name, action):
    """`action` as an event of the traffic, run on a worker thread: its failure is logged, not lost."""

    def event():
        try:
            action()
        except Exception as error:  # noqa: BLE001 - logged; the check's results show what it missed
            log(f"  {name} failed: {error}")

    return event


def psql(url, *commands):
    arguments = ["psql", url, "-qAtX", "-v", "ON_ERROR_STOP=1"]
    for command in commands:
        arguments += ["-c", command]
    completed = subprocess.run(arguments, capture_output=True, text=True, timeout=20)
    if completed.returncode != 0:
        raise RuntimeError(f"psql: {completed.stderr.strip()}")
    return completed.stdout.strip()


class Prometheus:
    """Prometheus' HTTP API."""

    def __init__(self, url):
        self.url = url.rstrip("/")

    def get(self, path, **parameters):
        status, text = http("GET", f"{self.url}{path}?{urllib.parse.urlencode(parameters)}", timeout=20)
        answer = json.loads(text) if text.startswith("{") else {"status": "error", "error": text[:200]}
        if status != 200 or answer.get("status") != "success":
            raise ValueError(answer.get("error") or f"HTTP {status}")
        return answer["data"]

    def instant(self, expr, at):
        return self.get("/api/v1/query", query=expr, time=f"{at:.3f}")["result"]

    def range(self, expr, start, end, step=1):
        return self.get("/api/v1/query_range", query=expr, start=f"{start:.3f}", end=f"{end:.3f}", step=step)["result"]

    def wait_for_target(self, timeout=60):
        """Waits until the demo has been scraped three times; returns the time of the last."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                now = time.time()
                scrapes = self.instant('count_over_time(up{job="clinic-analytics"}[1m])', now)
                up = self.instant('up{job="clinic-analytics"}', now)
                if scrapes and float(scrapes[0]["value"][1]) >= 3 and up and up[0]["value"][1] == "1":
                    return now
            except (ValueError, OSError):
                pass
            time.sleep(0.5)
        raise SystemExit("Prometheus did not scrape the demo (job clinic-analytics) three times within a minute")


def peak(series):
    values = [float(v) for s in series for _, v in s.get("values", [])]
    finite = [v for v in values if math.isfinite(v)]
    return f"{max(finite):.3g}" if finite else ("NaN" if values else "-")


def metric_names(expr):
    """The metric names an expression selects (enough PromQL for the rules' expressions)."""
    stripped = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", expr)
    stripped = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", stripped)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", stripped):
        if match.group() not in KEYWORDS and not stripped[match.end():].lstrip().startswith("("):
            names.add(match.group())
    return names


def existing(prometheus, names, at):
    if not names:
        return set()
    selector = '{__name__=~"%s"}' % "|".join(sorted(names))
    return {s["metric"]["__name__"] for s in prometheus.instant(f"count by (__name__) ({selector})", at)}


def describe_cut(prometheus, cut_start, cut_end):
    """What Prometheus saw of the cut: the breaker, the failed statements by kind, the fallbacks (those that
    happened: series registered at zero are left out)."""
    seconds, at = int(cut_end - cut_start) + 5, cut_end + 5

    def increases(expr):
        found = prometheus.instant(expr.replace("WINDOW", f"{seconds}s"), at)
        listed = [(" ".join(f"{k}={v}" for k, v in s["metric"].items()) or "all", float(s["value"][1]))
                  for s in found if float(s["value"][1]) >= 0.5]
        return ", ".join(f"{labels} {value:.0f}" for labels, value in sorted(listed)) or "none"

    log("the cut as Prometheus saw it (from its start to 5 s after its end):")
    print(f"  circuit breaker open (max): {peak(prometheus.range('max(db_circuit_breaker_open)', cut_start, at))}")
    print(f"  failed statements by kind: {increases('sum by (kind) (increase(db_query_errors_total[WINDOW]))')}")
    print("  fallbacks by reason and outcome: "
          + increases("sum by (reason, outcome) (increase(metric_fallbacks_total[WINDOW]))"))


def check_panels(prometheus, baseline, start, end):
    """Evaluates every dashboard target over the traffic; returns the panels without a series."""
    listed = panels.expressions("1m")
    log(f"evaluating the dashboard's {len(listed)} targets over the {end - start:.0f} s of traffic "
        f"(range queries, 1 s step; `at start`: an instant query before the first request)")
    print(f"  {'result':<8}{'series':>6}  {'at start':<9}{'peak':>8}  panel [target]")
    failed = []
    for title, ref, expr in listed:
        try:
            at_start = "series" if prometheus.instant(expr, baseline) else "none"
            series = prometheus.range(expr, start, end)
        except ValueError as error:
            print(f"  {'ERROR':<8}{'':>6}  {'':<9}{'':>8}  {title} [{ref}]: {expr}\n          {error}")
            failed.append(f"{title} [{ref}]")
            continue
        result = "OK" if series else "EMPTY"
        print(f"  {result:<8}{len(series):>6}  {at_start:<9}{peak(series):>8}  {title} [{ref}]"
              + ("" if series else f": {expr}"))
        if not series:
            failed.append(f"{title} [{ref}]")
    return failed


def declared_for(rules_file):
    """Each alert's `for:` as the rule file declares it."""
    durations, current = {}, None
    for line in pathlib.Path(rules_file).read_text().splitlines():
        if match := re.match(r"\s*- alert:\s*(\S+)", line):
            current = match.group(1)
            durations[current] = "0s"
        elif (match := re.match(r"\s+for:\s*(\S+)", line)) and current:
            durations[current] = match.group(1)
    return durations


def check_alerts(prometheus, rules_file, required, baseline, start, cut_start, end):
    """Every alerting rule: its health, whether its metrics existed before the traffic, how long its condition held,
    and when it fired; returns the required alerts that did not fire after the cut began."""
    rules = [rule for group in prometheus.get("/api/v1/rules", type="alert")["groups"] for rule in group["rules"]]
    declared = declared_for(rules_file)
    fired = {}
    for series in prometheus.range('ALERTS{alertstate="firing"}', start, end):
        name = series["metric"]["alertname"]
        times = [float(t) for t, _ in series["values"]] + list(fired.get(name, ()))
        fired[name] = (min(times), max(times))
    log(f"evaluating the {len(rules)} alerting rules (times relative to the start of the database cut)")
    for rule in rules:
        name = rule["name"]
        held = {t for s in prometheus.range(rule["query"], start, end) for t, _ in s["values"]}
        missing = sorted(metric_names(rule["query"]) - existing(prometheus, metric_names(rule["query"]), baseline))
        when = (f"FIRED from cut{fired[name][0] - cut_start:+.0f}s to cut{fired[name][1] - cut_start:+.0f}s"
                if name in fired else "did not fire")
        print(f"  {name:<38} {when:<34} condition held {len(held):>3} s, for {rule['duration']:g} s "
              f"(alerts.yml: {declared.get(name, '?')}), health {rule['health']}"
              + (f" ({rule['lastError']})" if rule.get("lastError") else ""))
        if missing:
            print(f"  {'':<38} no series before the first request: {', '.join(missing)}")
    firing_now = [a["labels"]["alertname"] for a in prometheus.get("/api/v1/alerts")["alerts"]
                  if a["state"] == "firing"]
    print(f"  firing at the end: {', '.join(sorted(set(firing_now))) or 'none'}")
    return [name for name in required if name not in fired or fired[name][1] < cut_start]


PHASES = ["before the cut", "during the cut", "after the cut"]


def send_traffic(args, organizations, traffic):
    """The three phases of traffic, the database refusing connections in the second; returns their start times
    and the cut's end."""
    before, during, after = (int(s) for s in args.seconds.split(","))
    server = args.server.rstrip("/")

    def book():
        psql(f"{server}/{args.database}",
             "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source, "
             "appointment_type) select organization_id, 'apt_prometheus_check', id, now(), now() + interval '3 days', "
             f"'booked', 'online', 'Follow-up' from patients where organization_id = '{organizations[0]}' "
             "order by id limit 1")
        log("  booked an appointment at the first organization (a change for the caches, the feed and the socket)")

    def hammer(phase):
        def burst():
            attempts = traffic.hammer(phase)
            log(f"  hammer: refused a third time after {attempts} rapid dashboards" if attempts else
                "  hammer: 100 rapid dashboards were all answered")
        return reported("the hammer", burst)

    start = time.time()
    log(f"traffic for {before} s: {len(organizations)} organizations, dashboards over {len(TIMEFRAMES)} timeframes, "
        "calendar periods, date ranges, REST analytics, errors, a rate-limit burst, a live subscription")
    # Two bursts: a counter that first appears at the first refusal shows no rate until it grows again.
    traffic.run(PHASES[0], before, {8: reported("the booking", book), 15: hammer(PHASES[0])})
    cut_start = time.time()
    terminated = psql(f"{server}/postgres", f"alter database {args.database} allow_connections false",
                      f"select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '{args.database}'")
    log(f"database cut: {args.database} refuses connections ({terminated} sessions terminated); the traffic goes "
        f"on for {during} s")
    try:
        traffic.run(PHASES[1], during)
    finally:
        psql(f"{server}/postgres", f"alter database {args.database} allow_connections true")
    cut_end = time.time()
    log(f"database restored; the traffic goes on for {after} s")
    traffic.run(PHASES[2], after, {3: hammer(PHASES[2])})
    traffic.drain()
    return start, cut_start, cut_end


def report_traffic(traffic, live):
    """Prints what the traffic got; returns what it missed of what the panels are there to show."""
    skipped = f" ({traffic.skipped} requests skipped: 48 were in flight)" if traffic.skipped else ""
    log(f"traffic done{skipped}; statuses by request and phase:")
    traffic.table(PHASES)
    print("  stale answers: " + ", ".join(f"{phase} {traffic.stale[phase]}" for phase in PHASES))
    print(f"  live subscription: {'acknowledged' if live.acknowledged else 'NOT acknowledged'}, "
          f"{len(live.updates)} updates ({', '.join(live.updates) or 'none'}), {live.ended or 'still open'}")
    statuses = traffic.statuses()
    missed = [f"the traffic got no {what}" for status, what in [(401, "401"), (403, "403"), (429, "429")]
              if not statuses[status]]
    if not traffic.stale[PHASES[1]]:
        missed.append("no answer during the cut held stale figures")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the demo, http://127.0.0.1:PORT")
    parser.add_argument("--prometheus", required=True, help="the Prometheus scraping it, http://127.0.0.1:PORT")
    parser.add_argument("--token", required=True, help="the token the demo printed (its org_ids: the organizations)")
    parser.add_argument("--secret", required=True, help="the demo's JWT_HS256_SECRET, to sign a token per caller")
    parser.add_argument("--server", required=True, help="the PostgreSQL server as its owner, postgres://…:5432")
    parser.add_argument("--database", required=True, help="the demo's database, refused for the cut")
    parser.add_argument("--rules", default=str(ROOT / "deploy/prometheus/alerts.yml"), help="the rules as declared")
    parser.add_argument("--require-firing", default="ClinicAnalyticsFallbackRateHigh,ClinicAnalyticsDatabaseUnreachable",
                        help="alerts that must fire after the cut begins, comma-separated")
    parser.add_argument("--seconds", default="35,20,15", help="seconds of traffic before, during and after the cut")
    args = parser.parse_args()

    prometheus = Prometheus(args.prometheus)
    log("waiting for Prometheus to scrape the demo three times")
    baseline = prometheus.wait_for_target()
    organizations = granted(args.token)
    traffic = Traffic(args.url, args.secret, organizations, log)
    live = Subscription(args.url, mint(args.secret, "prometheus-check-live", organizations), organizations[0])
    live.start()
    start, cut_start, cut_end = send_traffic(args, organizations, traffic)
    live.stop()
    problems = report_traffic(traffic, live)

    log("waiting 3 s for the last scrapes and rule evaluations")
    time.sleep(3)
    end = time.time()
    describe_cut(prometheus, cut_start, cut_end)
    empty = check_panels(prometheus, baseline, start, end)
    if empty:
        problems.append(f"{len(empty)} panel targets returned no series: {'; '.join(empty)}")
    required = [name for name in args.require_firing.split(",") if name]
    silent = check_alerts(prometheus, args.rules, required, baseline, start, cut_start, end)
    if silent:
        problems.append(f"did not fire after the cut began: {', '.join(silent)}")
    print(f"\n  the cut lasted {cut_end - cut_start:.0f} s; the check {time.monotonic() - started:.0f} s")
    if problems:
        print("\nFAILED:\n" + "\n".join(f"  - {problem}" for problem in problems))
        sys.exit(1)
    print("\nPASSED: every panel target returned series, and " + ", ".join(required) + " fired during the cut")


if __name__ == "__main__":
    main()
