#!/usr/bin/env python3
"""peers-report.py OUT_DIR: the summary of a bench/peers run (summary.md, summary.json).

Reads the raw wrk outputs (CONFIG-runN.txt, with the server's CPU ticks appended), the memory
notes (CONFIG-mem.txt, CONFIG-heap.txt) and the one-second timeline slices
(CONFIG-timeline.txt); prints the table, the targets of issue 5 and the timelines as text.
"""
import glob
import json
import math
import os
import re
import statistics
import sys

from wrkparse import parse_wrk

ORDER = ["daemon", "embedded", "modjy", "raw", "wsgi4j", "wsgi4j-embedded",
         "daemon-recycle", "wsgi4j-recycle", "wsgi4j-recycle-nosite", "wsgi4j-recycle-pysite"]
LABEL = {
    "daemon": "Apache + mod_wsgi daemon (processes=1 threads=10)",
    "embedded": "Apache + mod_wsgi embedded",
    "modjy": "modjy (Jython 2.7.4) on Jetty 12.1",
    "raw": "raw Java servlet on Jetty 12.1",
    "wsgi4j": "**wsgi4j serve**, daemon vhost",
    "wsgi4j-embedded": "**wsgi4j serve**, embedded vhost",
    "daemon-recycle": "Apache daemon + maximum-requests=500",
    "wsgi4j-recycle": "**wsgi4j serve** + maximum-requests=500",
    "wsgi4j-recycle-nosite": "**wsgi4j serve** + maximum-requests=500, `-Dpython.import.site=false`",
    "wsgi4j-recycle-pysite": "**wsgi4j serve** + maximum-requests=500, `-Dwsgi4j.fastSite=false`",
}


def notes(path):
    if not os.path.exists(path):
        return {}
    return {k.strip(): v.strip() for k, v in
            (line.split(":", 1) for line in open(path) if ":" in line)}


def live_heap_mib(path):
    """Heap used after a full GC plus metaspace used, from jcmd GC.heap_info."""
    if not os.path.exists(path):
        return None, None
    text = open(path).read()
    heap = sum(int(k) for k in re.findall(
        r"^ (?:def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen)"
        r"\s+total \d+K, used (\d+)K", text, re.M))
    meta = re.search(r"Metaspace\s+used (\d+)K", text)
    return round(heap / 1024, 1), round(int(meta.group(1)) / 1024, 1) if meta else None


def timeline(path):
    if not os.path.exists(path):
        return []
    chunks = re.split(r"^=== (slice \d+|end) recycles (\d+)\n", open(path).read(), flags=re.M)
    # chunks: [pre, label, recycles, text, label, recycles, text, ..., 'end', recycles, '']
    points = []
    for i in range(1, len(chunks) - 3, 3):
        r = parse_wrk(chunks[i + 2])
        if r:
            r["recycles"] = int(chunks[i + 4]) - int(chunks[i + 1])
            points.append(r)
    return points


def fmt(v, digits=2):
    return "-" if v is None else f"{v:.{digits}f}"


def axis_top(worst):
    top = 10 ** math.ceil(math.log10(worst)) if worst > 1 else 1
    return top / 2 if top / 2 >= worst else top


def mermaid(cfg, points, top):
    """One chart; every chart of a run shares the y scale, so they compare at a glance."""
    if not points:
        return []
    p99 = [round(p["p99"], 2) for p in points]
    p50 = [round(p["p50"], 2) for p in points]
    return ["```mermaid", "xychart-beta",
            f'    title "{cfg}: p99 (upper) and p50 (lower) per second, ms"',
            f"    x-axis \"second\" [{', '.join(str(i + 1) for i in range(len(points)))}]",
            f'    y-axis "ms" 0 --> {top:g}',
            f"    line [{', '.join(map(str, p99))}]",
            f"    line [{', '.join(map(str, p50))}]", "```"]


def ascii_chart(cfg, points):
    if not points:
        return []
    worst = max(p["p99"] for p in points)
    lines = [f"{cfg}: one-second slices (p99 bar, log scale 0.1 ms .. {worst:.0f} ms)",
             " sec   req/s    p50 ms    p99 ms    max ms  recycles"]
    span = math.log10(max(worst, 0.2) / 0.1)
    for i, p in enumerate(points):
        bar = int(40 * math.log10(max(p["p99"], 0.1) / 0.1) / span) if span else 0
        lines.append(f"{i + 1:4d} {p['rps']:8.0f} {p['p50']:9.2f} {p['p99']:9.2f} "
                     f"{fmt(p['max'], 1):>9} {p['recycles']:9d}  {'#' * bar}")
    return lines


