<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
# Run it from the ansible/ folder, after the steps before it:
#   [=step.command?no_esc]
# autobase's add_node and remove_node update Patroni's list of etcd hosts, but not vip-manager's
# (without HAProxy) nor confd's (with HAProxy): each keeps the members it was deployed with. This
# renders each from autobase's own template, one host at a time; a service restarts only where its
# file changed, and Patroni reloads.

<@stepInputs.play/>

- name: Point Patroni and vip-manager at the etcd members
  hosts: postgres_cluster
  become: true
  gather_facts: true
  serial: 1
  any_errors_fatal: true
  pre_tasks:
    - name: Define bind_address
      ansible.builtin.include_role:
        name: vitabaks.autobase.bind_address
    - name: Work on a running cluster (autobase reads the passwords from patroni.yml)
      ansible.builtin.set_fact:
        postgresql_cluster_maintenance: true
    - name: Read the passwords autobase needs
      ansible.builtin.include_role:
        name: vitabaks.autobase.pre_checks
        tasks_from: passwords
  tasks:
    - name: Render patroni.yml (its etcd hosts)
      ansible.builtin.include_role:
        name: vitabaks.autobase.patroni
        tasks_from: patroni
      when: dcs_type | default('etcd') == 'etcd'
    - name: Render vip-manager's configuration (its etcd endpoints)
      ansible.builtin.include_role:
        name: vitabaks.autobase.vip_manager
      when:
        - not (with_haproxy_load_balancing | default(false) | bool)
        - cluster_vip | default('') | length > 0

- name: Point confd at the etcd members
  hosts: balancers
  become: true
  gather_facts: true
  serial: 1
  any_errors_fatal: true
  tasks:
    - name: Render confd's configuration (its etcd endpoints)
      ansible.builtin.include_role:
        name: vitabaks.autobase.confd
      when:
        - with_haproxy_load_balancing | default(false) | bool
        - confd_install | default(true) | bool
        - dcs_type | default('etcd') == 'etcd'
