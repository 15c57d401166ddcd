<#ftl output_format="YAML" strip_whitespace=true>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Deploys the cluster: ansible-playbook deploy.yml (from this folder, so ansible.cfg applies).

- name: Deploy the PostgreSQL HA cluster with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.deploy_pgcluster
