#!/usr/bin/env bash
# Builds and runs the whole test suite; extra args go to `dotnet test`.
# The tests only need dockerd, the busybox image and the redis-server binary
# (their fixtures start their own Redis), which setup.sh provides.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
exec dotnet test ContainerLease.sln -c Release --logger "console;verbosity=normal" "$@"
