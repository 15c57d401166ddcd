<#ftl output_format="AnsibleINI" strip_whitespace=true>
<#import "inventory.ftl" as inventory>
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
<@inventory.line host=host group=group/>
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
