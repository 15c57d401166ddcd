<#ftl output_format="YAML" strip_whitespace=true>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# Variables for the vitabaks.autobase collection. Passwords are not in this file: each one is
# read from the Ansible controller's environment when the playbook runs (see the README).
<#-- Each variable as GroupVariables writes it: after a blank line and its comment, if it has one. -->
<#list plan.vars.written as w>
<#if w.comment.isPresent()>

<#list w.commentLines() as line>
# [=line?no_esc]
</#list>
</#if>
[=yamlEntry(w.name, w.value)]
</#list>

<#if plan.vars.passThrough?has_content>
# Passed through from the blueprint's autobase_vars. Strings are data: Ansible does not template them.
<#list plan.vars.passThrough as name, value>
[=yamlEntry(name, value)]
</#list>

</#if>
<#if plan.vault.isPresent()>
# Secrets: read from the Ansible Vault file [=plan.vault.get().file?no_esc] on the controller at run time
# (run with --ask-vault-password or a vault password file). A missing key is empty: the README says
# what then happens (autobase generates Patroni's passwords).
hagen_vault: "[=plan.vault.get().lookup?no_esc]"
<#else>
# Secrets: looked up on the controller at run time. An empty one: the README says what then happens
# (autobase generates Patroni's passwords).
</#if>
<#list plan.secrets as secret>
[=secret.variable?no_esc]: "[=secret.lookup()?no_esc]"
</#list>
