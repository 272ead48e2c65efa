#!/usr/bin/env bash
# The idle cost of `peerfix agent run` on a node whose nat table is a large cluster's (issue 11,
# "Cost"): CPU as a percentage of one core and resident memory over time, for an agent carrying one
# approved fix (canary check every 3 s, full check and NAT-engine judgement every 60 s). Runs the
# agent in a private network namespace (unique name, deleted on exit) built like a kubenet node,
# with the lab's file store. Needs root, Java 17, Maven.
#
#   bench/run-agent-idle-bench.sh [--services N] [--minutes M] [--out DIR]
#
# Prints one line per 30 s sample (elapsed, CPU % of a core over the sample, RSS MiB) and the
# average; DIR (default bench/results/tmp) keeps the samples and the agent's log.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services=9200
minutes=5
out="$root/bench/results/tmp"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --services) services="$2"; shift ;;
    --minutes) minutes="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-agent-idle-bench: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
for n in "$services" "$minutes"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "run-agent-idle-bench: expected a whole number, got: $n" >&2; exit 2; }
done
[[ $EUID -eq 0 ]] || { echo "run-agent-idle-bench: run as root (a private network namespace)" >&2; exit 2; }

cd "$root"
[[ -f bot/target/peerfix.jar ]] || mvn -B -q -o -DskipTests package
mkdir -p "$out"
# The table generator alone, compiled against the peerfix jar (it needs nothing else of bench/).
gen="$(mktemp -d)"
javac -d "$gen" -cp bot/target/peerfix.jar bench/src/main/java/io/peerfix/bench/GenerateNatTable.java \
  bench/src/main/java/io/peerfix/bench/kubeproxy/*.java
ns="pfx-agentbench-$$"
store="$(mktemp -d)"
lock="$(mktemp)"
table="$out/agent-idle-nat.txt"
agent=""
cleanup() {
  [[ -n "$agent" ]] && kill "$agent" 2>/dev/null && wait "$agent" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$store" "$lock" "$gen"
}
trap cleanup EXIT INT TERM

java -cp "$gen:bot/target/peerfix.jar" io.peerfix.bench.GenerateNatTable \
  --services "$services" --out "$table"
echo "nat table: $(wc -l <"$table") lines"
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add eth0 type veth peer name vpc0
ip -n "$ns" addr add 172.20.1.10/16 dev eth0
ip -n "$ns" link set eth0 up
ip -n "$ns" link add cbr0 type bridge
ip -n "$ns" addr add 10.244.1.1/24 dev cbr0
ip -n "$ns" link set cbr0 up
ip netns exec "$ns" iptables-restore <"$table"
node=bench-node
java -cp bot/target/peerfix.jar bench/agent-idle/SeedFix.java "$store" "$node" >/dev/null

# The DaemonSet's JVM settings, with the heap the 320Mi limit gives (70%).
ip netns exec "$ns" java -Xmn24m -Xmx224m -jar bot/target/peerfix.jar agent run \
  --lab-store "$store" --node-name "$node" --lock-file "$lock" --namespace "$ns" \
  >"$out/agent-idle.log" 2>&1 &
agent=$!
sleep 60   # start, first pass (apply and judge), JIT warm-up: not idle yet
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14+$15+$16+$17}' "/proc/$agent/stat"; }
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$agent/status"; }
samples=$((minutes * 2))
t0=$(date +%s.%N); c0=$(ticks); total0=$c0; start=$t0
echo "elapsed_s cpu_pct_of_core rss_mib" | tee "$out/agent-idle-samples.txt"
for _ in $(seq "$samples"); do
  sleep 30
  t1=$(date +%s.%N); c1=$(ticks)
  awk -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v hz="$hz" -v s="$start" -v r="$(rss)" \
    'BEGIN {printf "%.0f %.2f %s\n", t1 - s, 100 * (c1 - c0) / hz / (t1 - t0), r}' \
    | tee -a "$out/agent-idle-samples.txt"
  t0=$t1; c0=$c1
done
awk -v c0="$total0" -v c1="$(ticks)" -v hz="$hz" -v s="$start" -v t="$(date +%s.%N)" \
  'BEGIN {printf "average: %.2f%% of a core over %.0f s\n", 100 * (c1 - c0) / hz / (t - s), t - s}'
grep -c 'PEERFIX-POSTROUTING' <(ip netns exec "$ns" iptables-save -t nat) | sed 's/^/peerfix lines in the table: /'
uptime
