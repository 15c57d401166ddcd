# The day-2 configuration scenario: on the deployed lab, with a writer writing through the VIP the
# whole time, the blueprint's settings change one at a time, each exactly as a user does it (hagen
# plan, hagen build, the printed steps, hagen build --applied): max_connections raised and lowered
# (restarts in the order each needs), a pg_hba rule added (reload only), Patroni's ttl and
# loop_wait (then a failover with the new timing), a user and a database. --sync strict first
# turns on synchronous_mode_strict, through a plan too.
# shellcheck shell=bash

# Runs code on the workspace's blueprint as the mapping d (the lab's copy; comments are not kept).
bp_edit() {
  python3 - "$BP" "$1" <<'PY'
import sys, yaml
path, code = sys.argv[1], sys.argv[2]
d = yaml.safe_load(open(path))
exec(code)
yaml.safe_dump(d, open(path, "w"), sort_keys=False, width=200)
PY
}

# The longest write interruptions the steps promise, in seconds: a reload cuts no connection (the
# writer connects once a write, every 0.1 s); a restart of the leader in place stops writes for
# its shutdown and start (in strict mode with wal_retrieve_retry_interval 1s, as the scenario sets
# it: a commit also waits for a synchronous standby to reconnect).
RELOAD_BOUND="${RELOAD_BOUND:-2}"
RESTART_BOUND="${RESTART_BOUND:-4}"

# One change, as a user makes it: plan (exit 2), build, the steps as printed, --applied, plan (0);
# the writes while the steps ran judged with the bound $3 (s). Sets GAP to the longest write gap
# through the VIP, STEPS_S to the steps' time, RESTARTS to the restarts the plan printed.
apply_change() {
  local what="$1" tag="$2" bound="$3" started ended
  check_plan 2 "after $what"
  RESTARTS="$(plan_field 'print("; ".join(", ".join(r["hosts"]) + " (" + r["order"].split(",")[0] + ")" for c in p["clusters"] for s in c["steps"] for r in s["restarts"] if r["how"] == "restart") or "none")' 2>/dev/null)"
  hagen_ws build "blueprints/$(basename "$BP")" >"$STATE/$tag-build.log" 2>&1 || fail "$what: hagen build with the pending change ($(tail -n 3 "$STATE/$tag-build.log"))"
  restage
  started="$(date +%s.%N)"
  if run_steps "$tag"; then pass "$what: every step ran as printed ($(plan_field 'print(", ".join(s["command"] for c in p["clusters"] for s in c["steps"]))'))"
  else fail "$what: a step failed (logs: $STATE/$tag-step-*.log)"; fi
  ended="$(date +%s.%N)"
  STEPS_S="$(python3 -c "print(f'{$ended - $started:.0f}')")"
  judge_writes "$what ($STEPS_S s of steps; restarts planned: $RESTARTS)" "$started" "$ended" "$bound"
  hagen_ws build --applied "blueprints/$(basename "$BP")" >/dev/null 2>&1 || fail "$what: hagen build --applied"
  check_plan 0 "after hagen build --applied ($what)"
}

# A query's one value on each PostgreSQL node, as name=value words.
on_each() {
  local i
  for i in "${!NODE_NAMES[@]}"; do
    printf '%s=%s ' "${NODE_NAMES[$i]}" "$(on_node "$i" -u postgres psql -tAXc "'$1'" 2>/dev/null | tr ' ' '_')"
  done
}

# SHOW NAME is VALUE on every node, and no node is pending a restart (PostgreSQL's pg_settings
# and Patroni's own flag).
check_parameter() {
  local name="$1" want="$2" what="$3" shown pending list
  shown="$(on_each "show $name")"
  if ! grep -qvE "=$want( |$)" <<<"$(tr ' ' '\n' <<<"$shown" | sed '/^$/d')"; then pass "$what: SHOW $name is $want on every node ($shown)"
  else fail "$what: SHOW $name: $shown (expected $want everywhere)"; fi
  pending="$(on_each "select count(*) from pg_settings where pending_restart")"
  list="$(patroni_list)"
  if ! grep -qvE '=0( |$)' <<<"$(tr ' ' '\n' <<<"$pending" | sed '/^$/d')" \
    && [ "$(json 'print(sum(1 for m in d if m.get("Pending restart")))' <<<"$list")" = 0 ]; then
    pass "$what: pending_restart is false everywhere (pg_settings: $pending; patronictl list: none pending)"
  else fail "$what: pending restart: pg_settings $pending; patronictl list: $list"; fi
}

