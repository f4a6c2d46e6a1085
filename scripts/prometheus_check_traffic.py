"""The requests of the live Prometheus check (scripts/prometheus_check.py): each second's mix of dashboards, windows,
REST analytics and errors, sent by callers of their own, and a burst that meets the rate limit; tallied by phase,
kind and status. Only the standard library is used.
"""

import base64
import collections
import concurrent.futures
import datetime
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request

DASHBOARD = """query Dashboard($org: ID!, $timeframe: Timeframe!) { organization(id: $org) { name currency
  bookingMetrics(timeframe: $timeframe) { totalBookings periodComparison bookingsViaAi meta { freshness } }
  patientMetrics(timeframe: $timeframe) { totalPatients activePatients newPatients meta { freshness } }
  financialMetrics(timeframe: $timeframe) { totalRevenue avgRevenuePerPatient meta { freshness } }
  automationMetrics(timeframe: $timeframe) { automationBookings totalRoi meta { freshness } }
  charts(timeframe: $timeframe, granularity: WEEK) { bookingTrends { date bookings revenue } meta { freshness } }
  upcomingAppointments(first: 5) { totalCount } } }"""
PERIOD = """query Period($org: ID!, $period: CalendarPeriod!) { organization(id: $org) {
  bookingMetrics(window: { period: $period }, compareTo: SAME_PERIOD_LAST_YEAR) {
    totalBookings previousPeriodBookings meta { freshness } }
  patientMetrics(window: { period: $period }) { newPatients meta { freshness } } } }"""
RANGE = """query Range($org: ID!, $from: Date!, $to: Date!) { organization(id: $org) {
  bookingMetrics(window: { range: { from: $from, to: $to } }) { totalBookings meta { freshness } } } }"""
TIMEFRAMES = ["LAST_7_DAYS", "LAST_30_DAYS", "LAST_90_DAYS"]
PERIODS = ["MONTH_TO_DATE", "LAST_MONTH"]
RANGES = [("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28"), ("2026-03-01", "2026-03-31"),
          ("2026-04-01", "2026-06-30"), ("2025-07-01", "2025-12-31"), ("2026-05-01", "2026-05-31")]


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def mint(secret, subject, organizations, ttl=3600):
    """An HS256 token for `subject` granting `organizations`, as the demo's own tokens are signed."""
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": subject, "exp": int(time.time()) + ttl, "org_ids": organizations}
    body = b64(json.dumps(claims).encode())
    signature = b64(hmac.new(secret.encode(), header + b"." + body, hashlib.sha256).digest())
    return (header + b"." + body + b"." + signature).decode()


