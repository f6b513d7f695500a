/** A file the build writes into the guest, beside the unpacked packages. */
export interface GuestFile {
  path: string;
  content: string;
  mode: number;
}

/**
 * busybox init's table: our boot script once, a login prompt on the serial port and the first
 * VGA console (respawned), and a clean stop on poweroff/reboot (ACPI power button via acpid).
 */
const inittab = `::sysinit:/etc/init.d/rcS
ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100
tty1::respawn:/sbin/getty 38400 tty1
::ctrlaltdel:/sbin/reboot
::shutdown:/etc/init.d/rcK
`;

/** What runs at poweroff and reboot: stop the daemons, then leave every filesystem clean. */
const shutdownScript = `#!/bin/sh
echo "stratus-init: stopping"
killall dropbear udhcpc acpid 2>/dev/null
sync
umount -a -r 2>/dev/null
`;

/**
 * udhcpc's hook: configure the address, MTU, routes (option 121 first, as RFC 3442 says, so the
 * metadata host route of an isolated network works) and DNS. Only the first NIC to get a router
 * owns the default route and resolv.conf.
 */
const udhcpcScript = `#!/bin/sh
case "$1" in
deconfig)
  ip -4 addr flush dev "$interface"
  ip link set dev "$interface" up
  ;;
bound | renew)
  [ -n "$mtu" ] && ip link set dev "$interface" mtu "$mtu"
  [ "$1" = bound ] && ip -4 addr flush dev "$interface"
  ip addr replace "$ip/$mask" broadcast "+" dev "$interface"
  owner=$(cat /run/default-route-nic 2>/dev/null)
  if [ -n "$staticroutes" ]; then
    set -- $staticroutes
    while [ $# -ge 2 ]; do
      if [ "$1" = 0.0.0.0/0 ]; then
        if [ -z "$owner" ] || [ "$owner" = "$interface" ]; then
          ip route replace default via "$2" dev "$interface" && echo "$interface" >/run/default-route-nic
        fi
      else
        ip route replace "$1" via "$2" dev "$interface"
      fi
      shift 2
    done
  elif [ -n "$router" ] && { [ -z "$owner" ] || [ "$owner" = "$interface" ]; }; then
    set -- $router
    ip route replace default via "$1" dev "$interface" && echo "$interface" >/run/default-route-nic
  fi
  if [ -n "$dns" ] && { [ -z "$owner" ] || [ "$owner" = "$interface" ]; }; then
    : >/etc/resolv.conf
    [ -n "$domain" ] && echo "search $domain" >>/etc/resolv.conf
    for server in $dns; do echo "nameserver $server" >>/etc/resolv.conf; done
  fi
  ;;
esac
exit 0
`;

/** acpid's handler for the power button: QEMU's system_powerdown becomes a clean poweroff. */
const powerButton = `#!/bin/sh
poweroff
`;

/**
 * A small lsblk for busybox systems: the columns and types util-linux prints (NAME, MAJ:MIN, RM,
 * SIZE, RO, TYPE, MOUNTPOINT; disk, part, rom), with -b (bytes) and --nodeps/-d (no
 * partitions); -l/-a/--ascii change nothing here. Tempest reads `lsblk -lb --nodeps` to count
 * the disks of a guest.
 */
const lsblk = `#!/bin/sh
bytes=0
nodeps=0
for arg in "$@"; do
  case "$arg" in
  --bytes) bytes=1 ;;
  --nodeps) nodeps=1 ;;
  --*) ;;
  -*)
    case "$arg" in *b*) bytes=1 ;; esac
    case "$arg" in *d*) nodeps=1 ;; esac
    ;;
  esac
done
size() {
  sectors=$(cat "$1/size")
  if [ $bytes -eq 1 ]; then echo $((sectors * 512)); return; fi
  awk -v b=$((sectors * 512)) 'BEGIN { split("B K M G T", u); i = 1; while (b >= 1024 && i < 5) { b /= 1024; i++ }
    printf (b == int(b) ? "%d%s\\n" : "%.1f%s\\n"), b, u[i] }'
}
row() {
  mountpoint=$(awk -v dev="/dev/$2" '$1 == dev {print $2; exit}' /proc/mounts)
  printf '%-7s %7s %2s %10s %2s %-4s %s\\n' "$2" "$(cat "$1/dev")" "$(cat "$1/removable" 2>/dev/null || echo 0)" \\
    "$(size "$1")" "$(cat "$1/ro")" "$3" "$mountpoint"
}
printf '%-7s %7s %2s %10s %2s %-4s %s\\n' NAME MAJ:MIN RM SIZE RO TYPE MOUNTPOINT
for disk in /sys/block/*; do
  name=$(basename "$disk")
  case "$name" in loop* | ram* | zram*) continue ;; esac
  case "$name" in sr*) type=rom ;; *) type=disk ;; esac
  row "$disk" "$name" "$type"
  [ $nodeps -eq 1 ] && continue
  for part in "$disk/$name"*; do
    [ -e "$part/partition" ] && row "$part" "$(basename "$part")" part
  done
done
`;

/** The files that make the unpacked binaries a working system, for the login user. */
export function guestSystemFiles(login: { user: string; password: string }): GuestFile[] {
  const issue = `Stratus guest: login as '${login.user}', password '${login.password}'; 'sudo' for root.\n`;
  return [
    { path: '/etc/inittab', content: inittab, mode: 0o644 },
    { path: '/etc/init.d/rcK', content: shutdownScript, mode: 0o755 },
    { path: '/usr/share/udhcpc/default.script', content: udhcpcScript, mode: 0o755 },
    { path: '/etc/acpi/PWRF/00000080', content: powerButton, mode: 0o755 },
    { path: '/usr/bin/lsblk', content: lsblk, mode: 0o755 },
    { path: '/etc/stratus-guest.conf', content: `LOGIN_USER=${login.user}\n`, mode: 0o644 },
    { path: '/etc/hostname', content: 'stratus-guest\n', mode: 0o644 },
    { path: '/etc/hosts', content: '127.0.0.1\tlocalhost\n127.0.1.1\tstratus-guest\n', mode: 0o644 },
    { path: '/etc/shells', content: '/bin/sh\n/bin/ash\n', mode: 0o644 },
    {
      path: '/etc/nsswitch.conf',
      content: 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n',
      mode: 0o644,
    },
    { path: '/etc/profile', content: profile, mode: 0o644 },
    { path: '/etc/issue', content: issue, mode: 0o644 },
  ];
}

const profile = `export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PS1='\\u@\\h:\\w\\$ '
`;
