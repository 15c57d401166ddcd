<#ftl output_format="AnsibleINI" strip_whitespace=true>
<#import "inventory.ftl" as inventory>
# [=header?no_esc]
# [=headerNote?no_esc]
#
<#if step.kind.name() == "ADD_NODES">
# Step [=step.number?c?no_esc]'s inventory, read after inventories/hosts: new_node=true on the hosts this
# step adds, and on no other host.
<#elseif step.kind.name() == "RETIRE_BALANCER">
# Step [=step.number?c?no_esc]'s inventory, read after inventories/hosts: the balancer this step retires, as
# the cluster was built (the blueprint no longer has it among its balancers).
<#else>
# Step [=step.number?c?no_esc]'s inventory, read after inventories/hosts: the host this step removes, as
# the cluster was built (the blueprint no longer has it, and remove_node.yml finds the host it
# removes in the inventory).
</#if>
<#list step.inventoryGroups as group>

[[=group.name?no_esc]]
<#list group.hosts as host>
<#if step.kind.name() == "ADD_NODES">
[=host.address] new_node=true
<#else>
<@inventory.line host=host group=group/>
</#if>
</#list>
</#list>
