import { sshOutput, type SshTarget } from './ssh-probe.js';

/**
 * How many DHCP discovers the guest sent before its first lease, from the udhcpc log the image's
 * init keeps: more than one means a discover went unanswered (the TAP not yet in its bridge, or
 * its firewall not yet open) and the guest waited 3 s for each (`udhcpc -T 3`). Read after the
 * clock stopped, it tells where a slow boot's time went.
 */
export async function dhcpDiscovers(target: SshTarget, keyFile: string): Promise<number> {
  const count = await sshOutput(target, keyFile, 'grep -c discover /run/stratus/udhcpc.eth0.log || true');
  return Number(count.trim());
}