def granted(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["org_ids"]


def http(method, url, body=None, headers=None, timeout=15):
    """(status, text) of one request; a connection failure is status 0."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        return 0, str(error)


class Traffic:
    """The requests sent, by phase, kind and status, and the stale answers among them."""

    def __init__(self, url, secret, organizations, progress):
        self.url = url.rstrip("/")
        self.progress = progress
        self.secret = secret
        self.organizations = organizations
        self.tokens = {}
        self.tally = collections.Counter()
        self.stale = collections.Counter()
        self.lock = threading.Lock()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=12)
        self.in_flight = 0
        self.skipped = 0
        self.new_days = 0

    def caller(self, kind, index, organization=None):
        """Headers of a caller of its own per kind and organization: the traffic stays under the per-caller rate
        limit (RATE_LIMIT_CALLER_*), which only the hammer meets."""
        organization = organization or self.organizations[index]
        subject = f"prometheus-check-{kind}-{index}"
        if subject not in self.tokens:
            self.tokens[subject] = mint(self.secret, subject, [self.organizations[index]])
        return {"Authorization": f"Bearer {self.tokens[subject]}", "X-Organization-ID": organization,
                "Content-Type": "application/json"}

    def graphql(self, kind, index, query, variables, **headers):
        body = {"query": query, "variables": {"org": self.organizations[index], **variables}}
        return kind, "POST", "/graphql", body, {**self.caller(kind, index), **headers}

    def rest(self, kind, index, organization, query, headers=None):
        path = f"/api/v1/dashboard/{organization}/analytics?{query}"
        return kind, "GET", path, None, headers or self.caller(kind, index)

    def plan(self, tick):
        """The requests of one second of traffic."""
        requests = []
        for index in range(len(self.organizations)):
            requests.append(self.graphql("dashboard", index, DASHBOARD,
                                         {"timeframe": TIMEFRAMES[(tick + index) % len(TIMEFRAMES)]}))
            if tick % 2 == 0:
                requests.append(self.graphql("period", index, PERIOD,
                                             {"period": PERIODS[(tick // 2 + index) % len(PERIODS)]}))
            if tick % 3 == index % 3:
                requests.append(self.rest("rest", index, self.organizations[index], "timeframe=30d"))
            if tick % 4 == index % 4:
                first, last = RANGES[(tick // 4 + index) % len(RANGES)]
                requests.append(self.graphql("range", index, RANGE, {"from": first, "to": last}))
        if tick % 10 == 5:
            # A day nobody asked for before: computed, or, in the cut, without a last known value.
            self.new_days += 1
            day = (datetime.date(2025, 1, 1) + datetime.timedelta(days=self.new_days)).isoformat()
            requests.append(self.graphql("new-range", 0, RANGE, {"from": day, "to": day}))
        errors = self.errors()
        requests.append(errors[tick % len(errors)])
        return requests

    def errors(self):
        """Requests the service refuses or answers with an error, one of them each second."""
        other = self.organizations[1]
        bad_token = {**self.caller("errors", 0), "Authorization": "Bearer not.a.token"}
        strict = {"Accept": "application/graphql-response+json"}
        return [
            ("bad-token", "POST", "/graphql", {"query": DASHBOARD, "variables": {
                "org": self.organizations[0], "timeframe": "LAST_7_DAYS"}}, bad_token),
            self.graphql("malformed", 0, "query { organization(id: $org) { name ", {}, **strict),
            self.graphql("wrong-argument", 0, "query ($org: ID!) { organization(id: $org) { "
                                              "bookingMetrics(timeframe: LAST_7_WEEKS) { totalBookings } } }", {},
                         **strict),
            self.graphql("bad-range", 0, RANGE, {"from": "2026-03-31", "to": "2026-01-01"}),
            ("forbidden", "POST", "/graphql", {"query": DASHBOARD, "variables": {
                "org": other, "timeframe": "LAST_7_DAYS"}}, self.caller("errors", 0, organization=other)),
            self.rest("rest-forbidden", 0, other, "timeframe=30d"),
            self.rest("rest-bad-token", 0, self.organizations[0], "timeframe=30d", bad_token),
            self.rest("rest-bad-timeframe", 0, self.organizations[0], "timeframe=2w"),
        ]

    def send(self, phase, request):
        kind, method, path, body, headers = request
        status, text = http(method, self.url + path, body, headers)
        stale = '"STALE"' in text or '"stale_data":true' in text
        with self.lock:
            self.tally[(phase, kind, status)] += 1
            self.stale[phase] += stale
        return status

    def submit(self, phase, request):
        with self.lock:
            if self.in_flight >= 48:
                self.skipped += 1
                return
            self.in_flight += 1

        def run():
            try:
                self.send(phase, request)
            finally:
                with self.lock:
                    self.in_flight -= 1

        self.pool.submit(run)

    def hammer(self, phase):
        """One caller asking for the dashboard as fast as it can, until refused three times (or 100 requests)."""
        request = ("hammer", "POST", "/graphql", {"query": DASHBOARD, "variables": {
            "org": self.organizations[0], "timeframe": "LAST_30_DAYS"}}, self.caller("hammer", 0))
        refused = 0
        for attempt in range(1, 101):
            if self.send(phase, request) == 429:
                refused += 1
                if refused == 3:
                    return attempt
        return None

    def run(self, phase, seconds, events=None):
        """Sends each second's plan for `seconds`, running events[tick] (a function) at its tick."""
        events = events or {}
        begin = time.monotonic()
        for tick in range(seconds):
            for request in self.plan(tick):
                self.submit(phase, request)
            if tick in events:
                self.pool.submit(events[tick])
            if tick % 5 == 4:
                self.progress(f"  {phase}: {self.summary(phase)}")
            time.sleep(max(0.0, begin + tick + 1 - time.monotonic()))

    def drain(self, timeout=20):
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.1)
        self.pool.shutdown(wait=False, cancel_futures=True)

    def statuses(self, phase=None, kind=None):
        counts = collections.Counter()
        for (p, k, status), n in self.tally.items():
            if (phase is None or p == phase) and (kind is None or k == kind):
                counts[status] += n
        return counts

    def summary(self, phase):
        with self.lock:
            counts = self.statuses(phase)
            stale = self.stale[phase]
        listed = ", ".join(f"{status}×{n}" for status, n in sorted(counts.items()))
        return f"{sum(counts.values())} requests ({listed}), {stale} with stale figures"

    def table(self, phases):
        kinds = sorted({k for _, k, _ in self.tally})
        print(f"  {'request':<20}" + "".join(f"{phase:<30}" for phase in phases))
        for kind in kinds:
            cells = []
            for phase in phases:
                counts = self.statuses(phase, kind)
                cells.append(" ".join(f"{status}×{n}" for status, n in sorted(counts.items())) or "-")
            print(f"  {kind:<20}" + "".join(f"{cell:<30}" for cell in cells))
