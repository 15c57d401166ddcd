# The lab's network, every piece of it inside network namespaces the lab makes (nothing in the
# host's own namespace gets a lab address or sends lab traffic):
#   hagen-lab-br    the private network's bridge, at the network's first address (the "host"),
#                   serving the package repository
#   hagen-lab-nN    node N: enp0s8 (the private network, on the bridge) and enp0s3 10.0.2.15/24
#                   with the default route, the same on every node, as Vagrant's NAT NIC is
#   hagen-lab-ctl   the Ansible controller
#   hagen-lab-cli   the client the checks connect from
# shellcheck shell=bash

NS_BRIDGE="$PREFIX-br"
NS_CONTROLLER="$PREFIX-ctl"
NS_CLIENT="$PREFIX-cli"
node_ns() { echo "$PREFIX-n$1"; }
# The node's port on the bridge: set it down to pull the node's private network "cable".
node_port() { echo "hl-n$1-br"; }

net_up() {
  ip netns add "$NS_BRIDGE"
  in_ns "$NS_BRIDGE" ip link set lo up
  in_ns "$NS_BRIDGE" ip link add br0 type bridge
  in_ns "$NS_BRIDGE" ip addr add "$BRIDGE_IP/$PREFIXLEN" dev br0
  in_ns "$NS_BRIDGE" ip link set br0 up
  local i
  for i in "${!NODE_NAMES[@]}"; do net_node_up "$i"; done
  local ns ip port
  for pair in "$NS_CONTROLLER:$CONTROLLER_IP:hl-ctl" "$NS_CLIENT:$CLIENT_IP:hl-cli"; do
    IFS=: read -r ns ip port <<<"$pair"
    ip netns add "$ns"
    in_ns "$ns" ip link set lo up
    ip link add "$port-br" netns "$NS_BRIDGE" type veth peer name eth0 netns "$ns"
    in_ns "$NS_BRIDGE" ip link set "$port-br" master br0 up
    in_ns "$ns" ip addr add "$ip/$PREFIXLEN" dev eth0
    in_ns "$ns" ip link set eth0 up
  done
  # The package repository, for the nodes only, on the bridge's address.
  ip netns exec "$NS_BRIDGE" python3 -m http.server 80 --bind "$BRIDGE_IP" --directory "$REPO" \
    >"$STATE/repo-http.log" 2>&1 &
  echo $! >"$STATE/repo-http.pid"
}

# Node N's namespace and its two NICs: the private network on the bridge, and the NAT NIC.
net_node_up() {
  local i="$1" ns; ns="$(node_ns "$1")"
  ip netns add "$ns"
  in_ns "$ns" ip link set lo up
  # Both ends of each link are made directly in their namespaces.
  ip link add "$(node_port "$i")" netns "$NS_BRIDGE" type veth peer name "$IFACE" netns "$ns"
  in_ns "$NS_BRIDGE" ip link set "$(node_port "$i")" master br0 up
  in_ns "$ns" ip addr add "${NODE_IPS[$i]}/$PREFIXLEN" dev "$IFACE"
  in_ns "$ns" ip link set "$IFACE" up
  # The NAT NIC: the same address on every node and the default route, to a dead end. Its peer
  # stays in the node's namespace (this kernel may have no dummy links).
  in_ns "$ns" ip link add enp0s3 type veth peer name nat0
  in_ns "$ns" ip addr add 10.0.2.15/24 dev enp0s3
  in_ns "$ns" ip link set nat0 up
  in_ns "$ns" ip link set enp0s3 up
  in_ns "$ns" ip route add default via 10.0.2.2 dev enp0s3
}

# Removes every namespace the lab made (their links go with them) and the repository's server.
net_down() {
  if [ -f "$STATE/repo-http.pid" ]; then
    kill "$(cat "$STATE/repo-http.pid")" 2>/dev/null || true
    rm -f "$STATE/repo-http.pid"
  fi
  local ns
  for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX-" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$ns"
  done
}

# Pulls node N's private network cable, or plugs it back in (up|down).
set_cable() { in_ns "$NS_BRIDGE" ip link set "$(node_port "$1")" "$2"; }
