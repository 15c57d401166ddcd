<#ftl output_format="YAML" strip_whitespace=true>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# hagen's record of cluster [=record.cluster?no_esc] as it was built: the "before" of `hagen plan`.
# hagen build writes it when nothing is pending, and hagen build --applied once a plan's steps
# have run. Commit it with the rest of this folder; only hagen writes it.
<#-- The record's scalars, in the order StateCodec.write gives them. -->
<#list record as key, value>
<#if key == "nodes"><#break></#if>
[=key?no_esc]: <#if !value??>null<#elseif value?is_boolean || value?is_number>[=value?c?no_esc]<#else>[=value]</#if>
</#list>
nodes:
<#list record.nodes as node>
  - name: [=node.name]
    address: [=node.address]
    roles: [<#list node.roles as role>[=role]<#sep>, </#list>]
<#if node.ssh_host??>
    ssh_host: [=node.ssh_host]
</#if>
<#if node.ssh_port??>
    ssh_port: [=node.ssh_port?c?no_esc]
</#if>
<#if node.ssh_user??>
    ssh_user: [=node.ssh_user]
</#if>
<#if node.ssh_key??>
    ssh_key: [=node.ssh_key]
</#if>
</#list>
<#if record.settings??>
# The configuration as built, one entry a line: hagen plan compares the blueprint's with it.
[=yamlEntry("settings", record.settings)]
</#if>
