#!/usr/bin/env bash
# Builds and runs the whole test suite; extra args go to `dotnet test`.
# The tests need dockerd, the busybox image, the redis-server binary (their fixtures
# start their own Redis), Chromium for the browser tests, and docker-compose and
# debootstrap for the compose stack test, which setup.sh provides.
# `scripts/test.sh --unit` is the fast loop: the domain's unit tests alone (fakes only, no
# set-up, no engine, no Redis), in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# --unit is ours, not dotnet test's: take it out before the rest is passed on.
unit=false
args=()
for arg in "$@"; do
  if [ "$arg" = --unit ]; then unit=true; else args+=("$arg"); fi
done
set -- ${args[@]+"${args[@]}"}
if $unit; then
  exec dotnet test ContainerLease.Domain.Tests -c Release "$@"
fi

bash scripts/setup.sh --chromium --compose

# A run that was interrupted, or whose cleanup met a stalled engine, can leave containers of
# its throwaway installations (test-*, bench-*); no real installation uses those names.
stale=$(docker ps -a --filter label=containerlease.managed=true --format '{{.ID}} {{.Label "containerlease.installation"}}' \
  | awk '$2 ~ /^(test|bench)-/ { print $1 }')
if [ -n "$stale" ]; then
  echo "test: removing $(echo "$stale" | wc -l) containers left by an earlier test run" >&2
  # shellcheck disable=SC2086 # one id per word
  docker rm -f $stale >/dev/null
fi

# ...and the bridges such installations made for catalog entries with Network=bridge.
stale=$(docker network ls --filter label=containerlease.managed=true --format '{{.ID}} {{.Label "containerlease.installation"}}' \
  | awk '$2 ~ /^(test|bench)-/ { print $1 }')
# shellcheck disable=SC2086 # one id per word
[ -z "$stale" ] || docker network rm $stale >/dev/null

# Likewise a compose stack test that was killed leaves its project (containerlease-test-*:
# containers, network, Redis volume) and its app image behind.
stale_stack() { # id field, then the docker command that lists
  local field=$1; shift
  "$@" --filter label=com.docker.compose.project --format "{{.$field}} {{.Label \"com.docker.compose.project\"}}" |
    awk '$2 ~ /^containerlease-test-/ { print $1 }'
}
stale=$(stale_stack ID docker ps -a)
# shellcheck disable=SC2086 # one id per word
[ -z "$stale" ] || docker rm -f $stale >/dev/null
stale=$(stale_stack ID docker network ls)
# shellcheck disable=SC2086
[ -z "$stale" ] || docker network rm $stale >/dev/null
stale=$(stale_stack Name docker volume ls)
# shellcheck disable=SC2086
[ -z "$stale" ] || docker volume rm $stale >/dev/null
stale=$(docker images --format '{{.Repository}}:{{.Tag}}' containerlease/app | grep ':test-' || true)
# shellcheck disable=SC2086
[ -z "$stale" ] || docker image rm $stale >/dev/null

# ...and a swarm test whose run was killed leaves its cluster of node containers (cla-swarm-test-*).
for cluster in $(docker ps -a --filter name=cla-swarm-test- --format '{{.Names}}' | sed -E 's/-(manager|worker-[0-9]+)$//' | sort -u); do
  echo "test: removing the test swarm $cluster left by an earlier test run" >&2
  bash scripts/swarm-cluster.sh down "$cluster"
done

# Every app a test starts logs to a file in this run's own folder, not to the console, which
# is for test results; a failure that involves an app names its log there.
export CONTAINERLEASE_TEST_LOGS="/tmp/containerlease-tests/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$CONTAINERLEASE_TEST_LOGS"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ContainerLease.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?

echo "The apps' logs of this run: $CONTAINERLEASE_TEST_LOGS (one file per installation id)"

# Each failed test again, with the start of its message, at the end where a reader of only the
# output's tail (CI keeps the tail) finds it.
awk '
  /^ +Failed [A-Za-z_][A-Za-z0-9_.]*/ { if (!shown++) print "Failed tests:"; keep = 25; print; next }
  /^ +(Passed|Skipped) [A-Za-z_]/ || /^Test Run / || /^\[xUnit/ { keep = 0 }
  keep > 0 { print; keep-- }' "$log"

# One plain closing line over every test assembly ("N passed, N failed, N skipped"),
# so a reader (or CI) sees the totals without adding up per-assembly summaries.
awk '
  /^ +Passed: +[0-9]+ *$/  { p += $2 }
  /^ +Failed: +[0-9]+ *$/  { f += $2 }
  /^ +Skipped: +[0-9]+ *$/ { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
