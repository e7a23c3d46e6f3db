#!/usr/bin/env bash
# Start-up time of the common portcullis commands, before and after the start-up work of issue 10, beside a
# hello-world class on the same JDK: wall time of whole commands as a user types them (launcher included).
#
# "Before" is a clone of this repository at BASELINE (default 7e4ab68, the last commit before that work), with
# its own launcher and jar, built in a folder of its own; "after" is this working tree. Each round runs every
# command once, in order and the next round in reverse order (hello, before, after, ... interleaved), so load from
# other builds on the machine falls on all of them alike. It prints a Markdown table: min and median wall time
# per command, the median as a multiple of hello-world's, and the median CPU time (user+sys, all threads), with
# the machine, JDK, date and load.
#
# Usage, from anywhere:  scripts/startup-benchmark.sh [ROUNDS]      (default 20 rounds, after 2 untimed ones)
#        ABLATION=1 scripts/startup-benchmark.sh [ROUNDS]   adds check run by java directly, without a launcher:
#        the before jar, then the after jar with neither the archive nor -XX:TieredStopAtLevel=1, with the
#        archive only, and with both; so each step's share shows.
# Needs: hyperfine (apt-get install -y hyperfine), python3, git, Maven and a JDK 21+ (bin/jdk.sh finds it).
# The baseline clone is kept in BASELINE_DIR (default ${TMPDIR:-/tmp}/portcullis-startup-BASELINE) so that a
# rerun does not build it again; delete that folder to start afresh. Building either side takes minutes.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-20}"
baseline="${BASELINE:-7e4ab68}"
base="${BASELINE_DIR:-${TMPDIR:-/tmp}/portcullis-startup-$baseline}"
packet="out tcp 192.168.1.5:40000 -> 203.0.113.5:5050"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install -y hyperfine" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: apt-get install -y python3" >&2; exit 1; }
# shellcheck source=../bin/jdk.sh
. "$repo/bin/jdk.sh"   # one JDK for all: both launchers take JAVA_HOME first
java="$JAVA_HOME/bin/java"

if [ ! -f "$base/cli/target/portcullis-all.jar" ]; then
  echo "== cloning $baseline into $base and building it with its own launcher" >&2
  rm -rf "$base"
  git clone -q --no-checkout "$repo" "$base"
  git -C "$base" checkout -q --detach "$baseline"
fi
# First calls: each launcher builds its jar if it needs to (and "after" prepares its class-data archive).
"$base/bin/portcullis" --version >/dev/null
"$repo/bin/portcullis" --version >/dev/null

cat >"$work/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
"$JAVA_HOME/bin/javac" -d "$work" "$work/Hello.java"

names=(hello-world
  "before: --version" "before: check" "before: policy validate"
  "after: --version" "after: check" "after: policy validate")
commands=("$java -cp $work Hello"
  "$base/bin/portcullis --version"
  "$base/bin/portcullis check $base/examples/home-messaging.yaml '$packet'"
  "$base/bin/portcullis policy validate $base/examples/home-messaging.yaml"
  "$repo/bin/portcullis --version"
  "$repo/bin/portcullis check $repo/examples/home-messaging.yaml '$packet'"
  "$repo/bin/portcullis policy validate $repo/examples/home-messaging.yaml")

if [ "${ABLATION:-}" = 1 ]; then
  jar="$repo/cli/target/portcullis-all.jar"
  archive="$repo/cli/target/portcullis-${JAVA_HOME##*/}-$PORTCULLIS_JAVA_VERSION"   # as bin/portcullis names it
  if [ "$PORTCULLIS_JAVA_MAJOR" -ge 25 ]; then
    use_archive="-XX:AOTCache=$archive.aot -Xlog:aot*=off -Xlog:cds*=off"
  else
    use_archive="-XX:SharedArchiveFile=$archive.jsa -Xlog:cds*=off"
  fi
  check="check $repo/examples/home-messaging.yaml '$packet'"
  names+=("java -jar before.jar: check" "java -jar after.jar: check" "java -jar after.jar, archive: check"
    "java -jar after.jar, archive, C1: check")
  commands+=("$java -jar $base/cli/target/portcullis-all.jar $check" "$java -jar $jar $check"
    "$java $use_archive -jar $jar $check" "$java $use_archive -XX:TieredStopAtLevel=1 -jar $jar $check")
fi

# Every command must succeed as it stands before its time counts.
for command in "${commands[@]}"; do
  hyperfine -N --runs 1 --style none "$command" >/dev/null 2>&1 \
    || { echo "this command fails, so it cannot be timed: $command" >&2; exit 1; }
done

run_round() { # $1: file for hyperfine's JSON, or empty for an untimed round; $2: forward or reverse
  local i args=()
  for ((i = 0; i < ${#names[@]}; i++)); do
    if [ "$2" = forward ]; then
      args+=(--command-name "${names[$i]}" "${commands[$i]}")
    else
      args=(--command-name "${names[$i]}" "${commands[$i]}" "${args[@]}")
    fi
  done
  hyperfine -N --runs 1 --style none ${1:+--export-json "$1"} "${args[@]}" >/dev/null 2>&1
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
run_round "" forward
run_round "" reverse
: >"$work/load"
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then run_round "$work/round-$r.json" forward; else run_round "$work/round-$r.json" reverse; fi
  cut -d' ' -f1 /proc/loadavg >>"$work/load"
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -n1)"
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`${ABLATION:+ABLATION=1 }scripts/startup-benchmark.sh $rounds\` on $cpu" \
  "($(nproc) cores), JDK $PORTCULLIS_JAVA_VERSION ($JAVA_HOME), baseline $baseline."
echo "Load average (1, 5, 15 min) at the start: $load_start; at the end: $load_end;" \
  "1-min load after each round: $(sort -n "$work/load" | head -n1) to $(sort -n "$work/load" | tail -n1)."
echo
python3 - "$work" "${names[@]}" <<'PY'
import json, pathlib, statistics, sys
work, names = pathlib.Path(sys.argv[1]), sys.argv[2:]
wall = {name: [] for name in names}
cpu = {name: [] for name in names}
for f in sorted(work.glob("round-*.json")):
    for result in json.loads(f.read_text())["results"]:  # one run per command per round
        wall[result["command"]].extend(result["times"])
        cpu[result["command"]].append(result["user"] + result["system"])
hello_min, hello_median = min(wall["hello-world"]), statistics.median(wall["hello-world"])
ms = lambda seconds: f"{seconds * 1000:.0f} ms"
print(f"| command ({len(wall[names[0]])} runs each) | min | median | min / hello-world min"
      " | median / hello-world median | median CPU (user+sys) |")
print("|---|---:|---:|---:|---:|---:|")
for name in names:
    print(f"| {name} | {ms(min(wall[name]))} | {ms(statistics.median(wall[name]))} | "
          f"{min(wall[name]) / hello_min:.1f}x | {statistics.median(wall[name]) / hello_median:.1f}x | "
          f"{ms(statistics.median(cpu[name]))} |")
PY
