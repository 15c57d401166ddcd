<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
<#import "user-passwords.ftl" as passwords>
<#assign d = step.data>
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
<#if d.passwords?has_content>

# autobase's postgresql_users role sets the password of every user it is given, an empty one as
# none: this step gives it a password only for the users it creates (or lets log in), and stops
# before anything while one of those is empty.
- name: Stop unless every user this step gives a password has one
  hosts: postgres_cluster
  become: false
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_user_passwords:
<#list d.passwords as name, from>
      [=name]: [=from]
</#list>
  tasks:
    - name: Read autobase's defaults (the users it names)
      ansible.builtin.import_role:
        name: vitabaks.autobase.common
<@passwords.task again="run this step again"/>
</#if>

- name: Create the users, databases and extensions with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.config_pgcluster
  vars:
    # The users as group_vars has them; a password only where this step sets one, so that no
    # existing user's password changes.
    [=yamlEntry("postgresql_users", d.users, 4)]
