#!/usr/bin/env bash
# Approval to applied and to verified (issue 11, "Timing"): for a seed-incident lab of 2 and of 20
# nodes, `peerfix fix plan`, then `peerfix fix approve --as demo-approver`, which drives the rollout
# (one canary node per NAT fingerprint group, verified by a pod probe, then the rest) and waits for
# the verification; the lab's agents (`peerfix agent run` in every node namespace) apply the fix.
# Needs root (the lab). Each run has its own lab (unique name), taken down on exit, Ctrl-C or TERM.
#
#   bench/run-approval-bench.sh [--nodes "2 20"] [--runs N] [--launcher peerfix|java] [--jar JAR]
#
# Prints one line per run: from the approval (its recorded instant) to the last node's APPLIED
# status and to the VERIFIED event, both from the instants the bot and the agents wrote to the lab's
# fix store, the wall time of the whole `fix approve` command (JVM start included) and its CPU
# (user + sys), and where the rest of the wall time went: from the command's start to the
# approval's instant (JVM start, command set-up, the approval written) and from the VERIFIED event
# to the command's end; then the medians per node count, and `uptime`. The commands run as a user
# runs them from a clone, through bin/peerfix (its JVM flags and class-data archive); `--launcher
# java` runs `java -jar JAR` instead, as this benchmark did before 2026-12-01 19:30 UTC. `--jar`
# (default bot/target/peerfix.jar) compares another build. `--settle S` waits S seconds between
# `fix plan` and `fix approve` (the lab's freshly started daemons finishing their start-up and JIT
# work), to tell their share of the command's wall time; `busy_cores` is how many of the machine's
# cores were busy (all processes, /proc/stat) while `fix approve` ran.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nodes="2 20"
runs=3
launcher=peerfix
jar=""
settle=0
source "$root/bench/lib/options.sh"
while [[ $# -gt 0 ]]; do
  bench_require_value "--nodes --runs --launcher --settle --jar" "$@"
  case "$1" in
    --nodes) nodes="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --launcher) launcher="$2"; shift ;;
    --settle) settle="$2"; shift ;;
    --jar) jar="$2"; shift ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-approval-bench: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
for n in $nodes $runs $settle; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "run-approval-bench: expected a whole number, got: $n" >&2; exit 2; }
done
[[ $EUID -eq 0 ]] || { echo "run-approval-bench: run as root (the lab's network namespaces)" >&2; exit 2; }

[[ "$launcher" == peerfix || "$launcher" == java ]] || { echo "run-approval-bench: --launcher is peerfix or java, got: $launcher" >&2; exit 2; }
cd "$root"
if [[ -z "$jar" ]]; then
  [[ -f bot/target/peerfix.jar ]] || mvn -B -q -o -DskipTests package
  jar=bot/target/peerfix.jar
fi
[[ -f "$jar" ]] || { echo "run-approval-bench: no jar at $jar" >&2; exit 2; }
# The measured commands, as the chosen launcher runs them.
if [[ "$launcher" == peerfix ]]; then
  cli=(env PEERFIX_JAR="$jar" bin/peerfix)
else
  cli=(java -jar "$jar")
fi
lab=""
down() {
  if [[ -n "$lab" ]]; then java -jar "$jar" lab down --name "$lab" >/dev/null 2>&1 || true; lab=""; fi
}
trap down EXIT
trap 'exit 130' INT TERM

results="$(mktemp)"
trap 'down; rm -f "$results" "$results.cpu"' EXIT
for n in $nodes; do
  for run in $(seq "$runs"); do
    lab="pfxappr$$r$run"
    lab="${lab:0:20}"
    java -jar "$jar" lab up --scenario seed-incident --name "$lab" --nodes "$n" >/dev/null
    plan="$("${cli[@]}" fix plan rds-prod --as U-BENCH --lab --lab-name "$lab" --json)"
    name="$(sed -n 's/.*"name" *: *"\([a-z0-9-]*\)".*/\1/p' <<<"$plan" | head -1)"
    digest="$(grep -o 'sha256:[0-9a-f]\{64\}' <<<"$plan" | head -1)"
    sleep "$settle"
    busy0=$(awk '/^cpu / {print $2+$3+$4+$7+$8, $5+$6}' /proc/stat)
    s=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$results.cpu" "${cli[@]}" fix approve "$name" --digest "$digest" \
      --as demo-approver --lab --lab-name "$lab" --json >/dev/null
    e=$(date +%s.%N)
    busy1=$(awk '/^cpu / {print $2+$3+$4+$7+$8, $5+$6}' /proc/stat)
    busy=$(awk -v a="$busy0" -v b="$busy1" -v c="$(nproc)" \
      'BEGIN {split(a, x, " "); split(b, y, " "); printf "%.2f", c * (y[1] - x[1]) / ((y[1] - x[1]) + (y[2] - x[2]))}')
    line="$(java -cp "$jar" bench/approval/ApprovalTimes.java "/run/peerfix/lab/$lab" "$name" "$s" "$e" \
      | tr '\n' ' ')"
    wall=$(awk -v s="$s" -v e="$e" 'BEGIN {printf "%.2f", e - s}')
    cpu=$(awk '{printf "%.2f", $1 + $2}' "$results.cpu")
    echo "run $run: ${line}approve_command_s=$wall approve_cpu_s=$cpu busy_cores=$busy launcher=$launcher settle_s=$settle" | tee -a "$results"
    down
  done
done
med() { grep -o " $2=[0-9.]*" <<<"$1" | cut -d= -f2 | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for n in $nodes; do
  mine="$(grep " nodes=$n " "$results" || true)"
  echo "nodes=$n: median approval->all applied $(med "$mine" applied_s) s," \
    "approval->verified $(med "$mine" verified_s) s, fix approve command $(med "$mine" approve_command_s) s" \
    "(CPU $(med "$mine" approve_cpu_s) s; start->approval $(med "$mine" start_to_approval_s) s," \
    "verified->exit $(med "$mine" verified_to_exit_s) s)" \
    "($(grep -c . <<<"$mine") runs)"
done
uptime
