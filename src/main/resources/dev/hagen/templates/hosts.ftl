<#ftl output_format="AnsibleINI" strip_whitespace=true>
# [=header?no_esc]
# [=headerNote?no_esc]
#
# autobase inventory. Each host is keyed by its private IP, which is also its bind_address:
# etcd, Patroni and HAProxy then listen and advertise on the private network, never on the
# NAT address that every Vagrant VM shares (10.0.2.15). hostname names each etcd/Patroni member.
<#list plan.groups as group>

# [=group.comment?no_esc]
[[=group.name?no_esc]]
<#list group.hosts as host>
[=host.address] bind_address=[=host.address] hostname=[=host.name]<#if host.login.host.isPresent()> ansible_host=[=host.login.host.get()]</#if><#if host.login.port.isPresent()> ansible_port=[=host.login.port.get()?c?no_esc]</#if><#if host.login.user.isPresent()> ansible_user=[=host.login.user.get()]</#if><#if host.login.privateKeyFile.isPresent()> ansible_ssh_private_key_file=[=host.login.privateKeyFile.get()]</#if><#if group.postgres> postgresql_exists=false<#if host.patroniTags?has_content> patroni_tags=[=host.patroniTags]</#if><#if host.replicateFrom.isPresent()> patroni_replicatefrom=[=host.replicateFrom.get()]</#if></#if>
</#list>
</#list>

[postgres_cluster:children]
master
replica

# Connection settings
[all:vars]
ansible_connection=ssh
ansible_user=[=iniVar(plan.connection.user)]
ansible_ssh_private_key_file=[=iniVar(plan.connection.privateKeyFile)]
ansible_python_interpreter=/usr/bin/python3
