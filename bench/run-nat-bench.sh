#!/usr/bin/env bash
# Whole-process speed of `peerfix nat explain` against `iptables-restore --test` on the same
# kube-proxy-shaped nat table of a large cluster (issue 2, "Speed"). Needs root (a private network
# namespace for iptables-restore), Java 17, Maven, hyperfine; prints peerfix/iptables-restore.
#
#   bench/run-nat-bench.sh [--jmh] [--services N] [--endpoints E] [--runs R] [--warmup W]
#                          [--out DIR] [--rebuild] [--baseline JAR]
#
# --baseline JAR adds another build's jar (with its AppCDS archive beside it, JAR minus .jar plus
# .jsa, as that build made it) to the same hyperfine run, started by this launcher's flags, so a
# regression is a ratio measured side by side. Since hyperfine runs one command's runs together and
# this machine's speed drifts by up to a third within a minute (a shared host), the script then
# also runs both builds interleaved, R pairs in ABBA order under GNU time, and prints the median of
# the pairs' ratios: the figure to judge a regression by.
#
# Results: DIR/hyperfine-nat.json (and DIR/jmh-nat.json with --jmh); DIR defaults to
# bench/results/tmp (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services=10000
endpoints=3
runs=10
warmup=2
out="$root/bench/results/tmp"
jmh=false
rebuild=false
baseline=""

usage() {
  bench_usage
}

source "$root/bench/lib/options.sh"
while [[ $# -gt 0 ]]; do
  bench_require_value "--services --endpoints --runs --warmup --out --baseline" "$@"
  case "$1" in
    --jmh) jmh=true ;;
    --rebuild) rebuild=true ;;
    --services) services="$2"; shift ;;
    --endpoints) endpoints="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --out) out="$2"; shift ;;
    --baseline) baseline="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-nat-bench: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for n in "$services" "$endpoints" "$runs" "$warmup"; do
  if ! [[ "$n" =~ ^[0-9]+$ ]]; then
    echo "run-nat-bench: expected a whole number, got: $n" >&2
    exit 2
  fi
done
# The commands below are given to hyperfine as strings (split into words, never run by a shell):
# keep the output directory to plain path characters.
if ! [[ "$out" =~ ^[A-Za-z0-9_./-]+$ ]]; then
  echo "run-nat-bench: --out must be a path of letters, digits, _ . / - only, got: $out" >&2
  exit 2
fi
if [[ -n "$baseline" ]]; then
  if ! [[ "$baseline" =~ ^[A-Za-z0-9_./-]+\.jar$ && -f "$baseline" ]]; then
    echo "run-nat-bench: --baseline must be an existing .jar (path of letters, digits, _ . / -): $baseline" >&2
    exit 2
  fi
  baseline="$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")"
fi
if [[ $EUID -ne 0 ]]; then
  echo "run-nat-bench: run as root (iptables-restore runs in a private network namespace)" >&2
  exit 2
fi
for tool in java hyperfine ip iptables-restore iptables-legacy-restore jq /usr/bin/time; do
  if ! command -v "$tool" >/dev/null; then
    echo "run-nat-bench: $tool is missing (apt-get install hyperfine iptables iproute2 jq time)" >&2
    exit 2
  fi
done

cd "$root"
jar="bot/target/peerfix.jar"
benchjar="bench/target/benchmarks.jar"
if $rebuild || [[ ! -f "$jar" || ! -f "$benchjar" ]]; then
  echo "== building peerfix and the benchmarks"
  mvn -B -q -Pbench -DskipTests package
fi
if [[ ! bot/target/peerfix.jsa -nt "$jar" ]]; then
  # The build makes the class-data archive bin/peerfix starts with; remake it if it is stale.
  bin/peerfix-cds >/dev/null
fi

mkdir -p "$out"
rules="$out/kube-proxy-nat-${services}x${endpoints}.txt"
echo "== generating $rules"
java -cp "$benchjar" io.peerfix.bench.GenerateNatTable \
  --services "$services" --endpoints "$endpoints" --seed 1 --out "$rules"
echo "   $(wc -l <"$rules") lines, $(wc -c <"$rules") bytes"

ns="pfb$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
ip netns add "$ns"
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT

explain_args="nat explain --rules $rules --src 10.244.1.5 --dst 10.0.5.20:5432 --node-ip 172.20.1.10"
peerfix_cmd="bin/peerfix $explain_args"
java_cmd="java -jar $jar $explain_args"
restore_cmd="ip netns exec $ns iptables-restore --test $rules"
legacy_cmd="ip netns exec $ns iptables-legacy-restore --test $rules"
baseline_args=()
if [[ -n "$baseline" ]]; then
  # env runs the launcher with PEERFIX_JAR set (hyperfine -N starts no shell).
  baseline_args=(-n "baseline (bin/peerfix, $baseline)" "env PEERFIX_JAR=$baseline bin/peerfix $explain_args")
