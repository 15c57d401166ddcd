<#ftl output_format="YAML" strip_whitespace=true>
<#-- The play that checks the backups and takes a full backup: where the cluster backs up (on its
     backup host, or on the leader when the repository is S3), as postgres. -->
<#macro checkAndBackup backups tags=[]>
- name: Check the backups (pgbackrest check), then take a full backup
  hosts: [=backups.onHost?then("pgbackrest", "postgres_cluster")]
  become: true
  become_user: postgres
  gather_facts: false
  any_errors_fatal: true
<#if tags?has_content>
  tags: [<#list tags as t>[=t]<#sep>, </#list>]
</#if>
  vars:
    hagen_stanza: [=backups.stanza]
  tasks:
<#if !backups.onHost>
    - name: Find the leader, which backs up to S3
      ansible.builtin.command:
        argv: [psql, -p, "{{ postgresql_port | default(5432) }}", -d, postgres, -tAXc, select pg_is_in_recovery()]
      register: hagen_recovery
      changed_when: false
    - name: Keep to the leader
      ansible.builtin.meta: end_host
      when: hagen_recovery.stdout | trim != 'f'
</#if>
    - name: Check the stanza and WAL archiving (pgbackrest check)
      ansible.builtin.command:
        argv: [pgbackrest, "--stanza={{ hagen_stanza }}", check]
      changed_when: false
      run_once: [=backups.onHost?c?no_esc]
    - name: Take a full backup
      ansible.builtin.command:
        argv: [pgbackrest, "--stanza={{ hagen_stanza }}", --type=full, backup]
      changed_when: true
      run_once: [=backups.onHost?c?no_esc]
</#macro>
