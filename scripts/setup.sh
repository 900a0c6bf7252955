#!/usr/bin/env bash
# Makes a Debian/Ubuntu machine (run as root) ready for ContainerLease: a running
# Docker daemon, the redis-server binary, npm and the local busybox image. It installs
# nothing and prints nothing on a machine that is already ready.
#
# Usage: scripts/setup.sh [--redis] [--chromium] [--compose]
#   --redis     also make sure a Redis answers on localhost:6379 (scripts/run.sh);
#               the tests only need the binary, their fixtures start their own.
#   --chromium  also install Debian's chromium (browser tests); not by default.
#   --compose   also install docker-compose and debootstrap (the compose stack and
#               its test, which make local base images with scripts/local-images.sh).
# Env: CONTAINERLEASE_REDIS=1 is the same as --redis.
set -euo pipefail

want_redis=${CONTAINERLEASE_REDIS:-0}
want_chromium=0
want_compose=0
for arg in "$@"; do
  case "$arg" in
    --redis) want_redis=1 ;;
    --chromium) want_chromium=1 ;;
    --compose) want_compose=1 ;;
    *) echo "setup.sh: unknown argument '$arg' (expected --redis, --chromium, --compose)" >&2; exit 2 ;;
  esac
done

IMAGE=containerlease/busybox:1.35
DOCKERD_LOG=/var/log/containerlease-dockerd.log
REDIS_DIR=/var/lib/containerlease-redis

log() { echo "setup: $*" >&2; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

# apt-get update is slow, so run it at most once and only when something is missing.
# The lock timeout lets us queue behind an apt that is already running. It dies
# rather than returns because callers run in `if`/`||`, where set -e is off.
apt_updated=0
apt_install() {
  # needrestart (on by default on Ubuntu) would prompt or print noise.
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq -o DPkg::Lock::Timeout=600 >/dev/null || die "apt-get update failed"
    apt_updated=1
  fi
  log "installing $*"
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$@" >/dev/null || die "apt-get install $* failed"
}

# --- Docker -------------------------------------------------------------------
docker_ok() { docker info >/dev/null 2>&1; }

dockerd_pid=
start_dockerd() {
  # setsid+nohup: dockerd must outlive this script and a Ctrl-C of its caller;
  # stdin/stdout are detached so a caller reading our output doesn't hang on it.
  setsid nohup dockerd "$@" </dev/null >>"$DOCKERD_LOG" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 30); do
    docker_ok && return 0
    kill -0 "$dockerd_pid" 2>/dev/null || return 1 # it died: no point waiting
    sleep 1
  done
  return 1
}

stop_dockerd() {
  [ -n "$dockerd_pid" ] || return 0
  kill "$dockerd_pid" 2>/dev/null || true
  wait "$dockerd_pid" 2>/dev/null || true # its pid file must be gone before a restart
  dockerd_pid=
}

