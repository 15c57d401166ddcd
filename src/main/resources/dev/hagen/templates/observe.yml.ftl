<#ftl output_format="YAML" strip_whitespace=true>
<#-- A read-only command on a cluster host: it runs in check mode too, changes nothing, and a
     failure is observed (its rc and stderr) rather than stopping the observation. -->
<#macro reads register>
      register: [=register?no_esc]
      changed_when: false
      failed_when: false
      check_mode: false
</#macro>
<#macro psql sql register>
      ansible.builtin.command:
        argv: [runuser, -u, postgres, --, psql, -p, "{{ postgresql_port | default(5432) }}", -tAX, -v, ON_ERROR_STOP=1, -f, "-"]
        stdin: "{{ [=sql?no_esc] }}"
      environment:
        PGCLIENTENCODING: UTF8
        PGDATABASE: postgres
<@reads register=register/>
</#macro>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Observes cluster [=plan.clusterName?no_esc] and writes what it finds to [=observation.file?no_esc] in the cluster's
# folder (-e hagen_observation_file=PATH: elsewhere), for `hagen plan --observed`:
#   ansible-playbook observe.yml
# Read-only: every task on a cluster host only reads (each is changed_when: false and runs in
# --check too), and the one file it writes is on the controller. It reads Patroni's members,
# version and dynamic configuration; PostgreSQL's parameters (values, sources, pending restarts),
# pg_hba rules, roles (flags and memberships, never a password), databases and extensions; etcd's
# members; which host holds the VIP;<#if plan.backups.isPresent()> pgBackRest's backups;</#if> and the values autobase's own
# expressions in hagen's record take on each host. A value that may hold a password (a parameter
# named like *conninfo*, *password* or *passphrase*) is left out on the host, so it never reaches
# the file. Every query is a constant: nothing observed is ever part of a query's or a command's
# text.

- name: Observe PostgreSQL and Patroni
  hosts: postgres_cluster
  become: true
  # autobase's expressions read the memory and CPUs: facts, which only read.
  gather_facts: true
  gather_subset: ["!all", "hardware"]
  ignore_unreachable: true
  vars:
    hagen_patroni: [patronictl, -c, "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"]
    # Patroni's dynamic settings hagen records, by their DCS names (and Patroni 4's for one).
    [=yamlEntry("hagen_dcs_keys", dcsKeys, 4)]
    # One JSON document: this member's PostgreSQL as it runs.
    hagen_postgresql_query: |
      select json_build_object(
        'server_version_num', current_setting('server_version_num')::int,
        'system_identifier', (select system_identifier::text from pg_control_system()),
        'in_recovery', pg_is_in_recovery(),
        'data_checksums', current_setting('data_checksums') = 'on',
        'settings', (select coalesce(json_agg(json_build_object(
            'name', name, 'setting', setting, 'unit', unit, 'source', source,
            'pending_restart', pending_restart) order by name), '[]')
          from pg_settings
          where source not in ('default', 'override', 'client', 'session')
            and name !~* 'conninfo|password|passphrase'),
        'pg_hba', (select coalesce(json_agg(json_build_object(
            'line', line_number, 'type', type, 'database', database, 'user_name', user_name,
            'address', address, 'netmask', netmask, 'auth_method', auth_method,
            'options', options, 'error', error) order by line_number), '[]')
          from pg_hba_file_rules),
        'roles', (select coalesce(json_agg(json_build_object(
            'name', r.rolname, 'login', r.rolcanlogin, 'superuser', r.rolsuper,
            'createdb', r.rolcreatedb, 'createrole', r.rolcreaterole,
            'replication', r.rolreplication, 'bypassrls', r.rolbypassrls,
            'inherit', r.rolinherit,
            'member_of', (select coalesce(json_agg(g.rolname order by g.rolname), '[]')
              from pg_auth_members m join pg_roles g on g.oid = m.roleid
              where m.member = r.oid)) order by r.rolname), '[]')
          from pg_roles r where r.rolname !~ '^pg_'),
        'databases', (select coalesce(json_agg(json_build_object(
            'name', d.datname, 'owner', pg_get_userbyid(d.datdba),
            'encoding', pg_encoding_to_char(d.encoding), 'locale', d.datcollate)
            order by d.datname), '[]')
          from pg_database d where d.datallowconn and not d.datistemplate));
    hagen_extensions_query: "select coalesce(json_agg(extname order by extname), '[]') from pg_extension;"
