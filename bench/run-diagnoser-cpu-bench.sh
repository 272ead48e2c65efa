#!/usr/bin/env bash
# CPU of one diagnosis over a 1,000-node cluster once collection is done (issue 8), in-process:
# io.peerfix.bench.diagnosis.DiagnoserCpu (three node pools, per-node addresses in every nat table).
# With --baseline JAR, the same measurement runs against another build's bot/target/peerfix.jar
# too, alternating, and the ratio current/baseline is printed (measured side by side in one run).
#
#   bench/run-diagnoser-cpu-bench.sh [--nodes N] [--rounds R] [--repeat K] [--baseline JAR]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nodes=1000
rounds=10
repeat=3
baseline=""
source "$root/bench/lib/options.sh"
while [[ $# -gt 0 ]]; do
  bench_require_value "--nodes --rounds --repeat --baseline" "$@"
  case "$1" in
    --nodes) nodes="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --repeat) repeat="$2"; shift ;;
    --baseline) baseline="$2"; shift ;;
    -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-diagnoser-cpu-bench: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
for n in "$nodes" "$rounds" "$repeat"; do
  if ! [[ "$n" =~ ^[0-9]+$ ]]; then
    echo "run-diagnoser-cpu-bench: expected a whole number, got: $n" >&2
    exit 2
  fi
done
cd "$root"
if [[ ! -f bench/target/benchmarks.jar || ! -d bench/target/classes/io/peerfix/bench/diagnosis ]]; then
  echo "== building peerfix and the benchmarks"
  mvn -B -q -Pbench -DskipTests package -pl bench -am
fi
if [[ -n "$baseline" && ! -f "$baseline" ]]; then
  echo "run-diagnoser-cpu-bench: --baseline $baseline not found (a bot/target/peerfix.jar)" >&2
  exit 2
fi

run() { # classpath -> "cpu_median_ms"
  java -cp "$1" io.peerfix.bench.diagnosis.DiagnoserCpu "$nodes" 5 "$rounds" | tee /dev/stderr \
    | sed -n 's/.*cpu_median_ms \([0-9.]*\).*/\1/p'
}

echo "== $nodes nodes, $rounds rounds after 5 warm-ups, $repeat repeats; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
current=() base=()
for ((k = 0; k < repeat; k++)); do
  current+=("$(run bench/target/benchmarks.jar)")
  if [[ -n "$baseline" ]]; then
    base+=("$(run "bench/target/classes:$baseline")")
  fi
done
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "current: median diagnosis CPU $(median "${current[@]}") ms"
if [[ -n "$baseline" ]]; then
  echo "baseline: median diagnosis CPU $(median "${base[@]}") ms"
  awk -v c="$(median "${current[@]}")" -v b="$(median "${base[@]}")" \
    'BEGIN { printf "ratio current/baseline: %.2f\n", c / b }'
fi
