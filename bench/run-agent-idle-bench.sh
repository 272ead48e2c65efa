#!/usr/bin/env bash
# The idle cost of `peerfix agent run` on a node whose nat table is a large cluster's (issue 11,
# "Cost"): CPU as a percentage of one core, resident memory, and iptables reads per minute, for an
# agent carrying one approved fix. Two agents run side by side, one per iptables back end (legacy
# and nf_tables), each in a private network namespace (unique names, deleted on exit) built like a
# kubenet node holding the same generated kube-proxy table, with kubelet's back-end hint chain and
# the lab's file store. Needs root, Java 17, Maven.
#
#   bench/run-agent-idle-bench.sh [--services N] [--minutes M] [--backends "legacy nft"] [--out DIR]
#                                 [--nmt] [--jvm "OPTIONS"]
#
# Waits until each agent has applied and judged its fix (the whole-table read after the write), then
# 30 s of warm-up, then samples every 30 s: per back end, CPU % of a core over the sample
# (the agent and the programs it ran) and RSS MiB. At the end: the average per back end, RSS at
# start and end, RSS's slope (least squares, MiB per 10 minutes) over the whole run and over its
# second half, and the iptables programs each agent ran per minute while idle (counted by a thin
# logging wrapper put first on the agent's PATH), and whether RSS was flat: over the second half
# its slope at most +0.5 MiB per 10 minutes and, over the last 10 minutes (the whole run if
# shorter), its highest minus its lowest sample at most 2 MiB. --jvm replaces the agents' JVM
# options (default: what the DaemonSet runs: the launcher's C1 and serial collector, then
# PEERFIX_JAVA_OPTS and MALLOC_ARENA_MAX as infra/base/agent.yaml sets them). DIR (default
# bench/results/tmp) keeps the samples, the agents' logs and the command logs. With --nmt the agents run with native memory tracking
# (-XX:NativeMemoryTracking=summary) and DIR also gets, per back end, jcmd's heap and native memory
# at the start and the native memory's change by the end (where resident memory went).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services=9200
minutes=5
backends="legacy nft"
out="$root/bench/results/tmp"
nmt=false
# The JVM options and malloc arenas the DaemonSet's agent runs with: the peerfix launcher's
# (bin/peerfix) C1 and serial collector, then what infra/base/agent.yaml's container sets.
manifest_env() {
  awk -v n="$1" '$0 ~ "- name: " n "$" {getline; sub(/^ *value: */, ""); gsub(/^"|"$/, ""); print; exit}' \
    "$root/infra/base/agent.yaml"
}
read -r -a jvm <<<"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC $(manifest_env PEERFIX_JAVA_OPTS)"
arenas="$(manifest_env MALLOC_ARENA_MAX)"
source "$root/bench/lib/options.sh"
while [[ $# -gt 0 ]]; do
  bench_require_value "--minutes --out --jvm" "$@"
  case "$1" in
    --minutes) minutes="$2"; shift ;;
    --out) out="$2"; shift ;;
    --nmt) nmt=true ;;
    --jvm) read -r -a jvm <<<"$2"; shift ;;
    *) bench_shared_option "$@"; shift ;;
  esac
  shift
done
bench_check_options "$services" "$minutes"

