#!/usr/bin/env bash
# Runs ContainerLease.Bench against the local Docker engine and a Redis on localhost:6379.
# Usage: scripts/bench.sh [provision] [--iterations N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --redis
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
exec dotnet run --project ContainerLease.Bench -c Release -- "$@"
