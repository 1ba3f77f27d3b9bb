"""Figures of the benchmarks that run wrk against two contenders in alternating rounds (bench play, bench edge).

Their wrk scripts (infra/bench/*.lua) print one `BENCH {...}` JSON line per run, which the shell script
stores with the round's number: {"round", "mode", "requests", "duration_us", "errors", "non_2xx", "p50_us",
"p99_us", ...} (and "bytes" when the script reports it).
"""
import datetime
import json
import os
import platform
import statistics


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def figures(rounds, mode):
    """One contender's totals, and the median over its runs of each run's latency percentile."""
    rs = [r for r in rounds if r["mode"] == mode]
    requests = sum(r["requests"] for r in rs)
    duration_s = sum(r["duration_us"] for r in rs) / 1e6
    result = {
        "requests": requests,
        "errors": sum(r["errors"] + r["non_2xx"] for r in rs),
        "throughput_rps": round(requests / duration_s, 1),
        "p50_ms": round(statistics.median(r["p50_us"] for r in rs) / 1000, 3),
        "p99_ms": round(statistics.median(r["p99_us"] for r in rs) / 1000, 3),
        "per_round_rps": [round(r["requests"] / (r["duration_us"] / 1e6), 1) for r in rs],
    }
    if all("bytes" in r for r in rs):
        result["throughput_mib_s"] = round(sum(r["bytes"] for r in rs) / duration_s / 2**20, 1)
    return result


def paired_ratios(rounds, mode, baseline):
    """Per round, mode's req/s over the baseline's: runs of one round share the machine's load, so their
    ratio is steadier than the ratio of the totals on a shared machine."""
    rps = {(r["round"], r["mode"]): r["requests"] / (r["duration_us"] / 1e6) for r in rounds}
    return [rps[(n, mode)] / rps[(n, baseline)] for n in sorted({r["round"] for r in rounds})]


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def machine(load_before):
    return {"cpus": os.cpu_count(), "kernel": platform.release(), "load_average_before": load_before,
            "load_average_after": " ".join(open("/proc/loadavg").read().split()[:3])}