# patronictl show-config has each KEY=VALUE of $1 (words).
check_patroni_config() {
  local shown got
  shown="$(on_any patronictl -c /etc/patroni/patroni.yml show-config)"
  # shellcheck disable=SC2086
  got="$(python3 -c '
import sys, yaml
d = yaml.safe_load(sys.stdin)
print(" ".join(f"{k}={str(d.get(k)).lower()}" for k in (w.split("=")[0] for w in sys.argv[1:])))' $1 <<<"$shown" 2>/dev/null)"
  if [ "$got" = "$1" ]; then pass "patronictl show-config: $got"
  else fail "patronictl show-config: $got (expected $1)"; fi
}

# Steps run in a shell without any HAGEN_USER_*_PASSWORD: a step that creates a user stops
# before it changes anything, naming the variable; a pg_hba change runs, and sets no password.
without_user_passwords() {
  local saved v rc
  # shellcheck disable=SC2046 # the names are words of [A-Z0-9_]
  saved="$(declare -p $(compgen -e | grep -E '^HAGEN_USER_[A-Z0-9_]*_PASSWORD$') 2>/dev/null)"
  for v in $(compgen -e | grep -E '^HAGEN_USER_[A-Z0-9_]*_PASSWORD$'); do unset "$v"; done
  bp_edit "d['postgresql']['users'].append({'name': 'lab_app2'})"
  check_plan 2 "after adding user lab_app2"
  hagen_ws build "blueprints/$(basename "$BP")" >"$STATE/users2-build.log" 2>&1 || fail "hagen build with lab_app2"
  restage
  rc=0
  run_steps users2 || rc=$?
  if [ "$rc" != 0 ] && grep -q "User lab_app2 has no password: set HAGEN_USER_LAB_APP2_PASSWORD" "$STATE"/users2-step-*.log \
    && ! grep -q "Make sure the PostgreSQL users are present" "$STATE"/users2-step-*.log; then
    pass "passwords: the step creating lab_app2 without HAGEN_USER_LAB_APP2_PASSWORD stopped before autobase ran, naming the variable"
  else
    fail "passwords: the step creating lab_app2 without its variable (exit $rc; logs: $STATE/users2-step-*.log)"
  fi
  bp_edit "d['postgresql']['users'] = [u for u in d['postgresql']['users'] if u['name'] != 'lab_app2']"
  hagen_ws build --replace-steps "blueprints/$(basename "$BP")" >/dev/null 2>&1 || fail "hagen build --replace-steps after dropping lab_app2"
  check_plan 0 "after dropping lab_app2 again (--replace-steps: its step never ran)"
  bp_edit "d['postgresql']['pg_hba'].append({'type': 'hostssl', 'database': 'lab_app', 'user': 'lab_app', 'address': '$CLIENT_IP/32', 'method': 'scram-sha-256'})"
  apply_change "pg_hba rule for lab_app, run without the users' variables" pg-hba2 "$RELOAD_BOUND"
  # declare inside a function makes a local: -g puts the passwords back in the caller's shell.
  eval "${saved//declare -x /declare -gx }"
}

