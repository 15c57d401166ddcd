<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
# Run it from the ansible/ folder, after the steps before it:
#   [=step.command?no_esc]
# autobase writes Patroni's dynamic settings (ttl, loop_wait, retry_timeout, synchronous_mode, ...)
# only into patroni.yml's bootstrap.dcs, which Patroni reads once, when the cluster is created:
# config_pgcluster does not change them on a running cluster. This sets them in the DCS, where
# every member reads them, and reads them back.

<@stepInputs.play/>

- name: Set Patroni's dynamic settings in the DCS
  hosts: postgres_cluster
  become: true
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_patroni:
<#list step.data.patroni as key, value>
      [=key]: [=value]
</#list>
  tasks:
    - name: Set them with patronictl edit-config --set KEY=VALUE
      ansible.builtin.command:
        argv:
          - patronictl
          - -c
          - "{{ patroni_config_file | default('/etc/patroni/patroni.yml') }}"
          - edit-config
          - --force
<#list step.data.patroni as key, value>
          - --set
          - [=key + "=" + value]
</#list>
      run_once: true
      register: hagen_edited
      # patronictl says "Not changed" when the DCS holds these values already.
      changed_when: "'Not changed' not in hagen_edited.stdout"
    - name: Read them back (patronictl show-config)
      ansible.builtin.command: >-
        patronictl -c {{ patroni_config_file | default('/etc/patroni/patroni.yml') }} show-config
      register: hagen_shown
      changed_when: false
      run_once: true
    - name: The DCS holds every value
      ansible.builtin.assert:
        that: (hagen_shown.stdout | from_yaml).get(item.key) | string | lower == item.value | string | lower
        fail_msg: >-
          Patroni's configuration has {{ item.key }}: {{ (hagen_shown.stdout | from_yaml).get(item.key) }},
          not {{ item.value }}.
        quiet: true
      loop: "{{ hagen_patroni | dict2items }}"
      run_once: true
