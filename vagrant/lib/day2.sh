# The day-2 scenario: on the deployed lab, a fourth node is added to the blueprint and removed
# again, each time exactly as a user does it: hagen plan, hagen build, the printed steps, hagen
# build --applied. A writer writes through the VIP the whole time.
# shellcheck shell=bash

HAGEN="$(cd "$LAB_DIR/.." && pwd)/hagen"

# The longest write interruption the node steps promise, in seconds: none while a node is added
# or removed, and a VIP handed from one balancer to another (when a HAProxy restarts or retires)
# is a few seconds.
NODE_STEPS_BOUND="${NODE_STEPS_BOUND:-5}"

# The blueprint the cluster was built from: --blueprint FILE, else the repository's blueprints/
# file the cluster's manifest names.
find_blueprint() {
  if [ -n "${BLUEPRINT:-}" ]; then echo "$BLUEPRINT"; return; fi
  local name
  name="$(awk '$1 == "blueprint" {print $3; exit}' "$CLUSTER_DIR/.hagen-manifest")"
  [ -f "$LAB_DIR/../blueprints/$name" ] || die "no blueprints/$name: name the blueprint with --blueprint FILE"
  echo "$LAB_DIR/../blueprints/$name"
}

# A workspace as a user's repository has it: the blueprint, and the built tree beside it.
day2_workspace() {
  WS="$STATE/day2"
  rm -rf "$WS" && mkdir -p "$WS/blueprints" "$WS/generated"
  BP="$WS/blueprints/$(basename "$(find_blueprint)")"
  cp "$(find_blueprint)" "$BP"
  cp -a "$CLUSTER_DIR" "$WS/generated/"
  TREE="$WS/generated/$(basename "$CLUSTER_DIR")"
  [ -f "$TREE/hagen-state.yml" ] || die "$CLUSTER_DIR has no hagen-state.yml: build it with this hagen first"
  # The launcher builds the jar if the sources changed; the scenario then runs a copy of it, so
  # that work on the repository meanwhile cannot change the hagen it runs.
  "$HAGEN" --version >/dev/null || die "hagen does not start"
  cp "$(dirname "$HAGEN")/target/hagen.jar" "$STATE/hagen.jar"
}

hagen_ws() { (cd "$WS" && java -jar "$STATE/hagen.jar" "$@"); }

# The plan as JSON in $STATE/plan.json; prints the exit code.
plan_json() {
  local rc=0
  hagen_ws plan "blueprints/$(basename "$BP")" --format json >"$STATE/plan.json" 2>"$STATE/plan.err" || rc=$?
  echo "$rc"
}

plan_field() { python3 -c "import json,sys; p=json.load(open(sys.argv[1]))['plan']; $1" "$STATE/plan.json"; }

# The tree as the controller runs it: the workspace's copy, staged again after each build.
restage() { rm -rf "$STATE/controller/cluster" && cp -a "$TREE" "$STATE/controller/cluster"; }

# Runs every step of the current plan, in order, exactly as printed; stops at the first failure.
# A plan's vagrant steps (vagrant up NODE, vagrant destroy -f NODE) are the lab's own: it makes
# and removes its hosts itself, so they are said and skipped.
run_steps() {
  local n=0 kind cmd
  while IFS=$'\t' read -r kind cmd; do
    n=$((n + 1))
    if [[ "$kind" == vagrant-* ]]; then
      log "step $n: $cmd (the lab's hosts stand in for Vagrant's VMs)"
      continue
    fi
    log "step $n: $cmd"
    if ! timed "step $n" run_playbook "$STATE/$1-step-$n.log" "$cmd"; then
      tail -n 25 "$STATE/$1-step-$n.log" >&2
      return 1
    fi
  done < <(plan_field 'print("\n".join(s["kind"] + "\t" + s["command"] for c in p["clusters"] for s in c["steps"]))')
}

# When PostgreSQL last started on each node the cluster was deployed with (ssh joins the words
# into one command line, so the query is quoted for the node's shell).
postmaster_starts() {
  local i
  for i in 0 1 2; do
    printf '%s=%s ' "${NODE_NAMES[$i]}" \
      "$(on_node "$i" -u postgres psql -tAXc "'select pg_postmaster_start_time()'" 2>/dev/null | tr ' ' '_')"
  done
}

# One more line in the blueprint's nodes (the lab's blueprints write each node on one line).
add_node_line() {
  local last
  last="$(grep -n '^  - { name: ' "$BP" | tail -n 1 | cut -d: -f1)"
  [ -n "$last" ] || die "$BP does not list its nodes one per line ('  - { name: ... }'): cannot add one"
  sed -i "${last}a\\  - { name: $NEW_NAME, ip: $NEW_IP, roles: [$NEW_ROLES] }" "$BP"
}

