<#ftl output_format="YAML" strip_whitespace=true>
<#assign v = plan.vars>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Variables for the vitabaks.autobase collection. Passwords are not in this file: each one is
# read from the Ansible controller's environment when the playbook runs (see the README).

patroni_cluster_name: [=v.patroniClusterName]
postgresql_version: [=v.postgresqlVersion?c?no_esc]
dcs_type: "etcd"

# Load balancing. Overriding haproxy_listen_port replaces autobase's default dict, so all keys are here.
with_haproxy_load_balancing: [=v.withHaproxyLoadBalancing?c?no_esc]
haproxy_listen_port:
<#list v.haproxyListenPort as name, port>
  [=name?no_esc]: [=port?c?no_esc]
</#list>

# The VIP and the NIC it lives on. Without vip_interface autobase takes the default route's NIC:
# on Vagrant that is the NAT NIC, and keepalived would put the VIP where no client can reach it.
cluster_vip: [=v.clusterVip]
vip_interface: [=v.vipInterface]

pgbouncer_install: [=v.pgbouncerInstall?c?no_esc]

# Synchronous replication: with strict mode, the leader takes no writes while no synchronous standby is up.
synchronous_mode: [=v.synchronousMode?c?no_esc]
synchronous_mode_strict: [=v.synchronousModeStrict?c?no_esc]
synchronous_node_count: [=v.synchronousNodeCount?c?no_esc]

# Failover timing: a lost leader's lock lives patroni_ttl seconds. Patroni's defaults (30/10/10)
# took 36-47 s to replace a lost leader in hagen's lab; these, with deploy.yml's etcd tuning, 23-30 s.
patroni_ttl: [=v.patroniTtl?c?no_esc]
patroni_loop_wait: [=v.patroniLoopWait?c?no_esc]
patroni_retry_timeout: [=v.patroniRetryTimeout?c?no_esc]

# Extensions (enable_* flags), all written so the choice is visible in review.
<#list v.extensionFlags as flag, on>
[=flag?no_esc]: [=on?c?no_esc]
</#list>

<#if v.passThrough?has_content>
# Passed through from the blueprint's autobase_vars. Strings are data: Ansible does not template them.
<#list v.passThrough as name, value>
[=yamlEntry(name, value)]
</#list>

</#if>
<#if plan.vault.isPresent()>
# Secrets: read from the Ansible Vault file [=plan.vault.get().file?no_esc] on the controller at run time
# (run with --ask-vault-password or a vault password file). A missing key is empty, and autobase generates it.
hagen_vault: "[=plan.vault.get().lookup?no_esc]"
<#else>
# Secrets: looked up on the controller at run time. An empty value makes autobase generate one.
</#if>
<#list plan.secrets as secret>
[=secret.variable?no_esc]: "[=secret.lookup()?no_esc]"
</#list>
