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
- name: Render haproxy.cfg from autobase's template ([=batch?keep_after_last("_")?switch("vip", "the VIP's holder, the VIP held by another meanwhile", "the others")])
  hosts: [=batch]
  become: true
  gather_facts: true
  serial: 1
  any_errors_fatal: true
  vars:
    hagen_renders: "{{ (with_haproxy_load_balancing | default(false) | bool) and not (confd_install | default(true) | bool) }}"
  tasks:
    - name: Read autobase's defaults (HAProxy's ports)
      ansible.builtin.import_role:
        name: vitabaks.autobase.common
<#if batch == "hagen_balancers_vip">
    # A HAProxy that starts takes every server for up until its checks say otherwise: while it
    # does, no client may reach it through the VIP.
    - name: Hand the VIP to another balancer (stop keepalived)
      ansible.builtin.systemd:
        name: keepalived
        state: stopped
      when: hagen_renders | bool
    - name: Wait until this balancer no longer holds the VIP
      ansible.builtin.command:
        argv: [ip, -o, -4, addr, show, to, "{{ cluster_vip }}"]
      register: hagen_vip_here
      changed_when: false
      until: hagen_vip_here.stdout | length == 0
      retries: 10
      delay: 1
      when: hagen_renders | bool
</#if>
    - name: Render it and restart HAProxy where it changed
      ansible.builtin.include_role:
        name: vitabaks.autobase.haproxy
      when: hagen_renders | bool
    - name: Restart HAProxy now, not at the end of the play
      ansible.builtin.meta: flush_handlers
    - name: Wait until HAProxy's checks settled (one read-write server up, every other down)
      ansible.builtin.uri:
        url: "http://{{ haproxy_bind_address | default(bind_address, true) }}:{{ haproxy_listen_port.stats }}/;csv"
        return_content: true
      register: hagen_stats
      until: >-
        hagen_stats is success and
        (hagen_stats.content.splitlines() | select('match', '^master,')
        | reject('match', '^master,(FRONTEND|BACKEND),') | map('split', ',') | map(attribute=17)
        | reject('in', ['UP', 'DOWN']) | list | length) == 0 and
        (hagen_stats.content.splitlines() | select('match', '^master,')
        | reject('match', '^master,(FRONTEND|BACKEND),') | map('split', ',') | map(attribute=17)
        | select('equalto', 'UP') | list | length) == 1
      retries: 60
      delay: 1
      when: hagen_renders | bool
<#if batch == "hagen_balancers_vip">
    - name: Take part in holding the VIP again (start keepalived)
      ansible.builtin.systemd:
        name: keepalived
        state: started
      when: hagen_renders | bool
</#if>
<#sep>

</#list>
