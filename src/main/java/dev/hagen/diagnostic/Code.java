package dev.hagen.diagnostic;

/**
 * The stable code of every problem hagen reports. Codes never change meaning once released, so that
 * users can search for them and scripts can match them. Numbering: 1xx syntax and structure, 2xx
 * network, 3xx topology, 4xx vagrant, 5xx ssh and autobase, 9xx output and files.
 */
public enum Code {
  YAML_SYNTAX("HG101", Severity.ERROR),
  EMPTY_BLUEPRINT("HG102", Severity.ERROR),
  UNKNOWN_KEY("HG103", Severity.ERROR),
  MISSING_KEY("HG104", Severity.ERROR),
  WRONG_TYPE("HG105", Severity.ERROR),
  DUPLICATE_KEY("HG106", Severity.ERROR),
  UNSUPPORTED_VERSION("HG107", Severity.ERROR),
  YAML_TAG("HG108", Severity.ERROR),
  INPUT_LIMIT("HG109", Severity.ERROR),
  INVALID_VALUE("HG110", Severity.ERROR),

  MALFORMED_CIDR("HG201", Severity.ERROR),
  MALFORMED_IP("HG202", Severity.ERROR),
  IP_OUTSIDE_CIDR("HG203", Severity.ERROR),
  RESERVED_ADDRESS("HG204", Severity.ERROR),
  DUPLICATE_IP("HG205", Severity.ERROR),
  VIP_IS_NODE_IP("HG206", Severity.ERROR),
  INVALID_INTERFACE("HG207", Severity.ERROR),

  PRIMARY_COUNT("HG301", Severity.ERROR),
  INVALID_NODE_NAME("HG302", Severity.ERROR),
  DUPLICATE_NODE_NAME("HG303", Severity.ERROR),
  NO_ETCD("HG304", Severity.ERROR),
  NO_POSTGRES_ROLE("HG305", Severity.ERROR),
  CONFLICTING_ROLES("HG306", Severity.ERROR),
  INVALID_CLUSTER_NAME("HG307", Severity.ERROR),

  PORT_RANGE("HG401", Severity.ERROR),
  DUPLICATE_PORT("HG402", Severity.ERROR),

  UNSAFE_TEXT("HG501", Severity.ERROR),
  INVALID_USER("HG502", Severity.ERROR),

  FOREIGN_FILE("HG901", Severity.ERROR),
  IO("HG902", Severity.ERROR);

  private final String id;
  private final Severity severity;

  Code(String id, Severity severity) {
    this.id = id;
    this.severity = severity;
  }

  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }
}
