<#ftl output_format="YAML" strip_whitespace=true>
<#-- hagen's etcd tuning play: deploy.yml runs it on every etcd member, an add step on the new ones. -->
<#macro play hosts>
# etcd, tuned for failover before autobase installs it (a systemd drop-in whose environment file
# is read after autobase's etcd.conf, so its settings win):
# - pre-vote, on: etcd 3.5, which autobase installs by default (its release binaries), has it on;
#   etcd 3.4, which an etcd_installation_method from packages may install (Debian 12's, as in
#   hagen's lab), has it off, and then a member cut off from the others keeps raising its election
#   term and, when it comes back, forces an election that stalls etcd, and Patroni with it.
# - etcd's own timing (100 ms heartbeat, 1 s election timeout) instead of autobase's 1 s / 5 s: a
#   failover pays the election timeout twice when the lost leader also led etcd (to notice it, then
#   as the extension etcd gives every lease, Patroni's leader lock too), which took it past 30 s.
# Not for an etcd that autobase does not manage (dcs_exists), nor with -e hagen_etcd_tuning=false.
- name: Tune etcd for failover
  hosts: [=hosts?no_esc]
  become: true
  gather_facts: false
  serial: 1
  tasks:
    - name: Give etcd.service hagen's settings
      when:
        - hagen_etcd_tuning | default(true) | bool
        - not (dcs_exists | default(false) | bool)
      block:
        - name: Write hagen's etcd settings
          ansible.builtin.copy:
            dest: /etc/default/hagen-etcd
            content: |
              # Written by hagen's deploy.yml: see the comment there.
              ETCD_PRE_VOTE=true
              ETCD_HEARTBEAT_INTERVAL=100
              ETCD_ELECTION_TIMEOUT=1000
            owner: root
            group: root
            mode: "0644"
          register: hagen_etcd_settings
        - name: Create etcd.service.d
          ansible.builtin.file:
            path: /etc/systemd/system/etcd.service.d
            state: directory
            owner: root
            group: root
            mode: "0755"
        - name: Read them after autobase's etcd.conf
          ansible.builtin.copy:
            dest: /etc/systemd/system/etcd.service.d/hagen.conf
            content: |
              # Written by hagen's deploy.yml: see the comment there.
              [Service]
              EnvironmentFile=/etc/default/hagen-etcd
            owner: root
            group: root
            mode: "0644"
          register: hagen_etcd_dropin
        - name: Look for an etcd that autobase installed before
          ansible.builtin.stat:
            path: /etc/systemd/system/etcd.service
          register: hagen_etcd_unit
        - name: Restart that etcd to apply them, one member at a time
          ansible.builtin.systemd_service:
            name: etcd
            state: restarted
            daemon_reload: true
          when: (hagen_etcd_settings is changed or hagen_etcd_dropin is changed) and hagen_etcd_unit.stat.exists
</#macro>
