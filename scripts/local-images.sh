#!/usr/bin/env bash
# Makes, from Debian's packages alone, the base images that the Dockerfile and
# docker-compose.yml need, for a machine that reaches no container registry (the
# stack test uses them):
#   containerlease/debian:bookworm            debootstrap of bookworm from the machine's apt mirror;
#                                             RUNTIME_IMAGE for a self-contained app
#   containerlease/dotnet-sdk:<ver>-bookworm  the same with this machine's .NET SDK; SDK_IMAGE
#   containerlease/node:18-bookworm           the same with Debian's nodejs and npm 10 (npm's own
#                                             package: Debian's npm drags in 300 packages); NODE_IMAGE
#   containerlease/redis:bookworm             the same with Debian's redis-server; REDIS_IMAGE
# An image that already exists is kept, so a second run takes a second. Prints them as
# KEY=image lines for a compose .env. Needs root, debootstrap, npm and docker (setup.sh --compose).
# With --swarm-node it makes only the base and, on it, the swarm tests' node (and prints it):
#   containerlease/swarm-node:bookworm        Debian's docker.io, dockerd listening on the
#                                             socket and on tcp 2375; SWARM_NODE_IMAGE
#
# Usage: scripts/local-images.sh [--swarm-node]
# Env: CONTAINERLEASE_DEBIAN_MIRROR overrides the mirror read from /etc/apt/sources.list*
# (deb.debian.org where they name none).
set -euo pipefail

log() { echo "local-images: $*" >&2; }
die() { echo "local-images: ERROR: $*" >&2; exit 1; }

command -v debootstrap >/dev/null || die "debootstrap is missing; run scripts/setup.sh --compose"
swarm_node=0
[ "${1:-}" = --swarm-node ] && swarm_node=1
if [ "$swarm_node" = 0 ]; then
  command -v dotnet >/dev/null || die "dotnet is missing"
  command -v npm >/dev/null || die "npm is missing; run scripts/setup.sh"
fi

DOTNET_DIR=$(dirname "$(readlink -f "$(command -v dotnet || echo /usr/bin/true)")")
SDK_VERSION=$(dotnet --list-sdks 2>/dev/null | tail -n 1 | cut -d ' ' -f 1 || true)
BASE=containerlease/debian:bookworm
SDK=containerlease/dotnet-sdk:$SDK_VERSION-bookworm
REDIS=containerlease/redis:bookworm
NODE=containerlease/node:18-bookworm
SWARM_NODE=containerlease/swarm-node:bookworm

have() { docker image inspect "$1" >/dev/null 2>&1; }

mirror() {
  if [ -n "${CONTAINERLEASE_DEBIAN_MIRROR:-}" ]; then echo "$CONTAINERLEASE_DEBIAN_MIRROR"; return; fi
  # The first Debian archive the machine's apt uses (deb822 or one-line format), not its security one.
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -E '^[[:space:]]*(URIs:|deb )' | grep -oE 'https?://[^[:space:]]+/debian/?([[:space:]]|$)' |
    grep -v security | head -n 1 | tr -d '[:space:]' || true # a missing file is no error
}

import_rootfs() { # dir tag [extra --change ...]
  local dir=$1 tag=$2; shift 2
  tar --numeric-owner -C "$dir" -c . |
    docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' "$@" - "$tag" >/dev/null
}

