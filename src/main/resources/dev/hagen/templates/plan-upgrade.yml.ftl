<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
<#import "pgbackrest.ftl" as pgbackrest>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
# Run it from the ansible/ folder, after the check before it passed:
#   [=step.command?no_esc]
# autobase's in-place pg_upgrade: maintenance mode (PgBouncer's pools paused), pg_upgrade --link on
# the leader, the replicas by rsync, Patroni started on PostgreSQL [=step.data.to?c?no_esc], statistics analyzed.
# postgresql_version stays [=step.data.from?c?no_esc] for the run: pg_upgrade.yml derives the new version's
# paths from it. When it has run, record it: hagen build --applied (see README.md).
<#list wrap("It is destructive, and runs only with -e " + step.confirmation.get() + ": " + step.destroys, 96) as line>
# [=line?no_esc]
</#list>

<@stepInputs.play/>

- name: Require the versions of this upgrade
  hosts: localhost
  connection: local
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_from: [=step.data.from?c?no_esc]
    hagen_to: [=step.data.to?c?no_esc]
    hagen_cluster: [=plan.clusterName]
  tasks:
    - name: Require -e pg_old_version=[=step.data.from?c?no_esc] -e pg_new_version=[=step.data.to?c?no_esc] -e postgresql_version=[=step.data.from?c?no_esc] and the confirmation
      tags: [always]
      ansible.builtin.assert:
        that:
          - confirm_upgrade is defined
          - confirm_upgrade == hagen_cluster
          - (pg_old_version | default('') | string) == (hagen_from | string)
          - (pg_new_version | default('') | string) == (hagen_to | string)
          - (postgresql_version | string) == (hagen_from | string)
        fail_msg: >-
          Nothing ran. Run it as printed:
          [=step.command?no_esc]
        quiet: true

- name: Upgrade PostgreSQL with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.pg_upgrade
<#if plan.backups.isPresent()>
  vars:
    # Set as autobase's default is: the step checks the stanza after it, as autobase ignores errors.
    pgbackrest_stanza_upgrade: true

# The backups taken before cannot restore PostgreSQL [=step.data.to?c?no_esc]: autobase upgraded the stanza (its
# errors ignored); this checks that WAL archiving works with the new version, then takes a full
# backup of it.
<@pgbackrest.checkAndBackup backups=plan.backups.get()/>
</#if>