# The last node gives up its balancer role (it keeps PostgreSQL and etcd), as a user does it: the
# plan's retire step stops keepalived there first (the VIP moves when it held it), then HAProxy;
# writes through the VIP go on.
retire_balancer() {
  local i=$(( ${#NODE_NAMES[@]} - 1 )) name started ended k held=""
  name="${NODE_NAMES[$i]}"
  sed -i "/name: $name,/s/, balancer\]/]/" "$BP"
  check_plan 2 "after $name gives up its balancer role"
  hagen_ws build "blueprints/$(basename "$BP")" >"$STATE/retire-build.log" 2>&1 || fail "hagen build with the balancer retired"
  restage
  started="$(date +%s.%N)"
  if run_steps retire; then pass "retire: every step of the plan ran as printed"; else fail "retire: a step failed (logs: $STATE/retire-step-*.log)"; fi
  ended="$(date +%s.%N)"
  local active; active="$(on_node "$i" systemctl is-active haproxy keepalived 2>/dev/null | tr '\n' ' ')"
  if [ "$active" = "inactive inactive " ]; then pass "retire: HAProxy and keepalived stopped on $name"
  else fail "retire: HAProxy and keepalived on $name: $active"; fi
  for k in "${!NODE_NAMES[@]}"; do
    [ "$k" = "$i" ] && continue
    [ -n "$(on_node "$k" ip -o -4 addr show to "$VIP" 2>/dev/null)" ] && held="${NODE_NAMES[$k]}"
  done
  if [ -n "$held" ]; then pass "retire: $held holds the VIP $VIP"
  else fail "retire: no other balancer holds the VIP $VIP"; fi
  judge_writes retire "$started" "$ended" "$NODE_STEPS_BOUND"
  hagen_ws build --applied "blueprints/$(basename "$BP")" >/dev/null 2>&1 || fail "hagen build --applied after the retirement"
  check_plan 0 "after hagen build --applied (retired)"
}

check_plan() {
  local want="$1" what="$2" rc summary
  rc="$(plan_json)"
  summary="$(plan_field 'print("; ".join(ch["action"] + " " + ch["subject"] for c in p["clusters"] for ch in c["changes"]) + " | steps: " + ", ".join(s["kind"] for c in p["clusters"] for s in c["steps"]))' 2>/dev/null)"
  if [ "$rc" = "$want" ]; then pass "hagen plan $what: exit $rc ($summary)"
  else fail "hagen plan $what: exit $rc, expected $want ($summary; $(tail -n 3 "$STATE/plan.err"))"; fi
}

# The new etcd member: listed with its private peer URL, and every member healthy.
check_new_member() {
  local members health
  # shellcheck disable=SC2046
  members="$(on_any $(etcd_cmd) member list -w json)"
  if grep -q "https://$NEW_IP:2380" <<<"$members"; then pass "add: $NEW_NAME is an etcd member at https://$NEW_IP:2380 ($(json 'print(", ".join(sorted(m["name"] for m in d["members"])))' <<<"$members"))"
  else fail "add: $NEW_NAME is not in etcdctl member list: $members"; fi
  # shellcheck disable=SC2046
  health="$(on_any env ETCDCTL_API=3 etcdctl --endpoints="$(printf 'https://%s:2379,' "${ETCD_IPS[@]}" "$NEW_IP" | sed 's/,$//')" \
    --cacert=/etc/etcd/tls/ca.crt --cert=/etc/etcd/tls/server.crt --key=/etc/etcd/tls/server.key endpoint health -w json)"
  local healthy; healthy="$(json 'print(sum(1 for e in d if e.get("health")))' <<<"$health")"
  if [ "$healthy" = $(( ${#ETCD_IPS[@]} + 1 )) ]; then pass "add: etcd: $healthy/$healthy members healthy"
  else fail "add: etcd: $healthy of $(( ${#ETCD_IPS[@]} + 1 )) members healthy: $health"; fi
}

day2_checks() {
  set +e
  cp "$LAB_DIR/lib/writer.py" "$STATE/controller/writer.py"
  day2_workspace
  check_plan 0 "on the deployed cluster"
  local n=${#NODE_NAMES[@]}
  NEW_NAME="${NODE_NAMES[0]%[0-9]*}$((n + 1))"
  # --etcd: the new node is an etcd member too (a fourth: hagen warns of the even count).
  NEW_ROLES="replica"
  if [ "${DAY2_ETCD:-false}" = true ]; then NEW_ROLES="replica, etcd"; fi
  NEW_IP="$(python3 -c '
import ipaddress, sys
used = set(sys.argv[1:])
a = max(ipaddress.ip_address(x) for x in sys.argv[1:4])
while str(a) in used: a += 1
print(a)' "${NODE_IPS[@]}" "$VIP" "$BRIDGE_IP" "$CONTROLLER_IP" "$CLIENT_IP")"
  start_writer nodes
  local before after started ended

  # Add a replica.
  add_node_line
  check_plan 2 "after adding $NEW_NAME ($NEW_IP) to the blueprint"
  hagen_ws build "blueprints/$(basename "$BP")" >/dev/null 2>&1 || fail "hagen build with the pending add"
  restage
  NODE_NAMES+=("$NEW_NAME"); NODE_IPS+=("$NEW_IP")
  timed "node $NEW_NAME (copy, boot, sshd)" node_up "$n"
  before="$(postmaster_starts)"
  started="$(date +%s.%N)"
  if run_steps add; then pass "add: every step of the plan ran as printed"; else fail "add: a step failed (logs: $STATE/add-step-*.log)"; fi
  ended="$(date +%s.%N)"
  after="$(postmaster_starts)"
  local list state
  list="$(patroni_list)"
  state="$(json "print(next((m['Role'] + ' ' + m['State'] for m in d if m['Member'] == '$NEW_NAME'), 'absent'))" <<<"$list")"
  if [ "$state" = "Replica streaming" ]; then pass "add: $NEW_NAME is a streaming replica in patronictl list"
  else fail "add: $NEW_NAME is '$state' in patronictl list"; fi
  if [ "$NEW_ROLES" != replica ]; then check_new_member; fi
  local seen="" k
  for k in $(seq 1 12); do seen="$seen $(client_psql "$VIP" 5001 'select inet_server_addr()')"; done
  if grep -q "$NEW_IP" <<<"$seen"; then pass "add: HAProxy's read-only port $VIP:5001 routes to $NEW_NAME (servers seen:$(tr ' ' '\n' <<<"$seen" | sort -u | tr '\n' ' '))"
  else fail "add: $VIP:5001 never reached $NEW_NAME in 12 connections (seen:$seen)"; fi
  check_not_restarted add "$before" "$after"
  judge_writes "add ($(python3 -c "print(f'{$ended - $started:.0f}')") s of steps)" "$started" "$ended" "$NODE_STEPS_BOUND"
  # add_node issues every node's TLS certificate anew: clients still verify the server's.
  check_tls
  hagen_ws build --applied "blueprints/$(basename "$BP")" >/dev/null 2>&1 || fail "hagen build --applied after the add"
  check_plan 0 "after hagen build --applied"

  # Remove it again.
  sed -i "/name: $NEW_NAME,/d" "$BP"
  check_plan 2 "after removing $NEW_NAME from the blueprint"
  hagen_ws build "blueprints/$(basename "$BP")" >/dev/null 2>&1 || fail "hagen build with the pending removal"
  restage
  started="$(date +%s.%N)"
  if run_steps remove; then pass "remove: every step of the plan ran as printed"; else fail "remove: a step failed (logs: $STATE/remove-step-*.log)"; fi
  ended="$(date +%s.%N)"
  # A stopped member's key lives on in etcd until its TTL runs out: wait for that, at most 90 s.
  local deadline=$(( $(date +%s) + 90 ))
  list="$(patroni_list)"
  while grep -q "\"$NEW_NAME\"" <<<"$list" && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 2
    list="$(patroni_list)"
  done
  if ! grep -q "\"$NEW_NAME\"" <<<"$list"; then pass "remove: $NEW_NAME is gone from patronictl list ($(json 'print(", ".join(m["Member"] + " " + m["Role"] + " " + m["State"] for m in d))' <<<"$list"))"
  else fail "remove: $NEW_NAME is still in patronictl list: $list"; fi
  local members
  # shellcheck disable=SC2046
  members="$(on_any $(etcd_cmd) member list -w json)"
  if [ -n "$members" ] && ! grep -q "$NEW_NAME\|$NEW_IP" <<<"$members"; then pass "remove: $NEW_NAME is not in etcdctl member list ($(json 'print(", ".join(sorted(m["name"] for m in d["members"])))' <<<"$members"))"
  else fail "remove: etcdctl member list: $members"; fi
  if on_node "$n" test ! -e /var/lib/postgresql/15/main; then pass "remove: $NEW_NAME's data directory is gone"
  else fail "remove: $NEW_NAME still has /var/lib/postgresql/15/main"; fi
  unset 'NODE_NAMES[n]' 'NODE_IPS[n]'
  check_patroni
  judge_writes remove "$started" "$ended" "$NODE_STEPS_BOUND"
  hagen_ws build --applied "blueprints/$(basename "$BP")" >/dev/null 2>&1 || fail "hagen build --applied after the removal"
  check_plan 0 "after hagen build --applied"

  retire_balancer
  stop_writer_and_count "during the add, the removal and the balancer's retirement"
  printf '%s passed, %s failed\n' "$PASSED" "$FAILED"
  [ "$FAILED" = 0 ]
}