debootstrap_root() {
  local url
  url=$(mirror)
  url=${url:-http://deb.debian.org/debian} # not a Debian machine (Ubuntu, say)
  log "debootstrap bookworm from $url (a minute or two, once per machine)"
  # What .NET needs at run time (as Microsoft's runtime-deps image has), and nothing else.
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata,zlib1g \
    bookworm "$root" "$url" >/var/tmp/containerlease-debootstrap.log 2>&1 ||
    die "debootstrap failed; see /var/tmp/containerlease-debootstrap.log"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  # The images trust what this machine trusts (a TLS-inspecting egress proxy's CA, say),
  # or npm and NuGet in a build cannot reach their registries where the host can.
  if compgen -G '/usr/local/share/ca-certificates/*' >/dev/null; then
    cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >>/var/tmp/containerlease-debootstrap.log 2>&1
  fi
}

ensure_base() {
  have "$BASE" && return
  debootstrap_root
  import_rootfs "$root" "$BASE"
}

# The swarm tests' nodes: dockerd of Debian's docker.io in a container with every capability. On cgroup v2
# the entry point first moves itself into a child cgroup (as docker:dind does), so that dockerd
# may enable the controllers for its containers.
ensure_swarm_node() {
  have "$SWARM_NODE" && return
  log "making $SWARM_NODE"
  cat >"$context/swarm-node" <<'ENTRY'
#!/bin/sh
set -e
# A node killed and started again finds its last run's pid files in the container's /run.
rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir -p /sys/fs/cgroup/init
  xargs -rn1 </sys/fs/cgroup/cgroup.procs >/sys/fs/cgroup/init/cgroup.procs 2>/dev/null || :
  sed -e 's/ / +/g' -e 's/^/+/' </sys/fs/cgroup/cgroup.controllers >/sys/fs/cgroup/cgroup.subtree_control || :
fi
exec dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 "$@"
ENTRY
  chmod +x "$context/swarm-node"
  build_on_base "$SWARM_NODE" <<DOCKERFILE
FROM $BASE
RUN apt-get update && apt-get install -y --no-install-recommends docker.io iptables procps \
 && rm -rf /var/lib/apt/lists/*
COPY swarm-node /usr/local/bin/swarm-node
VOLUME /var/lib/docker
EXPOSE 2375 2377 7946 4789/udp
ENTRYPOINT ["/usr/local/bin/swarm-node"]
DOCKERFILE
}

ensure_images() {
  if ! have "$BASE" || ! have "$SDK"; then
    debootstrap_root
    have "$BASE" || import_rootfs "$root" "$BASE"

    if ! have "$SDK"; then
      log "making $SDK from $DOTNET_DIR"
      mkdir -p "$root/usr/share/dotnet"
      cp -a "$DOTNET_DIR/." "$root/usr/share/dotnet/"
      ln -sf /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
      import_rootfs "$root" "$SDK" --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
        --change 'ENV DOTNET_NOLOGO=1' --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
        --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
        --change "ENV NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-online}"
    fi
  fi

  if ! have "$REDIS"; then
    log "making $REDIS"
    # Laid out like the official image: data in /data, run as the redis user, protected
    # mode off (the official image builds it off; it only listens on the compose network).
    build_on_base "$REDIS" <<DOCKERFILE
FROM $BASE
RUN apt-get update && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* && mkdir /data && chown redis:redis /data
USER redis
WORKDIR /data
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]
DOCKERFILE
  fi

  if ! have "$NODE"; then
    log "making $NODE"
    # npm 10 is the last that runs on bookworm's node 18; this machine's npm fetches it.
    (cd "$context" && npm pack --silent npm@10 >/dev/null && mv npm-*.tgz npm.tgz) || die "npm pack npm@10 failed"
    build_on_base "$NODE" <<DOCKERFILE
FROM $BASE
RUN apt-get update && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*
COPY npm.tgz /tmp/
RUN mkdir -p /usr/local/lib/node_modules/npm \
 && tar -xzf /tmp/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1 && rm /tmp/npm.tgz \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx && npm --version
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
DOCKERFILE
  fi
}

# Builds the Dockerfile on stdin with $context (apt on the host's network, as the host reaches it).
build_on_base() {
  docker build --force-rm --network host -q -t "$1" -f - "$context" >/var/tmp/containerlease-image-build.log 2>&1 ||
    die "building $1 failed; see /var/tmp/containerlease-image-build.log"
}

# Two runs at once (two test runs on one machine) make each image once.
exec 9>/var/lock/containerlease-local-images.lock
flock 9
work=$(mktemp -d /var/tmp/containerlease-images.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs context=$work/context
mkdir "$context"
if [ "$swarm_node" = 1 ]; then
  ensure_base
  ensure_swarm_node
  echo "SWARM_NODE_IMAGE=$SWARM_NODE"
  exit 0
fi
ensure_images
echo "SDK_IMAGE=$SDK"
echo "RUNTIME_IMAGE=$BASE"
echo "NODE_IMAGE=$NODE"
echo "REDIS_IMAGE=$REDIS"
