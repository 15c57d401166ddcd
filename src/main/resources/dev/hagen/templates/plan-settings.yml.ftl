<#ftl output_format="YAML" strip_whitespace=true>
<#assign d = step.data>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
# Run it from the ansible/ folder, after the steps before it:
#   [=step.command?no_esc]
# autobase's config_pgcluster PATCHes the cluster-wide parameters into Patroni's DCS, renders
# patroni.yml (per-host parameters), pg_hba.conf and pgbouncer.ini, creates users and databases, and
# reloads. It does not remove a parameter the list no longer has, and its own restart
# (-e pending_restart=true: replicas, then a switchover) leaves a lowered max_connections (or another
# value a standby must hold at least as high as its primary) where it was. So this step removes
# parameters itself, runs config_pgcluster without pending_restart, waits until Patroni wrote the
# new values on every member, restarts where and in the order the change needs, and checks that
# every member runs with the new values and none is pending a restart.
<#if d.removed?has_content>

- name: Remove parameters from Patroni's configuration
  hosts: postgres_cluster
  become: true
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: Remove them with patronictl edit-config --pg NAME=null
      ansible.builtin.command:
        argv:
          - patronictl
          - -c
          - "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"
          - edit-config
          - --force
<#list d.removed as name>
          - --pg
          - [=name + "=null"]
</#list>
      run_once: true
      register: hagen_edited
      # patronictl says "Not changed" when the DCS holds these values already.
      changed_when: "'Not changed' not in hagen_edited.stdout"
</#if>

- name: Apply the settings with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.config_pgcluster

- name: Wait until Patroni wrote the new values on every PostgreSQL host
  hosts: postgres_cluster
  become: true
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_query:
<#list d.written_sql as line>
      - [=line]
</#list>
  tasks:
    - name: Read postgresql.conf as PostgreSQL reads it (pg_file_settings)
      ansible.builtin.command:
        argv:
          - runuser
          - -u
          - postgres
          - --
          - psql
          - -p
          - "{{ postgresql_port | default(5432) }}"
          - -d
          - postgres
          - -tAX
          - -c
          - "{{ hagen_query | join(' ') }}"
      register: hagen_written
      changed_when: false
      retries: 60
      delay: 2
      until: hagen_written is success and hagen_written.stdout | trim == ''
<#if d.restart>
<#list ["replicas-first", "leader", "replicas-after"] as round>
<#if (round == "replicas-first" && d.replicas_first) || round == "leader" || (round == "replicas-after" && d.replicas_after)>

- name: Restart <#if round == "leader">the leader in place<#else>the replicas one at a time<#if round == "replicas-after"> (they replayed the leader's restart)</#if></#if>
  hosts: postgres_cluster
  become: true
  gather_facts: false
  serial: 1
  any_errors_fatal: true
  vars:
    hagen_patronictl: "patronictl -c {{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"
    hagen_role: "{{ (hagen_members.stdout | from_json | selectattr('Member', 'equalto', hostname) | first).Role }}"
    hagen_leads: "{{ hagen_role in ['Leader', 'Standby Leader'] }}"
  tasks:
    - name: Read Patroni's members
      ansible.builtin.command: "{{ hagen_patronictl }} list -f json"
      register: hagen_members
      changed_when: false
<#if round == "replicas-after">
    - name: Wait until this replica replayed the leader's restart
      ansible.builtin.command:
        argv:
          - runuser
          - -u
          - postgres
          - --
          - psql
          - -p
          - "{{ postgresql_port | default(5432) }}"
          - -d
          - postgres
          - -tAX
          - -c
          - "select pg_last_wal_replay_lsn() >= '{{ hagen_leader_lsn }}'::pg_lsn"
      register: hagen_replayed
      changed_when: false
      retries: 60
      delay: 2
      until: hagen_replayed is success and hagen_replayed.stdout | trim == 't'
      when: not (hagen_leads | bool)
</#if>
    - name: Restart PostgreSQL through Patroni
      ansible.builtin.command: "{{ hagen_patronictl }} restart {{ patroni_cluster_name }} {{ hostname }} --force"
      when: <#if round == "leader">hagen_leads | bool<#else>not (hagen_leads | bool)</#if>
    - name: Wait until it <#if round == "leader">leads<#else>streams</#if> again
      ansible.builtin.command: "{{ hagen_patronictl }} list -f json"
      register: hagen_again
      changed_when: false
      retries: 60
      delay: 2
      until: >-
        hagen_again is success and
        (hagen_again.stdout | from_json | selectattr('Member', 'equalto', hostname)
        | selectattr('State', 'in', [<#if round == "leader">'running'<#else>'streaming'</#if>]) | list | length) == 1
      when: <#if round == "leader">hagen_leads | bool<#else>not (hagen_leads | bool)</#if>
<#if round == "leader">
    - name: Read the leader's WAL position after its restart
      ansible.builtin.command:
        argv:
          - runuser
          - -u
          - postgres
          - --
          - psql
          - -p
          - "{{ postgresql_port | default(5432) }}"
          - -d
          - postgres
          - -tAX
          - -c
          - select pg_current_wal_lsn()
      register: hagen_lsn
      changed_when: false
      when: hagen_leads | bool
    - name: Tell every host the leader's WAL position
      ansible.builtin.set_fact:
        hagen_leader_lsn: "{{ hagen_lsn.stdout | trim }}"
      delegate_to: "{{ item }}"
      delegate_facts: true
      loop: "{{ groups['postgres_cluster'] }}"
      when: hagen_leads | bool
</#if>
</#if>
</#list>
</#if>

- name: Check that every member runs with the new values
  hosts: postgres_cluster
  become: true
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_query:
<#list d.expected_sql as line>
      - [=line]
</#list>
  tasks:
    - name: No parameter differs, none is pending a restart (pg_settings)
      ansible.builtin.command:
        argv:
          - runuser
          - -u
          - postgres
          - --
          - psql
          - -p
          - "{{ postgresql_port | default(5432) }}"
          - -d
          - postgres
          - -tAX
          - -c
          - "{{ hagen_query | join(' ') }}"
      register: hagen_settings
      changed_when: false
      retries: 30
      delay: 2
      until: hagen_settings is success and hagen_settings.stdout | trim == ''
    - name: No member is pending a restart (patronictl list)
      ansible.builtin.command: >-
        patronictl -c {{ patroni_config_file | default('/etc/patroni/patroni.yml') }} list -f json
      register: hagen_members
      changed_when: false
      run_once: true
      failed_when: >-
        hagen_members.rc != 0 or
        (hagen_members.stdout | from_json | selectattr('Pending restart', 'defined')
        | selectattr('Pending restart') | list | length) > 0
