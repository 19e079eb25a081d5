#!/usr/bin/env python3
"""Summary of a bench/recycle-pairs run: each pair's steady and recycling numbers, and medians.

Usage: recycle-pairs-report.py OUT_DIR
"""
import re
import statistics
import sys
from pathlib import Path

from wrkparse import parse_wrk


def run(path):
    text = Path(path).read_text()
    result = parse_wrk(text)
    result["recycles"] = int(re.search(r"recycles: (\d+)", text).group(1))
    return result


def main(out):
    pairs = {}
    for line in (out / "runs.txt").read_text().splitlines():
        pair, name, path = line.split()
        pairs.setdefault(int(pair), {})[name] = run(path)
    rows = []
    print("pair  steady req/s  recycle req/s  ratio  | CPU us/req steady recycle ratio"
          " | p99 ms steady recycle  x | recycles")
    for pair, runs in sorted(pairs.items()):
        if set(runs) != {"steady", "recycle"}:
            continue
        s, r = runs["steady"], runs["recycle"]
        row = {
            "rps": r["rps"] / s["rps"],
            "cpu": s["cpu_us_per_req"] / r["cpu_us_per_req"],
            "p99": r["p99"] / s["p99"],
        }
        row["steady_cpu"] = s["cpu_us_per_req"]
        rows.append(row)
        print(f"{pair:4}  {s['rps']:12.0f}  {r['rps']:13.0f}  {row['rps']:5.2f}  |"
              f" {s['cpu_us_per_req']:17.1f} {r['cpu_us_per_req']:7.1f} {row['cpu']:5.2f} |"
              f" {s['p99']:13.2f} {r['p99']:7.2f} {row['p99']:4.1f} | {r['recycles']}"
              + (f"  errors: {s['errors']} / {r['errors']}" if s["errors"] or r["errors"] else ""))
    if not rows:
        print("no complete pairs")
        return 1
    print(summary(f"median over {len(rows)} pairs", rows))
    # The steady server does the same work per request in every pair, so CPU per request above
    # its least in the run means the core was slowed (steal, a neighbour's cache traffic) then.
    least = min(row["steady_cpu"] for row in rows)
    quiet = [row for row in rows if row["steady_cpu"] <= QUIET * least]
    print(summary(f"median over the {len(quiet)} quieter pairs (steady CPU per request at most"
                  f" {QUIET}x the run's least, {least:.1f} us)", quiet))
    return 0


QUIET = 1.2


def summary(label, rows):
    median = {k: statistics.median(row[k] for row in rows) for k in ("rps", "cpu", "p99")}
    return (f"{label}: recycling keeps {median['rps']:.0%} of the steady req/s"
            f" ({min(r['rps'] for r in rows):.0%}-{max(r['rps'] for r in rows):.0%}),"
            f" {median['cpu']:.0%} by CPU per request; its p99 is {median['p99']:.2f}x the"
            f" steady p99")


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