cd "$root"
[[ -f bot/target/peerfix.jar ]] || mvn -B -q -o -DskipTests package
mkdir -p "$out"
work="$(mktemp -d)"
declare -A agent=() ns=()
cleanup() {
  for b in "${!agent[@]}"; do kill "${agent[$b]}" 2>/dev/null && wait "${agent[$b]}" 2>/dev/null || true; done
  for b in "${!ns[@]}"; do ip netns del "${ns[$b]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The agents run a copy of the jar, so a rebuild during the run cannot pull it from under them.
cp bot/target/peerfix.jar "$work/peerfix.jar"
# The table generator alone, compiled against the peerfix jar (it needs nothing else of bench/).
javac -d "$work/gen" -cp bot/target/peerfix.jar bench/src/main/java/io/peerfix/bench/GenerateNatTable.java \
  bench/src/main/java/io/peerfix/bench/kubeproxy/*.java
table="$out/agent-idle-nat.txt"
java -cp "$work/gen:bot/target/peerfix.jar" io.peerfix.bench.GenerateNatTable \
  --services "$services" --out "$table"
echo "nat table: $(wc -l <"$table") lines; back ends: $backends"
echo "agents' JVM options: ${jvm[*]}; MALLOC_ARENA_MAX=${arenas:-unset}"

# Every iptables program the agents run goes through a one-line logging wrapper.
mkdir -p "$work/bin"
for p in iptables-legacy iptables-legacy-save iptables-legacy-restore iptables-nft iptables-nft-save \
  iptables-nft-restore iptables iptables-save iptables-restore; do
  real="$(command -v "$p")"
  printf '#!/bin/sh\necho "%s $*" >>"$PEERFIX_BENCH_CMDLOG"\nexec %s "$@"\n' "$p" "$real" \
    >"$work/bin/$p"
  chmod +x "$work/bin/$p"
done

node=bench-node
$nmt && jvm+=(-XX:NativeMemoryTracking=summary)
for b in $backends; do
  n="pfx-fixes-idle-$b-$$"
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
  # kubelet's hint, as on a real node: it tells the agent the back end without a whole-table count.
  ip netns exec "$n" "iptables-$b" -t mangle -N KUBE-IPTABLES-HINT
  mkdir -p "$work/$b/store"
  java -cp bot/target/peerfix.jar infra/lab/SeedLabFix.java "$work/$b/store" "$node" --approve >/dev/null
  : >"$out/agent-idle-$b-commands.log"
  PATH="$work/bin:$PATH" MALLOC_ARENA_MAX="$arenas" PEERFIX_BENCH_CMDLOG="$out/agent-idle-$b-commands.log" \
    ip netns exec "$n" java "${jvm[@]}" -jar "$work/peerfix.jar" agent run \
    --lab-store "$work/$b/store" --node-name "$node" --lock-file "$work/$b/xtables.lock" \
    --namespace "$n" >"$out/agent-idle-$b.log" 2>&1 &
  agent[$b]=$!
done

# Start, apply, and the judgement's whole-table read (tens of seconds on a big nf_tables table).
for b in $backends; do
  for _ in $(seq 600); do
    grep -qs '"state" *: *"\(APPLIED\|OVERRIDDEN\|FAILED\)"' "$work/$b/store"/status/*/"$node.json" && break
    sleep 1
  done
  state="$(grep -ho '"state" *: *"[A-Z_]*"' "$work/$b/store"/status/*/"$node.json" 2>/dev/null | head -1)"
  echo "$b: agent pid ${agent[$b]}, fix ${state:-not reported}"
done
sleep 30 # JIT warm-up: not idle yet

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14+$15+$16+$17}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
declare -A c0=() first=() rss0=() lines0=()
for b in $backends; do
  c0[$b]=$(ticks "${agent[$b]}"); first[$b]=${c0[$b]}; rss0[$b]=$(rss "${agent[$b]}")
  lines0[$b]=$(wc -l <"$out/agent-idle-$b-commands.log")
done
if $nmt; then
  for b in $backends; do
    jcmd "${agent[$b]}" GC.heap_info >"$out/agent-idle-$b-heap-start.txt" 2>&1 || true
    jcmd "${agent[$b]}" VM.native_memory baseline >/dev/null 2>&1 || true
    jcmd "${agent[$b]}" VM.native_memory summary >"$out/agent-idle-$b-nmt-start.txt" 2>&1 || true
  done
