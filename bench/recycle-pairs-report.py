#!/usr/bin/env python3
"""Summary of a bench/recycle-pairs run: each pair's steady and recycling numbers, and medians.

Usage: recycle-pairs-report.py OUT_DIR
"""
import random
import re
import statistics
import sys
from pathlib import Path

from wrkparse import beyond, parse_histogram, parse_wrk, percentile


def run(path):
    text = Path(path).read_text()
    result = parse_wrk(text)
    result["recycles"] = int(re.search(r"recycles: (\d+)", text).group(1))
    result["histogram"] = parse_histogram(text)
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
        if s["histogram"] and r["histogram"] and r["recycles"]:
            row.update(delay(s["histogram"], r["histogram"], r["recycles"]))
        rows.append(row)
        print(f"{pair:4}  {s['rps']:12.0f}  {r['rps']:13.0f}  {row['rps']:5.2f}  |"
              f" {s['cpu_us_per_req']:17.1f} {r['cpu_us_per_req']:7.1f} {row['cpu']:5.2f} |"
              f" {s['p99']:13.2f} {r['p99']:7.2f} {row['p99']:4.1f} | {r['recycles']}"
              + (f"  errors: {s['errors']} / {r['errors']}" if s["errors"] or r["errors"] else ""))
        if "delayed" in row:
            print(f"      beyond {row['line']} us (2x the steady p99): steady {row['steady_beyond']}"
                  f" of {row['steady_total']}, recycling {row['recycle_beyond']} of"
                  f" {row['recycle_total']}; delayed by recycles {row['delayed']:+.1f},"
                  f" {row['delayed_per_recycle']:+.3f} a recycle")
    if not rows:
        print("no complete pairs")
        return 1
    print(summary(f"median over {len(rows)} pairs", rows))
    delayed = [row for row in rows if "delayed" in row]
    if delayed:
        print(delay_summary(delayed))
    jit = jit_summary(pairs)
    if jit:
        print(jit)
    # The steady server does the same work per request in every pair, so CPU per request above
    # its least in the run means the core was slowed (steal, a neighbour's cache traffic) then.
    least = min(row["steady_cpu"] for row in rows)
    quiet = [row for row in rows if row["steady_cpu"] <= QUIET * least]
    print(summary(f"median over the {len(quiet)} quieter pairs (steady CPU per request at most"
                  f" {QUIET}x the run's least, {least:.1f} us)", quiet))
    return 0


QUIET = 1.2


def delay(steady, recycle, recycles):
    """Issue 4's measure of a recycle's delays: requests of the recycling run beyond twice the
    steady run's p99, less the number the steady run's own rate beyond that line gives for as many
    requests (every run has some beyond it)."""
    line = 2 * percentile(steady, 99)
    steady_total = sum(count for _, count in steady)
    recycle_total = sum(count for _, count in recycle)
    steady_beyond, recycle_beyond = beyond(steady, line), beyond(recycle, line)
    delayed = recycle_beyond - steady_beyond * recycle_total / steady_total
    return {"line": line, "steady_beyond": steady_beyond, "steady_total": steady_total,
            "recycle_beyond": recycle_beyond, "recycle_total": recycle_total,
            "delayed": delayed, "delayed_per_recycle": delayed / recycles}


def delay_summary(rows):
    per_recycle = [row["delayed_per_recycle"] for row in rows]
    mean = statistics.mean(per_recycle)
    # A fixed seed: the same files give the same interval.
    rng = random.Random(1)
    means = sorted(statistics.mean(rng.choices(per_recycle, k=len(per_recycle)))
                   for _ in range(10000))
    return (f"requests delayed by recycles beyond 2x the steady p99 (recycling run's count less"
            f" the steady run's rate for as many requests), over {len(rows)} pairs: mean"
            f" {mean:+.3f} a recycle, 95% interval {means[249]:+.3f} to {means[9749]:+.3f};"
            f" median {statistics.median(per_recycle):+.3f}")


def jit_summary(pairs):
    """How busy each server's JIT compilers were during the measured runs: a compilation takes the
    pinned core from the requests, so a recycling server whose once-a-recycle code is still being
    compiled is measured against a steady one that has finished."""
    # Runs recorded before jit_cpu_ticks have none.
    shares = {name: [runs[name]["jit_share"] for runs in pairs.values()
                     if "jit_share" in runs.get(name, {})] for name in ("steady", "recycle")}
    if not all(shares.values()):
        return None
    return ("JIT compiler threads during the runs, median (max) share of a core: " + ", ".join(
        f"{name} {statistics.median(v):.1%} ({max(v):.1%})" for name, v in shares.items()))


def summary(label, rows):
    median = {k: statistics.median(row[k] for row in rows) for k in ("rps", "cpu", "p99")}
    return (f"{label}: recycling keeps {median['rps']:.0%} of the steady req/s"
            f" ({min(r['rps'] for r in rows):.0%}-{max(r['rps'] for r in rows):.0%}),"
            f" {median['cpu']:.0%} by CPU per request; its p99 is {median['p99']:.2f}x the"
            f" steady p99")


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
