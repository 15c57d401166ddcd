package dev.hagen.diagnostic;

/**
 * The stable code of every problem hagen reports. Codes never change meaning once released, so that
 * users can search for them and scripts can match them. Numbering: 1xx syntax and structure, 2xx
 * network, 3xx topology, 4xx vagrant, 5xx ssh and autobase, 6xx blueprints built together, 7xx
 * changes to a built cluster, 8xx PostgreSQL settings (85x backups), 9xx files. docs/diagnostics.md
 * lists each with an example and its fix.
 */
public enum Code {
  YAML_SYNTAX("HG101", Severity.ERROR, "The blueprint is not valid YAML."),
  EMPTY_BLUEPRINT("HG102", Severity.ERROR, "The blueprint is empty."),
  UNKNOWN_KEY("HG103", Severity.ERROR, "A key the blueprint format does not have (often a typo)."),
  MISSING_KEY("HG104", Severity.ERROR, "A required key is missing."),
  WRONG_TYPE("HG105", Severity.ERROR, "A value has the wrong type (text, number, list, mapping)."),
  DUPLICATE_KEY("HG106", Severity.ERROR, "A key is set twice in the same mapping."),
  UNSUPPORTED_VERSION(
      "HG107", Severity.ERROR, "The blueprint format version is not one this hagen reads."),
  YAML_TAG("HG108", Severity.ERROR, "A YAML tag (!something): blueprints hold plain values only."),
  INPUT_LIMIT(
      "HG109",
      Severity.ERROR,
      "The input is too large, too deep, has too many aliases, or is not text."),
  INVALID_VALUE("HG110", Severity.ERROR, "A value outside the words or range the field accepts."),
  BASE_BLUEPRINT(
      "HG111",
      Severity.ERROR,
      "extends names no readable blueprint, or a base that extends another; or an overlay's node is not in the base."),
  OUTSIDE_ROOT(
      "HG112",
      Severity.ERROR,
      "A blueprint path (named, found in a folder, or in extends) leads outside the folder it was named from."),

  MALFORMED_CIDR(
      "HG201", Severity.ERROR, "network.cidr is not an IPv4 network with its prefix length."),
  MALFORMED_IP("HG202", Severity.ERROR, "An address is not a plain IPv4 address."),
  IP_OUTSIDE_CIDR("HG203", Severity.ERROR, "A node address or the VIP is outside network.cidr."),
  RESERVED_ADDRESS(
      "HG204", Severity.ERROR, "An address is the network's own or its broadcast address."),
  DUPLICATE_IP("HG205", Severity.ERROR, "Two nodes have the same address."),
  VIP_IS_NODE_IP("HG206", Severity.ERROR, "The VIP is also a node's address."),
  INVALID_INTERFACE("HG207", Severity.ERROR, "network.interface is not a name Linux accepts."),
  HOST_ADAPTER_ADDRESS(
      "HG208",
      Severity.ERROR,
      "An address is the host's own adapter on a VirtualBox host-only network."),
  INTERFACE_MISMATCH(
      "HG209",
      Severity.ERROR,
      "network.interface is not the private NIC of this provider and box."),
  HOST_ONLY_RANGE(
      "HG210",
      Severity.ERROR,
      "The network is outside the host-only ranges VirtualBox allows by default."),
  MANAGEMENT_OVERLAP(
      "HG211", Severity.ERROR, "libvirt's management network overlaps the private network."),

