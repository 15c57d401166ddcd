#!/usr/bin/env python3
"""hagen's benchmark: whole processes, repeated, medians. Prints every figure and its command.

    bench/benchmark.py [--runs N] [--keep DIR]

1. one build of blueprints/lab.yml from a cold JVM, next to the JVM floor (a Hello that prints one
   line) measured in the same run, and their ratio;
2. one invocation building 200 generated blueprints of varied topologies;
3. growth: one blueprint of 10, 100 and 1000 nodes;
4. peak memory (RSS) of 1 and 3.
Each figure is shown twice: "plain" is `java -jar target/hagen.jar`, "launcher" is what ./hagen runs
(the AppCDS archive and the start-up flags). Timing stays out of the unit tests; this is the place.
"""
import argparse
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


def launcher_command():
    """The java command line ./hagen execs, as it prints it with HAGEN_PRINT_COMMAND=1."""
    out = subprocess.run([os.path.join(ROOT, "hagen"), "--version"], env=dict(os.environ, HAGEN_PRINT_COMMAND="1"),
                         capture_output=True, text=True, check=True)
    line = [l for l in out.stderr.splitlines() if l.startswith("exec: ")][-1]
    return line[len("exec: "):].split(" ")[:-1]  # drop the "--version" the launcher was given


def measure(command, runs, prepare=None):
    """Median, min and max wall time (ms), and the median peak RSS (MiB), of `runs` runs."""
    times, rss = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter() - start) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode()
        if proc.returncode != 0:
            sys.exit(f"benchmark: {' '.join(command)} failed ({proc.returncode}):\n{err}")
        times.append(elapsed)
        rss.append(usage.ru_maxrss / 1024)
    return statistics.median(times), min(times), max(times), statistics.median(rss)


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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs per single-blueprint figure (default 15)")
    parser.add_argument("--keep", help="keep the generated blueprints and output in this folder")
    args = parser.parse_args()

    launcher = launcher_command()  # also builds the jar and the CDS archive when missing
    plain = ["java", "-jar", JAR]
    work = args.keep or tempfile.mkdtemp(prefix="hagen-bench-")
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "out")

    hello = os.path.join(work, "hello")
    os.makedirs(hello, exist_ok=True)
    with open(os.path.join(hello, "Hello.java"), "w") as f:
        f.write('public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n')
    subprocess.run(["javac", "-d", hello, os.path.join(hello, "Hello.java")], check=True)

    batch = os.path.join(work, "batch")
    os.makedirs(batch, exist_ok=True)
    shapes = ["colocated", "dedicated", "five", "colocated"]
    for i in range(200):
        lab = i % 4 == 3
        with open(os.path.join(batch, f"c{i:03d}.yml"), "w") as f:
            shape = shapes[i % 4]
            size = 5 + i % 3 if shape == "five" else 3 + i % 3
            f.write(blueprint(f"c{i:03d}", size, i if not lab else i // 4, lab, 2200 + i * 10, shape))
    growth = {}
    for n in (10, 100, 1000):
        growth[n] = os.path.join(work, f"nodes-{n}.yml")
        with open(growth[n], "w") as f:
            f.write(blueprint(f"n{n}", n, 1, False, 0, "colocated"))

    clean = lambda: shutil.rmtree(out, ignore_errors=True)
    rows = []

    def row(label, command, runs):
        med, lo, hi, rss = measure(command, runs, clean)
        shown = " ".join(command).replace(ROOT + "/", "").replace(work, "$WORK")
        rows.append(f"{label:<42} {med:>8.1f}ms {lo:>8.1f}ms {hi:>8.1f}ms {rss:>7.1f}MiB  {shown}")
        return med, rss

    def derived(label, text):
        rows.append(f"{label:<42} {text}")

    floor, floor_rss = row("JVM floor: Hello", ["java", "-cp", hello, "Hello"], args.runs)
    for name, cmd in (("plain", plain), ("launcher", launcher)):
        single, _ = row(f"1. lab.yml, cold JVM ({name})", cmd + ["build", "blueprints/lab.yml", "-o", out], args.runs)
        derived(f"   ratio to the floor ({name})", f"{single / floor:.1f}x")
    for name, cmd in (("plain", plain), ("launcher", launcher)):
        total, _ = row(f"2. 200 blueprints, one run ({name})", cmd + ["build", batch, "-o", out], max(3, args.runs // 3))
        derived(f"   per blueprint ({name})", f"{total / 200:.2f}ms")
    for name, cmd in (("plain", plain), ("launcher", launcher)):
        times = {}
        for n in (10, 100, 1000):
            times[n], _ = row(f"3. {n} nodes ({name})", cmd + ["build", growth[n], "-o", out], max(3, args.runs // 3))
        derived(f"   growth 10->100, 100->1000 ({name})",
                f"{times[100] / times[10]:.2f}x, {times[1000] / times[100]:.2f}x (10x the nodes each)")

    cpu = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    except (OSError, IndexError):
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    print(f"hagen benchmark, {time.strftime('%Y-%m-%d')}: {platform.node()}, {os.cpu_count()} CPUs ({cpu}), {java}")
    print(f"$WORK is {work}; each run starts from an empty output folder; {args.runs} runs for single builds")
    print(f"{'figure':<42} {'median':>10} {'min':>10} {'max':>10} {'peak RSS':>10}  command")
    for line in rows:
        print(line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
