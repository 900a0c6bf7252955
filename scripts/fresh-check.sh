#!/usr/bin/env bash
# Runs the README's two commands as a brand-new machine would: from a fresh clone of the
# current commit, with dockerd stopped and its data (every container, image, network and
# volume on this engine) removed, and the local state scripts/run.sh keeps moved aside.
# CI machines are never fresh, so this is how an install step done by hand, or state only a
# used machine has, shows up before it reaches a new one.
#
# Usage: scripts/fresh-check.sh --yes-wipe-docker   # destroys everything on this Docker engine
#        scripts/fresh-check.sh --dry-run           # prints what it would do
set -euo pipefail
cd "$(dirname "$0")/.."

mode=
case "${1:-}" in
  --yes-wipe-docker) mode=run ;;
  --dry-run) mode=dry ;;
  *) echo "usage: $0 --yes-wipe-docker | --dry-run (this wipes every container and image on this engine)" >&2; exit 2 ;;
esac

run() { echo "fresh-check: $*" >&2; [ "$mode" = dry ] || "$@"; }

clone=$(mktemp -d /tmp/containerlease-fresh.XXXXXX)
state="${XDG_STATE_HOME:-$HOME/.local/state}/containerlease"

# The engine goes first: setup.sh must install nothing it did not have to, and start it itself.
run pkill -x dockerd || true
if [ "$mode" = run ]; then
  for _ in $(seq 60); do pgrep -x dockerd >/dev/null || break; sleep 1; done
fi
# Its contents, not the folder: on some machines /var/lib/docker is a mount point of its own.
run find /var/lib/docker -mindepth 1 -delete
run rm -f /var/run/docker.pid
[ ! -d "$state" ] || run mv "$state" "$state.before-fresh-check.$(date +%s)"
run git clone --quiet "$PWD" "$clone"

start=$(date +%s)
status=0
run bash "$clone/scripts/test.sh" || status=$?
tested=$(date +%s)

# The other command: the app must come up and answer ready on a machine that never ran it.
# Its own port, so a developer's app on 8080 is not in the way.
if [ "$mode" = run ]; then
  ASPNETCORE_URLS=http://localhost:18080 setsid bash "$clone/scripts/run.sh" >"$clone/run.log" 2>&1 &
  app=$!
  ready=0
  for _ in $(seq 180); do
    if curl -fsS http://localhost:18080/healthz/ready >/dev/null 2>&1; then ready=1; break; fi
    sleep 1
  done
  kill -- -"$app" 2>/dev/null || true
  [ "$ready" = 1 ] || { echo "fresh-check: scripts/run.sh did not answer ready in 180 s; see $clone/run.log" >&2; status=1; }
else
  run bash "$clone/scripts/run.sh"
fi

echo "fresh-check: scripts/test.sh took $((tested - start)) s from a clean machine; exit $status; clone in $clone" >&2
exit "$status"
