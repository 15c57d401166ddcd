package dev.hagen.blueprint;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Vagrant providers hagen writes a lab for, with the facts that differ between them: the box
 * that works out of the box, and what the guest calls the private network's NIC (the second one:
 * the first is VirtualBox's NAT or libvirt's management network).
 */
public enum Provider {
  /** Canonical's ubuntu/* boxes name VirtualBox's second NIC (PCI slot 8) `enp0s8`. */
  VIRTUALBOX("virtualbox", "ubuntu/jammy64", "ubuntu/", "enp0s8"),
  /** The Roboxes generic/* boxes boot with classic names (net.ifnames=0): `eth0`, then `eth1`. */
  LIBVIRT("libvirt", "generic/ubuntu2204", "generic/", "eth1");

  private final String word;
  private final String defaultBox;
  private final String knownBoxes;
  private final String privateNic;

  Provider(String word, String defaultBox, String knownBoxes, String privateNic) {
    this.word = word;
    this.defaultBox = defaultBox;
    this.knownBoxes = knownBoxes;
    this.privateNic = privateNic;
  }

  public String word() {
    return word;
  }

  public String defaultBox() {
    return defaultBox;
  }

  /** The NIC `network.interface` defaults to in a lab on this provider. */
  public String defaultNic() {
    return privateNic;
  }

  /** The private NIC's name in boxes whose naming is known; empty for other boxes. */
  public Optional<String> privateNic(String box) {
    return box.startsWith(knownBoxes) ? Optional.of(privateNic) : Optional.empty();
  }

  public static Optional<Provider> fromWord(String word) {
    return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst();
  }
}
