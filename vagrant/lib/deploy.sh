# Runs the cluster's own deploy.yml, from its own ansible/ folder (so its ansible.cfg and
# inventory apply), in the controller, with the real vitabaks.autobase collection.
# shellcheck shell=bash

# Mounts the controller needs, recorded so that teardown undoes exactly these.
controller_mounts() {
  mkdir -p "$CONTROLLER/proc" "$CONTROLLER/dev/shm" "$CONTROLLER/lab" "$CONTROLLER/collections"
  mount -t proc proc "$CONTROLLER/proc" && echo "$CONTROLLER/proc" >>"$STATE/mounts"
  mount -t tmpfs tmpfs "$CONTROLLER/dev/shm" && echo "$CONTROLLER/dev/shm" >>"$STATE/mounts"
  mount --bind "$STATE/controller" "$CONTROLLER/lab" && echo "$CONTROLLER/lab" >>"$STATE/mounts"
  mount --bind -o ro "$COLLECTIONS" "$CONTROLLER/collections" && echo "$CONTROLLER/collections" >>"$STATE/mounts"
}

unmount_all() {
  [ -f "$STATE/mounts" ] || return 0
  local m
  tac "$STATE/mounts" | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  rm -f "$STATE/mounts"
}

# The cluster's files, copied as they are, and the lab overlay beside them.
stage_cluster() {
  rm -rf "$STATE/controller" && mkdir -p "$STATE/controller"
  cp -a "$CLUSTER_DIR/." "$STATE/controller/cluster"
  cp "$LAB_DIR/nspawn-overlay.yml" "$STATE/controller/nspawn-overlay.yml"
}

# The passwords: the caller's HAGEN_*_PASSWORD when set (so `up` and a later `check` agree),
# else new ones for this run. They live only in the environment of the processes that need them,
# never in a file or a log.
make_passwords() {
  local v
  # The cluster's own, and one per user its blueprint declares (group_vars looks each one up).
  for v in HAGEN_SUPERUSER_PASSWORD HAGEN_REPLICATION_PASSWORD HAGEN_RESTAPI_PASSWORD HAGEN_PGBOUNCER_PASSWORD \
    $(grep -o 'HAGEN_USER_[A-Z0-9_]*_PASSWORD' "$CLUSTER_DIR/ansible/inventories/group_vars/all.yml" | sort -u); do
    [ -n "${!v:-}" ] || printf -v "$v" '%s' "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    export "${v?}"
  done
}

# run_playbook LOG COMMAND: an ansible-playbook command exactly as hagen prints it (run from the
# cluster's ansible/ folder), plus the lab's overlay; its output in LOG.
# The names of the run's HAGEN_*_PASSWORD variables, one a line.
password_variables() { compgen -e | grep -E '^HAGEN_[A-Z0-9_]*_PASSWORD$'; }

run_playbook() {
  local passwords=() v
  for v in $(password_variables); do passwords+=("$v=${!v}"); done
  # $0 is the inner shell's: the repository's address, passed as its first argument.
  # shellcheck disable=SC2016
  ip netns exec "$NS_CONTROLLER" chroot "$CONTROLLER" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 ANSIBLE_FORCE_COLOR=0 ANSIBLE_COLLECTIONS_PATH=/collections:/usr/lib/python3/dist-packages \
    "${passwords[@]}" \
    /bin/sh -c 'cd /lab/cluster/ansible && exec '"$2"' -e @/lab/nspawn-overlay.yml -e hagen_lab_repo="$0"' \
    "$BRIDGE_IP" >"$1" 2>&1
}

# run_deploy LOG: the cluster's deploy.yml, as the user runs it, its output in LOG.
run_deploy() { run_playbook "$1" "ansible-playbook deploy.yml"; }

deploy() {
  run_deploy "$STATE/deploy.log" || {
      tail -n 30 "$STATE/deploy.log" >&2
      die "the deploy failed; the whole log is $STATE/deploy.log"
    }
  grep -A"${#NODE_NAMES[@]}" '^PLAY RECAP' "$STATE/deploy.log" >&2 || true
}

# observe_cluster: the cluster's observe.yml, as the user runs it; the observation it wrote is kept
# with the logs (the run's state goes at teardown).
observe_cluster() {
  local logs="$HAGEN_LAB_HOME/logs/$(basename "$STATE")"
  rm -f "$STATE/controller/cluster/observed.json"
  run_playbook "$STATE/observe.log" "ansible-playbook observe.yml" || {
      tail -n 30 "$STATE/observe.log" >&2
      die "observe.yml failed; the whole log is $STATE/observe.log"
    }
  mkdir -p "$logs"
  cp "$STATE/controller/cluster/observed.json" "$logs/observed.json"
  grep -A"$(( ${#NODE_NAMES[@]} + 1 ))" '^PLAY RECAP' "$STATE/observe.log" >&2 || true
  log "the observation: $logs/observed.json"
}
