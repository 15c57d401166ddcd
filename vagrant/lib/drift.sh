# The drift scenario: on the deployed lab, the seed's hand edits (patronictl edit-config of
# max_connections and of pg_hba, a user made by hand, a switchover), observed with the cluster's
# own observe.yml; hagen plan lists them, the fix it names for the rules put into Patroni is run,
# the steps it plans run exactly as printed while a writer writes through the VIP, and a last
# observation shows only what the plan keeps or leaves alone. Run it on a cluster built from a
# blueprint of what the lab runs (PostgreSQL 15, the overlay's two parameters):
#   hagen build src/test/resources/observed/at-15/lab.yml -o /tmp/drift
#   vagrant/lab day2 --scenario drift --blueprint src/test/resources/observed/at-15/lab.yml /tmp/drift/postgres-cluster
# shellcheck shell=bash

# The longest write interruption the planned-away step may cause: a leader restart in place.
DRIFT_BOUND="${DRIFT_BOUND:-4}"

# observe.yml as a user runs it; its file into the workspace's cluster folder, where hagen plan
# and hagen build read it.
observe_ws() {
  observe_cluster 2>"$STATE/observe-$1.err" || { fail "observe.yml ($1): $(tail -n 3 "$STATE/observe-$1.err")"; return 1; }
  cp "$STATE/controller/cluster/observed.json" "$TREE/observed.json"
  cp "$TREE/observed.json" "$STATE/observed-$1.json"
  if grep -q 'changed=[1-9]' <(grep -v '^localhost' <(grep -A9 '^PLAY RECAP' "$STATE/observe.log")); then
    fail "observe.yml ($1) changed a cluster host"
  else
    pass "observe.yml ($1): changed=0 on every cluster host"
  fi
}

# Each drift as "subject name: disposition", sorted, from the last plan_json.
drifts() { plan_field 'print(", ".join(sorted(d["subject"] + " " + d["name"] + ": " + d["disposition"] for c in p["clusters"] for d in c.get("drift", []))))' 2>/dev/null; }

check_drift() {
  local want="$1" what="$2" got
  got="$(drifts)"
  if [ "$got" = "$want" ]; then pass "drift $what: $got"
  else fail "drift $what: [$got], expected [$want]"; fi
}

drift_checks() {
  set +e
  cp "$LAB_DIR/lib/writer.py" "$STATE/controller/writer.py"
  day2_workspace
  observe_ws deployed
  check_plan 0 "on the deployed cluster, observed"
  check_drift "" "on the deployed cluster"

  # The seed's day 2, by hand.
  local was hba
  was="$(on_node 0 -u postgres psql -tAXc "'show max_connections'")"
  # What the cluster says is data: a number before it is counted with, a name before it is a word.
  [[ "$was" =~ ^[0-9]+$ ]] || { fail "max_connections is not a number: $was"; return 1; }
  on_node 0 patronictl -c /etc/patroni/patroni.yml edit-config --force -p "max_connections=$((was + 200))" >/dev/null
  hba="$(python3 - "$STATE/observed-deployed.json" <<'PY'
import ipaddress, json, shlex, sys
d = json.load(open(sys.argv[1]))
host = next(v for v in d["hosts"].values() if v.get("postgresql"))
rules = json.loads(host["postgresql"]["postgresql"]["stdout"])["pg_hba"]
lines = []
for r in rules:
    a = r["address"] or ""
    if a and r["netmask"]:
        a += "/" + str(bin(int(ipaddress.ip_address(r["netmask"]))).count("1"))
    lines.append(" ".join(x for x in [r["type"], ",".join(r["database"]), ",".join(r["user_name"]), a, r["auth_method"]] if x))
lines.append("hostssl all all 10.9.9.0/24 scram-sha-256")
# One word of the node's shell (ssh hands it a command line), whatever the rules hold.
print(shlex.quote("postgresql.pg_hba=" + json.dumps(lines)))
PY
)"
  on_node 0 patronictl -c /etc/patroni/patroni.yml edit-config --force -s "$hba" >/dev/null
  on_node 0 -u postgres psql -tAXc "'CREATE ROLE handmade LOGIN'" >/dev/null
  local leader
  leader="$(patroni_list | json 'print(next(m["Member"] for m in d if m["Role"] == "Leader"))')"
  local other
  other="$(patroni_list | json 'print(next(m["Member"] for m in d if m["Role"] != "Leader"))')"
  [[ "$leader" =~ ^[A-Za-z0-9-]+$ && "$other" =~ ^[A-Za-z0-9-]+$ ]] \
    || { fail "Patroni's member names are not host names: $leader, $other"; return 1; }
  on_node 0 patronictl -c /etc/patroni/patroni.yml switchover --leader "$leader" --candidate "$other" --force >/dev/null
  for _ in $(seq 120); do
    [ "$(patroni_list | json 'print(sum(1 for m in d if m["State"] in ("running", "streaming")))')" = "${#POSTGRES_IPS[@]}" ] && break
    sleep 1
  done

  observe_ws edited
  check_plan 1 "after the hand edits (pg_hba put into Patroni)"
  if grep -q 'HG722' "$STATE/plan.json"; then pass "hagen plan refuses the rules put into Patroni (HG722)"
  else fail "hagen plan after the hand edits: no HG722"; fi
  on_node 0 patronictl -c /etc/patroni/patroni.yml edit-config --force -s postgresql.pg_hba=null >/dev/null
  observe_ws fixed
  check_plan 2 "after the fix HG722 names"
  check_drift "leader leader: kept, parameter max_connections: planned_away, pg_hba rules: planned_away, user handmade: left" "after the seed's hand edits"

  start_writer drift
  local started ended
  hagen_ws build "blueprints/$(basename "$BP")" >"$STATE/drift-build.log" 2>&1 || fail "hagen build with the drift planned away ($(tail -n 3 "$STATE/drift-build.log"))"
  restage
  started="$(date +%s.%N)"
  if run_steps drift; then pass "the steps that plan the drift away ran as printed"
  else fail "a step that plans the drift away failed (logs: $STATE/drift-step-*.log)"; fi
  ended="$(date +%s.%N)"
  judge_writes "drift planned away" "$started" "$ended" "$DRIFT_BOUND"
  stop_writer_and_count "while the drift was planned away"
  check_parameter max_connections "$was" "after the drift was planned away"
  local left
  left="$(on_each "select count(*) from pg_hba_file_rules where address = \$\$10.9.9.0\$\$")"
  if ! grep -q '=[1-9]' <<<"$left"; then pass "the hand-made pg_hba rule is gone from every node ($left)"
  else fail "the hand-made pg_hba rule is still there: $left"; fi

  observe_ws planned-away
  plan_json >/dev/null
  check_drift "leader leader: kept, user handmade: left" "after the steps"
  local steps
  steps="$(plan_field 'print(sum(len(c["steps"]) for c in p["clusters"]))')"
  if [ "$steps" = 0 ]; then pass "no step is left to plan"; else fail "$steps steps still planned"; fi
  echo "drift checks: $PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}
