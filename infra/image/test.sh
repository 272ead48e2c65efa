#!/usr/bin/env bash
# The image test (.ci/run runs it; PEERFIX_IMAGE_TEST=0 skips it there): builds
# localhost/peerfix:dev with build.sh, then checks inside the image, with buildah and runc:
#  - its size (under 250 MB uncompressed);
#  - `peerfix --version`, as the image's non-root user;
#  - that the class-data archive baked into the image is mapped at start;
#  - `peerfix nat explain` on the shipped example (the seed incident: the pod's source stays);
#  - both iptables back ends: in a throw-away network namespace each, a rule written with
#    iptables-legacy (and iptables-nft) is found by `peerfix agent facts`, which names that back
#    end, run as the agent runs in its DaemonSet: root with exactly NET_ADMIN and NET_RAW, the
#    host's /run/xtables.lock mounted;
#  - the agent applying a fix in a lab node's network namespace: a namespace with an eth0 (one end
#    of a veth pair whose other end stays in the same namespace) and the seed incident's masquerade
#    rule; the seed's fix proposed into a lab fix store by infra/lab/SeedLabFix.java (the image's
#    own jar, run by the host's JDK: the proposal `fix plan --lab` makes, without the lab it
#    diagnoses),
#    approved with `peerfix fix approve --lab --no-wait` in the image, then `peerfix agent run
#    --lab-store ... --once` in the image, in that namespace, with only NET_ADMIN and NET_RAW: the
#    nat table must hold peerfix's chain, its jump and its rule (each with its `peerfix:` marker)
#    above the seed's rule, the node's status must be APPLIED with peerfix's rule deciding, and a
#    second pass must change nothing;
#  - each command's start time in the image (median of 5 runs), printed at the end.
# The namespaces have only their own loopback (and the veth pair inside one of them): nothing
# leaves the machine. Every namespace, container and temporary directory is removed on the way
# out, also after Ctrl-C or a failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tag="${PEERFIX_IMAGE_TAG:-localhost/peerfix:dev}"
max_bytes=250000000

if ! command -v java >/dev/null; then
  echo "test.sh: java is missing (the fix check runs a fixture with the host's JDK): apt-get install openjdk-17-jdk-headless" >&2
  exit 1
fi
"$here/build.sh" --tag "$tag"

ctr=
namespaces=()
scratch_dir="$(mktemp -d /tmp/peerfix-imgtest.XXXXXX)"
cleanup() {
  [[ -z "$ctr" ]] || buildah rm "$ctr" >/dev/null 2>&1 || true
  for ns in "${namespaces[@]}"; do ip netns delete "$ns" 2>/dev/null || true; done
  rm -rf "$scratch_dir"
}
trap cleanup EXIT
# A signal ends the script through exit, so the EXIT trap cleans up after it too.
trap 'exit 130' INT HUP
trap 'exit 143' TERM
ctr="$(buildah from --pull=never "$tag")"

# A throw-away network namespace with its loopback up, named in $ns (not printed: the cleanup
# list must grow in this shell, not in a command substitution's subshell).
scratch_netns() {
  ns="peerfix-imgtest-$$-$1"
  ip netns add "$ns"
  namespaces+=("$ns")
  ip -n "$ns" link set lo up
}

in_image() { buildah run --runtime runc "$ctr" -- "$@"; }

# Root with the agent's two capabilities and nothing else: buildah applies --cap-drop ALL after
# --cap-add, so the defaults it grants are dropped by name.
agent_caps=(
  --user 0:0
  --cap-drop CAP_AUDIT_WRITE,CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_FSETID,CAP_KILL,CAP_MKNOD
  --cap-drop CAP_NET_BIND_SERVICE,CAP_SETFCAP,CAP_SETGID,CAP_SETPCAP,CAP_SETUID,CAP_SYS_CHROOT
  --cap-add CAP_NET_ADMIN,CAP_NET_RAW
)
# as_agent_in NS COMMAND...: the command as the agent, in namespace NS (with the volumes in
# $agent_volumes besides the xtables lock).
agent_volumes=()
as_agent_in() {
  local ns="$1"
  shift
  buildah run --runtime runc --network "ns:/run/netns/$ns" "${agent_caps[@]}" \
    --volume /run/xtables.lock:/run/xtables.lock "${agent_volumes[@]}" \
    --env NODE_NAME=imagetest "$ctr" -- "$@"
}