<#if autobaseExpressions?has_content>
    # autobase's own expressions that hagen's record holds, evaluated on each host.
    [=yamlEntry("hagen_autobase_expressions", autobaseExpressions, 4)]
</#if>
  tasks:
    - name: Read autobase's defaults (the names and values its expressions use)
      ansible.builtin.import_role:
        name: vitabaks.autobase.common
    - name: Read Patroni's members (patronictl list)
      ansible.builtin.command:
        argv: "{{ hagen_patroni + ['list', '--extended', '--format', 'json'] }}"
<@reads register="hagen_members"/>
    - name: Read Patroni's version
      ansible.builtin.command:
        argv: "{{ hagen_patroni + ['version'] }}"
<@reads register="hagen_patroni_version"/>
    - name: Read Patroni's dynamic configuration (patronictl show-config)
      ansible.builtin.command:
        argv: "{{ hagen_patroni + ['show-config'] }}"
<@reads register="hagen_config"/>
    - name: Read this member's PostgreSQL (parameters, pg_hba, roles, databases)
<@psql sql="hagen_postgresql_query" register="hagen_postgresql"/>
    - name: Read each database's extensions
      ansible.builtin.command:
        argv: [runuser, -u, postgres, --, psql, -p, "{{ postgresql_port | default(5432) }}", -tAX, -f, "-"]
        stdin: "{{ hagen_extensions_query }}"
      environment:
        PGCLIENTENCODING: UTF8
        # The name as data: libpq never reads PGDATABASE as a connection string, as it would -d.
        PGDATABASE: "{{ item }}"
      loop: "{{ ((hagen_postgresql.stdout | from_json).databases | map(attribute='name') | list) if (hagen_postgresql.rc | default(1)) == 0 else [] }}"
<@reads register="hagen_extensions"/>
<#if plan.backups.isPresent()>
    - name: Read pgBackRest's backups
      ansible.builtin.command:
        argv: [runuser, -u, postgres, --, pgbackrest, "--stanza={{ pgbackrest_stanza | default(patroni_cluster_name) }}", info, --output=json]
      run_once: true
<@reads register="hagen_backups"/>
</#if>
    - name: Keep what this member showed
      ansible.builtin.set_fact:
        hagen_seen_postgresql:
          members: "{{ hagen_members | ansible.builtin.dict2items | selectattr('key', 'in', ['rc', 'stdout', 'stderr']) | ansible.builtin.items2dict }}"
          patroni_version: "{{ hagen_patroni_version.stdout | default('') }}"
          config: >-
            {{ (hagen_config.stdout | from_yaml | ansible.builtin.dict2items
                | selectattr('key', 'in', hagen_dcs_keys) | ansible.builtin.items2dict)
               | combine({'parameters': ((hagen_config.stdout | from_yaml).postgresql | default({})).parameters | default({})
                 | ansible.builtin.dict2items | rejectattr('key', 'search', '(?i)conninfo|password|passphrase')
                 | ansible.builtin.items2dict,
                 'pg_hba': ((hagen_config.stdout | from_yaml).postgresql | default({})).pg_hba | default([])})
               if (hagen_config.rc | default(1)) == 0 else {} }}
          postgresql: "{{ hagen_postgresql | ansible.builtin.dict2items | selectattr('key', 'in', ['rc', 'stdout', 'stderr']) | ansible.builtin.items2dict }}"
          autobase: "{{ hagen_autobase_expressions | default([]) }}"
          extensions: >-
            {{ dict(hagen_extensions.results | default([]) | map(attribute='item')
               | zip(hagen_extensions.results | default([]) | map(attribute='stdout'))) }}
