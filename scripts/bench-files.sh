#!/usr/bin/env bash
# Upload throughput of a 64 MiB file through PUT /api/leases/{id}/files (with a Content-Length, and
# chunked, which the app spools first), against the engine's own PUT /containers/{id}/archive with a
# ready-made tar of the same file, interleaved in one run; and the app's peak resident set growth
# while uploading (VmHWM after a reset, against VmRSS before). The app runs as its own process on an
# in-process store, as a Release build. Usage: scripts/bench-files.sh [runs, 5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dotnet build ContainerLease.Mvc -c Release -v quiet -nologo -clp:NoSummary >&2
app=$PWD/ContainerLease.Mvc/bin/Release/net10.0/ContainerLease.Mvc.dll
work=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
key=cl_files_bench_$RANDOM$RANDOM
installation=files-bench-$RANDOM
head -c 67108864 /dev/urandom > "$work/big.bin"
tar cf "$work/big.tar" -C "$work" big.bin
export ASPNETCORE_URLS=http://127.0.0.1:$port Leases__InstallationId=$installation ConnectionStrings__Redis= \
  Auth__Users__bench__Role=admin Auth__Users__bench__ApiKeySha256=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1) \
  Logging__LogLevel__Default=Warning DOTNET_NOLOGO=1
(cd ContainerLease.Mvc && exec dotnet "$app") > "$work/app.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  docker ps -aq --filter "label=containerlease.installation=$installation" | xargs -r docker rm -fv >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/healthz/live" >/dev/null && break; sleep 0.5; done
api=(-sf -H "X-Api-Key: $key")
lease=$(curl "${api[@]}" -X POST "http://127.0.0.1:$port/api/provision" -H 'content-type: application/json' -d '{"imageType":"busybox","durationMinutes":30}')
id=$(sed 's/.*"leaseId":"\([^"]*\)".*/\1/' <<<"$lease")
container=$(sed 's/.*"containerId":"\([^"]*\)".*/\1/' <<<"$lease")
bare() { curl -sf -X PUT --unix-socket /var/run/docker.sock -H 'Content-Type: application/x-tar' -T "$work/big.tar" -o /dev/null -w '%{time_total}' "http://engine/containers/$container/archive?path=/tmp"; }
put() { curl "${api[@]}" -T "$work/big.bin" "$@" -o /dev/null -w '%{time_total}'; }
bare >/dev/null; put "http://127.0.0.1:$port/api/leases/$id/files?path=/tmp/warm.bin" >/dev/null   # JIT, connection pools
sleep 1
before=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
echo 5 > "/proc/$pid/clear_refs"   # resets VmHWM, the peak resident set
echo "64 MiB upload, $runs runs, seconds (MiB/s)"
for i in $(seq "$runs"); do
  b=$(bare)
  a=$(put "http://127.0.0.1:$port/api/leases/$id/files?path=/tmp/big-$i.bin")
  c=$(put -H 'Transfer-Encoding: chunked' "http://127.0.0.1:$port/api/leases/$id/files?path=/tmp/chunked-$i.bin")
  awk -v i="$i" -v b="$b" -v a="$a" -v c="$c" 'BEGIN { printf "  run %d: bare engine %.3f (%.0f)   app %.3f (%.0f)   app chunked, spooled %.3f (%.0f)\n", i, b, 64/b, a, 64/a, c, 64/c }'
done
peak=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
echo "app resident set: ${before} KB before, peak ${peak} KB while uploading: +$(( (peak - before) / 1024 )) MB"
curl "${api[@]}" "http://127.0.0.1:$port/api/leases/$id/files?path=/tmp/big-1.bin" | cmp - "$work/big.bin" && echo "the first upload reads back byte for byte"
