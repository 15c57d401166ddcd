# The backup scenario (vagrant/lab backup): on a deployed cluster with backups, WAL archiving
# works, a full backup is taken and listed by the commands the cluster's README prints, and the
# README's point-in-time recovery brings the cluster back to a moment between two sets of rows:
# the rows before it are there, the rows after it are not, and there is a leader with streaming
# replicas again. Every command that changes something is the README's, run as printed from the
# cluster's ansible/ folder.
# shellcheck shell=bash

# The command the README prints after the comment line starting with "# $1", or the line starting
# with "$1" itself (the restore command), in its backups section.
readme_command() {
  python3 - "$CLUSTER_DIR/README.md" "$1" <<'PY'
import sys
text, key = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
section = text.split("## Backups and point-in-time recovery", 1)[1].split("\n## ", 1)[0]
lines = [l.strip() for l in section.splitlines()]
for i, line in enumerate(lines):
    if line.startswith("# " + key):
        print(lines[i + 1]); break
    if line.startswith(key):
        print(line); break
else:
    sys.exit("the README prints no command for: " + key)
PY
}

# One value from the leader, through the VIP's read-write port.
leader_value() { client_psql "$VIP" 5000 "$1" | tail -n 1; }

# Waits (up to $2 s, a query a second) until the leader's archiver has archived WAL segment $1.
wait_archived() {
  local segment="$1" deadline=$(( $(date +%s) + $2 )) last
  while [ "$(date +%s)" -lt "$deadline" ]; do
    last="$(leader_value "select coalesce(last_archived_wal, '') from pg_stat_archiver")"
    # Segment names sort as their order within a timeline; a later timeline's sort after.
    if [ -n "$last" ] && [ "$(printf '%s\n%s\n' "$segment" "$last" | sort | tail -n 1)" = "$last" ]; then return 0; fi
    sleep 1
  done
  return 1
}

# Writes a row (so the segment holds something), switches to a new WAL segment, and waits for the
# switched one to be archived: pg_stat_archiver's figures after it, counted from now (the deploy
# archives before autobase creates the stanza, and those attempts fail).
check_archiving() {
  local what="$1" segment stats
  leader_value "select pg_stat_reset_shared('archiver')" >/dev/null
  leader_value "create table if not exists hagen_lab_archive (at timestamptz default now()); insert into hagen_lab_archive default values" >/dev/null
  segment="$(leader_value "select pg_walfile_name(pg_switch_wal())")"
  if wait_archived "$segment" 60; then
    stats="$(leader_value "select archived_count || ' archived, ' || failed_count || ' failed, last ' || last_archived_wal from pg_stat_archiver")"
    if [ "$(leader_value "select failed_count from pg_stat_archiver")" = 0 ]; then
      pass "$what: WAL archiving: segment $segment archived after pg_switch_wal() (pg_stat_archiver: $stats)"
    else fail "$what: WAL archiving: pg_stat_archiver: $stats"; fi
  else
    fail "$what: WAL archiving: segment $segment not archived within 60 s ($(leader_value "select * from pg_stat_archiver"))"
  fi
}

# Runs a README command from the cluster's ansible/ folder, at most $3 s; its output in $2.
readme_run() {
  local cmd="$1" out="$2" limit="$3" pid deadline
  run_playbook "$out" "$cmd" &
  pid=$!
  deadline=$(( $(date +%s) + limit ))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      pkill -TERM -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null
      log "stopped after $limit s: $cmd"
      return 124
    fi
    sleep 2
  done
  wait "$pid"
}

