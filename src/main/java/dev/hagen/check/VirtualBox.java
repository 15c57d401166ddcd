package dev.hagen.check;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Optional;

/** Facts about VirtualBox that decide whether a lab comes up. */
final class VirtualBox {
  /** Since 6.1.28, on Linux and macOS, host-only networks must lie here unless networks.conf says more. */
  static final IPAddress DEFAULT_HOST_ONLY = new IPAddressString("192.168.56.0/21").getAddress();

  private VirtualBox() {}

  /**
   * The guest's name for the second NIC (the private network) in boxes whose naming is known:
   * Canonical's ubuntu/* boxes use predictable names on VirtualBox's PCI slot 8.
   */
  static Optional<String> privateNic(String box) {
    return box.startsWith("ubuntu/") ? Optional.of("enp0s8") : Optional.empty();
  }
}
