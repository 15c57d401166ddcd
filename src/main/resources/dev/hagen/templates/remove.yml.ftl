<#ftl output_format="YAML" strip_whitespace=true>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Removes the cluster and ALL ITS DATA. Nothing is removed unless the cluster's name is given:
#   ansible-playbook remove.yml -e confirm_removal=[=plan.clusterName?no_esc]
# Every removal task of autobase's remove_cluster runs only when remove_postgres or remove_etcd
# is true, and here each of them is true only when confirm_removal names this cluster: --limit,
# --start-at-task, --tags, --skip-tags or --step can skip the first play, never that condition.
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
    hagen_cluster_name: [=plan.clusterName]
    hagen_removal_confirmed: "{{ (confirm_removal | default('')) == hagen_cluster_name }}"
    remove_postgres: "{{ hagen_removal_confirmed }}"
    remove_etcd: "{{ hagen_removal_confirmed }}"
