# The blueprint's PostgreSQL settings, checked on the deployed cluster as an operator would: the
# parameters it sets on every node, autobase's defaults kept beside them, its users logging in
# with the passwords the controller had, its pg_hba rules letting in exactly the addresses they
# name, TLS, and no password anywhere in the generated files or the deploy's log.
# shellcheck shell=bash

# hagen's own account of the blueprint (hagen explain --format json), in $STATE/explain.json.
read_settings() {
  "$HAGEN" explain "$(find_blueprint)" --format json >"$STATE/explain.json" 2>"$STATE/explain.err"
}

# explained CODE [ARGS...]: Python over the explanation, as d; ARGS are sys.argv[2:].
explained() {
  local code="$1"; shift
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $code" "$STATE/explain.json" "$@"
}

# SHOW on node N, over SSH as the postgres user (ssh joins the words: the query is quoted; ssh
# reads no input, which belongs to the loop that calls it).
node_show() { on_node "$1" -u postgres psql -X -t -A -c "'SHOW $2'" 2>&1 </dev/null; }

# psql from the client namespace as USER to HOST:PORT/DB with the user's password; TLS required.
user_psql() {
  local user="$1" password="$2" host="$3" port="$4" db="$5" sql="$6"
  cli env PGPASSWORD="$password" PGCONNECT_TIMEOUT=5 PGSSLMODE=require \
    psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" -c "$sql" 2>&1
}

postgres_nodes() {
  local i ip
  for i in "${!NODE_NAMES[@]}"; do
    for ip in "${POSTGRES_IPS[@]}"; do [ "${NODE_IPS[$i]}" = "$ip" ] && echo "$i"; done
  done
}

check_parameters() {
  local name value i got bad="" checked=0
  while IFS='|' read -r name value; do
    for i in $(postgres_nodes); do
      got="$(node_show "$i" "$name")"
      if [ "$value" = "(removed)" ]; then
        got="$(on_node "$i" -u postgres psql -X -t -A -c "\"select source from pg_settings where name = '$name'\"" 2>&1 </dev/null)"
        [ "$got" = "default" ] || bad+=" ${NODE_NAMES[$i]}:$name=$got(source)"
      elif [ "${got,,}" != "${value,,}" ]; then
        bad+=" ${NODE_NAMES[$i]}:$name=$got"
      fi
      checked=$((checked + 1))
    done
  done < <(explained 'print("\n".join(p["name"] + "|" + (p["value"] if p["value"] is not None else "(removed)") for p in d["postgresql"]["parameters"]))')
  if [ "$checked" -gt 0 ] && [ -z "$bad" ]; then
    pass "parameters: the blueprint's $(explained 'print(", ".join(p["name"] + "=" + (p["value"] or "(removed: source default)") for p in d["postgresql"]["parameters"]))') on every PostgreSQL node ($checked checked)"
  else
    fail "parameters: $checked checked; differ:${bad:- none checked}"
  fi
  # autobase's defaults survived the merge.
  bad=""
  for i in $(postgres_nodes); do
    got="$(node_show "$i" wal_level)"; [ "$got" = logical ] || bad+=" ${NODE_NAMES[$i]}:wal_level=$got"
    got="$(node_show "$i" shared_preload_libraries)"
    [ "$got" = "pg_stat_statements,auto_explain" ] || bad+=" ${NODE_NAMES[$i]}:shared_preload_libraries=$got"
  done
  if [ -z "$bad" ]; then pass "parameters: autobase's defaults kept on every node (wal_level=logical, shared_preload_libraries=pg_stat_statements,auto_explain)"
  else fail "parameters: autobase's defaults lost:$bad"; fi
}

