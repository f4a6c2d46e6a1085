#!/usr/bin/env python3
"""The PromQL of every panel of the clinic-analytics dashboard, read from its JSON, the one source.

    python3 deploy/grafana/panels.py                          # list every target: <panel title>\t<PromQL>
    python3 deploy/grafana/panels.py --prometheus http://127.0.0.1:9090
                                                              # evaluate every target now; fail on an error or
                                                              # an empty result

Grafana's variables are replaced so that Prometheus can run the expressions: `$__rate_interval` by --rate-interval
(1m by default) and `$instance` by `.+` (every instance). scripts/prometheus-check.sh imports `expressions` to
evaluate every target against a live Prometheus over a window of traffic. Only the standard library is used.
"""

import argparse
import json
import pathlib
import sys
import urllib.parse
import urllib.request

DASHBOARD = pathlib.Path(__file__).resolve().parent / "dashboards" / "clinic-analytics.json"


def targets(dashboard):
    """(title, refId, expr) of every target, in dashboard order (rows' nested panels included)."""
    for panel in dashboard["panels"]:
        for inner in [panel, *panel.get("panels", [])]:
            for target in inner.get("targets", []):
                yield inner["title"], target.get("refId", ""), target["expr"]


def concrete(expr, rate_interval):
    """The expression as Prometheus runs it, on one line."""
    one_line = " ".join(expr.replace("$__rate_interval", rate_interval).replace("$instance", ".+").split())
    if "$" in one_line:
        raise ValueError(f"a Grafana variable is left in: {one_line}")
    return one_line


def expressions(rate_interval="1m", dashboard=DASHBOARD):
    """(title, refId, PromQL) of every target of the dashboard."""
    loaded = json.loads(pathlib.Path(dashboard).read_text())
    return [(title, ref, concrete(expr, rate_interval)) for title, ref, expr in targets(loaded)]


def evaluate(url, listed):
    """Evaluates each expression now; returns how many failed (an error, or no series)."""
    failed = 0
    for title, _, expr in listed:
        query = urllib.parse.urlencode({"query": expr})
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/api/v1/query?{query}", timeout=10) as response:
                answer = json.load(response)
        except Exception as error:  # noqa: BLE001 - reported and counted
            print(f"ERROR  {title}: {expr}\n       {error}")
            failed += 1
            continue
        series = answer.get("data", {}).get("result", [])
        if answer.get("status") != "success":
            print(f"ERROR  {title}: {expr}\n       {answer.get('error')}")
            failed += 1
        elif not series:
            print(f"EMPTY  {title}: {expr}")
            failed += 1
        else:
            print(f"OK {len(series):3d} {title}: {expr}")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prometheus", metavar="URL", help="evaluate every expression against this Prometheus")
    parser.add_argument("--rate-interval", default="1m", help="what $__rate_interval becomes (default 1m)")
    args = parser.parse_args()

    listed = expressions(args.rate_interval)
    if args.prometheus:
        failed = evaluate(args.prometheus, listed)
        print(f"{failed} of {len(listed)} expressions failed")
        sys.exit(1 if failed else 0)
    for title, _, expr in listed:
        print(f"{title}\t{expr}")


if __name__ == "__main__":
    main()
