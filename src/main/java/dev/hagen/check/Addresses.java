package dev.hagen.check;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Optional;

/** Parsing of the blueprint's IPv4 addresses and networks, shared by the checks. */
public final class Addresses {
  private Addresses() {}

  /** A single IPv4 address without a prefix length. */
  public static Optional<IPAddress> address(String text) {
    IPAddressString s = new IPAddressString(text.strip());
    IPAddress a = s.getAddress();
    if (a == null || !a.isIPv4() || s.isPrefixed() || !text.equals(a.toCanonicalString())) {
      return Optional.empty();
    }
    return Optional.of(a);
  }

  /** An IPv4 network written with its prefix length and no host bits: 192.168.56.0/24. */
  static Optional<IPAddress> network(String text) {
    IPAddressString s = new IPAddressString(text.strip());
    IPAddress a = s.getAddress();
    if (a == null
        || !a.isIPv4()
        || !s.isPrefixed()
        || !a.isPrefixBlock()
        || !text.equals(a.toCanonicalString())) {
      return Optional.empty();
    }
    return Optional.of(a.toPrefixBlock());
  }

  /** The network a mistyped CIDR most likely meant, for the hint. */
  static Optional<String> networkOf(String text) {
    IPAddress a = new IPAddressString(text.strip()).getAddress();
    if (a == null || !a.isIPv4() || a.getNetworkPrefixLength() == null) {
      return Optional.empty();
    }
    return Optional.of(a.toPrefixBlock().toCanonicalString());
  }
}
