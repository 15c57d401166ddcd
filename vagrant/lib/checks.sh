# The acceptance checks. Each prints PASS or FAIL with its figure; the last line counts them.
# The client's checks (psql, the writer) run in the client namespace; etcd and Patroni are asked
# on a node over SSH, as an operator would.
# shellcheck shell=bash

PASSED=0
FAILED=0
# How long a failover may take until writes through the VIP succeed again, and the old leader to
# stream again once its link is back: beyond them the check fails.
FAILOVER_BOUND="${FAILOVER_BOUND:-150}"
REJOIN_BOUND="${REJOIN_BOUND:-180}"
pass() { PASSED=$((PASSED + 1)); printf 'PASS %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL %s\n' "$*"; }

# on_node N CMD: a command on node N, as root (the controller's SSH, the inventory's user).
on_node() {
  local i="$1"; shift
  # shellcheck disable=SC2046
  ctl timeout 20 ssh $(ssh_args) "$SSH_USER@${NODE_IPS[$i]}" sudo "$@"
}

# on_any CMD: the command on the first node that answers (a node may be cut off).
on_any() {
  local i
  for i in "${!NODE_NAMES[@]}"; do
    if [ "${CUT:-}" != "$i" ] && out="$(on_node "$i" "$@" 2>/dev/null)"; then
      printf '%s' "$out"
      return 0
    fi
  done
  return 1
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1" 2>/dev/null || true; }

client_psql() {
  cli env PGPASSWORD="$HAGEN_SUPERUSER_PASSWORD" PGCONNECT_TIMEOUT=3 \
    psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$1" -p "$2" -U postgres -d postgres -c "$3" 2>&1
}

etcd_cmd() {
  local endpoints
  endpoints="$(printf 'https://%s:2379,' "${ETCD_IPS[@]}")"
  echo "env ETCDCTL_API=3 etcdctl --endpoints=${endpoints%,} --cacert=/etc/etcd/tls/ca.crt --cert=/etc/etcd/tls/server.crt --key=/etc/etcd/tls/server.key"
}

patroni_list() { on_any patronictl -c /etc/patroni/patroni.yml list -f json; }

# Moves etcd's leadership to node N's member: the failover then pays for an etcd election too,
# the worst case (see vagrant/README.md), every time instead of by chance.
etcd_move_leader() {
  local members id
  # shellcheck disable=SC2046
  members="$(on_any $(etcd_cmd) member list -w json)" || return 0
  id="$(python3 -c '
import json, sys
members = json.loads(sys.argv[1])["members"]
print(next(("%x" % m["ID"] for m in members if m["name"] == sys.argv[2]), ""))' "$members" "${NODE_NAMES[$1]}" 2>/dev/null)"
  # shellcheck disable=SC2046
  [ -z "$id" ] || on_any $(etcd_cmd) move-leader "$id" >/dev/null 2>&1 || true
}

# The name of etcd's current leader (it decides how long a failover takes: see vagrant/README.md).
etcd_leader() {
  local status members
  # shellcheck disable=SC2046
  status="$(on_any $(etcd_cmd) endpoint status -w json)" || return 0
  # shellcheck disable=SC2046
  members="$(on_any $(etcd_cmd) member list -w json)" || return 0
  python3 -c '
import json, sys
status, members = json.loads(sys.argv[1]), json.loads(sys.argv[2])
leader = status[0]["Status"]["leader"]
print(next((m["name"] for m in members["members"] if m["ID"] == leader), "unknown"))' "$status" "$members" 2>/dev/null || true
}

check_etcd() {
  local health members
  # shellcheck disable=SC2046
  health="$(on_any $(etcd_cmd) endpoint health -w json)" || { fail "etcd: no node answered"; return; }
  local healthy
  healthy="$(json 'print(sum(1 for e in d if e.get("health")))' <<<"$health")"
  if [ "$healthy" = "${#ETCD_IPS[@]}" ]; then pass "etcd: $healthy/${#ETCD_IPS[@]} members healthy"
  else fail "etcd: $healthy/${#ETCD_IPS[@]} members healthy"; fi
  # shellcheck disable=SC2046
  members="$(on_any $(etcd_cmd) member list -w json)"
  local urls
  urls="$(json 'print(" ".join(sorted(u for m in d["members"] for u in m["peerURLs"])))' <<<"$members")"
  local expected
  expected="$(printf 'https://%s:2380\n' "${ETCD_IPS[@]}" | sort | tr '\n' ' ' | sed 's/ $//')"
  if [ "$urls" = "$expected" ] && ! grep -q 10.0.2.15 <<<"$members"; then
    pass "etcd: members advertise the private addresses ($urls), never 10.0.2.15"
  else
    fail "etcd: members advertise $urls, expected $expected"
  fi
}

# Sets LEADER (a node index) and TIMELINE from Patroni.
read_patroni() {
  local list; list="$(patroni_list)" || return 1
  LEADER_NAME="$(json 'print(next((m["Member"] for m in d if m["Role"] == "Leader"), ""))' <<<"$list")"
  TIMELINE="$(json 'print(next((m["TL"] for m in d if m["Role"] == "Leader"), ""))' <<<"$list")"
  STREAMING="$(json 'print(sum(1 for m in d if m["Role"] != "Leader" and m["State"] == "streaming"))' <<<"$list")"
  PATRONI_TABLE="$(json 'print(", ".join(" ".join([m["Member"], m["Role"], m["State"]]) for m in d))' <<<"$list")"
  LEADER=""
  local i
  for i in "${!NODE_NAMES[@]}"; do [ "${NODE_NAMES[$i]}" = "$LEADER_NAME" ] && LEADER="$i"; done
  [ -n "$LEADER" ]
}

check_patroni() {
  if ! read_patroni; then fail "patroni: no leader"; return; fi
  local want=$(( ${#POSTGRES_IPS[@]} - 1 ))
  if [ "$STREAMING" = "$want" ]; then pass "patroni: leader $LEADER_NAME, $STREAMING streaming replicas ($PATRONI_TABLE)"
  else fail "patroni: leader $LEADER_NAME, $STREAMING of $want replicas streaming ($PATRONI_TABLE)"; fi
}

check_vip() {
  local i holder=""
  for i in "${!NODE_NAMES[@]}"; do
    [ "${CUT:-}" = "$i" ] && continue
    if on_node "$i" ip -4 -o addr show dev "$IFACE" 2>/dev/null | grep -q " $VIP/"; then holder="${NODE_NAMES[$i]}"; fi
  done
  if [ -n "$holder" ]; then pass "VIP $VIP on $IFACE of $holder"; else fail "VIP $VIP is on no node's $IFACE"; fi
}

check_writes() {
  local out rc=0
  out="$(client_psql "$VIP" 5000 "CREATE TABLE IF NOT EXISTS hagen_lab_check (at timestamptz DEFAULT now()); INSERT INTO hagen_lab_check DEFAULT VALUES; SELECT inet_server_addr(), pg_is_in_recovery();")" || rc=$?
  if [ "$rc" -eq 0 ] && grep -q '|f$' <<<"$out"; then pass "write through $VIP:5000 succeeded on $(cut -d'|' -f1 <<<"$out" | tail -n 1)"
  else fail "write through $VIP:5000: $out"; fi
  out="$(client_psql "$VIP" 5001 "INSERT INTO hagen_lab_check DEFAULT VALUES;")" || true
  if grep -q "read-only transaction" <<<"$out"; then pass "write through $VIP:5001 refused: $(grep -o 'cannot execute.*transaction' <<<"$out")"
  else fail "write through $VIP:5001 was not refused as read-only: $out"; fi
}

# When etcd and Patroni last started, on every node: what a restart would change.
services_started() {
  local i
  for i in "${!NODE_NAMES[@]}"; do
    printf '%s %s\n' "${NODE_NAMES[$i]}" "$(on_node "$i" systemctl show -p ActiveEnterTimestamp --value etcd patroni | tr '\n' ' ')"
  done
}

# deploy.yml run again on the running cluster, as a user might: it stops in its first play, and
# neither etcd nor Patroni restarts anywhere.
check_redeploy() {
  local before after rc=0 log="$STATE/redeploy.log"
  before="$(services_started)"
  run_deploy "$log" || rc=$?
  after="$(services_started)"
  if [ "$rc" -ne 0 ] && grep -q 'deploy.yml deploys a new cluster and stopped here: nothing was changed' "$log" \
      && ! grep -q '^PLAY \[Tune etcd' "$log" && [ "$before" = "$after" ]; then
    pass "deploy.yml again on the running cluster: stopped in its first play (exit $rc), no etcd or Patroni restarted"
  else
    fail "deploy.yml again on the running cluster: exit $rc; services before: $before; after: $after (log: $log)"
  fi
}

# Starts the writer through the VIP for scenario $1; it writes its process id beside its log.
start_writer() {
  WRITER_LOG="writer-$1.log"
  rm -f "$STATE/controller/$WRITER_LOG" "$STATE/controller/$WRITER_LOG.pid"
  cli env PGPASSWORD="$HAGEN_SUPERUSER_PASSWORD" python3 "$CTL_FILES/writer.py" write "$VIP" 5000 \
    "$CTL_FILES/$WRITER_LOG" 7200 >/dev/null 2>&1 &
  for _ in $(seq 300); do
    [ -s "$STATE/controller/$WRITER_LOG" ] && break
    sleep 0.1
  done
  [ -s "$STATE/controller/$WRITER_LOG.pid" ] || die "the writer did not start"
}

# Stops the writer by its own process id once it logged ten more writes (what the scenario did
# last is in the log), keeps its log with the run's, and counts the acknowledged writes the
# cluster lost ($1: when).
stop_writer_and_count() {
  local log="$STATE/controller/$WRITER_LOG" pid lines
  pid="$(cat "$log.pid")"
  lines="$(wc -l <"$log")"
  for _ in $(seq 300); do
    [ "$(wc -l <"$log")" -ge $((lines + 10)) ] && break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && fail "the writer (pid $pid) did not stop"
  cp "$log" "$STATE/$WRITER_LOG"
  local result lost acked
  result="$(cli env PGPASSWORD="$HAGEN_SUPERUSER_PASSWORD" python3 "$CTL_FILES/writer.py" missing "$VIP" 5000 "$CTL_FILES/$WRITER_LOG")"
  read -r lost acked _ <<<"$result"
  if [ "$lost" = 0 ]; then pass "durability: 0 of $acked acknowledged writes lost $1 (log: $STATE/$WRITER_LOG)"
  else fail "durability: $lost of $acked acknowledged writes lost $1: $result"; fi
}

# The writes through the VIP from $2 to $3 (epoch seconds), judged for $1: the longest time
# between two acknowledged ones must be at most $4 s (what the steps promise), and no write may
# reach a replica (PostgreSQL refuses it as a read-only transaction). Sets GAP.
judge_writes() {
  local what="$1" started="$2" ended="$3" bound="$4" acked read_only failed
  read -r GAP acked read_only failed <<<"$(python3 "$LAB_DIR/lib/writer.py" report \
    "$STATE/controller/$WRITER_LOG" "$started" "$ended")"
  local figures="longest write interruption through $VIP:5000: $GAP s (at most $bound s);"
  figures+=" $acked acknowledged, $read_only refused by a replica, $failed failed"
  if [ -n "$GAP" ] && python3 -c "import sys; sys.exit(not float('$GAP') <= float('$bound'))" \
    && [ "$read_only" = 0 ]; then
    pass "$what: $figures"
  else
    fail "$what: $figures"
  fi
}

# postmaster_starts before ($2) and after ($3) $1 are the same, and known for every node.
check_not_restarted() {
  local what="$1" before="$2" after="$3"
  if [ "$before" = "$after" ] && ! grep -qE '=( |$)' <<<"$before $after"; then
    pass "$what: no PostgreSQL restarted (postmaster start times unchanged: $after)"
  else
    fail "$what: postmaster start times: before $before, after $after (each must be known and unchanged)"
  fi
}

# Pulls the leader's cable while a writer writes through the VIP; times the outage, the old
# leader's return as a replica, and counts acknowledged writes the cluster lost.
check_failover() {
  read_patroni || { fail "failover: no leader to cut"; return; }
  local old="$LEADER" old_name="$LEADER_NAME" tl_before="$TIMELINE" etcd_before
  etcd_move_leader "$old"
  sleep 2
  etcd_before="$(etcd_leader)"
  start_writer failover
  # Acknowledged writes before the cut: the outage is measured from a writer that writes.
  for _ in $(seq 300); do
    [ "$(grep -c ' ok' "$STATE/controller/$WRITER_LOG")" -ge 20 ] && break
    sleep 0.1
  done
  local cut; cut="$(date +%s.%N)"
  CUT="$old"
  set_cable "$old" down
  log "cut $old_name's link (the leader)"
  local back="" deadline=$(( $(date +%s) + FAILOVER_BOUND ))
  while [ -z "$back" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 1
    back="$(awk -v cut="$cut" '$1 > cut && $3 == "ok" {print $1; exit}' "$STATE/controller/$WRITER_LOG" 2>/dev/null || true)"
  done
  if [ -n "$back" ]; then
    local outage; outage="$(python3 -c "print(f'{$back - $cut:.1f}')")"
    local last; last="$(awk -v cut="$cut" '$1 <= cut && $3 == "ok" {t=$1} END {print t}' "$STATE/controller/$WRITER_LOG")"
    read_patroni || true
    pass "failover: writes through the VIP succeed again ${outage} s after the leader's link was cut (at most $FAILOVER_BOUND s; last write before the cut $(python3 -c "print(f'{$cut - ${last:-$cut}:.1f}')") s before it; new leader $LEADER_NAME; etcd's leader was ${etcd_before:-unknown})"
  else
    fail "failover: no write succeeded within $FAILOVER_BOUND s of the cut"
  fi
  local tl_after="$TIMELINE"
  sleep 5
  set_cable "$old" up
  local plugged; plugged="$(date +%s)"
  CUT=""
  log "plugged $old_name's link back in"
  local rejoined="" status=""
  deadline=$(( plugged + REJOIN_BOUND ))
  while [ -z "$rejoined" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 2
    local list; list="$(patroni_list 2>/dev/null)" || continue
    status="$(json "print(next((m['Role'] + ' ' + m['State'] for m in d if m['Member'] == '$old_name'), ''))" <<<"$list")"
    case "$status" in *Leader*) ;; *streaming*) rejoined="$(date +%s)" ;; esac
  done
  if [ -n "$rejoined" ]; then pass "rejoin: $old_name is a streaming replica again $((rejoined - plugged)) s after its link came back (at most $REJOIN_BOUND s), without manual help"
  else fail "rejoin: $old_name is '$status' $REJOIN_BOUND s after its link came back"; fi
  # A returning member must not disrupt the cluster: no further election (etcd pre-vote).
  sleep 20
  read_patroni || true
  if [ "$TIMELINE" = "$tl_after" ] && [ "$((tl_after))" -eq "$((tl_before + 1))" ]; then
    pass "stability: one failover (timeline $tl_before -> $tl_after), none when $old_name came back; leader $LEADER_NAME"
  else
    fail "stability: timeline $tl_before -> $tl_after after the cut, $TIMELINE after $old_name came back ($PATRONI_TABLE)"
  fi
  stop_writer_and_count "across the failover (synchronous_mode: $SYNCHRONOUS)"
  check_etcd
}

run_checks() {
  # Each check reports its own failure; one failing must not stop the others.
  set +e
  cp "$LAB_DIR/lib/writer.py" "$STATE/controller/writer.py"
  check_etcd
  check_patroni
  check_vip
  check_writes
  check_settings
  check_redeploy
  check_failover
  check_patroni
  check_vip
  printf '%s passed, %s failed\n' "$PASSED" "$FAILED"
  [ "$FAILED" = 0 ]
}
