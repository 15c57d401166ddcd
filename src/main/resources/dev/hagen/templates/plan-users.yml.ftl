<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
# Run it from the ansible/ folder, after the steps before it, with the tags it names: they run
# autobase's postgresql_users, postgresql_databases and postgresql_extensions roles on the leader,
# and nothing else of config_pgcluster (no parameter, no pg_hba, no restart):
#   [=step.command?no_esc]
# The passwords of new users come from where deploy.yml takes them (see README.md). autobase never
# drops a user, a database or an extension that the blueprint no longer lists.

<@stepInputs.play/>

- name: Create the users, databases and extensions with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.config_pgcluster
