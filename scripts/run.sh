#!/usr/bin/env bash
# Runs the web app against the local Docker daemon and a Redis on localhost:6379.
# ConnectionStrings__Redis and ASPNETCORE_URLS may be set to override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --redis
export ConnectionStrings__Redis="${ConnectionStrings__Redis:-localhost:6379}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:8080}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# --no-launch-profile: launchSettings.json's applicationUrl would override ASPNETCORE_URLS.
exec dotnet run --project ContainerLease.Mvc -c Release --no-launch-profile "$@"