config_checks() {
  set +e
  cp "$LAB_DIR/lib/writer.py" "$STATE/controller/writer.py"
  day2_workspace
  read_settings
  check_plan 0 "on the deployed cluster"
  start_writer config

  if [ "${DAY2_SYNC:-async}" = strict ]; then
    # With the standbys' reconnect delay hagen's HG813 asks for: a commit waits for one.
    bp_edit 'd.setdefault("features", {}).update(synchronous_mode=True, synchronous_mode_strict=True); d.setdefault("postgresql", {}).setdefault("parameters", {})["wal_retrieve_retry_interval"] = "1s"'
    apply_change "synchronous_mode_strict turned on" sync "$RELOAD_BOUND"
    check_patroni_config "synchronous_mode=true synchronous_mode_strict=true"
    SYNCHRONOUS="true (strict)"
  fi

  # 1 and 2: max_connections up, then down again.
  local was up
  was="$(on_node 0 -u postgres psql -tAXc "'show max_connections'")"
  up=$((was + 100))
  bp_edit "d.setdefault('postgresql', {}).setdefault('parameters', {})['max_connections'] = $up"
  apply_change "raise: max_connections $was -> $up" raise "$RESTART_BOUND"
  check_parameter max_connections "$up" "raise"
  bp_edit "d['postgresql']['parameters']['max_connections'] = $was"
  apply_change "lower: max_connections $up -> $was" lower "$RESTART_BOUND"
  check_parameter max_connections "$was" "lower"

  # 3: a pg_hba rule for an address no rule named: refused before, let in after, no restart.
  local before after other user="${PG_HBA_USER:-shop}" db="${PG_HBA_DB:-shop}" from out node="${POSTGRES_IPS[0]}"
  other="$(python3 -c '
import ipaddress, sys
net = ipaddress.ip_network(sys.argv[1] + "/" + sys.argv[2], strict=False)
used = {ipaddress.ip_address(a) for a in sys.argv[3:]}
print(next(a for a in list(net.hosts())[99:] if a not in used))' "$CLIENT_IP" "$PREFIXLEN" "${NODE_IPS[@]}" "$VIP" "$BRIDGE_IP" "$CONTROLLER_IP" "$CLIENT_IP")"
  from="$(explained "print(next(u['password_from'] for u in d['postgresql']['users'] if u['name'] == '$user'))")"
  from_other() {
    in_ns "$NS_CLIENT" ip addr add "$other/$PREFIXLEN" dev eth0
    in_ns "$NS_CLIENT" ip route add "$node/32" dev eth0 src "$other"
    out="$(user_psql "$user" "${!from}" "$node" 5432 "$db" "select inet_client_addr()")"
    in_ns "$NS_CLIENT" ip route del "$node/32" dev eth0 src "$other"
    in_ns "$NS_CLIENT" ip addr del "$other/$PREFIXLEN" dev eth0
  }
  from_other
  if grep -q 'no pg_hba.conf entry' <<<"$out"; then pass "pg_hba: before the change, $user from $other is refused"
  else fail "pg_hba: before the change, $user from $other: $out"; fi
  before="$(postmaster_starts)"
  bp_edit "d['postgresql'].setdefault('pg_hba', []).append({'type': 'hostssl', 'database': '$db', 'user': '$user', 'address': '$other/32', 'method': 'scram-sha-256'})"
  apply_change "pg_hba rule for $other added" pg-hba "$RELOAD_BOUND"
  from_other
  if [ "$out" = "$other" ]; then pass "pg_hba: after the change, $user from $other straight to $node:5432 is let in"
  else fail "pg_hba: after the change, $user from $other: $out"; fi
  after="$(postmaster_starts)"
  check_not_restarted pg_hba "$before" "$after"

  # 4: Patroni's timing, in the DCS.
  local ttl="${NEW_TTL:-24}" loop="${NEW_LOOP_WAIT:-6}"
  bp_edit "d.setdefault('patroni', {}).update(ttl=$ttl, loop_wait=$loop)"
  apply_change "patroni ttl $ttl, loop_wait $loop" patroni "$RELOAD_BOUND"
  check_patroni_config "ttl=$ttl loop_wait=$loop"

  # 5: a user and a database; the user logs in through the VIP.
  export HAGEN_USER_LAB_APP_PASSWORD
  HAGEN_USER_LAB_APP_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  bp_edit "d['postgresql'].setdefault('users', []).append({'name': 'lab_app'}); d['postgresql'].setdefault('databases', []).append({'name': 'lab_app', 'owner': 'lab_app', 'extensions': ['pgcrypto']})"
  before="$(postmaster_starts)"
  apply_change "user and database lab_app added" users "$RELOAD_BOUND"
  out="$(user_psql lab_app "$HAGEN_USER_LAB_APP_PASSWORD" "$VIP" 5000 lab_app "select current_user || ' ' || current_database() || ' ' || (select extname from pg_extension where extname = 'pgcrypto')")"
  if [ "$out" = "lab_app lab_app pgcrypto" ]; then pass "users: lab_app logs in through $VIP:5000 to its database, which has pgcrypto"
  else fail "users: lab_app through $VIP:5000: $out"; fi
  after="$(postmaster_starts)"
  check_not_restarted users "$before" "$after"

  # 6: the users' passwords live only in the shell that runs a step: a step run without them
  # creates no user without its password, and changes no existing user's.
  without_user_passwords
  out="$(user_psql lab_app "$HAGEN_USER_LAB_APP_PASSWORD" "$VIP" 5000 lab_app "select current_user")"
  if [ "$out" = lab_app ]; then pass "passwords: lab_app still logs in with its password after steps run without the users' variables"
  else fail "passwords: lab_app after steps run without the users' variables: $out"; fi

  stop_writer_and_count "during the configuration changes (synchronous_mode: $SYNCHRONOUS)"

  # The new timing holds when the leader's link is cut.
  check_failover
  check_patroni
  printf '%s passed, %s failed\n' "$PASSED" "$FAILED"
  [ "$FAILED" = 0 ]
}
