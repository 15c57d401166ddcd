<#ftl output_format="AnsibleINI" strip_whitespace=true>
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Ansible reads this file when it runs from this folder.

[defaults]
inventory = inventories/hosts
interpreter_python = auto_silent
<#if plan.lab.isPresent()>
# Lab VMs are recreated often and get new host keys: don't let a stale key block a run.
host_key_checking = False

[ssh_connection]
ssh_args = -C -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no
</#if>
