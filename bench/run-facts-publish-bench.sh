#!/usr/bin/env bash
# The agent's facts publication on a node whose nat table is a large cluster's (issue 11, facts in
# a cluster): the time and CPU of one collection of what the agent publishes (`peerfix agent facts
# --published`: the nat table's slice, chain by chain on nf_tables, one whole read on legacy), side
# by side with what the publication used to need, one whole-table read (`iptables-*-save -t nat`),
# and with a JVM that starts and does nothing (`agent facts --help`), per iptables back end. Each
# back end gets a private network namespace (unique name, deleted on exit) built like a kubenet
# node holding the same generated kube-proxy table, with kubelet's back-end hint chain. Needs root,
# Java 17, Maven, GNU time.
#
#   bench/run-facts-publish-bench.sh [--services N] [--runs R] [--backends "legacy nft"]
#
# Prints one line per run and measurement (wall s, CPU s of the process and its children), the
# published slice's size, and `uptime`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services=9200
runs=3
backends="legacy nft"
source "$root/bench/lib/options.sh"
while [[ $# -gt 0 ]]; do
  bench_require_value "--runs" "$@"
  case "$1" in
    --runs) runs="$2"; shift ;;
    *) bench_shared_option "$@"; shift ;;
  esac
  shift
done
bench_check_options "$services" "$runs"

cd "$root"
[[ -f bot/target/peerfix.jar ]] || mvn -B -q -o -DskipTests package
work="$(mktemp -d)"
declare -A ns=()
cleanup() {
  for b in "${!ns[@]}"; do ip netns del "${ns[$b]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp bot/target/peerfix.jar "$work/peerfix.jar"
javac -d "$work/gen" -cp bot/target/peerfix.jar bench/src/main/java/io/peerfix/bench/GenerateNatTable.java \
  bench/src/main/java/io/peerfix/bench/kubeproxy/*.java
table="$work/nat.txt"
java -cp "$work/gen:bot/target/peerfix.jar" io.peerfix.bench.GenerateNatTable --services "$services" --out "$table"
echo "nat table: $(wc -l <"$table") lines, $(wc -c <"$table") bytes; back ends: $backends"

for b in $backends; do
  n="pfx-sched-facts-$b-$$"
  ns[$b]=$n
  ip netns add "$n"
  ip -n "$n" link set lo up
  ip -n "$n" link add eth0 type veth peer name vpc0
  ip -n "$n" addr add 172.20.1.10/16 dev eth0
  ip -n "$n" link set eth0 up
  ip -n "$n" link add cbr0 type bridge
  ip -n "$n" addr add 10.244.1.1/24 dev cbr0
  ip -n "$n" link set cbr0 up
  ip netns exec "$n" "iptables-$b-restore" <"$table"
  ip netns exec "$n" "iptables-$b" -t mangle -N KUBE-IPTABLES-HINT
done

# The agent's JVM settings (the DaemonSet's), as bench/run-agent-idle-bench.sh runs it.
java_agent=(java -Xmn24m -Xmx224m -jar "$work/peerfix.jar")
measure() { # LABEL BACKEND CMD...: one line "wall_s cpu_s"
  local label="$1" b="$2"; shift 2
  /usr/bin/time -f "%e %U %S" -o "$work/time" ip netns exec "${ns[$b]}" "$@" >"$work/out" 2>"$work/err" || true
  read -r wall user sys <"$work/time"
  printf '%s %s: wall_s=%s cpu_s=%.2f' "$b" "$label" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"
}
for run in $(seq "$runs"); do
  for b in $backends; do
    echo "run $run $(measure jvm_only "$b" "${java_agent[@]}" agent facts --help)"
    line="$(measure published "$b" "${java_agent[@]}" agent facts --published --node-name bench-node)"
    kept="$(grep -o '"keptRules" *: *[0-9-]*' "$work/out" | grep -o '[0-9-]*$' || echo none)"
    echo "run $run $line slice_json_bytes=$(wc -c <"$work/out") kept_rules=$kept"
    echo "run $run $(measure whole_table_read "$b" "iptables-$b-save" -t nat) lines=$(wc -l <"$work/out")"
  done
done
uptime
