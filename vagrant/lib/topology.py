#!/usr/bin/env python3
"""The lab's plan, read from a generated cluster: which nodes, addresses and NIC, and the free
addresses the lab's own bridge, controller and client take. Reads `ansible-inventory --list` (JSON
on stdin) and the cluster's Vagrantfile (for the network's netmask); prints shell assignments."""
import ipaddress
import json
import re
import shlex
import sys


def main():
    vagrantfile = open(sys.argv[1], encoding="utf-8").read()
    inventory = json.load(sys.stdin)
    hostvars = inventory["_meta"]["hostvars"]
    masks = set(re.findall(r"netmask: '([0-9.]+)'", vagrantfile))
    if len(masks) != 1:
        sys.exit("topology: the Vagrantfile does not name one netmask for the private network")
    order = []
    for group in ("master", "replica", "etcd_cluster", "balancers", "pgbackrest"):
        for host in inventory.get(group, {}).get("hosts", []):
            if host not in order:
                order.append(host)
    first = hostvars[order[0]]
    network = ipaddress.ip_network(f"{first['bind_address']}/{masks.pop()}", strict=False)
    used = {ipaddress.ip_address(hostvars[h]["bind_address"]) for h in order}
    vip = first.get("cluster_vip") or ""
    if vip:
        used.add(ipaddress.ip_address(vip))
    hosts = list(network.hosts())
    bridge = hosts[0]  # the host's own address, as VirtualBox and libvirt give it
    free = [a for a in reversed(hosts[1:]) if a not in used]
    out = {
        "PREFIXLEN": network.prefixlen,
        "BRIDGE_IP": bridge,
        "CONTROLLER_IP": free[0],
        "CLIENT_IP": free[1],
        "VIP": vip,
        "IFACE": first["vip_interface"],
        "CLUSTER": first["patroni_cluster_name"],
        "SSH_USER": first["ansible_user"],
        "SSH_KEY": first["ansible_ssh_private_key_file"],
        "SYNCHRONOUS": "true" if first.get("synchronous_mode") else "false",
    }
    for key, value in out.items():
        print(f"{key}={shlex.quote(str(value))}")
    names = [hostvars[h]["hostname"] for h in order]
    print("NODE_NAMES=(" + " ".join(shlex.quote(n) for n in names) + ")")
    print("NODE_IPS=(" + " ".join(shlex.quote(hostvars[h]["bind_address"]) for h in order) + ")")
    for var, groups in (("ETCD_IPS", ["etcd_cluster"]), ("POSTGRES_IPS", ["master", "replica"]),
                        ("BACKUP_IPS", ["pgbackrest"])):
        ips = [hostvars[h]["bind_address"] for g in groups for h in inventory.get(g, {}).get("hosts", [])]
        print(f"{var}=(" + " ".join(shlex.quote(ip) for ip in ips) + ")")


if __name__ == "__main__":
    main()
