#!/usr/bin/env bash
# Builds and runs the whole test suite; extra args go to `dotnet test`.
# The tests need dockerd, the busybox image, the redis-server binary (their fixtures
# start their own Redis), Chromium for the browser tests, and docker-compose and
# debootstrap for the compose stack test, which setup.sh provides.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --chromium --compose
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# A run that was interrupted, or whose cleanup met a stalled engine, can leave containers of
# its throwaway installations (test-*, bench-*); no real installation uses those names.
stale=$(docker ps -a --filter label=containerlease.managed=true --format '{{.ID}} {{.Label "containerlease.installation"}}' \
  | awk '$2 ~ /^(test|bench)-/ { print $1 }')
if [ -n "$stale" ]; then
  echo "test: removing $(echo "$stale" | wc -l) containers left by an earlier test run" >&2
  # shellcheck disable=SC2086 # one id per word
  docker rm -f $stale >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ContainerLease.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line over every test assembly ("N passed, N failed, N skipped"),
# so a reader (or CI) sees the totals without adding up per-assembly summaries.
awk '
  /^ +Passed: +[0-9]+ *$/  { p += $2 }
  /^ +Failed: +[0-9]+ *$/  { f += $2 }
  /^ +Skipped: +[0-9]+ *$/ { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
