<#ftl output_format="YAML" strip_whitespace=true>
<#assign backups = plan.backups.get()>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Restores the cluster to a point in time from its pgBackRest backups, with autobase's own
# point-in-time recovery (its point_in_time_recovery tag and patroni_cluster_bootstrap_method):
#   [=backups.restore?no_esc]
# autobase stops Patroni everywhere, removes the cluster from etcd, restores the primary with
# pgBackRest's delta restore, replays archived WAL up to the time given, promotes it and starts
# Patroni; the replicas rejoin the new timeline. Writes stop for the whole restore.
# Nothing is restored unless both the tag and a time with its UTC offset are given: without them
# the bootstrap method stays initdb, and deploy_pgcluster leaves the running cluster alone.

- name: Check the point in time to restore cluster [=plan.clusterName?no_esc] to
  hosts: localhost
  connection: local
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: Require --tags point_in_time_recovery and -e restore_target='YYYY-MM-DD HH:MM:SS+00'
      tags: [always]
      ansible.builtin.assert:
        that:
          - "'point_in_time_recovery' in ansible_run_tags"
          - restore_target is defined
          - restore_target is match(hagen_restore_target)
        fail_msg: >-
          Nothing was restored. To restore the cluster to a point in time (with its UTC offset), run:
          [=backups.restore?no_esc]
        quiet: true
      vars:
        hagen_restore_target: [=backups.restoreTarget]

- name: Restore cluster [=plan.clusterName?no_esc] with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.deploy_pgcluster
  vars:
    hagen_restore_target: [=backups.restoreTarget]
    hagen_restore_confirmed: "{{ 'point_in_time_recovery' in ansible_run_tags and (restore_target | default('')) is match(hagen_restore_target) }}"
    patroni_cluster_bootstrap_method: "{{ 'pgbackrest' if hagen_restore_confirmed | bool else 'initdb' }}"
    # The time is quoted for the shell autobase runs pgBackRest with; its form has no quote.
    pgbackrest_patroni_cluster_restore_command: >-
      /usr/bin/pgbackrest --stanza={{ pgbackrest_stanza }} --type=time
      '--target={{ restore_target | default('') }}' --delta restore
    # In place, the restored cluster goes on archiving into the same repository (on a new
    # timeline): autobase's default would turn archiving off after a restore.
    disable_archive_command: false
