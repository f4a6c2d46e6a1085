"""Handles on what scripts/scale-check.sh started, for scripts/scale_check.py: the service processes and Redis (by
their pid files and launchers), HAProxy's runtime API, the PostgreSQL primary and replica (through psql), each
process's /metrics, GraphQL requests, and a load generator. Only the standard library is used.
"""

import collections
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


class Processes:
    """The processes the shell script started through launchers that write `<pids>/<name>.pid` and exec."""

    def __init__(self, pids, launchers):
        self.pids = pids
        self.launchers = launchers

    def pid(self, name):
        try:
            with open(os.path.join(self.pids, f"{name}.pid")) as file:
                return int(file.read().strip())
        except (OSError, ValueError):
            return None

    def alive(self, name):
        pid = self.pid(name)
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        # A killed child of the shell script stays a zombie until the script reaps it: not alive.
        try:
            with open(f"/proc/{pid}/stat") as file:
                return file.read().split(") ", 1)[1][0] != "Z"
        except OSError:
            return False

    def kill(self, name, sig):
        pid = self.pid(name)
        if pid is not None:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, name, within=10):
        """SIGTERM, then SIGKILL if it has not exited within `within` seconds."""
        self.kill(name, signal.SIGTERM)
        deadline = time.monotonic() + within
        while self.alive(name) and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.alive(name):
            self.kill(name, signal.SIGKILL)

    def start(self, name):
        """Runs the launcher again; it writes the new pid, which the shell script's trap stops at the end."""
        before = self.pid(name)
        subprocess.Popen(["bash", self.launchers[name]], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.pid(name) not in (None, before):
                return
            time.sleep(0.02)
        raise RuntimeError(f"{name} did not start (no new pid file)")


class HAProxy:
    """HAProxy's runtime API on its admin socket."""

    def __init__(self, path, backend="clinic_analytics"):
        self.path = path
        self.backend = backend

    def command(self, text):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(self.path)
            sock.sendall(text.encode() + b"\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def statuses(self):
        """Each server of the backend: its status (UP, DOWN, MAINT, UP 1/2, ...)."""
        lines = self.command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        column = {name: index for index, name in enumerate(header)}
        statuses = {}
        for line in lines[1:]:
            fields = line.split(",")
            if len(fields) > column["status"] and fields[column["pxname"]] == self.backend:
                statuses[fields[column["svname"]]] = fields[column["status"]]
        return statuses

    def set_state(self, server, state):
        answer = self.command(f"set server {self.backend}/{server} state {state}").strip()
        if answer:
            raise RuntimeError(f"HAProxy refused `set server {server} state {state}`: {answer}")

    def wait_for(self, wanted, within=20):
        """Waits until every server named in `wanted` has the status given; the statuses last seen otherwise."""
        deadline = time.monotonic() + within
        while True:
            statuses = self.statuses()
            if all(statuses.get(server) == status for server, status in wanted.items()):
                return True, statuses
            if time.monotonic() > deadline:
                return False, statuses
            time.sleep(0.1)


class Postgres:
    """psql against one server, as the owner."""

    def __init__(self, port, database="clinic_analytics"):
        self.url = f"postgres://postgres@127.0.0.1:{port}/{database}"

    def run(self, sql):
        completed = subprocess.run(["psql", self.url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                   capture_output=True, text=True, timeout=30)
        if completed.returncode != 0:
            raise RuntimeError(f"psql failed: {completed.stderr.strip()}")
        return completed.stdout.strip()


def scrape(url):
    """{(name, ((label, value), ...)): value} of one /metrics page; {} when it cannot be read."""
    try:
        status, text = request(url, "GET", "/metrics", timeout=5)
    except OSError:
        return {}
    if status != 200:
        return {}
    samples = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match and not line.startswith("#"):
            labels = tuple(sorted(LABEL.findall(match.group(2) or "")))
            samples[(match.group(1), labels)] = float(match.group(3))
    return samples


def total(samples, name, **labels):
    """The sum of `name`'s series whose labels include `labels`; None when there is no such series."""
    values = [value for (metric, found), value in samples.items()
              if metric == name and set(labels.items()) <= set(found)]
    return sum(values) if values else None


def request(url, method, path, body=None, headers=None, timeout=15):
    """(status, text) of one request on a new connection."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def graphql_request(token, organization, query, variables=None, method="POST"):
    """(method, path, body, headers) of a GraphQL request for `organization`."""
    headers = {"Authorization": f"Bearer {token}", "X-Organization-ID": organization}
    if method == "GET":
        parameters = {"query": query}
        if variables:
            parameters["variables"] = json.dumps(variables)
        return "GET", "/graphql?" + urllib.parse.urlencode(parameters), None, headers
    body = json.dumps({"query": query, "variables": variables or {}})
    return "POST", "/graphql", body, {**headers, "Content-Type": "application/json"}


def outcome(status, text):
    """'ok', or why the answer is not one: the status, or the first GraphQL error's code."""
    if status != 200:
        return str(status)
    try:
        body = json.loads(text)
    except ValueError:
        return "200 not JSON"
    if body.get("errors"):
        return "error " + str((body["errors"][0].get("extensions") or {}).get("code", "uncoded"))
    return "ok"


class Client:
    """One keep-alive connection to a URL, reconnecting after a failure."""

    def __init__(self, url, timeout=20):
        parts = urllib.parse.urlsplit(url)
        self.address = (parts.hostname, parts.port)
        self.timeout = timeout
        self.connection = None

    def send(self, method, path, body, headers):
        """(status, text); status 0 with the exception's name when the connection failed."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(*self.address, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return 0, type(error).__name__

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Load:
    """Requests from `threads` threads until `stop()`: as fast as answers come (closed loop), or paced to `rate`
    requests a second in all. `make(thread, sequence)` gives each request as (method, path, body, headers)."""

    def __init__(self, url, make, threads, rate=None):
        self.url = url
        self.make = make
        self.threads = threads
        self.rate = rate
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.outcomes = collections.Counter()
        self.done = []  # (finished at, latency in seconds, ok)
        self.workers = [threading.Thread(target=self.work, args=(index,), daemon=True) for index in range(threads)]

    def __enter__(self):
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *_):
        self.stop()

    def stop(self):
        self.stopping.set()
        for worker in self.workers:
            worker.join(timeout=30)

    def work(self, index):
        client = Client(self.url)
        interval = self.threads / self.rate if self.rate else 0
        due = time.monotonic() + interval * index / self.threads
        sequence = 0
        while not self.stopping.is_set():
            if interval:
                pause = due - time.monotonic()
                if pause > 0 and self.stopping.wait(pause):
                    break
                due += interval
            started = time.monotonic()
            status, text = client.send(*self.make(index, sequence))
            result = outcome(status, text) if status else f"connection {text}"
            with self.lock:
                self.outcomes[result] += 1
                self.done.append((time.monotonic(), time.monotonic() - started, result == "ok"))
            sequence += 1
        client.close()

    def failures(self):
        return sum(count for result, count in self.outcomes.items() if result != "ok")

    def answered(self):
        return sum(self.outcomes.values())

    def window(self, start, end):
        """(answers a second, [latencies in ms]) of the answers that finished between `start` and `end`."""
        with self.lock:
            inside = [(latency, ok) for finished, latency, ok in self.done if start <= finished < end]
        ok = [latency * 1000 for latency, good in inside if good]
        return len(ok) / (end - start), ok


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
