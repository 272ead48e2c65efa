#!/usr/bin/env bash
# Measures whole-process `peerfix lab up` and `lab down` wall times (JVM start included) for a
# 2-node and a 20-node lab. Needs root. Usage: bench/run-lab-bench.sh [JAR] [RUNS]
# Targets (issue 3): up < 3 s with 2 nodes, < 15 s with 20 nodes.
set -euo pipefail
jar=${1:-bot/target/peerfix.jar}
runs=${2:-5}
name=pfb$RANDOM
trap 'java -jar "$jar" lab down --name "$name" >/dev/null 2>&1 || true' EXIT
# Warm the PostgreSQL template cache so runs measure the lab, not the one-off initdb.
java -jar "$jar" lab up --scenario seed-incident --name "$name" --nodes 1 >/dev/null
java -jar "$jar" lab down --name "$name" >/dev/null
for nodes in 2 20; do
  ups=(); downs=()
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N); java -jar "$jar" lab up --scenario seed-incident --name "$name" --nodes "$nodes" >/dev/null
    m=$(date +%s.%N); java -jar "$jar" lab down --name "$name" >/dev/null; e=$(date +%s.%N)
    ups+=("$(echo "$m - $s" | bc)"); downs+=("$(echo "$e - $m" | bc)")
  done
  med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  mx() { printf '%s\n' "$@" | sort -n | tail -1; }
  printf 'nodes=%-3s up median %.2f s max %.2f s | down median %.2f s max %.2f s (%s runs)\n' \
    "$nodes" "$(med "${ups[@]}")" "$(mx "${ups[@]}")" "$(med "${downs[@]}")" "$(mx "${downs[@]}")" "$runs"
done
