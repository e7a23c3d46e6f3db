#!/usr/bin/env bash
# Runs DPDK's ACL classifier (dpdk-test-acl) and our DecisionTreeClassifier (JMH, bench module) on the same
# ClassBench rule sets and traces, and writes the ns-per-lookup ratio table into docs/benchmarks.md, between
# the markers <!-- classbench-vs-dpdk:begin --> and <!-- classbench-vs-dpdk:end --> (appended if absent).
#
# Sets: the twelve 10k sets, and acl1/fw1/ipc1 at 100k (the only 100k sets with traces).
# Needs: Debian packages dpdk and dpdk-dev (dpdk-test-acl), JDK 21+ in JAVA_HOME, Maven, python3,
#        and ClassBench data in ../shared/classbench (override: PORTCULLIS_SHARED=/path/to/shared).
# Usage, from anywhere:  scripts/classbench-vs-dpdk.sh
# Takes about 10 minutes on 2 cores: DPDK builds its 100k tries in seconds each.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${PORTCULLIS_SHARED:-$repo/../shared}"
cb="$(cd "$shared/classbench" && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
doc="$repo/docs/benchmarks.md"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v dpdk-test-acl >/dev/null || { echo "dpdk-test-acl not found: apt-get install dpdk dpdk-dev" >&2; exit 1; }

sets=()
for t in acl1 acl2 acl3 acl4 acl5 fw1 fw2 fw3 fw4 fw5 ipc1 ipc2; do sets+=("${t}_10k"); done
sets+=(acl1_100k fw1_100k ipc1_100k)
# SETS="acl1_10k fw1_100k" runs a subset (for trying the script out; the committed table uses all).
if [[ -n "${SETS:-}" ]]; then read -ra sets <<<"$SETS"; fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== building the benchmarks jar" >&2
(cd "$repo" && mvn -q -pl classifier,bench -am package -DskipTests)

# dpdk-test-acl reads plain files: ClassBench rules as they are, traces whose first five columns are the
# header (it ignores the rest). Decompressed copies live in a temporary folder, never in the repository.
: > "$work/dpdk.tsv"
for set in "${sets[@]}"; do
  if [[ -f "$cb/rules/$set" ]]; then cp "$cb/rules/$set" "$work/$set.rules"; else zcat "$cb/rules/$set.gz" > "$work/$set.rules"; fi
  zcat "$cb/traces/${set}_trace.gz" > "$work/$set.trace"
  rules=$(wc -l < "$work/$set.rules"); headers=$(wc -l < "$work/$set.trace")
  # About 2 million lookups per set; one untimed-by-us run, DPDK times its own search loop.
  iter=$(( (2000000 + headers - 1) / headers ))
  echo "== dpdk-test-acl $set ($rules rules, $headers headers, $iter iterations)" >&2
  out=$(dpdk-test-acl --no-huge -m 4096 -l 0 --log-level=lib.eal:error -- \
        --rulesf="$work/$set.rules" --tracef="$work/$set.trace" \
        --rulenum=$((rules + 1)) --tracenum=$((headers + 1)) --iter=$iter --verbose=0 2>&1)
  line=$(grep '^search_ip5tuples' <<<"$out") || { echo "$out" | tail -20 >&2; exit 1; }
  # "... N cycles (S sec), C cycles/pkt, P pkt/sec": ns per lookup = 1e9 / P
  pps=$(sed -E 's/.* ([0-9.]+) pkt\/sec.*/\1/' <<<"$line")
  cpp=$(sed -E 's/.* ([0-9.]+) cycles\/pkt.*/\1/' <<<"$line")
  alg=$(grep -m1 -E '^\s*alg=' <<<"$out" | tr -d ' ')
  build_s=""
  if [[ $set == *_100k ]]; then
    # Build time: a run that classifies a single header is almost all rule parsing and rte_acl_build.
    head -1 "$work/$set.trace" > "$work/one.trace"
    start=$(date +%s.%N)
    dpdk-test-acl --no-huge -m 4096 -l 0 --log-level=lib.eal:error -- --rulesf="$work/$set.rules" \
        --tracef="$work/one.trace" --rulenum=$((rules + 1)) --tracenum=2 --iter=1 --verbose=0 >/dev/null 2>&1
    build_s=$(python3 -c "import time,sys; print(f'{time.time()-float(sys.argv[1]):.2f}')" "$start")
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$set" "$rules" "$pps" "$cpp" "$alg" "$build_s" >> "$work/dpdk.tsv"
done

set_list=$(IFS=,; echo "${sets[*]}")
jmh_opts=(-f 1 -wi 2 -w 1 -i 3 -r 1)
echo "== JMH LookupBenchmark.lookup (tree) on $set_list" >&2
(cd "$repo" && "$java" -Dportcullis.shared="$shared" -jar bench/target/benchmarks.jar 'LookupBenchmark.lookup$' \
    -p impl=tree -p set="$set_list" "${jmh_opts[@]}" -rf json -rff "$work/lookup.json" >&2)
echo "== JMH BuildBenchmark (tree) at 1k/10k/100k" >&2
(cd "$repo" && "$java" -Dportcullis.shared="$shared" -jar bench/target/benchmarks.jar 'BuildBenchmark' \
    -p impl=tree -p set="${BUILD_SETS:-acl1_1k,acl1_10k,acl1_100k,fw1_1k,fw1_10k,fw1_100k,ipc1_1k,ipc1_10k,ipc1_100k}" \
    "${jmh_opts[@]}" -rf json -rff "$work/build.json" >&2)

