#!/usr/bin/env bash
# Whole-process timing of `peerfix diagnose` in the lab with 1 node and with 20 nodes (issue 4,
# "Proof: Time"): a diagnosis should finish within the probe timeout + 1.5 s, and take no more than
# 1.5 times as long with 20 nodes as with 1. Needs root (the lab), Java 17 and a built jar.
#
#   bench/run-diagnose-bench.sh [--scenario NAME --target NAME] [--runs R] [--timeout 2s] [--jar PATH]
#
# Prints, per node count, each run's diagnosis time (from the JSON's "millis": collection and
# diagnosis, without JVM start) and whole-process wall time, then the medians and their ratio.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenario=seed-incident
target=rds-prod
runs=5
timeout=2s
jar="$root/bot/target/peerfix.jar"

source "$root/bench/lib/options.sh"
while [[ $# -gt 0 ]]; do
  bench_require_value "--scenario --target --runs --timeout --jar" "$@"
  case "$1" in
    --scenario) scenario="$2"; shift ;;
    --target) target="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --timeout) timeout="$2"; shift ;;
    --jar) jar="$2"; shift ;;
    *) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done

[[ -f "$jar" ]] || { echo "no jar at $jar: run mvn -pl bot package -DskipTests" >&2; exit 2; }
lab="pfb$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
trap 'java -jar "$jar" lab down --name "$lab" >/dev/null 2>&1 || true' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A med_millis med_wall
for nodes in 1 20; do
  java -jar "$jar" lab up --scenario "$scenario" --nodes "$nodes" --name "$lab" >/dev/null
  millis=(); walls=()
  for ((r = 1; r <= runs; r++)); do
    start=$(date +%s%N)
    json="$(java -jar "$jar" diagnose "$target" --lab --lab-name "$lab" --timeout "$timeout" --json)"
    end=$(date +%s%N)
    m="$(grep -o '"millis" : [0-9]*' <<<"$json" | tail -1 | grep -o '[0-9]*$')"
    cause="$(grep -o '"rootCause" : "[A-Z_]*"' <<<"$json" | head -1)"
    millis+=("$m"); walls+=($(( (end - start) / 1000000 )))
    echo "nodes=$nodes run=$r diagnosis=${m}ms wall=${walls[-1]}ms $cause"
  done
  med_millis[$nodes]="$(printf '%s\n' "${millis[@]}" | median)"
  med_wall[$nodes]="$(printf '%s\n' "${walls[@]}" | median)"
  java -jar "$jar" lab down --name "$lab" >/dev/null
done

echo "median diagnosis: 1 node ${med_millis[1]} ms, 20 nodes ${med_millis[20]} ms," \
  "ratio $(awk -v a="${med_millis[20]}" -v b="${med_millis[1]}" 'BEGIN {printf "%.2f", a/b}')"
echo "median wall:      1 node ${med_wall[1]} ms, 20 nodes ${med_wall[20]} ms," \
  "ratio $(awk -v a="${med_wall[20]}" -v b="${med_wall[1]}" 'BEGIN {printf "%.2f", a/b}')"
