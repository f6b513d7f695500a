import { GUEST_JSON_FUNCTIONS } from './guest-json-functions.js';

/** The console lines a caller waits for (e2e tests, the QEMU driver's boot checks). */
export const GUEST_MARKERS = {
  configDrive: 'stratus-init: metadata from config-drive',
  metadataService: 'stratus-init: metadata from metadata-service',
  ec2Metadata: 'stratus-init: metadata from ec2-metadata',
  noMetadata: 'stratus-init: no metadata found',
  loginReady: 'stratus-init: login ready',
} as const;

/**
 * The guest's boot script (busybox init runs it as `::sysinit:`), doing what cirros does:
 * mount the kernel filesystems, load the drivers, DHCP on every NIC, find the instance's
 * metadata (config drive first, then the metadata service, OpenStack tree then EC2), set the
 * host name, install the SSH keys, run the user data, start dropbear. Settings it does not
 * know at build time come from /etc/stratus-guest.conf (LOGIN_USER).
 *
 * Kept as shell text in a TypeScript module so the compiled build carries it (tsc copies no
 * other files); String.raw keeps backslashes as typed, and the script uses no "${" so the
 * template never interpolates.
 */
export const GUEST_INIT_SCRIPT =
  String.raw`#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
. /etc/stratus-guest.conf
` +
  GUEST_JSON_FUNCTIONS +
  String.raw`
log() {
  echo "stratus-init: $*"
  echo "stratus-init: $*" >/dev/tty1 2>/dev/null
}

mount_kernel_filesystems() {
  mount -t proc proc /proc
  mount -t sysfs sysfs /sys
  mount -t devtmpfs devtmpfs /dev
  mkdir -p /dev/pts /dev/shm
  mount -t devpts -o gid=5,mode=620 devpts /dev/pts
  mount -t tmpfs -o mode=1777 tmpfs /dev/shm
  mount -t tmpfs -o mode=1777 tmpfs /tmp
  mount -t tmpfs -o mode=755 tmpfs /run
  mkdir -p /run/stratus /run/sudo
}

load_modules() {
  # In dependency order, written at build time (modules.dep is there too, for modprobe).
  dir=/lib/modules/$(uname -r)
  while read -r module args; do
    insmod "$dir/$module" $args 2>/dev/null || log "could not load $module"
  done </etc/stratus-modules
}

start_network() {
  ip link set dev lo up
  for path in /sys/class/net/eth*; do
    [ -e "$path" ] || continue
    nic=$(basename "$path")
    ip link set dev "$nic" up
    # In the foreground until a lease (5 tries, 3 s apart), then on in the background to renew:
    # the metadata service is reached through the route and address it gives.
    udhcpc -b -t 5 -T 3 -i "$nic" -p "/run/udhcpc.$nic.pid" -s /usr/share/udhcpc/default.script \
      -O mtu -O staticroutes >/run/stratus/udhcpc.$nic.log 2>&1
    address=$(ip -4 -o addr show dev "$nic" | awk '{print $4}')
    if [ -n "$address" ]; then log "$nic up with $address"; else log "$nic has no DHCP lease yet"; fi
  done
}

# Mounts the config drive (a filesystem labelled config-2, ISO9660 or VFAT, on a cdrom or disk)
# and copies what we read from it; returns 1 when there is none.
read_config_drive() {
  tries=0
  device=""
  while [ $tries -lt 3 ]; do
    device=$(findfs LABEL=config-2 2>/dev/null) && break
    device=""
    tries=$((tries + 1))
    sleep 1
  done
  [ -n "$device" ] || return 1
  mkdir -p /run/stratus/config-drive
  mount -o ro "$device" /run/stratus/config-drive 2>/dev/null || return 1
  found=1
  if [ -f /run/stratus/config-drive/openstack/latest/meta_data.json ]; then
    cp /run/stratus/config-drive/openstack/latest/meta_data.json /run/stratus/meta_data.json
    [ -f /run/stratus/config-drive/openstack/latest/user_data ] &&
      cp /run/stratus/config-drive/openstack/latest/user_data /run/stratus/user_data
    found=0
  fi
  umount /run/stratus/config-drive
  [ $found -eq 0 ] && log "metadata from config-drive ($device)"
  return $found
}

# Fetches a URL to a file; busybox wget has its own timeouts only for reads, so "timeout" bounds
# a connection that is never answered.
fetch() {
  rm -f "$2"
  timeout 10 wget -O "$2" "$1" >/dev/null 2>&1 && return 0
  rm -f "$2"
  return 1
}

read_metadata_service() {
  ip -4 route get 169.254.169.254 >/dev/null 2>&1 || return 1
  base=http://169.254.169.254
  tries=0
  while [ $tries -lt 30 ]; do
    tries=$((tries + 1))
    if fetch "$base/openstack/latest/meta_data.json" /run/stratus/meta_data.json; then
      fetch "$base/openstack/latest/user_data" /run/stratus/user_data
      log "metadata from metadata-service"
      return 0
    fi
    if fetch "$base/latest/meta-data/public-keys/0/openssh-key" /run/stratus/ec2_keys; then
      fetch "$base/latest/meta-data/local-hostname" /run/stratus/ec2_hostname
      fetch "$base/latest/user-data" /run/stratus/user_data
      log "metadata from ec2-metadata"
      return 0
    fi
    sleep 2
  done
  return 1
}

apply_hostname() {
  name=""
  if [ -f /run/stratus/meta_data.json ]; then
    name=$(json_string hostname /run/stratus/meta_data.json)
    [ -n "$name" ] || name=$(json_string name /run/stratus/meta_data.json)
  elif [ -f /run/stratus/ec2_hostname ]; then
    name=$(cat /run/stratus/ec2_hostname)
  fi
  # A host name is letters, digits, dots and dashes; anything else (a display name with spaces)
  # becomes a dash, as cloud-init does.
  name=$(echo "$name" | head -n 1 | tr -c 'A-Za-z0-9.\n-' '-')
  [ -n "$name" ] || return 0
  # The short name, as cloud-init sets it (Tempest compares the hostname with the server name);
  # the full one (name.novalocal) resolves through /etc/hosts.
  short=$(echo "$name" | cut -d. -f1)
  hostname "$short"
  echo "$short" >/etc/hostname
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s %s\n' "$name" "$short" >/etc/hosts
  log "hostname $short"
}

install_ssh_keys() {
  home=$(awk -F: -v user="$LOGIN_USER" '$1 == user {print $6}' /etc/passwd)
  mkdir -p "$home/.ssh"
  keys="$home/.ssh/authorized_keys"
  : >"$keys"
  if [ -f /run/stratus/meta_data.json ]; then
    json_object_strings public_keys /run/stratus/meta_data.json >>"$keys"
  fi
  [ -f /run/stratus/ec2_keys ] && cat /run/stratus/ec2_keys >>"$keys" && echo >>"$keys"
  grep -v '^$' "$keys" >"$keys.new"
  mv "$keys.new" "$keys"
  chown -R "$LOGIN_USER:$LOGIN_USER" "$home/.ssh"
  chmod 700 "$home/.ssh"
  chmod 600 "$keys"
  log "$(grep -c . "$keys") ssh keys for $LOGIN_USER"
}

start_ssh() {
  # Host keys made at each boot, so no two guests of the image share them. No RSA key: making
  # one takes long under TCG, and every client since 2014 speaks ed25519 or ECDSA.
  mkdir -p /etc/dropbear
  echo "-----BEGIN SSH HOST KEY KEYS-----"
  for type in ed25519 ecdsa; do
    dropbearkey -t $type -f /etc/dropbear/host_key.$type >/dev/null 2>&1
    dropbearkey -y -f /etc/dropbear/host_key.$type 2>/dev/null | grep -E '^(ssh|ecdsa)-'
  done
  echo "-----END SSH HOST KEY KEYS-----"
  # Keys only: the console password is a published default, as cirros's is.
  dropbear -s -p 22 -r /etc/dropbear/host_key.ed25519 -r /etc/dropbear/host_key.ecdsa
}

run_user_data() {
  [ -s /run/stratus/user_data ] || return 0
  if [ "$(head -c 2 /run/stratus/user_data)" != "#!" ]; then
    log "user-data is not a script (no #!), left in /run/stratus/user_data"
    return 0
  fi
  chmod 700 /run/stratus/user_data
  /run/stratus/user_data >/run/stratus/user_data.log 2>&1
  log "user-data exited $?"
}

mount_kernel_filesystems
log "starting (kernel $(uname -r))"
hostname "$(cat /etc/hostname)"
load_modules
start_network
read_config_drive || read_metadata_service || log "no metadata found"
apply_hostname
install_ssh_keys
start_ssh
acpid
run_user_data
log "login ready (user $LOGIN_USER, ssh port 22)"
`;
