#!/usr/bin/env bash
# A Docker Swarm of three engines on this machine, for the swarm tests and benchmark: each node a
# container running Debian's dockerd (scripts/local-images.sh --swarm-node), one manager and two
# workers on a private network, each node's /var/lib/docker on a volume of its own (overlay2 does
# not run on the overlay file system), the test image loaded into each. The host's own engine never
# joins a swarm. Everything is named after NAME (NAME-manager, NAME-worker-1, NAME-net, ...).
#
# The host's engine may lack a capability (CAP_SYS_RESOURCE on some VMs), and then refuses
# --privileged; so a node gets every capability the host has, no seccomp or AppArmor profile, every
# device and the host's cgroup tree, its dockerd keeping its containers' cgroups under its own parent.
#
# Usage: scripts/swarm-cluster.sh up NAME [IMAGE...]   prints MANAGER_ENDPOINT=tcp://<address>:2375
#        scripts/swarm-cluster.sh down NAME            removes the nodes, their volumes and the network
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "swarm-cluster: $*" >&2; }
die() { echo "swarm-cluster: ERROR: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: $0 up|down NAME [IMAGE...]"
action=$1 name=$2; shift 2
nodes=("$name-manager" "$name-worker-1" "$name-worker-2")

down() {
  docker rm -f -v "${nodes[@]}" >/dev/null 2>&1 || true
  docker volume rm "${nodes[@]}" >/dev/null 2>&1 || true
  docker network rm "$name-net" >/dev/null 2>&1 || true
  # The nodes' dockerd kept their containers' cgroups under their own parents; empty now.
  find /sys/fs/cgroup/*/"$name"-* -depth -type d -exec rmdir {} + 2>/dev/null || true
}

up() {
  local image images=("$@") address token node
  [ ${#images[@]} -gt 0 ] || images=(containerlease/busybox:1.35)
  image=$(bash scripts/local-images.sh --swarm-node | sed -n 's/^SWARM_NODE_IMAGE=//p')
  docker network create "$name-net" >/dev/null
  for node in "${nodes[@]}"; do
    docker volume create "$node" >/dev/null
    docker run -d --name "$node" --hostname "$node" --network "$name-net" \
      --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
      --device-cgroup-rule 'a *:* rwm' -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v "$node:/var/lib/docker" \
      "$image" "--cgroup-parent=/$node" >/dev/null
  done
  for node in "${nodes[@]}"; do
    for _ in $(seq 120); do docker exec "$node" docker info >/dev/null 2>&1 && break; sleep 1; done
    docker exec "$node" docker info >/dev/null 2>&1 || die "the engine in $node does not answer"
  done
  address=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$name-net\").IPAddress}}" "${nodes[0]}")
  docker exec "${nodes[0]}" docker swarm init --advertise-addr "$address" >/dev/null
  token=$(docker exec "${nodes[0]}" docker swarm join-token -q worker)
  for node in "${nodes[@]:1}"; do
    docker exec "$node" docker swarm join --token "$token" "$address:2377" >/dev/null
  done
  # No registry answers here: every node gets the images from this engine.
  for node in "${nodes[@]}"; do
    docker save "${images[@]}" | docker exec -i "$node" docker load >/dev/null
  done
  for _ in $(seq 120); do
    [ "$(docker exec "${nodes[0]}" docker node ls --format '{{.Status}}' | grep -c '^Ready$')" = 3 ] && break
    sleep 1
  done
  [ "$(docker exec "${nodes[0]}" docker node ls --format '{{.Status}}' | grep -c '^Ready$')" = 3 ] || die "not every node is ready"
  log "manager at tcp://$address:2375, workers ${nodes[*]:1}"
  echo "MANAGER_ENDPOINT=tcp://$address:2375"
}

case "$action" in
  up) trap 'down' ERR; up "$@" ;;
  down) down ;;
  *) die "unknown action '$action' (expected up or down)" ;;
esac
