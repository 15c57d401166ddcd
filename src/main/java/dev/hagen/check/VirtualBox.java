package dev.hagen.check;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/** Facts about VirtualBox that decide whether a lab comes up. */
final class VirtualBox {
  /**
   * Since 6.1.28, on Linux and macOS, host-only networks must lie here unless networks.conf says
   * more.
   */
  static final IPAddress DEFAULT_HOST_ONLY = new IPAddressString("192.168.56.0/21").getAddress();

  private VirtualBox() {}
}