passed=0
failed=0
check() {
  local what="$1" got="$2" want="$3"
  if [[ "$got" == *"$want"* ]]; then
    echo "image: ok    $what"
    passed=$((passed + 1))
  else
    echo "image: FAIL  $what: wanted '$want' in: ${got:0:600}"
    failed=$((failed + 1))
  fi
}

mnt="$(buildah mount "$ctr")"
bytes="$(du -sb "$mnt" | cut -f1)"
# The image's own jar, for the host's JDK to run the fix-store fixture with (the image's trimmed
# runtime has no compiler for a source-file program).
cp "$mnt/opt/peerfix/lib/peerfix.jar" "$scratch_dir/peerfix.jar"
buildah umount "$ctr" >/dev/null
check "the image is under 250 MB uncompressed ($((bytes / 1000000)) MB)" \
  "$((bytes < max_bytes))" 1

check "peerfix --version" "$(in_image peerfix --version)" "peerfix 0."
check "commands run as the non-root user 65532" "$(in_image id -u)" 65532

example=/opt/peerfix/docs/examples/seed-incident-nat.txt
explain=(peerfix nat explain --rules "$example" --src 10.244.1.5 --dst 10.0.5.20:5432
  --node-ip 172.20.1.10 --json)
out="$(in_image "${explain[@]}")"
check "nat explain: the seed incident leaves the pod's source" "$out" '"sourceAfter" : "10.244.1.5"'
check "nat explain: no rule translates it" "$out" '"action" : "NONE"'
# bin/peerfix's archive is a static one (the JDK's classes and peerfix's): peerfix's own classes
# must come from it, and next to none from the jar.
loads="$(in_image env PEERFIX_JAVA_OPTS=-Xlog:class+load=info:stdout "${explain[@]}")"
shared="$(grep 'io\.peerfix\.' <<<"$loads" | grep -c 'source: shared objects file' || true)"
from_jar="$(grep -c 'source: file:' <<<"$loads" || true)"
check "peerfix's class-data archive is mapped ($shared of peerfix's classes from it)" \
  "$((shared > 50))" 1
check "next to no class is read from the jar ($from_jar)" "$((from_jar < 20))" 1

rule=(-t nat -A POSTROUTING '!' -d 10.0.0.0/8 -o eth0 -j MASQUERADE)
for backend in legacy nft; do
  scratch_netns "$backend"
  check "the agent has exactly NET_ADMIN and NET_RAW" \
    "$(as_agent_in "$ns" grep CapEff /proc/self/status)" 0000000000003000
  as_agent_in "$ns" "iptables-$backend" -w "${rule[@]}"
  facts="$(as_agent_in "$ns" peerfix agent facts || true)"
  label=$([[ $backend == nft ]] && echo nf_tables || echo legacy)
  check "agent facts detects the $label back end" "$facts" "\"iptablesBackend\":\"$label\""
  check "agent facts reads the $label nat table" "$facts" '-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE'
done

