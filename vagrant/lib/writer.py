#!/usr/bin/env python3
"""The failover's witness: writes numbered rows through the VIP, one connection per write, and
records every write PostgreSQL acknowledged; afterwards, counts the acknowledged rows that the
cluster no longer has.

  writer.py write HOST PORT LOG SECONDS   # one line per attempt: "<epoch> <id> ok|err <message>";
                                          # its process id in LOG.pid as it starts
  writer.py missing HOST PORT LOG         # prints how many acknowledged ids are not in the table
  writer.py report LOG START END          # the writes from START to END (epoch seconds): the longest
                                          # time between two acknowledged ones, then how many were
                                          # acknowledged, refused by a replica (read-only), failed

The password comes from PGPASSWORD; nothing is written but the log of ids and times."""
import os
import sys
import time

# A write the read-write port sent to a replica: PostgreSQL's message for it.
READ_ONLY = "read-only transaction"

TABLE = "hagen_lab_writes"


def connect(host, port):
    import psycopg2  # only where the writer runs: the report is read anywhere

    # Short timeouts everywhere: a write to a leader that has just been cut off fails in about
    # two seconds instead of hanging on TCP retransmissions.
    return psycopg2.connect(host=host, port=port, user="postgres", dbname="postgres", connect_timeout=2,
                            keepalives=1, keepalives_idle=1, keepalives_interval=1, keepalives_count=2,
                            tcp_user_timeout=2000, application_name="hagen-lab-writer")


def write(host, port, log_path, seconds):
    import psycopg2
    with open(log_path + ".pid", "w") as pid:
        pid.write(f"{os.getpid()}\n")
    conn = connect(host, port)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigint PRIMARY KEY, at timestamptz DEFAULT now())")
        cur.execute(f"SELECT coalesce(max(id), 0) FROM {TABLE}")
        next_id = cur.fetchone()[0] + 1
    conn.close()
    deadline = time.time() + seconds
    with open(log_path, "a", buffering=1) as log:
        while time.time() < deadline:
            started = time.time()
            try:
                conn = connect(host, port)
                try:
                    with conn.cursor() as cur:
                        cur.execute(f"INSERT INTO {TABLE} (id) VALUES (%s)", (next_id,))
                    conn.commit()  # returns once the commit is acknowledged
                    log.write(f"{time.time():.3f} {next_id} ok\n")
                finally:
                    conn.close()
            except psycopg2.Error as e:
                message = " ".join(str(e).split())[:200]
                log.write(f"{time.time():.3f} {next_id} err {message}\n")
            # Each id is tried once: an error may still have committed, and is not counted as acknowledged.
            next_id += 1
            time.sleep(max(0.0, 0.1 - (time.time() - started)))


def report(log_path, start, end):
    ok, read_only, failed = [], 0, 0
    with open(log_path) as log:
        for line in log:
            parts = line.split(maxsplit=3)
            if len(parts) < 3 or not start <= float(parts[0]) <= end:
                continue
            if parts[2] == "ok":
                ok.append(float(parts[0]))
            elif READ_ONLY in line:
                read_only += 1
            else:
                failed += 1
    times = [start] + ok + [end]
    gap = max(b - a for a, b in zip(times, times[1:]))
    print(f"{gap:.2f} {len(ok)} {read_only} {failed}")


def missing(host, port, log_path):
    acknowledged = set()
    with open(log_path) as log:
        for line in log:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "ok":
                acknowledged.add(int(parts[1]))
    conn = connect(host, port)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id FROM {TABLE}")
        present = {row[0] for row in cur.fetchall()}
    conn.close()
    lost = sorted(acknowledged - present)
    print(f"{len(lost)} {len(acknowledged)}" + (" " + ",".join(map(str, lost[:20])) if lost else ""))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5]))
    elif sys.argv[1] == "missing":
        missing(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "report":
        report(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
    else:
        sys.exit(__doc__)