# Waits (up to $1 s) for a leader with every replica streaming.
wait_streaming() {
  local deadline=$(( $(date +%s) + $1 )) want=$(( ${#POSTGRES_IPS[@]} - 1 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if read_patroni 2>/dev/null && [ "$STREAMING" = "$want" ]; then return 0; fi
    sleep 2
  done
  return 1
}

backup_checks() {
  set +e
  local backup_now info restore started ended out
  backup_now="$(readme_command "take a full backup now")" && info="$(readme_command "list the backups")" \
    && restore="$(readme_command "ansible-playbook restore.yml")" || { fail "the README prints no backup commands"; return 1; }
  check_patroni
  check_archiving "after the deploy"

  started="$(date +%s.%N)"
  if readme_run "$backup_now" "$STATE/backup-full.log" 600; then
    ended="$(date +%s.%N)"
    pass "full backup taken by the README's command in $(python3 -c "print(f'{$ended - $started:.0f}')") s: $backup_now"
  else fail "full backup: the README's command failed: $backup_now (log: $STATE/backup-full.log)"; fi
  readme_run "$info" "$STATE/backup-info.log" 120
  if grep -q "full backup: " "$STATE/backup-info.log"; then
    pass "pgbackrest info lists it: $(grep -m1 -o 'full backup: [^ ]*' "$STATE/backup-info.log"), $(grep -m1 -o 'database size: [^,]*' "$STATE/backup-info.log"), $(grep -m1 -o 'wal archive min/max ([^)]*): [^ ]*/[^ ]*' "$STATE/backup-info.log")"
  else fail "pgbackrest info lists no full backup (log: $STATE/backup-info.log)"; fi

  # Rows before the target time, the time (the leader's clock, UTC), rows after it. Each step is
  # a statement after the one before, so every "after" row commits later than the target.
  leader_value "create table hagen_lab_pitr (id int primary key, phase text not null, at timestamptz not null default clock_timestamp())" >/dev/null
  leader_value "insert into hagen_lab_pitr (id, phase) select g, 'before' from generate_series(1, 100) g" >/dev/null
  local target
  target="$(leader_value "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")"
  until [ "$(leader_value "select clock_timestamp() > '$target'::timestamptz")" = t ]; do :; done
  leader_value "insert into hagen_lab_pitr (id, phase) select g, 'after' from generate_series(101, 150) g" >/dev/null
  local counts; counts="$(leader_value "select string_agg(phase || '=' || n, ' ' order by phase desc) from (select phase, count(*) n from hagen_lab_pitr group by phase) c")"
  local segment; segment="$(leader_value "select pg_walfile_name(pg_switch_wal())")"
  if wait_archived "$segment" 60; then pass "rows written around the target $target ($counts), their WAL archived up to $segment"
  else fail "the WAL of the rows after the target was not archived within 60 s"; fi
  read_patroni
  local tl_before="$TIMELINE"

  restore="${restore//2026-01-31 14:30:00+00/$target}"
  log "restoring to $target: $restore (log: $STATE/restore.log)"
  started="$(date +%s.%N)"
  if readme_run "$restore" "$STATE/restore.log" 1800; then
    ended="$(date +%s.%N)"
    pass "restore to $target by the README's command: $(python3 -c "print(f'{$ended - $started:.0f}')") s ($restore)"
  else
    ended="$(date +%s.%N)"
    tail -n 25 "$STATE/restore.log" >&2
    fail "restore: the README's command failed after $(python3 -c "print(f'{$ended - $started:.0f}')") s (log: $STATE/restore.log)"
  fi
  local waited_from; waited_from="$(date +%s)"
  if wait_streaming 300; then
    pass "after the restore: leader $LEADER_NAME, $STREAMING streaming replicas, timeline $tl_before -> $TIMELINE ($PATRONI_TABLE); replicas streaming $(( $(date +%s) - waited_from )) s after the playbook ended"
  else fail "after the restore: $PATRONI_TABLE (not every replica streams 300 s after the playbook)"; fi
  counts="$(leader_value "select count(*) filter (where phase = 'before') || ' ' || count(*) filter (where phase = 'after') from hagen_lab_pitr")"
  if [ "$counts" = "100 0" ]; then pass "point in time: the 100 rows written before $target are there, the 50 written after it are not"
  else fail "point in time: before/after rows: $counts (expected 100 0)"; fi
  # restore.yml's own follow-up: every replica on the leader's timeline, the new timeline's
  # history file in the repository (autobase replayed with archive_command=/bin/true), and a
  # full backup of the restored cluster.
  local list behind
  list="$(patroni_list)"
  behind="$(json "print(' '.join(m['Member'] + '@' + str(m.get('TL')) for m in d if m['Role'] != 'Leader' and m.get('TL') != $TIMELINE))" <<<"$list")"
  if [ -z "$behind" ]; then pass "after the restore: every replica streams on the leader's timeline $TIMELINE"
  else fail "after the restore: replicas not on timeline $TIMELINE: $behind"; fi
  local stanza history
  stanza="$(grep -o -- '--stanza=[A-Za-z0-9_-]*' <<<"$backup_now" | head -n 1)"
  history="$(printf '%08X.history' "$TIMELINE")"
  if on_any -u postgres pgbackrest "$stanza" archive-get "$history" "/tmp/hagen-lab-$history" >/dev/null; then
    pass "after the restore: the repository holds timeline $TIMELINE's history file $history"
  else fail "after the restore: the repository has no $history (pgbackrest $stanza archive-get)"; fi
  readme_run "$info" "$STATE/backup-info-after.log" 120
  local fulls; fulls="$(grep -c "full backup: " "$STATE/backup-info-after.log")"
  if [ "$fulls" -ge 2 ]; then pass "after the restore: restore.yml took a full backup of the restored cluster ($fulls full backups listed)"
  else fail "after the restore: $fulls full backup(s) listed, not the one restore.yml takes (log: $STATE/backup-info-after.log)"; fi
  check_writes
  check_archiving "after the restore"
  printf '%s passed, %s failed\n' "$PASSED" "$FAILED"
  [ "$FAILED" = 0 ]
}
