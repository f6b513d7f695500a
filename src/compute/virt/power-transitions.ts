import { InvalidPowerState } from './errors.js';
import { PowerState } from './power-state.js';

const { RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED } = PowerState;
const anyState: readonly PowerState[] = [PowerState.NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED];

/**
 * The power states each guest operation may start from, as a hypervisor allows them (a paused
 * guest cannot be suspended by libvirt's rules here, a stopped one has no VNC server): the
 * contract every driver keeps, written down once so the drivers and their contract suite agree.
 */
export const allowedPowerStates = {
  pause: [RUNNING],
  unpause: [PAUSED],
  suspend: [RUNNING],
  resume: [SUSPENDED],
  powerOn: [RUNNING, SHUTDOWN, CRASHED],
  powerOff: anyState,
  reboot: anyState,
  rescue: [RUNNING, SHUTDOWN, CRASHED],
  migrateDiskAndPowerOff: anyState,
  liveMigration: [RUNNING, PAUSED],
  getVncConsole: [RUNNING, PAUSED],
  attachVolume: [RUNNING, PAUSED, SHUTDOWN, CRASHED],
  attachInterface: [RUNNING, PAUSED, SHUTDOWN, CRASHED],
} as const satisfies Record<string, readonly PowerState[]>;

export type PowerOperation = keyof typeof allowedPowerStates;

/** Throws `InvalidPowerState` unless `operation` may start from `state`. */
export function requirePowerState(instanceUuid: string, operation: PowerOperation, state: PowerState): void {
  if (!(allowedPowerStates[operation] as readonly PowerState[]).includes(state)) {
    throw new InvalidPowerState(instanceUuid, operation, state);
  }
}
