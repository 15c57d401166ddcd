<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
<#import "user-passwords.ftl" as passwords>
<#assign d = step.data>
<#-- psql as the postgres user, its SQL on standard input and each of variables (a psql variable's
     name, and the Jinja2 expression of its value) given with -v: the SQL reads them as :'NAME',
     which psql quotes by the server's rules. No value is ever part of the SQL's text. -->
<#macro psql sql variables={}>
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
          - -v
          - ON_ERROR_STOP=1
<#list variables as name, value>
          - -v
          - "[=name?no_esc]={{ [=value?no_esc] }}"
</#list>
          - -f
          - "-"
        stdin: "[=sql?no_esc]"
      environment:
        PGCLIENTENCODING: UTF8
</#macro>
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
  vars:
    # The users as group_vars has them; a password only where this step sets one, so that no
    # existing user's password changes.
    [=yamlEntry("postgresql_users", d.users, 4)]

- name: Wait until Patroni wrote the new values on every PostgreSQL host
  hosts: postgres_cluster
  become: true
  gather_facts: false
  any_errors_fatal: true
  vars:
    # The values are data: psql quotes them (-v NAME=VALUE, then :'NAME'), never this text.
    [=yamlEntry("hagen_written", d.written, 4)]
    [=yamlEntry("hagen_removed", d.removed, 4)]
    # One row per value postgresql.conf does not hold yet, and per removed parameter it still holds.
    hagen_query: |
      select name || ': ' || setting from (
        select w.key as name, coalesce(f.setting, 'not set') || ', not ' || w.value as setting
        from json_each_text(:'hagen_written') w
        left join (select name, setting from pg_file_settings
                   where sourcefile = current_setting('config_file')) f on f.name = w.key
        where f.setting is distinct from w.value
        union all
        select name, setting || ', not removed' from pg_file_settings
        where sourcefile = current_setting('config_file')
          and name in (select json_array_elements_text(:'hagen_removed'))
      ) m order by 1;
<#if d.rendered?has_content>
    # Set from autobase's templates, which Ansible renders on each host: their values are read
    # from what Patroni was given (its DCS, then this host's patroni.yml, which wins).
    [=yamlEntry("hagen_rendered", d.rendered, 4)]
</#if>
  tasks:
<#if d.rendered?has_content>
    - name: Read the values Patroni was given (patronictl show-config)
      ansible.builtin.command:
        argv: [patronictl, -c, "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}", show-config]
      register: hagen_dcs
      changed_when: false
      run_once: true
    - name: Read this host's own values (patroni.yml)
      ansible.builtin.slurp:
        src: "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"
      register: hagen_local
    - name: Wait for the rendered values too
      ansible.builtin.set_fact:
        hagen_written: >-
          {{ hagen_written | combine(((hagen_dcs.stdout | from_yaml).postgresql.parameters | default({}))
          | combine((hagen_local.content | b64decode | from_yaml).postgresql.parameters | default({}))
          | dict2items | selectattr('key', 'in', hagen_rendered) | items2dict) }}
</#if>
    - name: Read postgresql.conf as PostgreSQL reads it (pg_file_settings)
<@psql sql="{{ hagen_query }}" variables={"hagen_written": "hagen_written | to_json", "hagen_removed": "hagen_removed | to_json"}/>
      register: hagen_written_now
      changed_when: false
      retries: 60
      delay: 2
      until: hagen_written_now is success and hagen_written_now.stdout | trim == ''
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
    hagen_role: "{{ (hagen_members.stdout | from_json | selectattr('Member', 'equalto', hostname) | first).Role }}"
    hagen_leads: "{{ hagen_role in ['Leader', 'Standby Leader'] }}"
  tasks:
    - name: Read Patroni's members
      ansible.builtin.command:
        argv: [patronictl, -c, "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}", list, -f, json]
      register: hagen_members
      changed_when: false
<#if round == "replicas-after">
    - name: Wait until this replica replayed the leader's restart
<@psql sql="select pg_last_wal_replay_lsn() >= :'hagen_lsn'::pg_lsn;" variables={"hagen_lsn": "hagen_leader_lsn"}/>
      register: hagen_replayed
      changed_when: false
      retries: 60
      delay: 2
      until: hagen_replayed is success and hagen_replayed.stdout | trim == 't'
      when: not (hagen_leads | bool)
