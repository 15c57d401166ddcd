#!/usr/bin/env python3
"""hagen's benchmark: whole processes, interleaved, medians. Prints every figure and its command.

    bench/benchmark.py [--runs N] [--keep DIR] [--pigsty DIR] [--jdk25 JAVA]

1. start-up: `--version`, `validate` and `build` of blueprints/lab.yml from a cold JVM, next to the
   JVM floor (a Hello that prints one line) measured in the same rounds, with their ratios;
2. one invocation building 200 generated blueprints of varied topologies and, with --pigsty (a
   copy of https://github.com/pgsty/pigsty; never vendored), 200 runs of its `vagrant/config`, the
   Python peer that writes one Vagrantfile per run; once with the output on the disk of $WORK and
   once in memory (/dev/shm), since hagen writes ten files per cluster and the peer one;
3. growth: one blueprint of 10, 100, 500, 1000 and 2000 nodes, and what each further node costs;
4. peak memory (RSS) of every row.
Each figure is shown for "plain" (`java -jar target/hagen.jar` on the `java` of the PATH) and for
what ./hagen runs on each JVM it can use: JDK 17 with its static AppCDS archive, and JDK 25 (when
found) with its AOT cache. "./hagen" rows include the launcher script itself. Rows of one table
are measured in interleaved rounds, so a noisy machine slows them alike; compare ratios. Timing
stays out of the unit tests; this is the place.
"""
import argparse
import glob
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "hagen.jar")
LAUNCHER = os.path.join(ROOT, "hagen")


def launcher_command(java):
    """The java command line ./hagen execs with HAGEN_JAVA=java (this also makes its archive)."""
    env = dict(os.environ, HAGEN_PRINT_COMMAND="1")
    if java:
        env["HAGEN_JAVA"] = java
    out = subprocess.run([LAUNCHER, "--version"], env=env, capture_output=True, text=True, check=True)
    line = [l for l in out.stderr.splitlines() if l.startswith("exec: ")][-1]
    return line[len("exec: "):].split(" ")[:-1]  # drop the "--version" the launcher was given


def java_version(java):
    err = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
    return err[0] if err else "?"


def run_once(command, prepare, cwd):
    if prepare:
        prepare()
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    err = proc.stderr.read().decode()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"benchmark: {' '.join(command)} failed ({code}):\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def measure(entries, runs):
    """Runs every entry (label, command, prepare, cwd, repeat) once per round, `runs` rounds.

    `repeat` runs the command that many times in a row and counts the sum (the peer's 200 runs).
    Returns {label: (median ms, min, max, median peak RSS MiB)}.
    """
    times = {e[0]: [] for e in entries}
    rss = {e[0]: [] for e in entries}
    for _ in range(runs):
        for label, command, prepare, cwd, repeat in entries:
            total, peak = 0.0, 0.0
            for _ in range(repeat):
                elapsed, used = run_once(command, prepare, cwd)
                total += elapsed
                peak = max(peak, used)
            times[label].append(total)
            rss[label].append(peak)
    return {l: (statistics.median(t), min(t), max(t), statistics.median(rss[l])) for l, t in times.items()}


def blueprint(name, nodes, net, lab, port_base, shape):
    """A valid blueprint: `nodes` nodes on 10.<net>.0.0/16 (existing machines) or a VirtualBox lab."""
    lines = ["version: 1", "cluster:", f"  name: {name}", "  autobase_version: 2.6.0", "network:"]
    if lab:
        third = 56 + net % 8
        lines += [f"  cidr: 192.168.{third}.0/24", f"  vip: 192.168.{third}.{200 + net // 8}",
                  "vagrant:", "  box: ubuntu/jammy64", "ssh:", "  private_key: ~/.ssh/lab"]
        address = lambda i: f"192.168.{third}.{10 + i + (net // 8) * 20}"
    else:
        lines += [f"  cidr: 10.{net}.0.0/16", "  interface: eth1", f"  vip: 10.{net}.255.{1 + net % 250}",
                  "ssh:", "  user: admin", "  private_key: ~/.ssh/prod"]
        address = lambda i: f"10.{net}.{i // 240}.{10 + i % 240}"
    lines.append("nodes:")
    # shapes: etcd on the first three PostgreSQL nodes, on three dedicated nodes, or on five.
    roles_of = []
    for i in range(nodes):
        roles = ["primary" if i == 0 else "replica"]
        if (shape == "colocated" and i < 3) or (shape == "five" and i < 5):
            roles.append("etcd")
        if i < 2:
            roles.append("balancer")
        roles_of.append(roles)
    if shape == "dedicated":
        roles_of += [["etcd"]] * 3
    for i, roles in enumerate(roles_of):
        port = f", ssh_port: {port_base + i}" if lab else ""
        lines.append(f"  - {{ name: node-{i}, ip: {address(i)}{port}, roles: [{', '.join(roles)}] }}")
    lines += ["features:", f"  synchronous_mode: {'true' if shape == 'five' else 'false'}",
              f"  extensions: [{'pgvector, postgis' if shape == 'dedicated' else ''}]"]
    return "\n".join(lines) + "\n"


