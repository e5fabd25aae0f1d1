#!/usr/bin/env python3
"""CPU accounting for bench/http-poll.sh: snapshots of a recorder's process and thread CPU, and the
per-poll summary with its components and the verdict against issue 18's targets.

  http_poll_cpu.py snap PID METRICS_URL OUT.json     process + per-thread utime+stime, poll counters
  http_poll_cpu.py report RUN_A RUN_B IDLE_A IDLE_B  per-poll figures of the window A..B

CPU comes from /proc/PID/stat and /proc/PID/task/*/stat (utime+stime). Threads that ended inside
the window (short-lived compression helpers) show as "(ended threads)": the process total minus
the threads still alive. Components group threads by their names (the recorder names them).
"""
import json
import os
import re
import sys
import time
import urllib.request

# (component, thread-name pattern), first match wins. Compression includes the read-back check.
COMPONENTS = [
    ("http source: read + validate/compact", r"^source-|^OkHttp|^Okio"),
    ("writer: sort, write, fsync", r"^writer-"),
    ("index: flow extraction (feed)", r"^index-feed"),
    ("index: tables (kind workers, merges)", r"^index|^indexer"),
    ("compression (+ read-back check)", r"^compress"),
    ("JIT compilers", r"CompilerThre"),
    ("GC", r"^GC Thread|^G1"),
]
# Issue 18 section 2: CPU per poll, and the Python recorder's figures on the same machine.
TARGETS = [(3.5e6, 6.5e6, "5 MB", 0.03, 0.43), (30e6, 50e6, "40 MB", 0.2, 6.9)]


def cpu_of(stat_path, ticks):
    s = open(stat_path).read()
    f = s[s.rindex(")") + 2:].split()
    return (int(f[11]) + int(f[12])) / ticks


def metric(text, family, **labels):
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(family):
            continue
        head, _, value = line.rpartition(" ")
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            total += float(value)
    return total


def snap(pid, metrics_url, out):
    ticks = os.sysconf("SC_CLK_TCK")
    text = ""
    if metrics_url != "-":
        text = urllib.request.urlopen(metrics_url + "/metrics", timeout=10).read().decode()
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            threads[tid] = [name, cpu_of(f"/proc/{pid}/task/{tid}/stat", ticks)]
        except OSError:
            pass  # ended while we read
    data = {
        "time": time.time(),
        "cpu": cpu_of(f"/proc/{pid}/stat", ticks),
        "threads": threads,
        "polls": metric(text, "nsr_source_polls_total", source="flowinfo", result="ok"),
        "bytes": metric(text, "nsr_source_bytes_total", source="flowinfo"),
        "skipped": metric(text, "nsr_source_skipped_ticks_total", source="flowinfo"),
    }
    json.dump(data, open(out, "w"))


def components(a, b):
    out = {name: 0.0 for name, _ in COMPONENTS}
    out["other"] = 0.0
    alive = 0.0
    for tid, (name, cpu) in b["threads"].items():
        delta = cpu - (a["threads"][tid][1] if tid in a["threads"] else 0.0)
        alive += delta
        for comp, pattern in COMPONENTS:
            if re.search(pattern, name):
                out[comp] += delta
                break
        else:
            out["other"] += delta
    ended = (b["cpu"] - a["cpu"]) - alive
    # Threads that ended inside the window are the compression pool's per-file block helpers.
    out["compression (+ read-back check)"] += ended
    return out


def report(run_a, run_b, idle_a, idle_b):
    a, b = json.load(open(run_a)), json.load(open(run_b))
    ia, ib = json.load(open(idle_a)), json.load(open(idle_b))
    polls = b["polls"] - a["polls"]
    if polls <= 0:
        # A poll that overran the whole window (a loaded machine: the simulator cannot render in time).
        print(f"  no successful poll in the window ({b['skipped'] - a['skipped']:.0f} ticks skipped): no figure")
        print("RESULT - 0 - - - - -")
        return
    wall = b["time"] - a["time"]
    gross = (b["cpu"] - a["cpu"]) / polls
    # The idle recorder (same config, never polling) over a window of the same length.
    idle_rate = (ib["cpu"] - ia["cpu"]) / (ib["time"] - ia["time"])
    baseline = idle_rate * wall / polls
    net = gross - baseline
    body = (b["bytes"] - a["bytes"]) / polls
    verdict, python, ratio = "no target at this size", None, "-"
    for low, high, label, target, py in TARGETS:
        if low < body < high:
            verdict = f"target <= {target} s per {label} poll: " + ("met" if net <= target else "NOT met")
            python = py
            ratio = f"{py / net:.1f}x less CPU" if net > 0 else "-"
    print(f"  window {wall:.1f} s, {polls:.0f} polls ({b['skipped'] - a['skipped']:.0f} ticks skipped), "
          f"{body / 1e6:.2f} MB per poll line")
    print(f"  process CPU per poll {gross:.4f} s; idle baseline {baseline:.4f} s per poll "
          f"({idle_rate:.4f} cores); net {net:.4f} s per poll")
    for comp, cpu in sorted(components(a, b).items(), key=lambda kv: -kv[1]):
        print(f"    {cpu / polls * 1000:8.1f} ms/poll  {comp}")
    print(f"  {verdict}")
    if python is not None:
        print(f"  Python recorder: {python} s per poll -> NSR needs {ratio}")
    # One machine-readable line for the summary table.
    print(f"RESULT {body:.0f} {polls:.0f} {gross:.4f} {baseline:.4f} {net:.4f} {python or '-'} {ratio.split('x')[0]}")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        snap(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        report(*sys.argv[2:6])