# The agent applying the seed incident's fix in a lab node's namespace, from inside the image.
fix_started=$SECONDS
scratch_netns node
ip -n "$ns" link add eth0 type veth peer name eth0-peer
ip -n "$ns" addr add 172.20.1.10/16 dev eth0
ip -n "$ns" link set eth0 up
ip -n "$ns" link set eth0-peer up
node_ns="$ns"
node=ip-172-20-1-10
store="$scratch_dir/lab-state"
mkdir -p "$store"
# The lab commands find a lab's state in /run/peerfix/lab/NAME: the store is mounted there.
agent_volumes=(--volume "$store:/run/peerfix/lab/imagetest")
as_agent_in "$node_ns" iptables-nft -w "${rule[@]}"
read -r fix digest < <(java -cp "$scratch_dir/peerfix.jar" "$here/../lab/SeedLabFix.java" "$store" "$node")
check "the seed's fix is proposed into the lab store" "$fix" fix-
approved="$(as_agent_in "$node_ns" peerfix fix approve "$fix" --digest "$digest" \
  --as demo-approver --lab --lab-name imagetest --no-wait --json || true)"
check "fix approve --lab approves it" "$approved" '"state":"APPROVED"'
agent_run=(peerfix agent run --lab-store /run/peerfix/lab/imagetest --node-name "$node"
  --pod-cidr 10.244.1.0/24 --once)
applied="$(as_agent_in "$node_ns" "${agent_run[@]}" 2>&1 || true)"
check "agent run --once writes peerfix's rule" "$applied" "ADD_RULE -A PEERFIX-POSTROUTING"
nat="$(as_agent_in "$node_ns" iptables-nft-save -t nat)"
# POSTROUTING's first rule is peerfix's jump; its chain holds the fix's rule; the seed's stays.
check "the nat table jumps to peerfix's chain first, marked" \
  "$(grep -m1 '^-A POSTROUTING ' <<<"$nat")" \
  '-A POSTROUTING -m comment --comment "peerfix:jump:'
check "peerfix's chain holds the fix's rule, marked with the fix" "$nat" \
  "-A PEERFIX-POSTROUTING -d 10.0.5.20/32 -o eth0 -m comment --comment \"peerfix:$fix:"
check "the seed's rule is left as it was" "$nat" "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE"
shown="$(as_agent_in "$node_ns" peerfix fix show "$fix" --lab --lab-name imagetest --json || true)"
check "the node's status says applied" "$shown" "\"nodes\":{\"$node\":\"APPLIED\"}"
check "peerfix's rule decides the pod-to-database packet" "$shown" '"manager":"peerfix"'
again="$(as_agent_in "$node_ns" "${agent_run[@]}" 2>/dev/null || echo failed)"
# Only the fix's state, no change line: agent run --once prints each fix's state after its changes.
check "a second pass changes nothing" "[$again]" "[fix $fix: APPLIED]"
fix_seconds=$((SECONDS - fix_started))
agent_volumes=()

# Start-up: the median wall time of 5 runs of each command, timed inside the image.
# timed [BUILDAH-RUN-OPTIONS...] -- COMMAND...
timed() {
  local opts=()
  while [[ "$1" != -- ]]; do
    opts+=("$1")
    shift
  done
  shift
  buildah run --runtime runc "${opts[@]}" "$ctr" -- bash -c \
    'TIMEFORMAT=%R; for i in 1 2 3 4 5; do { time "$@" >/dev/null 2>&1; } 2>&1; done; exit 0' timed "$@" |
    sort -n | sed -n 3p
}
scratch_netns timing
net=(--network "ns:/run/netns/$ns")
agent=("${net[@]}" "${agent_caps[@]}" --volume /run/xtables.lock:/run/xtables.lock)
echo "image: start-up (median of 5, seconds):"
echo "image:   peerfix --version     $(timed -- peerfix --version)"
echo "image:   peerfix nat explain   $(timed -- "${explain[@]}")"
echo "image:   peerfix probe         $(timed "${net[@]}" -- peerfix probe --host 127.0.0.1 --port 9 --timeout 500ms)"
echo "image:   peerfix agent facts   $(timed "${agent[@]}" -- peerfix agent facts)"

echo "image: the agent's fix check took ${fix_seconds} s"
echo "image: $passed passed, $failed failed"
((failed == 0))