  PRIMARY_COUNT("HG301", Severity.ERROR, "The cluster does not have exactly one primary."),
  INVALID_NODE_NAME("HG302", Severity.ERROR, "A node name is not a valid host name."),
  DUPLICATE_NODE_NAME(
      "HG303", Severity.ERROR, "Two nodes have the same name (compared without case)."),
  NO_ETCD("HG304", Severity.ERROR, "No node runs etcd."),
  CONFLICTING_ROLES("HG306", Severity.ERROR, "A node is both primary and replica."),
  INVALID_CLUSTER_NAME(
      "HG307", Severity.ERROR, "cluster.name cannot name a Patroni cluster and a folder."),
  ETCD_TOO_FEW(
      "HG308",
      Severity.WARNING,
      "Fewer than three etcd members: losing one loses etcd's quorum, and Patroni then stops writes."),
  ETCD_EVEN(
      "HG309",
      Severity.WARNING,
      "An even number of etcd members tolerates no more failures than one fewer."),
  VIP_WITHOUT_BALANCER(
      "HG310", Severity.ERROR, "A VIP with HAProxy on, but no node with role balancer to hold it."),
  BALANCER_WITHOUT_HAPROXY(
      "HG311", Severity.WARNING, "Nodes have role balancer, but features.haproxy is off."),
  NO_REPLICA("HG312", Severity.WARNING, "The cluster has no replica: nothing to fail over to."),
  BAD_UPSTREAM(
      "HG313",
      Severity.ERROR,
      "replicate_from or tags on a node that cannot have them, or naming no PostgreSQL node."),
  NO_FAILOVER_CANDIDATE(
      "HG314", Severity.WARNING, "Every replica is tagged nofailover: Patroni can promote none."),
  SYNCHRONOUS_COUNT(
      "HG315",
      Severity.ERROR,
      "synchronous_node_count is below 1 or above the replicas that may be synchronous."),
  SYNCHRONOUS_STRICT_STALL(
      "HG316",
      Severity.WARNING,
      "Strict synchronous mode with no spare standby: losing one replica stops writes."),
  SYNCHRONOUS_SETTING_UNUSED(
      "HG317", Severity.ERROR, "A synchronous setting without synchronous_mode: true."),
  PATRONI_TIMING(
      "HG318",
      Severity.ERROR,
      "Patroni's timing breaks its rule: ttl >= 20, loop_wait >= 1, retry_timeout >= 3, loop_wait + 2 * retry_timeout <= ttl."),

  PORT_RANGE("HG401", Severity.ERROR, "A forwarded SSH port is outside 1-65535."),
  DUPLICATE_PORT("HG402", Severity.ERROR, "Two nodes forward SSH from the same host port."),
  PRIVILEGED_PORT(
      "HG403", Severity.WARNING, "A forwarded SSH port below 1024 needs root on the host."),
  SMALL_VM("HG404", Severity.WARNING, "VMs smaller than PostgreSQL + Patroni + etcd need."),
  INVALID_BOX("HG405", Severity.ERROR, "vagrant.box is not a box name."),
  PROVIDER_OPTION("HG406", Severity.ERROR, "A setting of another Vagrant provider than the lab's."),
  MISPLACED_NODE_SETTING(
      "HG407",
      Severity.ERROR,
      "A node setting for existing machines in a lab, or for a lab on existing machines."),

  UNSAFE_TEXT("HG501", Severity.ERROR, "A path contains template markers or control characters."),
  INVALID_USER("HG502", Severity.ERROR, "ssh.user is not a valid Linux user name."),
  UNKNOWN_AUTOBASE_VERSION("HG503", Severity.ERROR, "An autobase release hagen does not know."),
  KNOWN_BREAKAGE(
      "HG504", Severity.WARNING, "A combination known to fail with this autobase release."),
  UNKNOWN_VARIABLE(
      "HG505",
      Severity.ERROR,
      "autobase_vars sets a variable this autobase release does not read."),
  DERIVED_VARIABLE(
      "HG506",
      Severity.ERROR,
      "autobase_vars sets a variable hagen derives from a blueprint field."),
  SECRET_IN_BLUEPRINT("HG507", Severity.ERROR, "autobase_vars sets a password or other secret."),
  HOST_VARIABLE(
      "HG508", Severity.ERROR, "autobase_vars sets a per-host, internal or extra-run variable."),
  POSTGRESQL_VERSION(
      "HG509", Severity.ERROR, "A PostgreSQL major version autobase does not install."),
  INVALID_SSH_HOST(
      "HG510", Severity.ERROR, "A node's ssh_host is not an IPv4 address or a DNS name."),