echo "== BuildTimeReport (tree): CPU time of the building thread" >&2
(cd "$repo" && "$java" -Dportcullis.shared="$shared" -cp bench/target/benchmarks.jar dev.portcullis.bench.BuildTimeReport \
    $(tr ',' ' ' <<<"${BUILD_SETS:-acl1_1k,acl1_10k,acl1_100k,fw1_1k,fw1_10k,fw1_100k,ipc1_1k,ipc1_10k,ipc1_100k}") \
    > "$work/buildcpu.txt")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
python3 - "$work" "$doc" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$cpu" "$("$java" -version 2>&1 | head -1)" \
    "$(dpkg-query -W -f='${Version}' dpdk 2>/dev/null || echo unknown)" "$load_start" "$load_end" <<'PY'
import json, math, os, sys
work, doc, when, nproc, cpu, jvm, dpdk_version, load_start, load_end = sys.argv[1:]
dpdk = {}
for line in open(os.path.join(work, "dpdk.tsv")):
    s, rules, pps, cpp, alg, build = line.rstrip("\n").split("\t")
    dpdk[s] = dict(rules=int(rules), ns=1e9 / float(pps), cycles=float(cpp), alg=alg, build=build)
def jmh(name):
    out = {}
    for r in json.load(open(os.path.join(work, name))):
        m = r["primaryMetric"]
        out[r["params"]["set"]] = (m["score"], m["scoreError"])
    return out
ours = jmh("lookup.json")
build = jmh("build.json")
build_cpu = {}
for line in open(os.path.join(work, "buildcpu.txt")).readlines()[1:]:
    f = line.split()
    build_cpu[f[0]] = float(f[2])

rows, ratios10, ratios100 = [], [], []
for s, d in dpdk.items():
    ns, err = ours[s]
    ratio = ns / d["ns"]
    (ratios100 if s.endswith("100k") else ratios10).append(ratio)
    rows.append(f"| {s} | {d['rules']} | {d['ns']:.1f} | {ns:.1f} ± {err:.1f} | {ratio:.2f} |")
geo = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")
g10, g100 = geo(ratios10), geo(ratios100)
algs = sorted({d["alg"] for d in dpdk.values()})

text = f"""<!-- classbench-vs-dpdk:begin -->
## Classifier vs DPDK ACL on ClassBench

Generated by `scripts/classbench-vs-dpdk.sh` on {when}; machine: {nproc} cores, {cpu}; {jvm}; DPDK {dpdk_version}.
Both sides classify the same ClassBench trace of the same rule file, single-threaded, header after header.
DPDK: `dpdk-test-acl --no-huge -m 4096 -l 0 -- --rulesf=R --tracef=T --rulenum=N --tracenum=M --iter=~2M/M`,
ns/lookup = 1e9 / its pkt/sec (it classifies in bursts of 256 with its default SIMD method, {', '.join(algs)});
ours: `LookupBenchmark.lookup -p impl=tree` (JMH, 1 fork, 2×1 s warmup, 3×1 s measurement, ± is JMH's 99.9% error),
one `firstMatch` call per header. Ratio = ours / DPDK, so below 1 means faster than DPDK.
Load average (1, 5, 15 min) at the start: {load_start}; at the end: {load_end}. On a shared machine other
processes take cores from both sides, so figures (DPDK's included) move between runs; rerun to compare.

| set | rules | DPDK ns/lookup | ours ns/lookup | ratio |
|---|---:|---:|---:|---:|
""" + "\n".join(rows) + f"""

Geometric mean of the ratio: **{g10:.2f}** over the twelve 10k sets (target ≤ 1.0: {"met" if g10 <= 1.0 else "missed"}),
**{g100:.2f}** over the three 100k sets (target ≤ 1.5: {"met" if g100 <= 1.5 else "missed"}).

Build time. Ours: `BuildBenchmark -p impl=tree` (wall ms, JMH average) and `BuildTimeReport` (CPU ms of the
building thread, best of 10 after 5 warm-ups; unaffected by waiting for a core on a loaded machine). DPDK: wall
time of `dpdk-test-acl` classifying one header, i.e. EAL start, rule parsing and `rte_acl_build`.

| set | ours build wall ms | ours build CPU ms | DPDK build s |
|---|---:|---:|---:|
""" + "\n".join(
    f"| {s} | {build[s][0]:.1f} ± {build[s][1]:.1f} | {build_cpu.get(s, float('nan')):.1f} | {dpdk[s]['build'] if s in dpdk and dpdk[s]['build'] else '-'} |"
    for s in build
) + """
<!-- classbench-vs-dpdk:end -->
"""

old = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n"
begin, end = "<!-- classbench-vs-dpdk:begin -->", "<!-- classbench-vs-dpdk:end -->"
if begin in old and end in old:
    new = old[:old.index(begin)] + text.rstrip("\n") + old[old.index(end) + len(end):]
else:
    new = old.rstrip("\n") + "\n\n" + text
open(doc, "w").write(new)
print(f"geometric mean ratio: 10k {g10:.2f}, 100k {g100:.2f}; written to {doc}")
PY