fi
t0=$(date +%s.%N); start=$t0
header="elapsed_s"; for b in $backends; do header+=" ${b}_cpu_pct ${b}_rss_mib"; done
echo "$header" | tee "$out/agent-idle-samples.txt"
for _ in $(seq $((minutes * 2))); do
  sleep 30
  t1=$(date +%s.%N)
  row=$(awk -v t1="$t1" -v s="$start" 'BEGIN {printf "%.0f", t1 - s}')
  for b in $backends; do
    c1=$(ticks "${agent[$b]}")
    row+=" $(awk -v t0="$t0" -v t1="$t1" -v c0="${c0[$b]}" -v c1="$c1" -v hz="$hz" \
      'BEGIN {printf "%.2f", 100 * (c1 - c0) / hz / (t1 - t0)}') $(rss "${agent[$b]}")"
    c0[$b]=$c1
  done
  echo "$row" | tee -a "$out/agent-idle-samples.txt"
  t0=$t1
done
now=$(date +%s.%N)
if $nmt; then
  for b in $backends; do
    jcmd "${agent[$b]}" GC.heap_info >"$out/agent-idle-$b-heap-end.txt" 2>&1 || true
    jcmd "${agent[$b]}" VM.native_memory summary.diff >"$out/agent-idle-$b-nmt-diff.txt" 2>&1 || true
  done
fi
for b in $backends; do
  awk -v c0="${first[$b]}" -v c1="$(ticks "${agent[$b]}")" -v hz="$hz" -v s="$start" -v t="$now" -v b="$b" \
    -v r0="${rss0[$b]}" -v r1="$(rss "${agent[$b]}")" \
    'BEGIN {printf "%s: average %.2f%% of a core over %.0f s; RSS %s MiB at start, %s MiB at end\n", b, 100 * (c1 - c0) / hz / (t - s), t - s, r0, r1}'
  tail -n +"$((lines0[$b] + 1))" "$out/agent-idle-$b-commands.log" \
    | awk -v mins="$(awk -v s="$start" -v t="$now" 'BEGIN {print (t - s) / 60}')" -v b="$b" '
      { kind = ($1 ~ /-save$/) ? "whole-table reads" : ($1 ~ /-restore$/) ? "writes" : ($2 == "-w" && $5 == "-S") ? "one-chain listings" : "other"; n[kind]++ }
      END { printf "%s: per minute idle:", b; for (k in n) printf " %s %.1f;", k, n[k] / mins; if (length(n) == 0) printf " no iptables program ran"; print "" }'
  col=$(head -1 "$out/agent-idle-samples.txt" | tr ' ' '\n' | grep -n "^${b}_rss_mib$" | cut -d: -f1)
  awk -v c="$col" -v b="$b" '
    function slope(from, to,   i, m, sx, sy, sxx, sxy) {
      for (i = from; i <= to; i++) { m++; sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i] }
      return m < 2 ? 0 : 600 * (m * sxy - sx * sy) / (m * sxx - sx * sx)
    }
    NR > 1 { n++; x[n] = $1; y[n] = $c }
    END { h = int(n / 2) + 1; s = slope(h, n)
      for (i = n; i >= 1 && x[i] >= x[n] - 600; i--) { f = x[i]; if (i == n || y[i] < lo) lo = y[i]; if (i == n || y[i] > hi) hi = y[i] }
      printf "%s: RSS slope %+.2f MiB per 10 min over the run, %+.2f over its second half (from %d s)\n", b, slope(1, n), s, x[h]
      printf "%s: RSS from %d s to the end between %.1f and %.1f MiB (%.1f apart): %s\n", b, f, lo, hi, hi - lo,
        (s <= 0.5 && hi - lo <= 2) ? "flat" : "NOT flat (flat: second-half slope at most +0.5 MiB per 10 min, last 10 min within 2 MiB)" }' \
    "$out/agent-idle-samples.txt"
  echo "$b: peerfix lines in the table: $(ip netns exec "${ns[$b]}" "iptables-$b-save" -t nat | grep -c 'peerfix:')"
done
uptime
