<#ftl output_format="YAML" strip_whitespace=true>
<#import "pgbackrest.ftl" as pgbackrest>
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
# Patroni; the replicas rejoin the new timeline. Writes stop for the whole restore. Then it pushes
# the new timeline's history file to the repository (autobase replays the WAL with
# archive_command=/bin/true, so it may never have reached it), checks the backups and takes a full
# backup (the restored cluster's first), and stops unless every replica streams on the new
# timeline, saying which to reinitialize.
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

# autobase replayed the WAL with archive_command=/bin/true: the history file of the timeline the
# restore started may not be in the repository, and a later restore to a time on it would need it.
- name: Push the new timeline's history file to the repository
  hosts: postgres_cluster
  become: true
  become_user: postgres
  gather_facts: false
  any_errors_fatal: true
  tags: [point_in_time_recovery]
  vars:
    hagen_stanza: [=backups.stanza]
  tasks:
    - name: Find the leader, and its timeline's history file
      ansible.builtin.command:
        argv:
          - psql
          - -p
          - "{{ postgresql_port | default(5432) }}"
          - -d
          - postgres
          - -tAXc
          - >-
            select case when pg_is_in_recovery() then '' else current_setting('data_directory')
            || '/pg_wal/' || lpad(upper(to_hex(timeline_id)), 8, '0') || '.history' end
            from pg_control_checkpoint()
      register: hagen_history
      changed_when: false
    - name: Keep to the leader
      ansible.builtin.meta: end_host
      when: hagen_history.stdout | trim == ''
    - name: Look for the history file (the first timeline has none)
      ansible.builtin.stat:
        path: "{{ hagen_history.stdout | trim }}"
      register: hagen_history_file
    - name: Push it (pgbackrest archive-push)
      ansible.builtin.command:
        argv: [pgbackrest, "--stanza={{ hagen_stanza }}", archive-push, "{{ hagen_history.stdout | trim }}"]
      changed_when: true
      when: hagen_history_file.stat.exists

<@pgbackrest.checkAndBackup backups=backups tags=["point_in_time_recovery"]/>

- name: Check that every replica streams on the new timeline
  hosts: postgres_cluster
  become: true
  gather_facts: false
  any_errors_fatal: true
  tags: [point_in_time_recovery]
  tasks:
    - name: Wait until every replica streams on the leader's timeline (patronictl list)
      ansible.builtin.command:
        argv: [patronictl, -c, "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}", list, -f, json]
      register: hagen_members
      changed_when: false
      run_once: true
      # -e restore_wait_seconds=N: how long the replicas may take to catch up (300 by default).
      retries: "{{ (restore_wait_seconds | default(300) | int) // 5 }}"
      delay: 5
      until: >-
        hagen_members is success and
        (hagen_members.stdout | from_json | selectattr('Role', 'equalto', 'Leader') | list | length) == 1 and
        (hagen_members.stdout | from_json | rejectattr('Role', 'equalto', 'Leader')
        | rejectattr('State', 'equalto', 'streaming') | list | length) == 0 and
        (hagen_members.stdout | from_json | map(attribute='TL', default=0) | unique | list | length) == 1
      failed_when: false
    - name: Stop unless they do, saying which replica to reinitialize
      ansible.builtin.assert:
        that: hagen_behind | length == 0
        fail_msg: >-
          The cluster was restored, but {{ hagen_behind | join(', ') }} does not stream on the
          leader's timeline {{ hagen_timeline }} (pg_rewind failed, or it is still catching up).
          Reinitialize each from the leader, on any PostgreSQL host: sudo patronictl -c
          {{ patroni_config_file | default('/etc/patroni/patroni.yml') }} reinit
          {{ patroni_cluster_name }} MEMBER --force
        quiet: true
      run_once: true
      vars:
        hagen_list: "{{ hagen_members.stdout | default('[]') | from_json }}"
        hagen_timeline: "{{ hagen_list | selectattr('Role', 'equalto', 'Leader') | map(attribute='TL', default='?') | first | default('?') }}"
        hagen_behind: >-
          {{ hagen_list | rejectattr('Role', 'equalto', 'Leader') | rejectattr('State', 'equalto', 'streaming')
          | map(attribute='Member') | list
          + (hagen_list | rejectattr('Role', 'equalto', 'Leader') | selectattr('State', 'equalto', 'streaming')
          | rejectattr('TL', 'defined') | map(attribute='Member') | list)
          + (hagen_list | rejectattr('Role', 'equalto', 'Leader') | selectattr('State', 'equalto', 'streaming')
          | selectattr('TL', 'defined') | rejectattr('TL', 'equalto', hagen_timeline | int) | map(attribute='Member') | list) }}