  DUPLICATE_CLUSTER(
      "HG601", Severity.ERROR, "Two blueprints built together name the same cluster."),
  SHARED_ADDRESS("HG602", Severity.ERROR, "Two blueprints built together use the same address."),
  SHARED_ROUTER_ID(
      "HG603", Severity.ERROR, "Two VIPs on one network share keepalived's virtual router id."),
  SHARED_HOST_PORT(
      "HG604", Severity.ERROR, "Two labs built together forward SSH from the same host port."),
  OVERLAPPING_NETWORKS(
      "HG605",
      Severity.ERROR,
      "Two labs built together have networks that overlap without being the same."),

  RENAMED_CLUSTER(
      "HG701", Severity.ERROR, "cluster.name changed for a cluster hagen built before."),
  SETTLED_SETTING(
      "HG702",
      Severity.ERROR,
      "A change to a built cluster that hagen does not plan (a PostgreSQL downgrade, the DCS, the"
          + " data directory, the VIP, a database's encoding or locale)."),
  NODE_CHANGED(
      "HG703", Severity.ERROR, "An existing node's address, name or etcd/balancer roles changed."),
  NEW_NODE_FIRST(
      "HG704", Severity.ERROR, "A node added to a built cluster comes first in an autobase group."),
  FIRST_BALANCER(
      "HG705",
      Severity.ERROR,
      "HAProxy turned on or off, or the first balancer, on a built cluster."),
  BALANCER_REMOVED(
      "HG706",
      Severity.WARNING,
      "A balancer retired that clients connect to by its own address: the cluster has no VIP."),
  TOO_FEW_ETCD("HG707", Severity.ERROR, "A removal would leave fewer than 3 etcd members."),
  LAST_REPLICA("HG708", Severity.ERROR, "A removal would leave the cluster without a replica."),
  SEVERAL_REMOVALS(
      "HG709", Severity.ERROR, "More than one node removed at once: hagen removes one per run."),
  PRIMARY_MOVED(
      "HG711",
      Severity.WARNING,
      "The primary role moved: it names the bootstrap host, the leader stays where it is."),
  STEPS_NOT_WRITTEN(
      "HG712",
      Severity.ERROR,
      "--applied, but the tree does not hold this change's steps: they were never written or"
          + " reviewed."),
  UPGRADE_NOT_ALONE(
      "HG713", Severity.ERROR, "A PostgreSQL major upgrade planned together with other changes."),
  UPGRADE_WITHOUT_REPLICA(
      "HG714",
      Severity.ERROR,
      "A PostgreSQL major upgrade of a cluster without a replica, which autobase's pg_upgrade"
          + " needs."),
  BACKUP_CHANGE(
      "HG715",
      Severity.ERROR,
      "Backups (the backup section or the backup node) changed on a built cluster: hagen does not"
          + " plan that change."),
  PENDING_STEPS(
      "HG716",
      Severity.ERROR,
      "A build would replace the steps of a change that is not recorded yet, which may have run."),
  STALE_OBSERVATION(
      "HG720",
      Severity.ERROR,
      "The observation (observed.json) is of another cluster, or was taken beside another record"
          + " than the one hagen plans from."),
  SICK_CLUSTER(
      "HG721",
      Severity.ERROR,
      "The observed cluster is not healthy: a host gave nothing, a member is not running or"
          + " streaming, lags, is pending a restart nobody planned, or the VIP is not on one host."),
  DRIFT_REFUSED(
      "HG722",
      Severity.ERROR,
      "The running cluster differs from its record in a way hagen does not plan away (its members,"
          + " etcd, its PostgreSQL version, its page checksums, pg_hba rules put into Patroni by"
          + " hand)."),

