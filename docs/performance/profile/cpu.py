#!/usr/bin/env python3
"""CPU seconds per thread group from a JFR recording: jdk.ThreadCPULoad (Java threads, each event
the load since the thread's previous event) and jdk.CPULoad (whole JVM), so what the JVM spends
outside Java threads (GC, JIT compiler) shows too. usage: cpu.py recording.jfr [from-iso] [to-iso]"""
import json, re, subprocess, sys, collections
from datetime import datetime
rec = sys.argv[1]; lo = sys.argv[2] if len(sys.argv) > 2 else None; hi = sys.argv[3] if len(sys.argv) > 3 else None
def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, rec], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]
def t(e): return datetime.fromisoformat(e["values"]["startTime"][:26].rstrip("Z"))
def inside(e):
    s = e["values"]["startTime"]
    return (lo is None or s >= lo) and (hi is None or s <= hi)
NCPU = 2
last = {}; per = collections.Counter()
for e in sorted(events("jdk.ThreadCPULoad"), key=t):
    v = e["values"]; th = v["eventThread"]; tid = th["javaThreadId"]
    now = t(e); prev = last.get(tid); last[tid] = now
    if prev is None or not inside(e): continue
    secs = (now - prev).total_seconds() * NCPU * (v["user"] + v["system"])
    per[re.sub(r"\d+", "#", th.get("javaName") or th.get("osName") or "?")] += secs
jvm = 0.0; prev = None
for e in sorted(events("jdk.CPULoad"), key=t):
    now = t(e)
    if prev is not None and inside(e):
        jvm += (now - prev).total_seconds() * NCPU * (e["values"]["jvmUser"] + e["values"]["jvmSystem"])
    prev = now
java = sum(per.values())
print(f"| thread group | CPU s |\n|---|---:|")
for k, s in per.most_common():
    if s >= 0.05: print(f"| `{k}` | {s:.1f} |")
print(f"| all Java threads | {java:.1f} |\n| JVM outside Java threads (GC, JIT, VM) | {jvm - java:.1f} |\n| whole JVM | {jvm:.1f} |")
