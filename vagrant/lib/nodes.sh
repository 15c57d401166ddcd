# The nodes: one booted systemd-nspawn container per host of the inventory, each in its own
# network namespace, set up as a Vagrant box is (a login user with passwordless sudo and the
# controller's public key, sshd), and nothing else: autobase does the rest.
# shellcheck shell=bash

node_dir() { echo "$STATE/nodes/${NODE_NAMES[$1]}"; }

# The controller's key, at the path the inventory names, as seen inside the controller (~ is
# root's home there).
key_in_controller() {
  # shellcheck disable=SC2088 # a literal ~/ in the inventory's path, not this shell's home
  case "$SSH_KEY" in
    "~/"*) echo "/root/${SSH_KEY#\~/}" ;;
    /*) echo "$SSH_KEY" ;;
    *) die "the inventory's ansible_ssh_private_key_file ($SSH_KEY) is relative: the lab cannot place it" ;;
  esac
}

# The same key, as seen from the host.
controller_key() { echo "$CONTROLLER$(key_in_controller)"; }

# ssh's options from the controller to a node (lab nodes get new host keys every run).
# $1: the connect timeout in seconds (3 by default).
ssh_args() {
  echo "-q -o BatchMode=yes -o ConnectTimeout=${1:-3} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -i $(key_in_controller)"
}

make_key() {
  local key; key="$(controller_key)"
  mkdir -p "$(dirname "$key")" && chmod 700 "$(dirname "$key")"
  [ -f "$key" ] || ssh-keygen -q -t ed25519 -N '' -C "hagen-lab controller" -f "$key"
}

make_node() {
  local i="$1" dir name
  dir="$(node_dir "$i")"; name="${NODE_NAMES[$i]}"
  rm -rf "$dir" && mkdir -p "$(dirname "$dir")"
  cp -a "$NODE_IMAGE" "$dir"
  echo "$name" >"$dir/etc/hostname"
  # As a box has it (debootstrap writes none): sudo resolves its own host name.
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$name" >"$dir/etc/hosts"
  rm -f "$dir/etc/machine-id" && systemd-machine-id-setup --root="$dir" >/dev/null
  rm -f "$dir/etc/ssh/ssh_host_"* && ssh-keygen -q -A -f "$dir"
  # No DNS in the lab: fail fast instead of waiting for a resolver that is not there.
  rm -f "$dir/etc/resolv.conf" && echo "nameserver 127.0.0.1" >"$dir/etc/resolv.conf"
  cp "$REPO/lab.gpg" "$dir/usr/share/keyrings/hagen-lab.gpg"
  echo "deb [signed-by=/usr/share/keyrings/hagen-lab.gpg] http://$BRIDGE_IP/debian bookworm main" \
    >"$dir/etc/apt/sources.list"
  # A fresh image has empty but recent package lists, and autobase's `cache_valid_time` would then
  # skip `apt-get update`: make them stale.
  mkdir -p "$dir/var/lib/apt/lists" && touch -d '2 days ago' "$dir/var/lib/apt/lists"
  pip_without_pypi "$dir"
  pgbackrest_245 "$dir"
  # The login user, as a Vagrant box has it.
  chroot "$dir" /usr/sbin/useradd -m -s /bin/bash "$SSH_USER" 2>/dev/null || true
  echo "$SSH_USER ALL=(ALL) NOPASSWD:ALL" >"$dir/etc/sudoers.d/90-hagen-lab" && chmod 440 "$dir/etc/sudoers.d/90-hagen-lab"
  local home="$dir/home/$SSH_USER"
  install -d -m 700 "$home/.ssh"
  cp "$(controller_key).pub" "$home/.ssh/authorized_keys" && chmod 600 "$home/.ssh/authorized_keys"
  chroot "$dir" /bin/chown -R "$SSH_USER:$SSH_USER" "/home/$SSH_USER"
}

# The lab has no PyPI. autobase's point-in-time recovery pip-installs pinned pexpect and
# ruamel.yaml (for its expect and yedit modules) before it restores. Here `pip3 install` installs
# Debian's python3-pexpect from the lab's repository instead, and succeeds when pexpect and PyYAML
# (which yedit falls back to without ruamel.yaml) import; everything else is pip's own.
pip_without_pypi() {
  cat >"$1/usr/local/bin/pip3" <<'SH'
#!/bin/sh
# hagen lab: no PyPI; Debian's packages instead (see vagrant/lib/nodes.sh)
if [ "$1" = install ]; then
  python3 -c 'import pexpect' 2>/dev/null \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pexpect >/dev/null || exit 1
  exec python3 -c 'import pexpect, yaml'
fi
exec /usr/bin/pip3 "$@"
SH
  chmod 755 "$1/usr/local/bin/pip3"
}

# The lab serves Debian 12's pgBackRest (2.45) instead of PGDG's current one, and in 2.45 block
# incremental backup, which autobase's defaults turn on (repo1-block=y), is a beta feature that
# pgBackRest refuses without `beta`. pgBackRest reads every file in /etc/pgbackrest/conf.d
# (its default config-include-path, and the one autobase gives a repository host) besides
# autobase's own configuration.
pgbackrest_245() {
  mkdir -p "$1/etc/pgbackrest/conf.d"
  printf '# hagen lab: Debian 12 pgBackRest 2.45 calls block incremental beta (see vagrant/lib/nodes.sh)\n[global]\nbeta=y\n' \
    >"$1/etc/pgbackrest/conf.d/hagen-lab.conf"
}

# systemd-nspawn, booted, in the node's namespace. The settings are what this host needs:
#  CAP_NET_ADMIN      nspawn drops it with --network-namespace-path; keepalived needs it for the
#                     VIP and sysctl for ip_forward (it acts on the node's own namespace only)
#  API_VFS_WRITABLE   /proc/sys/net writable (keepalived's and HAProxy's sysctls); vm.* and
#                     kernel.* stay read-only, so the host's settings cannot change
#  UNIFIED_HIERARCHY  0: the host's cgroups are v1/hybrid, where the container's systemd fails to
#                     start units (hostnamed) now and then otherwise
boot_node() {
  local i="$1"
  SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=0 SYSTEMD_NSPAWN_API_VFS_WRITABLE=network \
    setsid systemd-nspawn -D "$(node_dir "$i")" -M "$PREFIX-${NODE_NAMES[$i]}" -b --register=no --keep-unit \
      --network-namespace-path="/run/netns/$(node_ns "$i")" --console=read-only \
      --capability=CAP_NET_ADMIN </dev/null >"$STATE/node-${NODE_NAMES[$i]}.log" 2>&1 &
  echo $! >"$STATE/node-$i.pid"
}

wait_for_ssh() {
  local i="$1" deadline=$(( $(date +%s) + 90 ))
  # shellcheck disable=SC2046
  until in_controller "$NS_CONTROLLER" ssh $(ssh_args 2) "$SSH_USER@${NODE_IPS[$i]}" true 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || die "${NODE_NAMES[$i]} (${NODE_IPS[$i]}): no SSH after 90 s; see $STATE/node-${NODE_NAMES[$i]}.log"
    sleep 1
  done
}

nodes_up() {
  make_key
  local i
  for i in "${!NODE_NAMES[@]}"; do make_node "$i"; done
  for i in "${!NODE_NAMES[@]}"; do boot_node "$i"; done
  for i in "${!NODE_NAMES[@]}"; do wait_for_ssh "$i"; done
}

# One more node, after the lab is up (the day-2 scenario's new machine).
node_up() {
  net_node_up "$1"
  make_node "$1"
  boot_node "$1"
  wait_for_ssh "$1"
}

# An orderly halt (systemd in the container shuts PostgreSQL down), then KILL what is left.
nodes_down() {
  local f pids=()
  for f in "$STATE"/node-*.pid; do
    [ -f "$f" ] || continue
    pids+=("$(cat "$f")")
    kill -TERM "$(cat "$f")" 2>/dev/null || true
  done
  local deadline=$(( $(date +%s) + 60 )) p
  for p in "${pids[@]}"; do
    while kill -0 "$p" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  rm -f "$STATE"/node-*.pid
}
