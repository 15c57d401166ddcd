<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
# Run it from the ansible/ folder, exactly so: its tags keep it to autobase's pre-checks and
# upgrade check (packages of PostgreSQL [=step.data.to?c?no_esc], a new data directory, pg_upgrade --check).
#   [=step.command?no_esc]
# postgresql_version stays [=step.data.from?c?no_esc] for the run: pg_upgrade.yml derives the new version's
# paths from it. The first play stops when the tags would run more than the check.

<@stepInputs.play/>

- name: Run only the upgrade check
  hosts: localhost
  connection: local
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_from: [=step.data.from?c?no_esc]
    hagen_to: [=step.data.to?c?no_esc]
  tasks:
    - name: Require --tags [=step.command?keep_after_last(" --tags ")?no_esc]
      tags: [always]
      ansible.builtin.assert:
        that:
          - "'upgrade-check' in ansible_run_tags"
          - "'all' not in ansible_run_tags"
          - "'upgrade' not in ansible_run_tags"
          - (pg_old_version | default('') | string) == (hagen_from | string)
          - (pg_new_version | default('') | string) == (hagen_to | string)
          - (postgresql_version | string) == (hagen_from | string)
        fail_msg: >-
          Nothing ran. This step checks the upgrade only; run it as printed:
          [=step.command?no_esc]
        quiet: true

- name: Check the upgrade with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.pg_upgrade
