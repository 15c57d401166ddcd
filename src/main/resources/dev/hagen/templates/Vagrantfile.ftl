<#ftl output_format="Ruby" strip_whitespace=true>
<#assign lab = plan.lab.get()>
# -*- mode: ruby -*-
# vi: set ft=ruby :
# [=header?no_esc]
# [=headerNote?no_esc]
#
# The lab for cluster [=plan.clusterName?no_esc]: [=plan.hosts?size?c?no_esc] VMs on a [=lab.provider?no_esc] private network.
# Every string below is a single-quoted Ruby literal: nothing from the blueprint is interpolated.

Vagrant.require_version '>= 2.2.19'

Vagrant.configure('2') do |config|
  config.vm.box = [=lab.box]
  config.vm.box_check_update = false
<#if lab.isLibvirt()>
<#assign libvirt = lab.libvirt.get()>

  # vagrant-libvirt: each VM's first NIC is the management network Vagrant reaches it on; the
  # cluster's private network is its second NIC.
  config.vm.provider 'libvirt' do |lv|
    lv.driver = [=libvirt.driver]
    lv.management_network_address = [=libvirt.managementNetwork]
    lv.default_prefix = [=libvirt.domainPrefix]
  end
</#if>

  # Installs the public key Ansible logs in with, read on this host at `vagrant up`
  # (the seed copied it to each VM by hand with scp).
  config.vm.provision 'hagen-public-key', type: 'file',
    source: [=lab.publicKeyFile],
    destination: '/tmp/hagen-authorized-key.pub'
  config.vm.provision 'hagen-authorized-keys', type: 'shell',
    args: [[=lab.sshUser]],
    inline: <<~'SCRIPT'
      set -eu
      user="$1"
      home="$(getent passwd "$user" | cut -d: -f6)"
      if [ -z "$home" ]; then
        echo "hagen: user $user does not exist in this guest" >&2
        exit 1
      fi
      key="$(cat /tmp/hagen-authorized-key.pub)"
      install -d -m 700 -o "$user" -g "$(id -gn "$user")" "$home/.ssh"
      touch "$home/.ssh/authorized_keys"
      grep -qxF "$key" "$home/.ssh/authorized_keys" || printf '%s\n' "$key" >> "$home/.ssh/authorized_keys"
      chown "$user:$(id -gn "$user")" "$home/.ssh/authorized_keys"
      chmod 600 "$home/.ssh/authorized_keys"
      rm -f /tmp/hagen-authorized-key.pub
    SCRIPT
<#list plan.hosts as host>

  # [=host.name?no_esc]: [=host.roleWords()?no_esc]
  config.vm.define [=host.name]<#if host.vagrantPrimary>, primary: true</#if> do |node|
    node.vm.hostname = [=host.name]
<#if lab.isLibvirt()>
    node.vm.network 'private_network', ip: [=host.address], netmask: [=lab.netmask],
      libvirt__network_name: [=libvirt.networkName], libvirt__forward_mode: 'none', libvirt__dhcp_enabled: false
<#else>
    node.vm.network 'private_network', ip: [=host.address], netmask: [=lab.netmask]
</#if>
<#if host.sshPort.isPresent()>
    node.vm.network 'forwarded_port', id: 'ssh', guest: 22, host: [=host.sshPort.get()?c?no_esc], host_ip: '127.0.0.1'
</#if>
    node.vm.provider [=lab.provider] do |vm|
<#if !lab.isLibvirt()>
      vm.name = [=plan.clusterName + "-" + host.name]
</#if>
      vm.cpus = [=host.vm.get().cpus?c?no_esc]
      vm.memory = [=host.vm.get().memoryMb?c?no_esc]
    end
  end
</#list>
<#list leaving as host>

  # [=host.name?no_esc]: removed from the blueprint; defined until the pending change's last step destroys
  # its VM (vagrant destroy), and no longer started by vagrant up.
  config.vm.define [=host.name], autostart: false do |node|
    node.vm.hostname = [=host.name]
<#if lab.isLibvirt()>
    node.vm.network 'private_network', ip: [=host.address], netmask: [=lab.netmask],
      libvirt__network_name: [=libvirt.networkName], libvirt__forward_mode: 'none', libvirt__dhcp_enabled: false
<#else>
    node.vm.network 'private_network', ip: [=host.address], netmask: [=lab.netmask]
    node.vm.provider [=lab.provider] do |vm|
      vm.name = [=plan.clusterName + "-" + host.name]
    end
</#if>
  end
</#list>
end