# The tests run containers from this image, and there is no registry to pull from,
# so it is made from the host's static busybox. Fails if the image doesn't run.
ensure_image() {
  if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
    # Must be the static build: the image has no libc.
    dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
      apt_install busybox-static
    log "building $IMAGE"
    local rootfs
    rootfs=$(mktemp -d) || return 1
    mkdir -p "$rootfs"/{bin,etc,root,tmp,proc,sys,dev}
    chmod 1777 "$rootfs/tmp"
    cp "$(command -v busybox)" "$rootfs/bin/busybox"
    for applet in $(busybox --list); do
      [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
    done
    # nobody/nogroup let tests run containers as a non-root user by name.
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
    tar --numeric-owner -C "$rootfs" -c . |
      docker import --change 'CMD ["sh"]' - "$IMAGE" >/dev/null || { rm -rf "$rootfs"; return 1; }
    rm -rf "$rootfs"
    # Only checked after a build, so that a rerun on a ready machine stays fast.
    [ "$(docker run --rm --network none "$IMAGE" sh -c 'echo ok; seq 3' 2>>"$DOCKERD_LOG" | tr '\n' ' ')" = "ok 1 2 3 " ] || {
      docker image rm -f "$IMAGE" >/dev/null 2>&1 || true
      return 1
    }
  fi
}

if ! docker_ok; then
  # On a systemd host the package's postinst starts the service itself.
  command -v dockerd >/dev/null || { apt_install docker.io; sleep 2; }
fi
if docker_ok; then
  ensure_image || die "$IMAGE does not run on the running Docker daemon"
else
  # Sandboxes differ: overlay2 may not mount (e.g. on overlayfs) and the bridge
  # may lack iptables. Try the default first, then vfs, then also no bridge
  # (the tests mostly use --network none). A failing image check counts as a
  # failure too, since overlay2 can start fine and then fail on the first mount.
  ok=0
  for args in "" "--storage-driver=vfs" "--storage-driver=vfs --iptables=false --bridge=none"; do
    # shellcheck disable=SC2086 # word splitting of $args is intended
    if start_dockerd $args && ensure_image; then ok=1; break; fi
    log "dockerd ${args:-(default)} did not work, see $DOCKERD_LOG"
    stop_dockerd
  done
  [ "$ok" = 1 ] || die "could not start a working dockerd within 30 s per try; see $DOCKERD_LOG"
fi

# --- Leased containers stay off the host's own services ------------------------
# Catalog entries with Network=bridge run on their installation's own bridge, whose host
# interface is named cl-* (see ContainerLease.Mvc/Docker/LeaseNetwork.cs). Without this rule
# they could reach every service listening on the host's addresses (Redis, the app, sshd).
# Their traffic to the world is forwarded, not input, so it is unaffected; answers to
# connections the host opens to them are let through.
if command -v iptables >/dev/null; then
  # shellcheck disable=SC2054 # the comma is part of one argument
  answers=(-i cl-+ -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT)
  refuse=(-i cl-+ -j REJECT)
  if ! { iptables -C INPUT "${answers[@]}" && iptables -C INPUT "${refuse[@]}"; } 2>/dev/null; then
    # Both at the top, answers first; removed first so a half-present pair is not doubled.
    while iptables -D INPUT "${answers[@]}" 2>/dev/null; do :; done
    while iptables -D INPUT "${refuse[@]}" 2>/dev/null; do :; done
    { iptables -I INPUT 1 "${refuse[@]}" && iptables -I INPUT 1 "${answers[@]}"; } ||
      die "could not add the firewall rules that keep leased containers off the host"
  fi
else
  log "WARNING: no iptables, so containers on the leased bridge can reach the host's services"
fi

# --- ... nor link-local addresses, nor private networks unless the entry says lan ------------
# Forwarded traffic passes DOCKER-USER first, which dockerd makes and never touches. In order:
# DNS is let through to any resolver (on some clouds the host's resolver is link-local,
# 169.254.169.254 on Google's, or private); link-local addresses (a cloud VM's metadata and
# credentials) are dropped for every bridged lease; the bridges of Egress=lan entries (cl-l*)
# leave the chain there; every other bridge is kept off private ranges (the LAN, and 100.64/10,
# where carrier NAT and tailnets live). The app checks these rules at start (/healthz/ready).
# First of all, the port proxy of an app in docker-compose: its network's bridge is named cla-*
# (docker-compose.yml), and it may open connections to the leases' bridges and get the answers,
# which Docker's isolation of bridges from each other (and the private-range drop) would stop.
egress_rules=(
  "-i cla-+ -o cl-+ -j ACCEPT"
  "-i cl-+ -o cla-+ -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT"
  "-i cl-+ -p udp --dport 53 -j RETURN"
  "-i cl-+ -p tcp --dport 53 -j RETURN"
  "-i cl-+ -d 169.254.0.0/16 -j DROP"
  "-i cl-l+ -j RETURN"
  "-i cl-+ -d 10.0.0.0/8 -j DROP"
  "-i cl-+ -d 172.16.0.0/12 -j DROP"
  "-i cl-+ -d 192.168.0.0/16 -j DROP"
  "-i cl-+ -d 100.64.0.0/10 -j DROP"
)
if command -v iptables >/dev/null && iptables -S DOCKER-USER >/dev/null 2>&1; then
  present=1
  for rule in "${egress_rules[@]}"; do
    # shellcheck disable=SC2086 # a rule is its words
    iptables -C DOCKER-USER $rule 2>/dev/null || present=0
  done
  if [ "$present" = 0 ]; then
    # Removed first and then inserted at the top from the last one up, so that a half-present
    # or older set is neither doubled nor left out of order.
    for rule in "${egress_rules[@]}"; do
      # shellcheck disable=SC2086
      while iptables -D DOCKER-USER $rule 2>/dev/null; do :; done
    done
    for ((i = ${#egress_rules[@]} - 1; i >= 0; i--)); do
      # shellcheck disable=SC2086
      iptables -I DOCKER-USER 1 ${egress_rules[i]} ||
        die "could not add the firewall rules that keep bridged leases off link-local and private addresses"
    done
  fi
else
  log "WARNING: no DOCKER-USER chain (dockerd without iptables?), so bridged leases can reach link-local and private addresses"
fi

# --- The tests' stand-in for a LAN host -----------------------------------------
# LanEgressTests puts a listener in a network namespace (ip netns, a veth pair) and serves a page
# with the host's busybox httpd; the image build above installs busybox only when it builds.
command -v ip >/dev/null || apt_install iproute2
command -v busybox >/dev/null || apt_install busybox-static

# --- The tests' image registries ---------------------------------------------------
# RegistryTests run Debian's docker-registry (the CNCF distribution 2.8) on loopback, one of
# them behind htpasswd (apache2-utils makes its bcrypt file).
command -v docker-registry >/dev/null || apt_install docker-registry
command -v htpasswd >/dev/null || apt_install apache2-utils

# --- A pseudo-terminal for the CLI's shell test -------------------------------------
# CliTests drives `containerlease shell` through util-linux's `script`, packaged as bsdutils on Debian/Ubuntu.
command -v script >/dev/null || apt_install bsdutils

# --- Redis --------------------------------------------------------------------
command -v redis-server >/dev/null || apt_install redis-server

redis_ok() { [ "$(redis-cli -p 6379 ping 2>/dev/null)" = PONG ]; }
if [ "$want_redis" = 1 ] && ! redis_ok; then
  # AOF in a fixed dir so that leases survive a restart of the app and of Redis.
  mkdir -p "$REDIS_DIR"
  redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --dir "$REDIS_DIR" \
    --appendonly yes --save '' --logfile "$REDIS_DIR/redis.log" >/dev/null
  for _ in $(seq 50); do redis_ok && break; sleep 0.1; done
  redis_ok || die "redis-server did not answer on port 6379; see $REDIS_DIR/redis.log"
fi

# --- Node.js and npm -----------------------------------------------------------
# The build restores htmx and the SignalR client from npm (package.json) before LibMan copies them,
# with the tests' devDependencies (axe-core, @readme/openapi-parser, which wants Node 20 or later);
# it runs `npm ci` again whenever package-lock.json is newer than node_modules.
command -v npm >/dev/null || apt_install nodejs npm

# --- Chromium -----------------------------------------------------------------
if [ "$want_chromium" = 1 ]; then
  command -v chromium >/dev/null || apt_install chromium
fi

# --- docker-compose and debootstrap ------------------------------------------------
if [ "$want_compose" = 1 ]; then
  command -v docker-compose >/dev/null || apt_install docker-compose
  # The keyring checks what debootstrap downloads (already there on Debian, not on Ubuntu).
  if ! command -v debootstrap >/dev/null || [ ! -e /usr/share/keyrings/debian-archive-keyring.gpg ]; then
    apt_install debootstrap debian-archive-keyring
  fi
fi
