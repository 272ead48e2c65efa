# shellcheck shell=bash
# The option handling the bench scripts share. A script sets its defaults, sources this file, keeps
# its own options in its own `case` and hands every other argument to bench_shared_option, which
# takes --services N and --backends "legacy nft", prints the usage for -h/--help, and refuses
# anything else (exit 2). bench_require_value, first in the loop, refuses an option of the script's
# own that takes a value but is the last word (a script with its own `case` for everything may
# source this file for that helper alone):
#
#   source "$root/bench/lib/options.sh"
#   while [[ $# -gt 0 ]]; do
#     bench_require_value "--runs" "$@"
#     case "$1" in
#       --runs) runs="$2"; shift ;;
#       *) bench_shared_option "$@"; shift ;;
#     esac
#     shift
#   done
#   bench_check_options "$services" "$runs"
#
# Messages start with the script's name; bad input exits 2.

# The script that sourced this file, and its name without .sh for messages.
bench_script="${BASH_SOURCE[1]}"
bench_name="$(basename "$bench_script" .sh)"

# bench_usage: the script's header comment (from line 2 to the first line that is not a comment).
bench_usage() {
  awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$bench_script"
}

# bench_fail MESSAGE: the script's name and MESSAGE on stderr, exit 2 (bad input).
bench_fail() {
  echo "$bench_name: $*" >&2
  exit 2
}

# bench_require_value "OPTION..." ARG...: refuses (exit 2) when ARG, the word being read, is one of
# the space-separated OPTIONs that take a value and nothing follows it. Without it the option's
# branch would read "$2", which `set -u` ends with bash's bare "unbound variable" (exit 1).
bench_require_value() {
  local takes_value=" $1 "
  shift
  if [[ $# -eq 1 && "$takes_value" == *" $1 "* ]]; then
    bench_fail "$1 needs a value (see --help)"
  fi
}

# bench_shared_option OPTION VALUE...: sets services or backends from an option that takes a value
# (the caller then shifts it), or prints the usage and exits 0, or refuses an unknown option.
bench_shared_option() {
  bench_require_value "--services --backends" "$@"
  case "$1" in
    --services) services="$2" ;;
    --backends) backends="$2" ;;
    -h|--help) bench_usage; exit 0 ;;
    *) bench_fail "unknown argument: $1" ;;
  esac
}

# bench_check_options NUMBER...: every NUMBER a whole number, every back end in $backends legacy or
# nft, and root (the benches build private network namespaces).
bench_check_options() {
  local n b
  for n in "$@"; do
    [[ "$n" =~ ^[0-9]+$ ]] || bench_fail "expected a whole number, got: $n"
  done
  for b in $backends; do
    [[ "$b" == legacy || "$b" == nft ]] || bench_fail "back ends are legacy and nft, got: $b"
  done
  [[ $EUID -eq 0 ]] || bench_fail "run as root (private network namespaces)"
}
