# Shared by the lab's scripts: where things live, logging, and running a command in a namespace.
# shellcheck shell=bash

# Everything the lab makes lives under one folder outside the repository (images are large and
# can always be made again). The images are kept between runs; a cluster's nodes are not.
HAGEN_LAB_HOME="${HAGEN_LAB_HOME:-/var/tmp/hagen-lab}"
CACHE="$HAGEN_LAB_HOME/cache"
NODE_IMAGE="$CACHE/node-bookworm"      # the nodes' root file system: Debian 12, as a Vagrant box has
CONTROLLER="$CACHE/controller-trixie"  # the Ansible controller: Debian 13, ansible-core 2.19
REPO="$CACHE/repo"                     # the Debian packages autobase installs, served inside the lab
RUN="$HAGEN_LAB_HOME/run"              # per cluster: nodes, state, logs

# Every name the lab gives a namespace, a container or a link starts with this, so that teardown
# can find exactly what it made and nothing else.
PREFIX="hagen-lab"

log() { printf '%s lab: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs "$@" and prints how long it took: every step reports its time. Returns its exit code.
timed() {
  local what="$1" start end rc=0; shift
  start=$(date +%s)
  "$@" || rc=$?
  end=$(date +%s)
  log "$what: $((end - start)) s"
  return "$rc"
}

need_root() { [ "$(id -u)" = 0 ] || die "the lab needs root (network namespaces, systemd-nspawn, debootstrap)"; }

need_tools() {
  local missing=()
  for t in ip systemd-nspawn debootstrap python3 ssh-keygen gpg gpgconf setsid timeout; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} (apt-get install iproute2 systemd-container debootstrap openssh-client python3 gnupg)"
}

# in_ns NS CMD...: run a command inside one of the lab's network namespaces.
in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

# in_controller NS CMD...: run a command in the controller's file system, inside namespace NS.
in_controller() {
  local ns="$1"; shift
  ip netns exec "$ns" chroot "$CONTROLLER" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    "$@"
}
