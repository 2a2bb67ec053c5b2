#!/usr/bin/env bash
# How long ipamctl takes to answer, as a user types it: each command run several times on a small
# SQLite store in a fresh HOME (whose first command makes the class-data archive, as a user's
# does: a read-only `get`, so that an archive made only of what that command loads would show in
# the apply figures), printed as min/median/max seconds beside `java -version`; then the first
# run in a fresh HOME, the archive's making included, three times. Usage:
#   benchmarks/cli-timing.sh [runs]        (7 unless given)
# IPAMCTL=path/to/ipamctl times another build's script (an older checkout, say) the same way.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME"
store="jdbc:sqlite:$work/ipam.db"
ipamctl="${IPAMCTL:-$root/ipamctl}"
"$ipamctl" --store "$store" get ippools >/dev/null 2>&1
"$ipamctl" --store "$store" apply -f "$root/examples/manifests/quickstart.yaml" >/dev/null

# Seconds for one run of a command, its output thrown away.
once() {
  local start end
  start=$(date +%s%N)
  # A command that fails ends the script: its time would mean nothing.
  if ! "$@" >/dev/null 2>"$work/err"; then
    echo "failed: $* ($(head -n 1 "$work/err"))" >&2
    return 1
  fi
  end=$(date +%s%N)
  awk -v ns="$((end - start))" 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# min/median/max of $runs runs.
measure() {
  local label="$1"
  shift
  local times=()
  for _ in $(seq "$runs"); do
    times+=("$(once "$@")")
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  printf '%-44s min %s  median %s  max %s\n' "$label" "${sorted[0]}" "${sorted[$((runs / 2))]}" \
    "${sorted[$((runs - 1))]}"
}

echo "$(java -version 2>&1 | head -n 1); $runs runs each, seconds"
measure "java -version" java -version
measure "ipamctl --help" "$ipamctl" --help
measure "ipamctl get ippools" "$ipamctl" --store "$store" get ippools
measure "ipamctl apply -f quickstart.yaml" \
  "$ipamctl" --store "$store" apply -f "$root/examples/manifests/quickstart.yaml"
measure "ipamctl explain ipclaims" "$ipamctl" explain ipclaims
measure "ipamctl get ippools (no CDS archive)" env IPAMCTL_NO_CDS=1 "$ipamctl" --store "$store" get ippools

# The first run of all: a fresh HOME each time, so each makes its archive.
firsts=()
for i in 1 2 3; do
  export HOME="$work/first-$i"
  mkdir -p "$HOME"
  firsts+=("$(once "$ipamctl" --store "jdbc:sqlite:$work/first-$i.db" get ippools)")
done
sorted=($(printf '%s\n' "${firsts[@]}" | sort -n))
printf '%-44s min %s  median %s  max %s\n' "first run in a fresh HOME (makes the archive)" \
  "${sorted[0]}" "${sorted[1]}" "${sorted[2]}"
