# The three images the lab is made of, each built once and kept in $CACHE:
#   node-bookworm     Debian 12 with systemd and sshd, the nodes' root file system
#   controller-trixie Debian 13 with ansible-core 2.19 and the ansible collections bundle
#   repo              every Debian package autobase installs, signed, served inside the lab
# Building needs Debian's mirror (the only network the lab itself ever uses, from the host); a run
# with the images already there needs no network at all.
# shellcheck shell=bash

MIRROR="${HAGEN_LAB_MIRROR:-http://deb.debian.org/debian}"

# What a Vagrant box has that debootstrap's minimal system lacks, and what autobase assumes.
NODE_PACKAGES=systemd,systemd-sysv,dbus,iproute2,openssh-server,python3,python3-apt,sudo,locales,ca-certificates,gnupg,procps,iputils-ping,less,apt-transport-https,cron

# What autobase 2.6.0 installs on Debian 12 (roles/common/defaults and the roles), found by a
# real deploy.
AUTOBASE_PACKAGES="python3-dev moreutils dnsutils curl python3-psycopg2 python3-setuptools python3-pip
python3-urllib3 vim nano gcc jq iptables acl unzip tar zstd python3-debian python3-cryptography python3-pexpect
openssh-client tzdata chrony rsync openssl postgresql-common postgresql-15 postgresql-client-15
postgresql-server-dev-15 python3-etcd etcd-client etcd-server haproxy keepalived python3-consul patroni
pgbackrest"

# Debian 12's Patroni (3.0.2) lacks `--ignore-listen-port`, which autobase 2.6.0's config
# validation passes: the lab serves Debian 13's as well (arch all, it runs on bookworm's Python
# 3.11), and apt takes the newer one. Debian 12's is downloaded above for its dependencies.
TRIXIE_PACKAGES="patroni python3-ydiff"

# The controller's, installed with apt after debootstrap (whose resolver knows no virtual packages,
# which ansible-core's python3-cryptography needs): the collections bundle, jmespath (autobase's
# json_query), and the clients the checks use.
CONTROLLER_PACKAGES="ansible-core ansible python3-jmespath openssh-client postgresql-client etcd-client python3-psycopg2 ca-certificates"

build_node_image() {
  [ -f "$NODE_IMAGE/.hagen-complete" ] && return 0
  log "building the node image (Debian 12) in $NODE_IMAGE"
  rm -rf "$NODE_IMAGE.tmp"
  debootstrap --variant=minbase --include="$NODE_PACKAGES" bookworm "$NODE_IMAGE.tmp" "$MIRROR" \
    >"$CACHE/node-image.log" 2>&1 || die "debootstrap bookworm failed: see $CACHE/node-image.log"
  rm -f "$NODE_IMAGE.tmp/var/cache/apt/archives/"*.deb
  touch "$NODE_IMAGE.tmp/.hagen-complete"
  rm -rf "$NODE_IMAGE" && mv "$NODE_IMAGE.tmp" "$NODE_IMAGE"
}

build_controller_image() {
  [ -f "$CONTROLLER/.hagen-complete" ] && return 0
  log "building the controller image (Debian 13, ansible-core 2.19) in $CONTROLLER"
  rm -rf "$CONTROLLER.tmp"
  debootstrap --variant=minbase trixie "$CONTROLLER.tmp" "$MIRROR" \
    >"$CACHE/controller-image.log" 2>&1 || die "debootstrap trixie failed: see $CACHE/controller-image.log"
  mount -t proc proc "$CONTROLLER.tmp/proc"
  chroot "$CONTROLLER.tmp" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends $CONTROLLER_PACKAGES && apt-get clean" >>"$CACHE/controller-image.log" 2>&1 \
    || { umount "$CONTROLLER.tmp/proc"; die "installing Ansible in the controller failed: see $CACHE/controller-image.log"; }
  umount "$CONTROLLER.tmp/proc"
  touch "$CONTROLLER.tmp/.hagen-complete"
  rm -rf "$CONTROLLER" && mv "$CONTROLLER.tmp" "$CONTROLLER"
}

