<#ftl output_format="YAML" strip_whitespace=true>
<#import "plan-inputs.ftl" as stepInputs>
<#assign host = step.targets[0]>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Step [=step.number?c?no_esc] of a change to cluster [=plan.clusterName?no_esc]: [=step.title?no_esc].
# Run it from the ansible/ folder, after the steps before it:
#   [=step.command?no_esc]
# autobase has no playbook that retires a balancer. keepalived's VRRP lists no peers and HAProxy
# lists no balancer, so the others need nothing: this stops and disables keepalived on
# [=host.name?no_esc] first (the VIP, when it holds it, moves to another balancer), waits until another
# balancer holds the VIP, then stops and disables HAProxy and confd. It stops before anything
# unless another balancer runs both HAProxy and keepalived.

<@stepInputs.play/>

- name: Stop unless another balancer runs HAProxy and keepalived
  hosts: balancers
  become: true
  gather_facts: false
  any_errors_fatal: true
  tasks:
    # No module answers this without service_facts, which lists nothing where PID 1 is not systemd.
    - name: Ask whether HAProxy and keepalived run on each of them
      ansible.builtin.command:  # noqa: command-instead-of-module
        argv: [systemctl, is-active, --quiet, haproxy, keepalived]
      register: hagen_serves
      changed_when: false
      failed_when: false
    - name: Stop unless one of them runs both
      ansible.builtin.assert:
        that: >-
          ansible_play_hosts | map('extract', hostvars, ['hagen_serves', 'rc']) | select('equalto', 0)
          | list | length > 0
        fail_msg: >-
          Nothing was changed: no other balancer runs both HAProxy and keepalived, and the VIP
          would have nowhere to go. Bring one up (ansible-playbook deploy.yml does not: check it
          with systemctl status haproxy keepalived), then run this step again.
        quiet: true
      run_once: true

- name: Retire the balancer on [=host.name?no_esc]
  hosts: [=step.inventoryGroups[0].name]
  become: true
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_vip: "{{ cluster_vip | default('') }}"
  tasks:
    # confd runs only where autobase configures HAProxy from etcd; each is stopped where it is.
    - name: Find which of its services are installed
      ansible.builtin.command:  # noqa: command-instead-of-module
        argv: [systemctl, show, --property=LoadState, --value, "{{ item }}"]
      loop: [keepalived, haproxy, confd]
      register: hagen_units
      changed_when: false
    - name: Note them
      ansible.builtin.set_fact:
        hagen_installed: "{{ hagen_units.results | selectattr('stdout', 'equalto', 'loaded') | map(attribute='item') | list }}"
    - name: Stop and disable keepalived (the VIP moves to another balancer)
      ansible.builtin.systemd:
        name: keepalived
        state: stopped
        enabled: false
      when: "'keepalived' in hagen_installed"
    - name: Wait until it no longer holds the VIP
      ansible.builtin.command:
        argv: [ip, -o, -4, addr, show, to, "{{ hagen_vip }}"]
      register: hagen_vip_here
      changed_when: false
      until: hagen_vip_here.stdout | length == 0
      retries: 10
      delay: 1
      when: hagen_vip | length > 0

# keepalived hands the VIP over as it stops (it sends priority 0): one of the others takes it.
- name: Check that another balancer holds the VIP
  hosts: balancers
  become: true
  gather_facts: false
  any_errors_fatal: true
  vars:
    hagen_vip: "{{ cluster_vip | default('') }}"
  tasks:
    - name: Look for the VIP on each of them
      ansible.builtin.command:
        argv: [ip, -o, -4, addr, show, to, "{{ hagen_vip }}"]
      register: hagen_vip_here
      changed_when: false
      until: hagen_vip_here.stdout | length > 0
      retries: 10
      delay: 1
      failed_when: false
      when: hagen_vip | length > 0
    - name: Stop unless one of them holds it
      ansible.builtin.assert:
        that: >-
          ansible_play_hosts | map('extract', hostvars, ['hagen_vip_here', 'stdout'])
          | select | list | length > 0
        fail_msg: >-
          No balancer holds the VIP {{ hagen_vip }}: check keepalived on the balancers
          (systemctl status keepalived) before anything else. HAProxy still runs on [=host.name?no_esc].
        quiet: true
      run_once: true
      when: hagen_vip | length > 0

- name: Stop HAProxy and confd on [=host.name?no_esc]
  hosts: [=step.inventoryGroups[0].name]
  become: true
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: Stop and disable them
      ansible.builtin.systemd:
        name: "{{ item }}"
        state: stopped
        enabled: false
      loop: [haproxy, confd]
      when: item in hagen_installed
