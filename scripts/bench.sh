#!/usr/bin/env bash
# Runs ContainerLease.Bench against the local Docker engine and a Redis on localhost:6379.
# Usage: scripts/bench.sh [provision|reap|reap-burst|logs|list|memory|exec|files|proxy] [--iterations N]
#   provision  POST /api/provision against a bare create+start (N iterations, 30); --pool: from a warm pool of 5,
#              then time to healthy pooled and not, and a burst of 50 with a pool of 50 and without
#              --runtime swarm: the app in docker mode against swarm mode on a three-node swarm that
#              scripts/swarm-cluster.sh makes for the run (N each, 30), then the reap lag of 20 leases each
#   reap       lag from expiresAt to the container destroyed (N leases, 100)
#   reap-burst the same with 16 provisions in flight and leases of 20-39 s, so leases fall due mid-burst
#   logs       SignalR log throughput and latency against a bare engine reader
#   memory     the app as its own process: idle, with N leases (200) printing, with 50 log viewers
#   list       GET /api/containers?page=1 with 10,000 active leases against 100 (N requests each, 500)
#   exec       POST /api/leases/{id}/exec of `true` against a bare exec create+start+inspect (N each, 100),
#              then a keystroke's round trip to its TTY echo over the terminal hub against a bare exec (300)
#   files      a 64 MiB upload through PUT /api/leases/{id}/files, streamed and chunked, against the engine's own
#              archive upload of the same file, and the app's peak resident set growth (N each, 5)
#   proxy      GET of a 1 KB file through /leases/{id}/ports/8080/ against straight to the container's bridge
#              address (N each, 1000), then 16 concurrent clients for 5 s each way
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --redis
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
if [[ " $* " == *" --runtime swarm "* ]]; then
  cluster=cla-swarm-bench-$$
  trap 'bash scripts/swarm-cluster.sh down "$cluster"' EXIT
  BENCH_SWARM_MANAGER=$(bash scripts/swarm-cluster.sh up "$cluster" | sed -n 's/^MANAGER_ENDPOINT=//p')
  export BENCH_SWARM_MANAGER
  dotnet run --project ContainerLease.Bench -c Release -- "$@"
  exit
fi
exec dotnet run --project ContainerLease.Bench -c Release -- "$@"
