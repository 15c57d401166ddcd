<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
<#assign host = step.targets[0]>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
#   - [=host.name?no_esc] ([=host.address?no_esc]): [=host.roleWords()?no_esc]
# It stops [=host.name?no_esc]'s services and DELETES ITS DATA. Nothing is removed unless the node's name is given:
#   [=step.command?no_esc]
# [=step.inventory.get()?no_esc] lists [=host.name?no_esc] as the cluster was built: remove_node.yml finds the
# host it removes in the inventory, and the blueprint no longer has it. autobase's remove_node
# removes only what node_to_remove names, and here node_to_remove is empty unless confirm_removal
# names the node, whatever part of this file --tags, --limit or --start-at-task skip. When this
# step has run, record it: hagen build --applied (see README.md).

<@stepInputs.play/>

- name: Confirm the removal of [=host.name?no_esc]
  hosts: localhost
  connection: local
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_node_name: [=host.name]
  tasks:
    - name: Require -e confirm_removal=<node name>
      tags: [always]
      ansible.builtin.assert:
        that:
          - confirm_removal is defined
          - confirm_removal == hagen_node_name
        fail_msg: >-
          Nothing was removed. To remove {{ hagen_node_name }} and its data, run:
          [=step.command?no_esc]
        quiet: true

# The step's inventory comes from hagen-state.yml, which a pull request can change: the host at
# the address it removes must be the node it names, by the names Patroni and etcd know it by (its
# host name when it runs neither), before anything is removed.
- name: Stop unless the host at [=host.address?no_esc] is [=host.name?no_esc]
  hosts: postgres_cluster:etcd_cluster:balancers
  become: true
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_node_name: [=host.name]
    hagen_node_address: [=host.address]
  tasks:
    - name: Read the names Patroni and etcd know the host by
      tags: [always]
      ansible.builtin.slurp:
        src: "{{ item }}"
      loop:
        - "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"
        - "{{ etcd_conf_dir | default('/etc/etcd') }}/etcd.conf"
      register: hagen_identity
      failed_when: false
      when: inventory_hostname == hagen_node_address
    - name: Read its host name, when it runs neither
      tags: [always]
      ansible.builtin.setup:
        gather_subset: [min]
      when:
        - inventory_hostname == hagen_node_address
        - hagen_identity.results | selectattr('content', 'defined') | list | length == 0
    - name: Stop unless each of them is the node's name
      tags: [always]
      ansible.builtin.assert:
        that:
          - hagen_names | length > 0
          - hagen_names | reject('equalto', hagen_node_name) | list | length == 0
        fail_msg: >-
          Nothing was removed: the host at {{ hagen_node_address }} is known as
          {{ hagen_names | join(', ') }}, not {{ hagen_node_name }}. hagen-state.yml does not
          describe the running cluster: restore it from version control, then plan again.
        quiet: true
      vars:
        hagen_patroni: >-
          {{ hagen_identity.results[:1] | selectattr('content', 'defined') | map(attribute='content')
          | map('b64decode') | map('from_yaml') | map(attribute='name') | map('string') | list }}
        hagen_etcd: >-
          {{ hagen_identity.results[1:] | selectattr('content', 'defined') | map(attribute='content')
          | map('b64decode') | map('regex_findall', '(?m)^ETCD_NAME="?([^"\\n]*)') | flatten | list }}
        hagen_names: >-
          {{ (hagen_patroni + hagen_etcd) if (hagen_patroni + hagen_etcd) | length > 0
          else [ansible_facts.hostname | default('')] | reject('equalto', '') | list }}
      when: inventory_hostname == hagen_node_address
<#if host.isPostgres()>

# autobase's remove_node refuses the current leader after its first play; this says so before
# anything runs, with the command that moves the leader away.
- name: Stop when [=host.name?no_esc] leads the cluster
  hosts: postgres_cluster
  become: true
  gather_facts: true
  gather_subset: [min]
  any_errors_fatal: true
  vars:
    hagen_node_name: [=host.name]
    hagen_node_address: [=host.address]
  tasks:
    - name: Read the running cluster's Patroni members
      tags: [always]
      ansible.builtin.command: >-
        patronictl -c {{ patroni_config_file | default('/etc/patroni/patroni.yml') }} list -f json
      environment:
        PATH: "{{ ansible_env.PATH }}:/usr/bin:/usr/local/bin"
      register: hagen_members
      changed_when: false
      run_once: true
      delegate_to: "{{ groups['postgres_cluster'] | difference([hagen_node_address]) | first }}"
    - name: Stop when it is the leader
      tags: [always]
      ansible.builtin.fail:
        msg: >-
          {{ hagen_node_name }} is the leader of cluster {{ patroni_cluster_name }}: nothing was
          removed. Move the leader first, on any PostgreSQL host: sudo patronictl -c
          {{ patroni_config_file | default('/etc/patroni/patroni.yml') }} switchover --leader
          {{ hagen_node_name }} --candidate {{ hagen_replicas | first }} --force; then run this
          step again.
      run_once: true
      vars:
        hagen_list: "{{ hagen_members.stdout | from_json }}"
        hagen_replicas: "{{ hagen_list | rejectattr('Member', 'equalto', hagen_node_name) | map(attribute='Member') | list }}"
      when: hagen_list | selectattr('Member', 'equalto', hagen_node_name) | selectattr('Role', 'equalto', 'Leader') | list | length > 0
</#if>
<#if step.data.strict?? && step.data.strict>

# Strict synchronous mode: the leader takes no write without synchronous_node_count synchronous
# standbys. Nothing is removed unless enough of the others stream to be them.
- name: Stop unless enough other replicas stream to be synchronous
  hosts: postgres_cluster
  become: true
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_node_address: [=host.address]
    hagen_synchronous_node_count: [=step.data.synchronous_node_count?c?no_esc]
    hagen_candidates:
<#list step.data.synchronous_candidates as name>
      - [=name]
</#list>
  tasks:
    - name: Read the running cluster's Patroni members
      tags: [always]
      ansible.builtin.command:
        argv: [patronictl, -c, "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}", list, -f, json]
      register: hagen_members
      changed_when: false
      run_once: true
      delegate_to: "{{ groups['postgres_cluster'] | difference([hagen_node_address]) | first }}"
    - name: Stop when fewer of them stream than a commit needs
      tags: [always]
      ansible.builtin.assert:
        that: hagen_streaming | length >= hagen_synchronous_node_count | int
        fail_msg: >-
          Nothing was removed: without [=host.name?no_esc], {{ hagen_streaming | length }} replica(s) stream
          that can be synchronous ({{ hagen_streaming | join(', ') }}), and the cluster runs strict
          synchronous mode with synchronous_node_count {{ hagen_synchronous_node_count }}: the
          leader would take no writes. Bring the others back to streaming (patronictl list),
          then run this step again.
        quiet: true
      run_once: true
      vars:
        hagen_streaming: >-
          {{ hagen_members.stdout | from_json | selectattr('Member', 'in', hagen_candidates)
          | selectattr('State', 'equalto', 'streaming') | map(attribute='Member') | list }}
</#if>

- name: Remove [=host.name?no_esc] with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.remove_node
  vars:
    hagen_node_name: [=host.name]
    hagen_node_address: [=host.address]
    node_to_remove: "{{ hagen_node_address if (confirm_removal | default('')) == hagen_node_name else '' }}"