fi

# Every command must succeed before it is timed.
echo "== peerfix says:"
explained="$(bin/peerfix nat explain --rules "$rules" --src 10.244.1.5 --dst 10.0.5.20:5432 \
  --node-ip 172.20.1.10)"
head -5 <<<"$explained"
ip netns exec "$ns" iptables-restore --test "$rules"
ip netns exec "$ns" iptables-legacy-restore --test "$rules"

echo "== hyperfine (warmup $warmup, runs $runs); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$out/hyperfine-nat.json" \
  -n "peerfix (bin/peerfix)" "$peerfix_cmd" \
  -n "peerfix (java -jar)" "$java_cmd" \
  -n "iptables-restore --test" "$restore_cmd" \
  -n "iptables-legacy-restore --test" "$legacy_cmd" \
  "${baseline_args[@]}"

echo "== ratios peerfix / restore (target <= 0.7): wall = mean elapsed time; cpu = mean user+system"
echo "   (on a busy machine wall times wait for a core; cpu is the steadier figure)"
jq -r '
  (.results | map({key: .command, value: .}) | from_entries) as $m
  | def ms(x): (x * 1000 | round);
    def cpu(x): (x.user + x.system);
    def r(x): (x * 1000 | round / 1000);
  ((["peerfix (bin/peerfix)", "peerfix (java -jar)"] + [.results[].command | select(startswith("baseline"))])[]) as $p
  | ["iptables-restore --test", "iptables-legacy-restore --test"][] as $q
  | "\($p) / \($q): wall \(r($m[$p].mean / $m[$q].mean)) (\(ms($m[$p].mean)) vs \(ms($m[$q].mean)) ms), cpu \(r(cpu($m[$p]) / cpu($m[$q]))) (\(ms(cpu($m[$p]))) vs \(ms(cpu($m[$q]))) ms)"
' "$out/hyperfine-nat.json"
if [[ -n "$baseline" ]]; then
  echo "== against the baseline (wall and cpu, this build / baseline)"
  jq -r '
    (.results | map({key: .command, value: .}) | from_entries) as $m
    | (.results[].command | select(startswith("baseline"))) as $b
    | def r(x): (x * 1000 | round / 1000);
    "bin/peerfix / \($b): wall \(r($m["peerfix (bin/peerfix)"].mean / $m[$b].mean)), cpu \(r(($m["peerfix (bin/peerfix)"].user + $m["peerfix (bin/peerfix)"].system) / ($m[$b].user + $m[$b].system)))"
  ' "$out/hyperfine-nat.json"
  echo "== interleaved, $runs pairs in ABBA order (this build / baseline, median of the pairs' ratios)"
  read -r -a words <<<"$explain_args"
  timed() { # timed LABEL ENV...: one run under GNU time, "LABEL wall cpu" appended to pairs.txt
    local label="$1"
    shift
    /usr/bin/time -f "$label %e %U %S" -a -o "$out/pairs.txt" env "$@" bin/peerfix "${words[@]}" >/dev/null
  }
  : >"$out/pairs.txt"
  for ((i = 0; i < runs; i++)); do
    if ((i % 2)); then
      timed this; timed base PEERFIX_JAR="$baseline"
    else
      timed base PEERFIX_JAR="$baseline"; timed this
    fi
  done
  # Each pair is two consecutive lines; the ratio is this build's over the baseline's.
  awk '{ lab[NR % 2] = $1; w[NR % 2] = $2; c[NR % 2] = $3 + $4 }
       NR % 2 == 0 { t = lab[1] == "this" ? 1 : 0; b = 1 - t
                     print w[t] / w[b], c[t] / c[b] }' "$out/pairs.txt" >"$out/ratios.txt"
  n="$(wc -l <"$out/ratios.txt")"
  wall="$(cut -d' ' -f1 "$out/ratios.txt" | sort -g | sed -n "$(((n + 1) / 2))p")"
  cpu="$(cut -d' ' -f2 "$out/ratios.txt" | sort -g | sed -n "$(((n + 1) / 2))p")"
  printf "bin/peerfix / baseline, interleaved: wall %.3f, cpu %.3f (median of %d pairs; %s)\n" "$wall" "$cpu" "$n" "$out/pairs.txt"
fi

if $jmh; then
  echo "== JMH (in-process, average ms per operation; target parseAndEvaluate < 150 ms)"
  java -jar "$benchjar" NatExplainBenchmark -rf json -rff "$out/jmh-nat.json" \
    -p services="$services" -p endpoints="$endpoints" | tail -6
fi