</#if>
<#if round == "leader" && d.pgbouncer>
    # PgBouncer pauses its pools on the leader (SIGUSR1 is its PAUSE): a client's query waits
    # for PostgreSQL to be back instead of failing, and the pools resume (SIGUSR2) however the
    # restart ends. Where no PgBouncer runs (pkill's exit 1: no process), there is nothing to
    # pause, and the restart goes on.
    - name: Restart the leader with PgBouncer's pools paused
      when: hagen_leads | bool
      block:
        - name: Pause PgBouncer's pools
          ansible.builtin.command:
            argv: [pkill, --signal, USR1, --exact, pgbouncer]
          register: hagen_paused
          changed_when: hagen_paused.rc == 0
          failed_when: hagen_paused.rc > 1
        - name: Restart PostgreSQL through Patroni
          ansible.builtin.command:
            argv:
              - patronictl
              - -c
              - "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"
              - restart
              - "{{ patroni_cluster_name }}"
              - "{{ hostname }}"
              - --force
          changed_when: true
        - name: Wait until it leads again
          ansible.builtin.command:
            argv: [patronictl, -c, "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}", list, -f, json]
          register: hagen_again
          changed_when: false
          retries: 60
          delay: 1
          until: >-
            hagen_again is success and
            (hagen_again.stdout | from_json | selectattr('Member', 'equalto', hostname)
            | selectattr('State', 'in', ['running']) | list | length) == 1
      always:
        - name: Resume PgBouncer's pools
          ansible.builtin.command:
            argv: [pkill, --signal, USR2, --exact, pgbouncer]
          register: hagen_resumed
          changed_when: hagen_resumed.rc == 0
          failed_when: hagen_resumed.rc > 1
<#else>
    - name: Restart PostgreSQL through Patroni
      ansible.builtin.command:
        argv:
          - patronictl
          - -c
          - "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"
          - restart
          - "{{ patroni_cluster_name }}"
          - "{{ hostname }}"
          - --force
      changed_when: true
      when: <#if round == "leader">hagen_leads | bool<#else>not (hagen_leads | bool)</#if>
    - name: Wait until it <#if round == "leader">leads<#else>streams</#if> again
      ansible.builtin.command:
        argv: [patronictl, -c, "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}", list, -f, json]
      register: hagen_again
      changed_when: false
      retries: 60
      delay: 2
      until: >-
        hagen_again is success and
        (hagen_again.stdout | from_json | selectattr('Member', 'equalto', hostname)
        | selectattr('State', 'in', [<#if round == "leader">'running'<#else>'streaming'</#if>]) | list | length) == 1
      when: <#if round == "leader">hagen_leads | bool<#else>not (hagen_leads | bool)</#if>
</#if>
<#if round == "leader">
    - name: Read the leader's WAL position after its restart
<@psql sql="select pg_current_wal_lsn();"/>
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
    # The values are data: psql quotes them (-v NAME=VALUE, then :'NAME'), never this text.
    [=yamlEntry("hagen_expected", d.expected, 4)]
    # One row per value pg_settings does not show, and per parameter pending a restart.
    hagen_query: |
      select name || ': ' || setting from (
        select w.key as name, coalesce(s.setting, 'not set') || ', not ' || w.value as setting
        from json_each_text(:'hagen_expected') w
        left join pg_settings s on s.name = w.key
        where s.setting is distinct from w.value
        union all
        select name, 'pending restart' from pg_settings where pending_restart
      ) m order by 1;
  tasks:
    - name: No parameter differs, none is pending a restart (pg_settings)
<@psql sql="{{ hagen_query }}" variables={"hagen_expected": "hagen_expected | to_json"}/>
      register: hagen_settings
      changed_when: false
      retries: 30
      delay: 2
      until: hagen_settings is success and hagen_settings.stdout | trim == ''
    - name: No member is pending a restart (patronictl list)
      ansible.builtin.command:
        argv: [patronictl, -c, "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}", list, -f, json]
      register: hagen_members
      changed_when: false
      run_once: true
      failed_when: >-
        hagen_members.rc != 0 or
        (hagen_members.stdout | from_json | selectattr('Pending restart', 'defined')
        | selectattr('Pending restart') | list | length) > 0
