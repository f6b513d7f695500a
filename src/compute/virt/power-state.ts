/**
 * The power state of a guest as its hypervisor sees it, with Nova's numbers
 * (nova/compute/power_state.py): they appear as `OS-EXT-STS:power_state` in the compute API, so
 * they are wire values, not just names.
 */
export const PowerState = {
  NOSTATE: 0,
  RUNNING: 1,
  PAUSED: 3,
  SHUTDOWN: 4,
  CRASHED: 6,
  SUSPENDED: 7,
} as const;

export type PowerState = (typeof PowerState)[keyof typeof PowerState];

/** Nova's names for the power states (`power_state.STATE_MAP`), used in messages and logs. */
export const powerStateNames: Record<PowerState, string> = {
  [PowerState.NOSTATE]: 'pending',
  [PowerState.RUNNING]: 'running',
  [PowerState.PAUSED]: 'paused',
  [PowerState.SHUTDOWN]: 'shutdown',
  [PowerState.CRASHED]: 'crashed',
  [PowerState.SUSPENDED]: 'suspended',
};
