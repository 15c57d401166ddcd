<#ftl output_format="YAML" strip_whitespace=true>
<#-- The check that no user is given an empty password: autobase's postgresql_users role sets the
     password it is given, an empty one as none, and the user can no longer log in with one.
     It reads hagen_user_passwords (each user's name, and where its password is looked up). -->
<#macro task again>
    - name: Refuse to set a user's password while it is empty
      tags: [always]
      ansible.builtin.assert:
        that: item.password | default('') | length > 0
        fail_msg: >-
          User {{ item.name }} has no password: set {{ hagen_user_passwords[item.name] }} on the
          controller, then [=again?no_esc]. Nothing was changed.
        quiet: true
      loop: "{{ postgresql_users | selectattr('name', 'in', hagen_user_passwords) | list }}"
      loop_control:
        label: "{{ item.name }}"
      run_once: true
</#macro>
