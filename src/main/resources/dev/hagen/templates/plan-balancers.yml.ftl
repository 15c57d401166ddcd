<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
# Run it from the ansible/ folder, after the steps before it:
#   [=step.command?no_esc]
# HAProxy's haproxy.cfg lists the PostgreSQL hosts. With confd (autobase's default, confd_install)
# it follows the members in etcd by itself, and this step changes nothing; without confd,
# add_node and remove_node leave the existing balancers' list as it was. This renders it from
# autobase's template on each balancer, one at a time and the one holding the VIP last; HAProxy
# restarts only where the file changed.

<@stepInputs.play/>

# haproxy.cfg names each PostgreSQL host by its host name: every one's facts are read first.
- name: Read the PostgreSQL hosts' names
  hosts: postgres_cluster
  become: true
  gather_facts: true
  gather_subset: [min]
  any_errors_fatal: true
  tasks: []

- name: Find the balancer that holds the VIP
  hosts: balancers
  become: true
  gather_facts: true
  gather_subset: [min, network]
  any_errors_fatal: true
  tasks:
    - name: Sort the balancers, the VIP's holder last
      ansible.builtin.group_by:
        key: "hagen_balancers_{{ 'vip' if (cluster_vip | default('')) in (ansible_all_ipv4_addresses | default([])) else 'other' }}"
      changed_when: false

<#list ["hagen_balancers_other", "hagen_balancers_vip"] as batch>
- name: Render haproxy.cfg from autobase's template ([=batch?keep_after_last("_")?switch("vip", "the VIP's holder", "the others")])
  hosts: [=batch]
  become: true
  gather_facts: true
  serial: 1
  any_errors_fatal: true
  tasks:
    - name: Render it and restart HAProxy where it changed
      ansible.builtin.include_role:
        name: vitabaks.autobase.haproxy
      when:
        - with_haproxy_load_balancing | default(false) | bool
        - not (confd_install | default(true) | bool)
<#sep>

</#list>