def main():
    out = sys.argv[1]
    configs = sorted({os.path.basename(p).rsplit("-run", 1)[0]
                      for p in glob.glob(os.path.join(out, "*-run*.txt"))},
                     key=lambda c: ORDER.index(c) if c in ORDER else 99)
    rows = {}
    for c in configs:
        runs = [r for r in (parse_wrk(open(p).read())
                            for p in sorted(glob.glob(os.path.join(out, c + "-run*.txt")))) if r]
        if not runs:
            continue
        mem = notes(os.path.join(out, c + "-mem.txt"))
        heap, meta = live_heap_mib(os.path.join(out, c + "-heap.txt"))
        rec = os.path.join(out, c + "-recycles.txt")
        cpu = [r["cpu_us_per_req"] for r in runs if "cpu_us_per_req" in r]
        rows[c] = {
            "config": c, "label": LABEL.get(c, c), "runs": runs,
            "rps": statistics.median(r["rps"] for r in runs),
            "rps_min": min(r["rps"] for r in runs), "rps_max": max(r["rps"] for r in runs),
            "p50": statistics.median(r["p50"] for r in runs),
            "p99": statistics.median(r["p99"] for r in runs),
            "cpu_us_per_req": statistics.median(cpu) if cpu else None,
            "errors": sum(r["errors"] for r in runs),
            "rss_mib": round(int(mem.get("rss_kb", 0)) / 1024, 1),
            "pss_mib": round(int(mem.get("pss_kb", 0)) / 1024, 1),
            "processes": mem.get("processes"),
            "live_heap_mib": heap, "metaspace_mib": meta,
            "recycles": int(open(rec).read().strip() or 0) if os.path.exists(rec) else None,
            "load": statistics.median(r["load"] for r in runs if r["load"] is not None)
            if any(r["load"] is not None for r in runs) else None,
            "timeline": timeline(os.path.join(out, c + "-timeline.txt")),
            "warmup_s": notes(os.path.join(out, c + "-warmup-info.txt")).get("warmup_s"),
        }
    env = open(os.path.join(out, "env.txt")).read().strip() \
        if os.path.exists(os.path.join(out, "env.txt")) else ""
    md = ["# bench/peers results", "", "```", env, "```", "",
          "| config | req/s median (min-max) | p50 ms | p99 ms | server CPU µs/req | RSS MiB (PSS) "
          "| live heap + metaspace MiB | recycles | errors | load |",
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows.values():
        live = "-" if r["live_heap_mib"] is None else f"{r['live_heap_mib']} + {r['metaspace_mib']}"
        md.append(
            f"| {r['label']} | {r['rps']:.0f} ({r['rps_min']:.0f}-{r['rps_max']:.0f}) "
            f"| {fmt(r['p50'])} | {fmt(r['p99'])} | {fmt(r['cpu_us_per_req'], 1)} "
            f"| {r['rss_mib']} ({r['pss_mib']}) | {live} | {fmt(r['recycles'], 0)} "
            f"| {r['errors']} | {fmt(r['load'], 1)} |")
    md += ["", "Medians of the measured runs; server CPU is the user+system time of the server's "
           "processes during a run divided by the requests it answered (robust when the machine "
           "is shared); live heap is `jcmd GC.heap_info` after `GC.run`.", ""]
    warmed = [f"{r['config']} {r['warmup_s']} s" for r in rows.values() if r["warmup_s"]]
    if warmed:
        md += ["JVM warm-up before the measured runs (until the JIT compiler threads used at most "
               "JIT_SETTLED % of a core for 10 s): " + ", ".join(warmed) + ".", ""]

    def ratio(a, b, key="rps"):
        if a in rows and b in rows and rows[b][key]:
            return rows[a][key] / rows[b][key]
        return None

    checks = []
    for name, (a, b, key, want, better) in {
        "wsgi4j vs modjy, req/s (target >= 2)": ("wsgi4j", "modjy", "rps", 2.0, "ge"),
        "modjy vs wsgi4j, CPU per request (same target, load-independent)":
            ("modjy", "wsgi4j", "cpu_us_per_req", 2.0, "ge"),
        "wsgi4j vs Apache daemon, req/s": ("wsgi4j", "daemon", "rps", None, None),
        "wsgi4j vs Apache embedded, req/s": ("wsgi4j", "embedded", "rps", None, None),
        "wsgi4j-recycle vs wsgi4j, req/s (target >= 0.9)":
            ("wsgi4j-recycle", "wsgi4j", "rps", 0.9, "ge"),
        "wsgi4j-recycle vs wsgi4j, p99 (target <= 2)": ("wsgi4j-recycle", "wsgi4j", "p99", 2.0, "le"),
        "wsgi4j-recycle-nosite vs wsgi4j, req/s (target >= 0.9)":
            ("wsgi4j-recycle-nosite", "wsgi4j", "rps", 0.9, "ge"),
        "wsgi4j-recycle-nosite vs wsgi4j, p99 (target <= 2)":
            ("wsgi4j-recycle-nosite", "wsgi4j", "p99", 2.0, "le"),
        "wsgi4j-recycle-pysite vs wsgi4j, req/s": ("wsgi4j-recycle-pysite", "wsgi4j", "rps", None, None),
        "daemon-recycle vs daemon, req/s": ("daemon-recycle", "daemon", "rps", None, None),
    }.items():
        v = ratio(a, b, key)
        if v is None:
            continue
        verdict = ""
        if want is not None:
            verdict = " met" if (v >= want if better == "ge" else v <= want) else " NOT met"
        checks.append(f"- {name}: {v:.2f}{verdict}")
    md += ["## Targets (issue 5)", ""] + checks + [""]

    text = []
    top = axis_top(max([p["p99"] for r in rows.values() for p in r["timeline"]] + [1.0]))
    for c, r in rows.items():
        if r["timeline"]:
            md += [f"## Timeline: {r['label']}", ""] + mermaid(c, r["timeline"], top) + [""]
            text += ascii_chart(c, r["timeline"]) + [""]
    md += ["## Timelines as text", "", "```"] + text + ["```", ""]
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write("\n".join(md))
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(list(rows.values()), f, indent=1)
    print("\n".join(md[6:6 + len(rows) + 2]))
    print("\n".join(["", "Targets:"] + checks + [""] + text))


if __name__ == "__main__":
    main()