  UNKNOWN_PARAMETER(
      "HG801",
      Severity.ERROR,
      "A server parameter the blueprint's PostgreSQL version does not have (often a typo)."),
  PARAMETER_VALUE(
      "HG802", Severity.ERROR, "A parameter's value is not of its type, range or words."),
  DERIVED_PARAMETER(
      "HG803",
      Severity.ERROR,
      "A parameter that hagen, Patroni or autobase sets from another field, or that no one can"
          + " set."),
  NOTHING_TO_REMOVE(
      "HG804",
      Severity.WARNING,
      "A parameter set to null that autobase does not set: it removes nothing."),
  HBA_RULE(
      "HG805", Severity.ERROR, "A pg_hba rule PostgreSQL would refuse, or one that cannot work."),
  OPEN_HBA_RULE(
      "HG806",
      Severity.WARNING,
      "A pg_hba rule lets clients from the network in without a password."),
  LITERAL_PASSWORD(
      "HG807",
      Severity.ERROR,
      "A password written in the blueprint: passwords come in at run time."),
  INVALID_ROLE(
      "HG808",
      Severity.ERROR,
      "A user, database or pool PostgreSQL or PgBouncer would refuse, or one that names another"
          + " that is not there."),
  NETDATA_EVERYWHERE(
      "HG809", Severity.WARNING, "Netdata's web server on every interface of every node."),
  UNSAFE_PARAMETER(
      "HG810",
      Severity.ERROR,
      "A parameter that runs a command, loads a library from a path, or changes how SQL text is"
          + " quoted."),
  HBA_LOCKOUT(
      "HG811",
      Severity.ERROR,
      "A pg_hba rule that refuses replication, the superuser or clients through HAProxy between"
          + " the cluster's own hosts: it comes before autobase's rules for them."),
  HBA_NOT_THROUGH_THE_VIP(
      "HG812",
      Severity.WARNING,
      "A pg_hba rule for an address no balancer has: connections through the VIP never meet it."),
  SLOW_STANDBY_RECONNECT(
      "HG813",
      Severity.WARNING,
      "Strict synchronous mode with the standbys' default reconnect delay: commits stop about 5 s"
          + " when the leader restarts."),
  BACKUP_HOST(
      "HG851",
      Severity.ERROR,
      "backup.repository: host without exactly one node with role backup, or a backup node the"
          + " backups do not use."),
  BACKUP_HOST_POSTGRESQL(
      "HG852",
      Severity.ERROR,
      "The backup node also runs PostgreSQL: its backups would be lost with it."),
  S3_SETTING(
      "HG853",
      Severity.ERROR,
      "An S3 endpoint, bucket, region or path pgBackRest cannot use, or S3 settings without"
          + " repository: s3."),
  BACKUP_RETENTION(
      "HG854", Severity.ERROR, "backup.retention_full is below 1 or above pgBackRest's 9999999."),
  BACKUP_SCHEDULE(
      "HG855",
      Severity.ERROR,
      "A backup schedule that is not a five-field cron expression, or two kinds of backup that"
          + " start at the same minute."),
  LITERAL_S3_KEY(
      "HG856",
      Severity.ERROR,
      "An S3 access key written in the blueprint: the keys come in at run time."),

  FOREIGN_FILE("HG901", Severity.ERROR, "An output path holds a file hagen did not write."),
  IO("HG902", Severity.ERROR, "The blueprint file cannot be read."),
  HAND_EDITED("HG903", Severity.ERROR, "A file hagen generated was edited by hand since."),
  NOT_HAGENS(
      "HG904",
      Severity.ERROR,
      "A symlink, a file or a folder stands where hagen keeps its own folder or file."),
  DAMAGED_MANIFEST(
      "HG905",
      Severity.ERROR,
      "The manifest lists a path outside its folder, or a file hagen did not write."),
  OTHER_BLUEPRINT(
      "HG906", Severity.ERROR, "The cluster's folder was built from another blueprint."),
  OUTPUT_IO(
      "HG907",
      Severity.ERROR,
      "The output cannot be read or written: disk full, read-only, permissions, not a folder."),
  SWAP_LEFTOVERS(
      "HG908",
      Severity.ERROR,
      "Leftovers of an interrupted build that hagen cannot tell how to finish."),
  OUTPUT_BUSY("HG909", Severity.ERROR, "Another hagen run holds the output folder's lock."),
  DAMAGED_RECORD(
      "HG910",
      Severity.ERROR,
      "The cluster's record (hagen-state.yml) was edited or damaged: hagen cannot plan from it."),
  DAMAGED_OBSERVATION(
      "HG911",
      Severity.ERROR,
      "The observation (observed.json) is not what observe.yml writes: hagen cannot compare the"
          + " cluster with it.");

  private final String id;
  private final Severity severity;
  private final String summary;

  Code(String id, Severity severity, String summary) {
    this.id = id;
    this.severity = severity;
    this.summary = summary;
  }

  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  public String summary() {
    return summary;
  }
}
