<#ftl output_format="YAML" strip_whitespace=true>
<#import "etcd-tuning.ftl" as etcd>
<#import "user-passwords.ftl" as passwords>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Deploys the cluster: ansible-playbook deploy.yml (from this folder, so ansible.cfg applies).

# A second deploy stops here, before it changes anything: deploy.yml deploys a new cluster, and
# on a running one autobase's own check of the data directory fails only after etcd was tuned and
# maybe restarted (hagen writes postgresql_exists: false). The check is autobase's: the data
# directory its common role names, holding PG_VERSION, with initdb as the bootstrap method.
<#assign required = plan.secrets?filter(s -> s.required)>
<#if plan.settings.users?filter(u -> u.passwordFrom.isPresent())?has_content>
# It also stops when a user of the blueprint has no password on the controller.
</#if>
<#if required?has_content>
# It also stops when a key the backups need is empty on the controller.
</#if>
- name: Stop before deploying over a running cluster
  hosts: postgres_cluster
  become: true
  gather_facts: true
  gather_subset: [min]
  any_errors_fatal: true
<#assign logins = plan.settings.users?filter(u -> u.passwordFrom.isPresent())>
<#if logins?has_content || required?has_content>
  vars:
</#if>
<#if logins?has_content>
    # Where each user of the blueprint gets its password: autobase would create it without one.
    hagen_user_passwords:
<#list logins as u>
      [=u.name]: [=u.passwordFrom.get()]
</#list>
</#if>
<#if required?has_content>
    # Where each key the backups need comes from: pgBackRest cannot reach the bucket without it.
    hagen_required_secrets:
<#list required as s>
      [=s.variable]: [=plan.vault.isPresent()?then("the vault key " + s.variable, s.environmentVariable)]
</#list>
</#if>
  tasks:
<#if required?has_content>
    - name: Refuse to deploy without the keys the backup repository needs
      ansible.builtin.assert:
        that: lookup('ansible.builtin.vars', item.key) | length > 0
        fail_msg: >-
          {{ item.key }} is empty: set {{ item.value }} on the controller, then run deploy.yml
          again. Nothing was changed.
        quiet: true
      loop: "{{ hagen_required_secrets | dict2items }}"
      loop_control:
        label: "{{ item.key }}"
      run_once: true
</#if>
<#if logins?has_content>
<@passwords.task again="run deploy.yml again"/>
</#if>
    - name: Read autobase's defaults (the data directory)
      ansible.builtin.import_role:
        name: vitabaks.autobase.common
    - name: Look for an initialized data directory
      ansible.builtin.stat:
        path: "{{ postgresql_data_dir }}/PG_VERSION"
      register: hagen_pgdata
      when:
        - not (postgresql_exists | default(false) | bool)
        - patroni_cluster_bootstrap_method | default('initdb') == 'initdb'
    - name: Refuse to deploy over it
      ansible.builtin.fail:
        msg: >-
          {{ inventory_hostname }} already runs this cluster's PostgreSQL ({{ postgresql_data_dir }}
          is initialized). deploy.yml deploys a new cluster and stopped here: nothing was changed.
          To change a running cluster, edit its blueprint and run hagen plan: it prints each step
          (autobase's add_node or remove_node) that hagen build writes under plan/.
      when:
        - hagen_pgdata.stat is defined
        - hagen_pgdata.stat.exists

<#if plan.groups?filter(g -> g.name == "pgbackrest" && g.hosts?has_content)?has_content>
# autobase's preparation plays (package lists, system packages) leave the pgbackrest group out,
# and its pgbackrest role then installs packages on the backup host and runs tasks there as the
# postgres user: on a fresh machine without package lists, or without acl (which Ansible needs to
# become an unprivileged user), that fails. This play gives the backup host both first.
- name: Prepare the backup host for autobase's pgbackrest role
  hosts: pgbackrest
  become: true
  gather_facts: true
  any_errors_fatal: true
  tasks:
    - name: Update the package lists
      ansible.builtin.apt:
        update_cache: true
        cache_valid_time: 3600
      when: ansible_os_family == "Debian"
    - name: Install acl, for Ansible to become the postgres user
      ansible.builtin.package:
        name: acl
        state: present

</#if>
<@etcd.play hosts="etcd_cluster"/>

- name: Deploy the PostgreSQL HA cluster with autobase
  ansible.builtin.import_playbook: vitabaks.autobase.deploy_pgcluster
