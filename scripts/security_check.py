#!/usr/bin/env python3
"""Hostile requests and a schemathesis fuzz run against a running clinic-analytics server.

Run by scripts/security-check.sh, which starts the server (the demo) with the secret and the key
set this script signs tokens with. Every response, of the battery and of the fuzz run, is checked:
no 5xx status, no CALCULATION_ERROR, and no leak — nothing of another organization (its id or its
name), no SQL, no panic or stack trace. Exits non-zero when any response fails a check.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "security-check-rsa"
# What must never reach a client: SQL, driver and panic texts.
INTERNALS = [
    "select ", "sqlstate", "syntax error at", "pg_catalog", "sqlx", "postgres://",
    "panicked", "stack backtrace", "rust_backtrace", "src/", ".rs:",
]


def make_keys(directory):
    """Writes an RSA key and its public JSON Web Key Set."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with open(os.path.join(directory, "private.pem"), "wb") as out:
        out.write(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with open(os.path.join(directory, "public.pem"), "wb") as out:
        out.write(key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": KID, "alg": "RS256", "use": "sig"})
    with open(os.path.join(directory, "jwks.json"), "w") as out:
        json.dump({"keys": [jwk]}, out)


class Server:
    """The server under test, and every response it gave."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        self.responses = []
        self.error_codes = {}
        self.failures = []

    def post(self, name, body, headers, content_type="application/json", method="POST", path="/graphql"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data if method == "POST" else None, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        for header, value in headers.items():
            request.add_header(header, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text, response_headers = response.status, response.read().decode("utf-8", "replace"), response.headers
        except urllib.error.HTTPError as error:
            status, text, response_headers = error.code, error.read().decode("utf-8", "replace"), error.headers
        except (ConnectionError, urllib.error.URLError) as error:
            # The server may close the connection on a body it refused before reading.
            status, text, response_headers = 0, str(error), {}
        # What the request itself named (its path, body and headers) may be repeated in its answer.
        self.responses.append((name, status, text, path + data.decode("utf-8", "replace") + json.dumps(headers)))
        return status, text, response_headers


def post_streaming(url, body, headers):
    """POSTs a large body the way a careful client does: while sending, it listens, and stops sending once the server
    has answered (as a server refusing a body by its declared length does before reading it)."""
    import select
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(url)
    head = [f"POST /graphql HTTP/1.1", f"Host: {address.netloc}", "Content-Type: application/json",
            f"Content-Length: {len(body)}", "Connection: close"] + [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sent = 0
        while sent < len(body):
            readable, _, _ = select.select([connection], [], [], 0)
            if readable:
                break
            try:
                sent += connection.send(body[sent:sent + 65536])
            except (BrokenPipeError, ConnectionResetError):
                break
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    status_line, _, rest = answer.partition(b"\r\n")
    status = int(status_line.split()[1]) if status_line.startswith(b"HTTP/") else 0
    return status, rest.partition(b"\r\n\r\n")[2].decode("utf-8", "replace"), sent


def codes(text):
    """The error codes of a GraphQL answer, or of a REST one (`{"error": {"code": ...}}`)."""
    try:
        answer = json.loads(text)
        if isinstance(answer.get("error"), dict):
            return [answer["error"].get("code")]
        return [e.get("extensions", {}).get("code") for e in answer.get("errors", [])]
    except (ValueError, AttributeError):
        return []


def unverified_claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def demo_token(log_path):
    """The token the demo printed (it grants every demo clinic)."""
    for _ in range(100):
        with open(log_path, encoding="utf-8", errors="replace") as log:
            for line in log:
                line = line.strip()
                if line.startswith("ey") and line.count(".") == 2:
                    return line
        time.sleep(0.1)
    sys.exit("the demo printed no token")


def battery(server, secret, keys, organization, others):
    """Hostile requests; each must get the expected status and code."""
    private_key = open(os.path.join(keys, "private.pem"), "rb").read()
    public_key = open(os.path.join(keys, "public.pem"), "rb").read()
    now = int(time.time())

    def claims(**extra):
        base = {"sub": "security-check", "exp": now + 600, "org_ids": [organization]}
        base.update(extra)
        return base

    def hs256(**extra):
        return jwt.encode(claims(**extra), secret, algorithm="HS256")

    def rs256(kid=KID, **extra):
        return jwt.encode(claims(**extra), private_key, algorithm="RS256", headers={"kid": kid})

    def unsigned():
        header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
        body = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=").decode()
        return f"{header}.{body}."

    def confused():
        # HS256 "signed" with the RSA public key, naming the RSA key: the classic algorithm confusion.
        header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT", "kid": KID}).encode()).rstrip(b"=")
        body = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=")
        import hashlib
        import hmac
        signature = hmac.new(public_key, header + b"." + body, hashlib.sha256).digest()
        return (header + b"." + body + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode()

    def tampered():
        head, _, signature = rs256().split(".")
        body = base64.urlsafe_b64encode(json.dumps(claims(org_ids=[organization] + others)).encode()).rstrip(b"=")
        return f"{head}.{body.decode()}.{signature}"

    def as_caller(token, org=organization):
        return {"Authorization": f"Bearer {token}", "X-Organization-ID": org}

    good = as_caller(hs256())
    dashboard = {"query": "query ($org: ID!) { organization(id: $org) { name bookingMetrics { totalBookings "
                          "meta { freshness } } financialMetrics { totalRevenue } upcomingAppointments(first: 5) "
                          "{ totalCount edges { node { patientId appointmentType } } } } }",
                 "variables": {"org": organization}}
    cases = [
        ("a valid request", dashboard, good, "application/json", 200, None),
        ("a valid RS256 token from the key set", dashboard, as_caller(rs256()), "application/json", 200, None),
        ("deep nesting", {"query": "{ a " * 5000 + "}" * 5000}, good, "application/json", 400, "QUERY_LIMIT_EXCEEDED"),
        ("10,000 aliases", {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(10_000)) + " }"},
         good, "application/json", 413, "PAYLOAD_TOO_LARGE"),
        ("60 aliases in a small document", {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(60)) + " }"},
         good, "application/json", 400, "QUERY_LIMIT_EXCEEDED"),
        ("a 1,000-element batch", [{"query": "{ __typename }"}] * 1000, good, "application/json", 400, "BAD_USER_INPUT"),
        # A validation error: as application/json, GraphQL over HTTP answers it 200, with the code and no data.
        ("circular fragments", {"query": "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"},
         good, "application/json", 200, "BAD_USER_INPUT"),
        ("every group of every organization (over the cost limit)",
         {"query": "{ organizations { " + " ".join(
             f"g{i}: bookingMetrics {{ totalBookings meta {{ freshness computedAt windowStart windowEnd }} }}"
             for i in range(12)) + " } }"}, good, "application/json", 400, "QUERY_LIMIT_EXCEEDED"),
        ("a form post (CSRF)", b"query=%7B__typename%7D", good, "application/x-www-form-urlencoded", 415,
         "UNSUPPORTED_MEDIA_TYPE"),
        ("a text/plain post (CSRF)", {"query": "{ __typename }"}, good, "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("a multipart post (CSRF)", b"--x\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n{ __typename }\r\n--x--",
         good, "multipart/form-data; boundary=x", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("no token", dashboard, {"X-Organization-ID": organization}, "application/json", 401, "UNAUTHORIZED"),
        ("a malformed token", dashboard, as_caller("not.a.token"), "application/json", 401, "UNAUTHORIZED"),
        ("an expired token", dashboard, as_caller(hs256(exp=now - 3600)), "application/json", 401, "UNAUTHORIZED"),
        ("a token not valid yet", dashboard, as_caller(hs256(nbf=now + 3600)), "application/json", 401, "UNAUTHORIZED"),
        ("a token signed with another secret", dashboard,
         as_caller(jwt.encode(claims(), "another-secret-another-secret-123456", algorithm="HS256")),
         "application/json", 401, "UNAUTHORIZED"),
        ("alg none", dashboard, as_caller(unsigned()), "application/json", 401, "UNAUTHORIZED"),
        ("HS256 signed with the RSA public key", dashboard, as_caller(confused()), "application/json", 401,
         "UNAUTHORIZED"),
        ("an unknown kid", dashboard, as_caller(rs256(kid="unknown")), "application/json", 401, "UNAUTHORIZED"),
        ("a tampered payload", dashboard, as_caller(tampered()), "application/json", 401, "UNAUTHORIZED"),
        ("an invalid API key", dashboard, as_caller("cak_AAAAAAAAAAAAAAAA_" + "B" * 32), "application/json", 401,
         "UNAUTHORIZED"),
        ("another organization's header", dashboard, as_caller(hs256(), others[0]), "application/json", 403,
         "FORBIDDEN"),
        ("another organization by id", {"query": "{ organization(id: \"%s\") { name } }" % others[0]}, good,
         "application/json", 403, "FORBIDDEN"),
        ("another organization by variable", {"query": "query ($o: ID!) { organization(id: $o) { name } }",
                                              "variables": {"o": others[0]}}, good, "application/json", 403,
         "FORBIDDEN"),
    ]
    failures = []
    for name, body, headers, content_type, status, code in cases:
        got, text, _ = server.post(name, body, headers, content_type)
        ok = got == status and (code is None or codes(text)[:1] == [code])
        print(f"  {'ok ' if ok else 'BAD'} {got:>3} {(codes(text) or ['-'])[0]:<24} {name}")
        if not ok:
            failures.append(f"{name}: expected {status} {code}, got {got} {text[:200]}")

    analytics = "/api/v1/dashboard/%s/analytics"
    rest_cases = [
        ("REST: the analytics", analytics % organization, good, 200, None),
        ("REST: another organization in the path", analytics % others[0], good, 403, "FORBIDDEN"),
        ("REST: another organization in path and header", analytics % others[0], as_caller(hs256(), others[0]), 403,
         "FORBIDDEN"),
        ("REST: an encoded path traversal", analytics % ("..%2F" + others[0]), good, 403, "FORBIDDEN"),
        ("REST: no token", analytics % organization, {"X-Organization-ID": organization}, 401, "UNAUTHORIZED"),
        ("REST: alg none", analytics % organization, as_caller(unsigned()), 401, "UNAUTHORIZED"),
        ("REST: an unknown timeframe", analytics % organization + "?timeframe=2w", good, 400, "BAD_USER_INPUT"),
        ("REST: a huge page", "/api/v1/appointments/%s/upcoming?limit=1000000" % organization, good, 400,
         "BAD_USER_INPUT"),
    ]
    for name, path, headers, status, code in rest_cases:
        got, text, _ = server.post(name, b"", headers, content_type=None, method="GET", path=path)
        ok = got == status and (code is None or codes(text)[:1] == [code])
        print(f"  {'ok ' if ok else 'BAD'} {got:>3} {(codes(text) or ['-'])[0]:<24} {name}")
        if not ok:
            failures.append(f"{name}: expected {status} {code}, got {got} {text[:200]}")

    large = json.dumps({"query": "{ __typename " + "#" * (5 << 20) + "\n}"}).encode()
    got, text, sent = post_streaming(server.url, large, good)
    server.responses.append(("a 5 MB document", got, text, ""))
    ok = got == 413 and codes(text)[:1] == ["PAYLOAD_TOO_LARGE"]
    print(f"  {'ok ' if ok else 'BAD'} {got:>3} {(codes(text) or ['-'])[0]:<24} a 5 MB document "
          f"(answered after {sent:,} of its {len(large):,} bytes)")
    if not ok:
        failures.append(f"a 5 MB document: expected 413 PAYLOAD_TOO_LARGE, got {got} {text[:200]}")

    # Rate limit: one caller asking the dashboard as fast as it can is told to wait.
    hammer = as_caller(hs256(sub="security-check-hammer"))
    for attempt in range(200):
        got, text, headers = server.post("rate limit", dashboard, hammer)
        if got == 429:
            retry = headers.get("Retry-After")
            ok = codes(text)[:1] == ["RATE_LIMITED"] and retry is not None and int(retry) >= 1
            print(f"  {'ok ' if ok else 'BAD'} 429 RATE_LIMITED             after {attempt + 1} rapid dashboards, "
                  f"Retry-After: {retry}")
            if not ok:
                failures.append(f"rate limit: {text[:200]} Retry-After {retry}")
            break
    else:
        failures.append("rate limit: 200 rapid dashboards were all answered")
    return failures


def fuzz(server, st, schema, secret, organization, report_dir, examples):
    """Two schemathesis runs: the GraphQL schema, and the REST endpoints' OpenAPI document (whose answers must also
    conform to it); credentials are added by the hooks modules. Their requests and responses join the others."""
    graphql_run = [schema, "--url", server.url + "/graphql", "--checks", "not_a_server_error"]
    rest_run = [server.url + "/api/v1/openapi.json",
                "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance"]
    fuzzed = 0
    for name, target, hooks in [("graphql", graphql_run, "security_check_hooks"),
                                ("rest", rest_run, "security_check_rest_hooks")]:
        har = os.path.join(report_dir, f"schemathesis-{name}.har")
        command = [
            st, "run", *target, "--max-examples", str(examples), "--continue-on-failure",
            "--generation-database", "none", "--seed", "20261124", "--request-timeout", "15",
            "--report", "har", "--report-har-path", har,
        ]
        print(f"\n$ {' '.join(command)}")
        environment = dict(os.environ, SCHEMATHESIS_HOOKS=hooks, SECURITY_CHECK_ORGANIZATION=organization,
                           SECURITY_CHECK_SECRET=secret, PYTHONPATH=os.path.dirname(os.path.abspath(__file__)))
        completed = subprocess.run(command, capture_output=True, text=True, env=environment)
        summary = [line for line in completed.stdout.splitlines() if line.strip()][-12:]
        print("\n".join("  " + line for line in summary))
        if name == "rest" and completed.returncode != 0:
            server.failures.append(f"the REST fuzz run found failures (exit {completed.returncode}): see above")
        with open(har, encoding="utf-8") as file:
            entries = json.load(file)["log"]["entries"]
        for entry in entries:
            request = entry["request"]
            asked = (request.get("postData") or {}).get("text") or request.get("url") or ""
            server.responses.append((f"schemathesis {name}", entry["response"]["status"],
                                     entry["response"].get("content", {}).get("text") or "", asked))
        fuzzed += len(entries)
    return fuzzed


def verdict(server, markers):
    """Counts 5xx statuses, internal errors and leaks over every response. A response repeating what its own
    request asked for (a FORBIDDEN naming the organization asked) is not a leak."""
    server_errors, internal, leaks, statuses = [], [], [], {}
    for name, status, text, asked in server.responses:
        statuses[status] = statuses.get(status, 0) + 1
        for code in codes(text):
            server.error_codes[code] = server.error_codes.get(code, 0) + 1
        lowered = text.lower()
        if status >= 500:
            server_errors.append((name, status, text[:200]))
        if "CALCULATION_ERROR" in codes(text):
            internal.append((name, status, text[:200]))
        for marker in markers:
            if marker.lower() in lowered and marker.lower() not in asked.lower():
                leaks.append((name, marker, text[:200]))
        for pattern in INTERNALS:
            if pattern in lowered and not lowered.lstrip().startswith("<!doctype html"):
                leaks.append((name, pattern, text[:200]))
    return server_errors, internal, leaks, statuses


def run(arguments):
    token = demo_token(arguments.log)
    granted = unverified_claims(token)["org_ids"]
    server = Server(arguments.url)
    _, text, _ = server.post("organizations", {"query": "{ organizations { id name } }"},
                             {"Authorization": f"Bearer {token}", "X-Organization-ID": granted[0]})
    organizations = {o["id"]: o["name"] for o in json.loads(text)["data"]["organizations"]}
    server.responses.clear()
    organization = arguments.organization if arguments.organization in organizations else sorted(organizations)[0]
    others = [o for o in sorted(organizations) if o != organization]
    markers = others + [organizations[o] for o in others]
    print(f"Asking as {organizations[organization]} ({organization}); {len(others)} other organizations must never show.\n")

    print("Hostile requests:")
    failures = battery(server, arguments.secret, arguments.keys, organization, others)
    fuzzed = fuzz(server, arguments.st, arguments.schema, arguments.secret, organization, arguments.report_dir,
                  arguments.examples)
    failures += server.failures

    server_errors, internal, leaks, statuses = verdict(server, markers)
    print(f"\n{len(server.responses)} responses ({fuzzed} from schemathesis); statuses: "
          + ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items())))
    print("error codes: " + ", ".join(f"{code}: {count}" for code, count in sorted(server.error_codes.items())))
    print(f"5xx responses: {len(server_errors)}; CALCULATION_ERROR answers: {len(internal)}; leaks: {len(leaks)}; "
          f"battery failures: {len(failures)}")
    for problem in failures + [str(p) for p in server_errors + internal + leaks][:20]:
        print(f"  - {problem}")
    return 1 if failures or server_errors or internal or leaks else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    keys = commands.add_parser("keys", help="write an RSA key and its JSON Web Key Set")
    keys.add_argument("directory")
    check = commands.add_parser("run", help="run the hostile requests and the fuzz run")
    check.add_argument("--url", required=True)
    check.add_argument("--secret", required=True, help="the server's JWT_HS256_SECRET")
    check.add_argument("--keys", required=True, help="the directory `keys` wrote")
    check.add_argument("--log", required=True, help="the demo's output, which holds its token")
    check.add_argument("--schema", default="schema.graphql")
    check.add_argument("--st", default="st", help="the schemathesis command")
    check.add_argument("--report-dir", default=".")
    check.add_argument("--examples", type=int, default=300, help="schemathesis examples per root field")
    check.add_argument("--organization", default="org_2xwHiNrj68eaRUlX10anlXGvzX7")
    arguments = parser.parse_args()
    if arguments.command == "keys":
        make_keys(arguments.directory)
        return 0
    return run(arguments)


if __name__ == "__main__":
    sys.exit(main())
