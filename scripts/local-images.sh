#!/usr/bin/env bash
# Makes, from Debian's packages alone, the base images that the Dockerfile and
# docker-compose.yml need, for a machine that reaches no container registry (the
# stack test uses them):
#   containerlease/debian:bookworm            debootstrap of bookworm from the machine's apt mirror;
#                                             RUNTIME_IMAGE for a self-contained app
#   containerlease/dotnet-sdk:<ver>-bookworm  the same with this machine's .NET SDK; SDK_IMAGE
#   containerlease/redis:bookworm             the same with Debian's redis-server; REDIS_IMAGE
# An image that already exists is kept, so a second run takes a second. Prints the three
# as KEY=image lines for a compose .env. Needs root, debootstrap and docker (setup.sh --compose).
#
# Usage: scripts/local-images.sh
# Env: CONTAINERLEASE_DEBIAN_MIRROR overrides the mirror read from /etc/apt/sources.list*.
set -euo pipefail

log() { echo "local-images: $*" >&2; }
die() { echo "local-images: ERROR: $*" >&2; exit 1; }

command -v debootstrap >/dev/null || die "debootstrap is missing; run scripts/setup.sh --compose"
command -v dotnet >/dev/null || die "dotnet is missing"

DOTNET_DIR=$(dirname "$(readlink -f "$(command -v dotnet)")")
SDK_VERSION=$(dotnet --list-sdks | tail -n 1 | cut -d ' ' -f 1)
BASE=containerlease/debian:bookworm
SDK=containerlease/dotnet-sdk:$SDK_VERSION-bookworm
REDIS=containerlease/redis:bookworm

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

ensure_images() {
  if ! have "$BASE" || ! have "$SDK"; then
    local root url
    url=$(mirror)
    [ -n "$url" ] || die "no Debian mirror in /etc/apt/sources.list*; set CONTAINERLEASE_DEBIAN_MIRROR"
    root=$(mktemp -d /var/tmp/containerlease-rootfs.XXXXXX)
    trap 'rm -rf "$root"' RETURN
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
    if ! docker build --force-rm --network host -q -t "$REDIS" - >/var/tmp/containerlease-redis-build.log 2>&1 <<DOCKERFILE
FROM $BASE
RUN apt-get update && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* && mkdir /data && chown redis:redis /data
USER redis
WORKDIR /data
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]
DOCKERFILE
    then
      die "building $REDIS failed; see /var/tmp/containerlease-redis-build.log"
    fi
  fi
}

# Two runs at once (two test runs on one machine) make each image once.
exec 9>/var/lock/containerlease-local-images.lock
flock 9
ensure_images
echo "SDK_IMAGE=$SDK"
echo "RUNTIME_IMAGE=$BASE"
echo "REDIS_IMAGE=$REDIS"
