<#ftl output_format="YAML" strip_whitespace=true>
---
# [=header?no_esc]
# [=headerNote?no_esc]
#
# ansible-galaxy collection install -r requirements.yml
# installs autobase at the version the blueprint pins, and the collections it depends on.

collections:
  - name: vitabaks.autobase
    version: [=plan.autobaseVersion]
