"""Parsing of wrk's output as the bench scripts save it (wrk's text, then the lines a script
appends: server_cpu_ticks, clk_tck, jit_cpu_ticks, loadavg, and the histogram of latency-histogram.lua). Shared
by peers-report.py and recycle-pairs-report.py."""
import re


def to_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    v, unit = float(m.group(1)), m.group(2)
    return {"us": v / 1000, "ms": v, "s": v * 1000, "m": v * 60000}[unit]


def parse_wrk(text):
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not m:
        return None
    r = {"rps": float(m.group(1))}
    for pct in ("50", "99"):
        m = re.search(r"^\s+%s%%\s+(\S+)" % pct, text, re.M)
        r["p" + pct] = to_ms(m.group(1)) if m else None
    m = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", text, re.M)
    r["max"] = to_ms(m.group(3)) if m else None
    m = re.search(r"(\d+) requests in (\S+),", text)
    r["requests"] = int(m.group(1)) if m else 0
    r["seconds"] = to_ms(m.group(2)) / 1000 if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    r["errors"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    r["errors"] += sum(map(int, m.groups())) if m else 0
    ticks = re.search(r"server_cpu_ticks: (\d+)", text)
    hz = re.search(r"clk_tck: (\d+)", text)
    if ticks and hz and r["requests"]:
        r["cpu_us_per_req"] = int(ticks.group(1)) / int(hz.group(1)) * 1e6 / r["requests"]
    jit = re.search(r"jit_cpu_ticks: (\d+)", text)
    if jit and hz and r["seconds"]:
        # The JIT compiler threads' CPU during the run, as a share of one core.
        r["jit_share"] = int(jit.group(1)) / int(hz.group(1)) / r["seconds"]
    m = re.search(r"loadavg: (\S+)", text)
    r["load"] = float(m.group(1)) if m else None
    return r


def parse_histogram(text):
    """The (latency us, count) pairs that latency-histogram.lua printed, in rising order, or None
    when the run had no such script."""
    m = re.search(r"== latency histogram \(us count\)\n(.*?)== end of latency histogram", text, re.S)
    if not m:
        return None
    return [tuple(map(int, line.split())) for line in m.group(1).splitlines() if line.strip()]


def percentile(histogram, pct):
    """The least latency at or below which pct % of the histogram's requests are."""
    total = sum(count for _, count in histogram)
    seen = 0
    for value, count in histogram:
        seen += count
        if seen * 100 >= pct * total:
            return value
    return histogram[-1][0]


def beyond(histogram, line):
    """How many of the histogram's requests took longer than line (us)."""
    return sum(count for value, count in histogram if value > line)
