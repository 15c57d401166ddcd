<#ftl output_format="YAML" strip_whitespace=true>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Removes the cluster and ALL ITS DATA. It refuses to run unless the cluster's name is given:
#   ansible-playbook remove.yml -e confirm_removal=[=plan.clusterName?no_esc]
# (The seed's single playbook carried deploy and remove tags and removed the cluster whenever it
# ran without --tags; removal here lives in its own file and asks first.)

- name: Confirm the removal of cluster [=plan.clusterName?no_esc]
  hosts: localhost
  connection: local
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_cluster_name: [=plan.clusterName]
  tasks:
    - name: Require -e confirm_removal=<cluster name>
      tags: [always]
      ansible.builtin.assert:
        that:
          - confirm_removal is defined
          - confirm_removal == hagen_cluster_name
        fail_msg: >-
          Nothing was removed. To remove this cluster and its data, run:
          ansible-playbook remove.yml -e confirm_removal={{ hagen_cluster_name }}
        quiet: true

- name: Remove the PostgreSQL HA cluster with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.remove_cluster
  vars:
    remove_postgres: true
    remove_etcd: true
