<#ftl output_format="AnsibleINI" strip_whitespace=true>
<#-- One host's inventory line: the main inventory's, and the removed host's in a removal step's. -->
<#macro line host group>
[=host.address] bind_address=[=host.address] hostname=[=host.name]<#if host.login.host.isPresent()> ansible_host=[=host.login.host.get()]</#if><#if host.login.port.isPresent()> ansible_port=[=host.login.port.get()?c?no_esc]</#if><#if host.login.user.isPresent()> ansible_user=[=host.login.user.get()]</#if><#if host.login.privateKeyFile.isPresent()> ansible_ssh_private_key_file=[=host.login.privateKeyFile.get()]</#if><#if group.postgres> postgresql_exists=false<#if host.patroniTags?has_content> patroni_tags=[=host.patroniTags]</#if><#if host.replicateFrom.isPresent()> patroni_replicatefrom=[=host.replicateFrom.get()]</#if></#if>
</#macro>