<#if plan.backups.isPresent()>
          backups: "{{ hagen_backups | ansible.builtin.dict2items | selectattr('key', 'in', ['rc', 'stdout', 'stderr']) | ansible.builtin.items2dict }}"
</#if>

- name: Observe etcd
  hosts: etcd_cluster
  become: true
  gather_facts: false
  ignore_unreachable: true
  tasks:
    - name: Read autobase's defaults (etcd's paths and TLS)
      ansible.builtin.import_role:
        name: vitabaks.autobase.common
    - name: Read etcd's members (etcdctl member list)
      ansible.builtin.command:
        argv: >-
          {{ [etcd_bin_dir | default('/usr/local/bin') ~ '/etcdctl', 'member', 'list', '--write-out=json',
              '--endpoints=' ~ (patroni_etcd_protocol | default('http', true)) ~ '://'
              ~ (etcd_bind_address | default(bind_address, true)) ~ ':2379']
             + ((['--cacert=' ~ etcd_tls_dir ~ '/' ~ etcd_tls_ca_crt, '--cert=' ~ etcd_tls_dir ~ '/' ~ etcd_tls_server_crt,
                  '--key=' ~ etcd_tls_dir ~ '/' ~ etcd_tls_server_key]) if etcd_tls_enable | bool else []) }}
      environment:
        ETCDCTL_API: "3"
<@reads register="hagen_etcd"/>
    - name: Keep what this member showed
      ansible.builtin.set_fact:
        hagen_seen_etcd: "{{ hagen_etcd | ansible.builtin.dict2items | selectattr('key', 'in', ['rc', 'stdout', 'stderr']) | ansible.builtin.items2dict }}"

- name: Observe which host holds the VIP
  hosts: postgres_cluster:balancers
  become: false
  gather_facts: false
  ignore_unreachable: true
  tasks:
    - name: Read this host's IPv4 addresses (ip -json address)
      ansible.builtin.command:
        argv: [ip, -json, -4, address, show]
<@reads register="hagen_addresses"/>
    - name: Keep them
      ansible.builtin.set_fact:
        hagen_seen_addresses: >-
          {{ (hagen_addresses.stdout | from_json | map(attribute='addr_info') | flatten
              | map(attribute='local') | list) if (hagen_addresses.rc | default(1)) == 0 else [] }}

- name: Write the observation on the controller
  hosts: localhost
  connection: local
  become: false
  gather_facts: false
  vars:
    hagen_targets: "{{ (groups['postgres_cluster'] | default([])) | union(groups['etcd_cluster'] | default([])) | union(groups['balancers'] | default([])) }}"
  tasks:
    - name: Hash the record this observation is taken beside
      ansible.builtin.stat:
        path: "{{ playbook_dir }}/../[=recordFile?no_esc]"
        checksum_algorithm: sha256
      register: hagen_record
    - name: Gather what each host showed
      ansible.builtin.set_fact:
        hagen_hosts: >-
          {{ hagen_hosts | default({}) | combine({item: {
               'postgresql': hostvars[item].hagen_seen_postgresql | default(none),
               'etcd': hostvars[item].hagen_seen_etcd | default(none),
               'addresses': hostvars[item].hagen_seen_addresses | default(none)}}) }}
      loop: "{{ hagen_targets }}"
    - name: Write [=observation.file?no_esc]
      ansible.builtin.copy:
        dest: "{{ hagen_observation_file | default(playbook_dir ~ '/../[=observation.file?no_esc]') }}"
        mode: "0644"
        content: "{{ hagen_observation | to_nice_json(sort_keys=true) }}\n"
      vars:
        hagen_observation:
          format: [=observation.format?c?no_esc]
          cluster: "[=plan.clusterName?no_esc]"
          taken_at: "{{ now(utc=true, fmt='%Y-%m-%dT%H:%M:%SZ') }}"
          record_sha256: "{{ hagen_record.stat.checksum | default('') }}"
          hosts: "{{ hagen_hosts }}"