# Downloads autobase's packages with their dependencies into a throw-away copy of the node image
# (so apt resolves against exactly what the nodes have), then makes a signed apt repository.
build_repo() {
  [ -f "$REPO/.hagen-complete" ] && return 0
  log "downloading autobase's packages and making the lab's apt repository in $REPO"
  local dl="$CACHE/download"
  rm -rf "$dl" "$REPO.tmp" && mkdir -p "$REPO.tmp/pool"
  cp -a "$NODE_IMAGE" "$dl"
  echo "deb $MIRROR bookworm main" >"$dl/etc/apt/sources.list"
  local packages
  packages="${AUTOBASE_PACKAGES//$'\n'/ }" # one line
  chroot "$dl" /bin/sh -c "apt-get update -qq && apt-get install -y -qq --download-only --no-install-recommends $packages" \
    >"$CACHE/repo.log" 2>&1 || die "downloading packages failed: see $CACHE/repo.log"
  cp "$dl/var/cache/apt/archives/"*.deb "$REPO.tmp/pool/"
  # apt-utils (apt-ftparchive) into the throw-away copy only, to index the repository.
  chroot "$dl" /bin/sh -c "apt-get install -y -qq --no-install-recommends apt-utils" >>"$CACHE/repo.log" 2>&1
  echo "deb $MIRROR trixie main" >"$CONTROLLER/etc/apt/sources.list"
  (cd "$REPO.tmp/pool" && chroot "$CONTROLLER" /bin/sh -c "cd /tmp && apt-get update -qq && apt-get download $TRIXIE_PACKAGES \
     && mv /tmp/*.deb /root/" >>"$CACHE/repo.log" 2>&1) || die "downloading Debian 13's Patroni failed: see $CACHE/repo.log"
  mv "$CONTROLLER/root/"*.deb "$REPO.tmp/pool/"
  mkdir -p "$dl/repo" && mount --bind "$REPO.tmp" "$dl/repo"
  chroot "$dl" /bin/sh -c 'cd /repo && mkdir -p dists/bookworm/main/binary-amd64 \
    && apt-ftparchive packages pool > dists/bookworm/main/binary-amd64/Packages \
    && gzip -9 -k dists/bookworm/main/binary-amd64/Packages \
    && apt-ftparchive -o APT::FTPArchive::Release::Suite=bookworm -o APT::FTPArchive::Release::Codename=bookworm \
         -o APT::FTPArchive::Release::Components=main -o APT::FTPArchive::Release::Architectures=amd64 \
         release dists/bookworm > dists/bookworm/Release' >>"$CACHE/repo.log" 2>&1 || { umount "$dl/repo"; die "indexing failed: see $CACHE/repo.log"; }
  umount "$dl/repo"
  sign_repo "$REPO.tmp"
  # The same repository under two paths: the nodes' sources.list uses /debian, autobase's
  # apt_repository /pgdg (one URI in both would clash on Signed-By).
  ln -s . "$REPO.tmp/debian" && ln -s . "$REPO.tmp/pgdg"
  rm -rf "$dl"
  touch "$REPO.tmp/.hagen-complete"
  rm -rf "$REPO" && mv "$REPO.tmp" "$REPO"
}

# A key made for this repository alone, in a GnuPG home that is removed afterwards (its agent too).
sign_repo() {
  local repo="$1" home
  home="$(mktemp -d)"
  gpg --homedir "$home" --batch --quiet --passphrase '' --quick-gen-key "hagen lab repository" ed25519 sign never
  gpg --homedir "$home" --batch --quiet --armor --export >"$repo/lab.asc"
  gpg --homedir "$home" --batch --quiet --export >"$repo/lab.gpg"
  gpg --homedir "$home" --batch --quiet --clearsign -o "$repo/dists/bookworm/InRelease" "$repo/dists/bookworm/Release"
  gpg --homedir "$home" --batch --quiet --detach-sign -o "$repo/dists/bookworm/Release.gpg" "$repo/dists/bookworm/Release"
  gpgconf --homedir "$home" --kill all 2>/dev/null || true
  rm -rf "$home"
}

build_images() {
  mkdir -p "$CACHE"
  timed "node image" build_node_image
  timed "controller image" build_controller_image
  timed "package repository" build_repo
}