# Each login user through the VIP with its password; over TLS, checked by the server itself.
check_users() {
  local user from db out n=0
  while IFS='|' read -r user from db; do
    [ -n "$from" ] || continue
    out="$(user_psql "$user" "${!from}" "$VIP" 5000 "$db" \
      "select current_user, ssl from pg_stat_ssl where pid = pg_backend_pid()" </dev/null)"
    if [ "$out" = "$user|t" ]; then pass "users: $user logs in through $VIP:5000 to $db with the password from \$$from, over TLS"
    else fail "users: $user through $VIP:5000 to $db: $out"; fi
    n=$((n + 1))
  done < <(explained '
owned = {x["owner"]: x["db"] for v in d["variables"] if v["name"] == "postgresql_databases" for x in v["value"]}
for u in d["postgresql"]["users"]:
    print("|".join([u["name"], u["password_from"] or "", owned.get(u["name"], "postgres")]))')
  [ "$n" -gt 0 ] || fail "users: the blueprint has no login user to check"
}

# The blueprint's databases and the extensions in each, asked in each database.
check_databases() {
  local db exts got
  while IFS='|' read -r db exts; do
    got="$(user_psql postgres "$HAGEN_SUPERUSER_PASSWORD" "$VIP" 5000 "$db" \
      "select string_agg(extname, ',' order by extname) from pg_extension where extname <> 'plpgsql'" </dev/null)"
    if [ "$got" = "$exts" ]; then pass "databases: $db exists with extensions ${exts:-none}"
    else fail "databases: $db: extensions '$got', expected '$exts'"; fi
  done < <(explained '
dbs = [x["db"] for v in d["variables"] if v["name"] == "postgresql_databases" for x in v["value"]]
exts = [(x["db"], x["ext"]) for v in d["variables"] if v["name"] == "postgresql_extensions" for x in v["value"]]
for db in dbs:
    print(db + "|" + ",".join(sorted(e for x, e in exts if x == db)))')
}

# pg_hba: the client's address is in the blueprint's first network rule, so its user gets in
# directly to a node; from an address of the same network that no rule names, the same
# connection is refused. The second address is the client's own, used for that node only.
check_pg_hba() {
  local rule user db network other node out
  rule="$(explained '
import ipaddress
rules = [r for v in d["variables"] if v["name"] == "postgresql_pg_hba" for r in v["value"]
         if r["type"].startswith("host") and "{" not in r["address"] and "/" in r["address"]
         and ipaddress.ip_address(sys.argv[3]) in ipaddress.ip_network(r["address"])
         and r["user"] != "all" and not r["user"].startswith("+")]
r = rules[0] if rules else None
if r:
    used = {ipaddress.ip_address(a) for a in sys.argv[4:]}
    allowed = [ipaddress.ip_network(x["address"]) for v in d["variables"] if v["name"] == "postgresql_pg_hba"
               for x in v["value"] if "{" not in x["address"] and "/" in x["address"]]
    net = ipaddress.ip_network(sys.argv[3] + "/" + sys.argv[2], strict=False)
    other = next(a for a in list(net.hosts())[1:] if a not in used and not any(a in n for n in allowed))
    print(r["user"], r["database"], r["address"], other)' "$PREFIXLEN" "$CLIENT_IP" "${NODE_IPS[@]}" "$VIP" "$BRIDGE_IP" "$CONTROLLER_IP" "$CLIENT_IP")"
  if [ -z "$rule" ]; then fail "pg_hba: no rule of the blueprint names a network holding the client $CLIENT_IP"; return; fi
  read -r user db network other <<<"$rule"
  local from; from="$(explained "print(next(u['password_from'] for u in d['postgresql']['users'] if u['name'] == '$user'))")"
  node="${POSTGRES_IPS[0]}"
  out="$(user_psql "$user" "${!from}" "$node" 5432 "$db" "select inet_client_addr()")"
  if [ "$out" = "$CLIENT_IP" ]; then pass "pg_hba: $user from $CLIENT_IP (in the rule's $network) straight to $node:5432 is let in"
  else fail "pg_hba: $user from $CLIENT_IP straight to $node:5432: $out"; fi
  in_ns "$NS_CLIENT" ip addr add "$other/$PREFIXLEN" dev eth0
  in_ns "$NS_CLIENT" ip route add "$node/32" dev eth0 src "$other"
  out="$(user_psql "$user" "${!from}" "$node" 5432 "$db" "select inet_client_addr()")"
  in_ns "$NS_CLIENT" ip route del "$node/32" dev eth0 src "$other"
  in_ns "$NS_CLIENT" ip addr del "$other/$PREFIXLEN" dev eth0
  if grep -q 'no pg_hba.conf entry for host "'"$other"'"' <<<"$out"; then
    pass "pg_hba: the same login from $other, an address no rule names, is refused ($(grep -o 'no pg_hba.conf entry[^,]*' <<<"$out" | head -n 1))"
  else
    fail "pg_hba: the login from $other was not refused by pg_hba: $out"
  fi
}

# TLS with the server's certificate checked against the CA autobase made (from a node).
check_tls() {
  on_node 0 cat /etc/tls/ca.crt >"$STATE/controller/ca.crt" 2>/dev/null
  local out
  out="$(cli env PGPASSWORD="$HAGEN_SUPERUSER_PASSWORD" PGCONNECT_TIMEOUT=5 PGSSLMODE=verify-ca PGSSLROOTCERT="$CTL_FILES/ca.crt" \
    psql -X -q -t -A -h "$VIP" -p 5000 -U postgres -d postgres -c "select ssl from pg_stat_ssl where pid = pg_backend_pid()" 2>&1)"
  if [ "$out" = t ]; then pass "tls: sslmode=verify-ca through $VIP:5000 with the CA from /etc/tls/ca.crt"
  else fail "tls: sslmode=verify-ca through $VIP:5000: $out"; fi
}

# No password the run used is in the generated tree, the deploy's log or hagen's own output.
check_no_password() {
  local v found=""
  for v in $(password_variables); do
    if grep -rqF -- "${!v}" "$CLUSTER_DIR" "$STATE"/*.log "$STATE/explain.json" 2>/dev/null; then found+=" $v"; fi
  done
  local n; n="$(password_variables | wc -l)"
  if [ -z "$found" ]; then pass "secrets: none of the $n passwords is in $CLUSTER_DIR, the deploy's logs or hagen explain"
  else fail "secrets: found in the files or logs:$found"; fi
}

# What the blueprint declares is checked; TLS and the passwords, on every cluster.
check_settings() {
  read_settings || { fail "settings: hagen explain failed: $(tail -n 3 "$STATE/explain.err")"; return; }
  [ "$(explained 'print(len(d["postgresql"]["parameters"]))')" = 0 ] || check_parameters
  if [ "$(explained 'print(len(d["postgresql"]["users"]))')" != 0 ]; then
    check_users
    check_databases
    check_pg_hba
  fi
  [ "$(explained 'print(d["postgresql"]["tls"])')" != True ] || check_tls
  check_no_password
}