def find_jdk25(given):
    if given:
        return given
    for home in sorted(glob.glob("/usr/lib/jvm/*"), reverse=True):
        release = os.path.join(home, "release")
        if os.path.isfile(release) and 'JAVA_VERSION="25' in open(release).read():
            return os.path.join(home, "bin", "java")
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="rounds for the start-up table (default 15)")
    parser.add_argument("--keep", help="keep the generated blueprints and output in this folder")
    parser.add_argument("--pigsty", help="a copy of Pigsty: its vagrant/config is run 200 times next to hagen's batch")
    parser.add_argument("--jdk25", help="the java of a JDK 25 (default: found under /usr/lib/jvm)")
    args = parser.parse_args()

    java17 = os.path.realpath(shutil.which("java"))
    jdk25 = find_jdk25(args.jdk25)
    variants = [("plain", ["java", "-jar", JAR]), ("JDK 17 launcher", launcher_command(java17))]
    if jdk25:
        variants.append(("JDK 25 launcher", launcher_command(jdk25)))
    default_jvm = os.path.realpath(launcher_command(None)[0])
    work = args.keep or tempfile.mkdtemp(prefix="hagen-bench-")
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "out")
    clean = lambda: shutil.rmtree(out, ignore_errors=True)

    hello = os.path.join(work, "hello")
    os.makedirs(hello, exist_ok=True)
    with open(os.path.join(hello, "Hello.java"), "w") as f:
        f.write('public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n')
    subprocess.run(["javac", "--release", "17", "-d", hello, os.path.join(hello, "Hello.java")], check=True)

    batch = os.path.join(work, "batch")
    os.makedirs(batch, exist_ok=True)
    shapes = ["colocated", "dedicated", "five", "colocated"]
    for i in range(200):
        lab = i % 4 == 3
        with open(os.path.join(batch, f"c{i:03d}.yml"), "w") as f:
            shape = shapes[i % 4]
            size = 5 + i % 3 if shape == "five" else 3 + i % 3
            f.write(blueprint(f"c{i:03d}", size, i if not lab else i // 4, lab, 2200 + i * 10, shape))
    sizes = (10, 100, 500, 1000, 2000)
    growth = {}
    for n in sizes:
        growth[n] = os.path.join(work, f"nodes-{n}.yml")
        with open(growth[n], "w") as f:
            f.write(blueprint(f"n{n}", n, 1, False, 0, "colocated"))

    rows = []

    def shown(command):
        return " ".join(command).replace(ROOT + "/", "").replace(work, "$WORK")

    def table(title, entries, runs):
        rows.append(f"\n{title} ({runs} interleaved rounds)")
        results = measure([(l, c, p, ROOT, r) for l, c, p, r in entries], runs)
        for label, command, _, _ in entries:
            med, lo, hi, rss = results[label]
            rows.append(f"{label:<44} {med:>9.1f}ms {lo:>9.1f}ms {hi:>9.1f}ms {rss:>7.1f}MiB  {shown(command)}")
        return results

    def derived(label, text):
        rows.append(f"{label:<44} {text}")

    # 1. Start-up.
    entries = [("JVM floor: Hello (JDK 17)", [java17, "-cp", hello, "Hello"], None, 1)]
    if jdk25:
        entries.append(("JVM floor: Hello (JDK 25)", [jdk25, "-cp", hello, "Hello"], None, 1))
    lab = ["validate", "blueprints/lab.yml"]
    build = ["build", "blueprints/lab.yml", "-o", out]
    for name, cmd in variants + [("./hagen", [LAUNCHER])]:
        entries += [(f"--version ({name})", cmd + ["--version"], None, 1),
                    (f"validate lab.yml ({name})", cmd + lab, None, 1),
                    (f"build lab.yml ({name})", cmd + build, clean, 1)]
    start = table("1. start-up, cold JVM", entries, args.runs)
    floor = start["JVM floor: Hello (JDK 17)"][0]
    for name, _ in variants + [("./hagen", None)]:
        derived(f"   ratios to the JDK 17 floor ({name})",
                ", ".join(f"{what} {start[f'{what} ({name})'][0] / floor:.1f}x"
                          for what in ("--version", "validate lab.yml", "build lab.yml")))
    if jdk25:
        floor25 = start["JVM floor: Hello (JDK 25)"][0]
        derived("   build lab.yml (JDK 25 launcher) / JDK 25 floor",
                f"{start['build lab.yml (JDK 25 launcher)'][0] / floor25:.1f}x")

    # 2. Batch, and the peer: on the disk $WORK is on, and in memory (/dev/shm) where there is one,
    # since writing ~2,000 files is most of the batch on a slow virtual disk, the peer's 200 runs
    # write 200. Both write to the same file system in each table.
    best = [c for n, c in variants if os.path.realpath(c[0]) == default_jvm and n != "plain"][0]
    places = [("disk", work)]
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        places.append(("memory", tempfile.mkdtemp(prefix="hagen-bench-", dir="/dev/shm")))
    batch_runs = max(3, args.runs // 3)
    for place, folder in places:
        target = os.path.join(folder, "batch-out")
        wipe = lambda target=target: shutil.rmtree(target, ignore_errors=True)
        entries = [(f"200 blueprints, one run (plain, {place})", variants[0][1] + ["build", batch, "-o", target], wipe, 1),
                   (f"200 blueprints, one run (./hagen, {place})", best + ["build", batch, "-o", target], wipe, 1)]
        if args.pigsty:
            peer = os.path.join(folder, "pigsty-vagrant")
            shutil.rmtree(peer, ignore_errors=True)
            shutil.copytree(os.path.join(args.pigsty, "vagrant"), peer)  # it writes its Vagrantfile beside itself
            entries.append((f"Pigsty vagrant/config, 200 runs ({place})",
                            [sys.executable, os.path.join(peer, "config"), "meta"], None, 200))
        results = table(f"2. 200 blueprints, output on {place} ({folder})", entries, batch_runs)
        ours = results[f"200 blueprints, one run (./hagen, {place})"][0]
        derived(f"   per blueprint (./hagen, {place})", f"{ours / 200:.2f}ms")
        if args.pigsty:
            theirs = results[f"Pigsty vagrant/config, 200 runs ({place})"][0]
            derived(f"   per Vagrantfile (Pigsty, {place})", f"{theirs / 200:.2f}ms")
            derived(f"   hagen's batch is faster by ({place})", f"{theirs / ours:.1f}x")
        if folder != work:
            shutil.rmtree(folder, ignore_errors=True)

    # 3. Growth.
    entries = [(f"{n} nodes (./hagen)", best + ["build", growth[n], "-o", out], clean, 1) for n in sizes]
    results = table("3. growth", entries, max(9, args.runs))
    t = {n: results[f"{n} nodes (./hagen)"][0] for n in sizes}
    # What each further node costs, between one size and the next: flat when nothing is quadratic.
    steps = list(zip(sizes[1:], sizes[2:]))
    per_node = {(a, b): (t[b] - t[a]) / (b - a) for a, b in steps}
    derived("   cost per further node", ", ".join(f"{a}->{b}: {c:.3f}ms" for (a, b), c in per_node.items()))
    derived("   spread of that cost, 100..2000", f"{max(per_node.values()) / min(per_node.values()):.2f}x (1.00 = flat)")
    derived("   whole build per node", ", ".join(f"{n}: {t[n] / n:.2f}ms" for n in sizes))

    cpu = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    except (OSError, IndexError):
        pass
    print(f"hagen benchmark, {time.strftime('%Y-%m-%d')}: {platform.node()}, {os.cpu_count()} CPUs ({cpu})")
    print(f"JDK 17: {java_version(java17)} ({java17}); JDK 25: {java_version(jdk25) if jdk25 else 'not found'}")
    print(f"./hagen uses {default_jvm}; $WORK is {work}; each build starts from an empty output folder")
    print(f"{'figure':<44} {'median':>11} {'min':>11} {'max':>11} {'peak RSS':>10}  command", end="")
    for line in rows:
        print(line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
