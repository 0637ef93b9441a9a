#!/usr/bin/env python3
"""Hot methods per thread group from a JFR recording (JDK 17 has no `jfr view`).
usage: hot.py recording.jfr [top]   -- needs `jfr` on PATH"""
import json, re, subprocess, sys, collections
rec = sys.argv[1]; top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
                      "jdk.ExecutionSample", rec], capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
def group(name):
    name = re.sub(r"\d+", "#", name or "?")
    return name
def frame(f):
    m = f["method"]; return m["type"]["name"].replace("/", ".") + "." + m["name"]
by_thread = collections.Counter(); self_by = collections.defaultdict(collections.Counter)
incl_by = collections.defaultdict(collections.Counter)
CATS = [("Jackson (de)serialization", r"^com\.fasterxml\.jackson"),
        ("JSON patch diffing (zjsonpatch/Fabric8 diff)", r"zjsonpatch|JsonDiff|PatchUtils|jsonpatch"),
        ("reflection / bean access", r"^java\.lang\.reflect|^jdk\.internal\.reflect|MethodHandle|BeanUtil|PropertyUtils"),
        ("regex Pattern.compile", r"^java\.util\.regex\.Pattern\.(compile|<init>)"),
        ("Micrometer", r"^io\.micrometer"),
        ("JDK HttpClient", r"^jdk\.internal\.net\.http"),
        ("logging (logback/slf4j)", r"^ch\.qos\.logback|^org\.slf4j"),
        ("JOSDK", r"^io\.javaoperatorsdk"),
        ("Fabric8 client", r"^io\.fabric8\.kubernetes\.client"),
        ("Fabric8 mock server", r"^io\.fabric8\.(mockwebserver|kubernetes\.client\.server)|^io\.(vertx|netty)"),
        ("our code", r"^io\.github\.pineconeimport")]
cat_by = collections.defaultdict(collections.Counter)
for e in events:
    v = e["values"]; t = group((v.get("sampledThread") or {}).get("javaName") or (v.get("sampledThread") or {}).get("osName"))
    frames = [frame(f) for f in (v.get("stackTrace") or {}).get("frames", [])]
    if not frames: continue
    by_thread[t] += 1; self_by[t][frames[0]] += 1
    for fr in set(frames): incl_by[t][fr] += 1
    # the nearest listed library from the leaf up: where the sample's time is really spent
    # (Micrometer's Timer.record wraps a whole reconcile; it only counts when nothing nearer does)
    cat = next((name for fr in frames for name, rx in CATS if re.search(rx, fr)), "JDK only")
    cat_by[t][cat] += 1
total = sum(by_thread.values())
print(f"# {rec}: {total} execution samples\n")
print("| thread group | samples | share |\n|---|---:|---:|")
for t, n in by_thread.most_common(): print(f"| `{t}` | {n} | {100*n/total:.1f} % |")
for t, n in by_thread.most_common(4):
    print(f"\n## `{t}` ({n} samples)\n\nEach sample counted once, for the nearest listed library from the leaf up:\n")
    print("| where | samples | share of the thread's |\n|---|---:|---:|")
    for c, k in cat_by[t].most_common(): print(f"| {c} | {k} | {100*k/n:.0f} % |")
    print("\nTop self (leaf) methods:\n\n| method | samples |\n|---|---:|")
    for m, k in self_by[t].most_common(top): print(f"| `{m}` | {k} |")
