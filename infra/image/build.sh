#!/usr/bin/env bash
# Builds the peerfix image (localhost/peerfix:dev) on a machine that reaches Debian's package
# mirror and Maven Central but no image registry:
#
#   1. the two base images the Dockerfile starts from, made from Debian packages with debootstrap
#      (a slim Debian for the runtime stage; Debian with a JDK and Maven for the build stage), each
#      root file system cached as a tarball under the cache directory and imported into buildah's
#      storage, where later runs find it by its recipe's hash;
#   2. the Dockerfile with buildah, those two images passed as its base-image build arguments and
#      the host's Maven repository given to the build stage (read offline), so the build stage
#      downloads nothing that the host's own build already has.
#
# Elsewhere the same Dockerfile builds with its public defaults: docker build -t peerfix .
#
#   infra/image/build.sh [--tag IMAGE] [--bases-only]
#
#   PEERFIX_IMAGE_CACHE  cache directory (default /var/cache/peerfix-image)
#   DEBIAN_MIRROR        Debian mirror for debootstrap (default http://deb.debian.org/debian)
#   MAVEN_REPO           the host's Maven repository (default ~/.m2/repository); when it is
#                        missing, the build stage downloads from Maven Central instead
#
# Needs root, debootstrap, buildah and runc (Debian packages of the same names; crun, which
# buildah would otherwise pick, refuses hosts with hybrid cgroups).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${PEERFIX_IMAGE_CACHE:-/var/cache/peerfix-image}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
maven_repo="${MAVEN_REPO:-$HOME/.m2/repository}"
suite=bookworm
tag=localhost/peerfix:dev
bases_only=false

while (($#)); do
  case "$1" in
    --tag) tag="${2:?--tag needs an image name, e.g. localhost/peerfix:dev}"; shift 2 ;;
    --bases-only) bases_only=true; shift ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done

for tool in debootstrap buildah runc; do
  if ! command -v "$tool" >/dev/null; then
    echo "build.sh: $tool is missing; install it: apt-get install $tool" >&2
    exit 1
  fi
done
if ((EUID != 0)); then
  echo "build.sh: run it as root (debootstrap and buildah's storage need it)" >&2
  exit 1
fi

log() { printf 'build.sh: %s\n' "$*" >&2; }

runtime_base=localhost/peerfix-base/debian:$suite-slim
build_base=localhost/peerfix-base/maven:3-debian-$suite-jdk17
# What each base holds. The runtime stage installs its own packages (iptables, ...) as it would
# on the public debian image; the build stage needs a JDK with its jmods (for jlink; Debian
# ships them in the JDK package) and Maven.
runtime_packages=ca-certificates
build_packages=ca-certificates,openjdk-17-jdk-headless,maven

# Paths a slim image leaves out, as the official debian:*-slim images do: also written into the
# image's dpkg configuration, so packages the Dockerfile installs leave them out too.
slim_excludes=(
  'path-exclude /usr/share/doc/*'
  'path-include /usr/share/doc/*/copyright'
  'path-exclude /usr/share/man/*'
  'path-exclude /usr/share/info/*'
  'path-exclude /usr/share/locale/*'
  'path-include /usr/share/locale/locale.alias'
  'path-exclude /usr/share/lintian/*'
)

# The recipe's hash names the cached tarball and labels the image: a change to the suite, the
# packages or the trimming makes a new one.
recipe_hash() {
  printf '%s\n' "$suite" "$1" "${slim_excludes[@]}" "v2" | sha256sum | cut -c1-16
}

# Makes (or finds) one base image: NAME PACKAGES.
base_image() {
  local name="$1" packages="$2" hash tarball
  hash="$(recipe_hash "$packages")"
  if [[ "$(buildah inspect --type image --format '{{index .ImageAnnotations "io.peerfix.recipe"}}' "$name" 2>/dev/null)" == "$hash" ]]; then
    log "$name: up to date ($hash)"
    return
  fi
  tarball="$cache/rootfs-$suite-$hash.tar"
  if [[ ! -f "$tarball" ]]; then
    rootfs_tarball "$packages" "$tarball"
  fi
  log "$name: importing $tarball"
  local ctr mnt
  ctr="$(buildah from scratch)"
  mnt="$(buildah mount "$ctr")"
  tar -xf "$tarball" -C "$mnt" --numeric-owner
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env LANG=C.UTF-8 --cmd bash --annotation "io.peerfix.recipe=$hash" \
    --label "io.peerfix.recipe=$hash" "$ctr"
  buildah commit -q --rm "$ctr" "$name" >/dev/null
  log "$name: built"
}

# debootstrap into a temporary directory, trim, and write the tarball (atomically).
rootfs_tarball() {
  local packages="$1" tarball="$2" dir
  mkdir -p "$cache/debs"
  dir="$(mktemp -d "$cache/rootfs.XXXXXX")"
  scratch="$dir"
  log "debootstrap $suite with $packages (packages cached in $cache/debs)"
  debootstrap --variant=minbase --include="$packages" --cache-dir="$cache/debs" \
    "$suite" "$dir" "$mirror" >"$dir.log" 2>&1 || {
    tail -20 "$dir.log" >&2
    echo "build.sh: debootstrap failed (log above); is $mirror reachable?" >&2
    return 1
  }
  rm -f "$dir.log"
  printf '%s\n' "${slim_excludes[@]}" >"$dir/etc/dpkg/dpkg.cfg.d/peerfix-slim"
  find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$dir"/usr/share/{man,info,lintian}/* "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/*
  # debootstrap copies the packages it installed into the image's apt cache too.
  rm -f "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/debconf/*-old
  find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  cat >"$dir/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb ${mirror%/debian}/debian-security $suite-security main
SOURCES
  # The image gets no host name or resolver of the build machine.
  : >"$dir/etc/resolv.conf"
  rm -f "$dir/etc/hostname"
  tar -C "$dir" --numeric-owner -cf "$tarball.partial" .
  mv -f "$tarball.partial" "$tarball"
  rm -rf "$dir"
  scratch=
}

# A debootstrap directory left by an interrupted run is removed on the way out.
scratch=
trap '[[ -z "$scratch" ]] || rm -rf "$scratch" "$scratch.log"' EXIT

mkdir -p "$cache"
base_image "$runtime_base" "$runtime_packages"
base_image "$build_base" "$build_packages"
if $bases_only; then
  exit 0
fi

# The image. With the host's Maven repository the build stage runs Maven offline against it (it
# holds everything the host's own build resolved); --layers keeps the runtime stage's package
# layer, so a rebuild after a code change only redoes the build stage and the layers after it.
build_args=(
  build --runtime runc --layers --force-rm --pull=never --network host
  -f "$root/Dockerfile" -t "$tag"
  --build-arg "BUILD_IMAGE=$build_base" --build-arg "RUNTIME_IMAGE=$runtime_base"
)
if [[ -d "$maven_repo" ]]; then
  build_args+=(--volume "$maven_repo:/root/.m2/repository" --build-arg "MAVEN_FLAGS=-o")
else
  log "no Maven repository at $maven_repo: the build stage downloads from Maven Central"
fi
log "building $tag"
start=$(date +%s)
buildah "${build_args[@]}" "$root" >"$cache/build.log" 2>&1 || {
  tail -30 "$cache/build.log" >&2
  echo "build.sh: buildah build failed (log above, whole log in $cache/build.log)" >&2
  exit 1
}
log "built $tag in $(($(date +%s) - start)) s: $(buildah images --format '{{.Size}}' "$tag" | head -1)"
