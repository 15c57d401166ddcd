<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
<#import "etcd-tuning.ftl" as etcd>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
<#list step.targets as host>
#   + [=host.name?no_esc] ([=host.address?no_esc]): [=host.roleWords()?no_esc]
</#list>
# Run it from the ansible/ folder, once:
#   [=step.command?no_esc]
# [=step.inventory.get()?no_esc] sets new_node=true on these hosts and on no other. add_node.yml takes
# every host with new_node=true as new, and deletes a new PostgreSQL host's data directory before
# it clones the leader's, so the first play stops unless each of them is new: not a Patroni
# member, no data directory, no patroni.yml, no etcd data. When this step has run, record it:
# hagen build --applied (see README.md).

<@stepInputs.play/>

- name: Stop unless every host this step adds is new
  hosts: postgres_cluster:etcd_cluster:balancers
  become: true
  gather_facts: true
  gather_subset: [min]
  any_errors_fatal: true
  vars:
    hagen_new_hosts:
<#list step.targets as host>
      - [=host.address]
</#list>
  tasks:
    - name: Read autobase's defaults (the data directory)
      ansible.builtin.import_role:
        name: vitabaks.autobase.common
    - name: Require new_node=true on the new hosts only
      ansible.builtin.assert:
        that:
          - (new_node | default(false) | bool) == (inventory_hostname in hagen_new_hosts)
        fail_msg: >-
          Nothing was changed: new_node=true must be set on exactly the hosts this step adds.
          Run it as printed: [=step.command?no_esc]
        quiet: true
    - name: Read the running cluster's Patroni members
      ansible.builtin.command: >-
        patronictl -c {{ patroni_config_file | default('/etc/patroni/patroni.yml') }} list -f json
      environment:
        PATH: "{{ ansible_env.PATH }}:/usr/bin:/usr/local/bin"
      register: hagen_members
      changed_when: false
      run_once: true
      delegate_to: "{{ groups['postgres_cluster'] | difference(hagen_new_hosts) | first }}"
    - name: Stop when a new host is a member already
      ansible.builtin.fail:
        msg: >-
          {{ hostname }} ({{ inventory_hostname }}) is a member of cluster {{ patroni_cluster_name }}
          already. Nothing was changed. If this step ran before, run the steps after it; once
          every step of the change has run, record it with hagen build --applied.
      when:
        - inventory_hostname in hagen_new_hosts
        - hostname in (hagen_members.stdout | from_json | map(attribute='Member') | list)
    - name: Look for PostgreSQL, Patroni and etcd data on the new hosts
      ansible.builtin.stat:
        path: "{{ item }}"
      loop:
        - "{{ postgresql_data_dir }}/PG_VERSION"
        - "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"
        - "{{ etcd_data_dir | default('/var/lib/etcd') }}/member"
      register: hagen_found
      when: inventory_hostname in hagen_new_hosts
    - name: Stop when a new host holds them
      ansible.builtin.fail:
        msg: >-
          {{ inventory_hostname }} holds {{ hagen_found.results | selectattr('stat.exists')
          | map(attribute='item') | join(', ') }}: add_node.yml would delete its data directory.
          Nothing was changed. If it is a member of this cluster, this step ran before: run the
          steps after it; if it is a machine used before, empty it first.
      when:
        - inventory_hostname in hagen_new_hosts
        - hagen_found.results | selectattr('stat.exists') | list | length > 0
<#if step.targets?filter(h -> h.isEtcd())?has_content>

<@etcd.play hosts=step.targets?filter(h -> h.isEtcd())?map(h -> h.address)?join(":")/>
</#if>

# add_node copies patroni.yml, pg_hba.conf and haproxy.cfg from an existing host to the new ones
# through a folder on the controller, by default inside the collection itself (which may be
# read-only, and is shared by every cluster): here, a folder of this run's own.
- name: Make a folder for the files add_node copies between hosts
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Make it
      ansible.builtin.tempfile:
        state: directory
        suffix: -hagen-add-node
      register: hagen_files

- name: Add the new hosts with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.add_node
  vars:
    files_dir: "{{ hostvars['localhost']['hagen_files']['path'] }}"
<#if step.targets?filter(h -> h.isPostgres())?has_content>

# autobase gives a new replica a copy of the leader's patroni.yml, with its name and addresses
# replaced; this renders its own from autobase's template (its tags, replicatefrom) and reloads
# its Patroni.
- name: Give each new PostgreSQL host its own patroni.yml
  hosts: [=step.targets?filter(h -> h.isPostgres())?map(h -> h.address)?join(":")]
  become: true
  gather_facts: true
  any_errors_fatal: true
  tasks:
    - name: Render patroni.yml from autobase's template
      ansible.builtin.include_role:
        name: vitabaks.autobase.patroni
        tasks_from: patroni
</#if>

- name: Remove the folder of copied files
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Remove it
      ansible.builtin.file:
        path: "{{ hagen_files.path }}"
        state: absent
