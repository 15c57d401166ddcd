<#ftl output_format="YAML" strip_whitespace=true>
<#-- The first play of every step: it runs with the files it was written from, or not at all. -->
<#macro play>
# The files this step was written from, by their SHA-256: it stops before anything else when one
# of them differs (a change to the blueprint makes new steps, reviewed again), or when Ansible
# reads other inventories than the command names.
- name: Stop unless this step runs with the files it was written from
  hosts: localhost
  connection: local
  gather_facts: false
  become: false
  any_errors_fatal: true
  vars:
    hagen_inputs:
<#list inputs as path, sha256>
      [=path]: [=sha256]
</#list>
    hagen_inventories:
<#list inventories as path>
      - [=path]
</#list>
  tasks:
    - name: Read each file's SHA-256
      tags: [always]
      ansible.builtin.stat:
        path: "{{ playbook_dir }}/../{{ item.key }}"
        checksum_algorithm: sha256
        follow: false
      loop: "{{ hagen_inputs | dict2items }}"
      loop_control:
        label: "{{ item.key }}"
      register: hagen_read
    - name: Stop unless each is the file this step was written from
      tags: [always]
      ansible.builtin.assert:
        that:
          - item.stat.isreg | default(false)
          - item.stat.checksum | default('') == item.item.value
        fail_msg: >-
          Nothing ran: {{ item.item.key }} is not the file this step was written from. Run hagen
          build, review the steps it writes, and run those.
        quiet: true
      loop: "{{ hagen_read.results }}"
      loop_control:
        label: "{{ item.item.key }}"
    - name: Stop unless Ansible reads the inventories the step's command names
      tags: [always]
      ansible.builtin.assert:
        that:
          - (ansible_inventory_sources | map('realpath') | list) == hagen_expected_sources
        fail_msg: >-
          Nothing ran: Ansible read {{ ansible_inventory_sources | join(', ') }}; this step reads
          {{ hagen_inventories | join(', ') }} from the ansible/ folder. Run it as printed:
          [=step.command?no_esc]
        quiet: true
      vars:
        hagen_expected_sources: >-
          {{ [playbook_dir ~ '/..'] | product(hagen_inventories) | map('join', '/')
          | map('realpath') | list }}
</#macro>
