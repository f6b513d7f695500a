import type { VifSpec, VolumeConnection } from '../types.js';
import type { FakeGuest } from './fake-guest.js';

/**
 * What a fake host keeps beyond the agent's life, as a real host keeps its domains, their disks
 * and console logs, its image cache and its own uptime.
 */
export interface FakeHostState {
  guests: Map<string, FakeGuest>;
  /** Guests set aside by a resize not yet confirmed or reverted. */
  resizeBackups: Map<string, FakeGuest>;
  nextVncPort: number;
  cachedImages: Set<string>;
  bootedAt: Date;
}

/** The file's format; a file of another version is refused rather than misread. */
const stateVersion = 1;

type StoredGuest = Omit<FakeGuest, 'volumes' | 'interfaces' | 'launchedAt'> & {
  volumes: [string, VolumeConnection][];
  interfaces: [string, VifSpec][];
  launchedAt: string;
};

interface StoredState {
  version: number;
  nextVncPort: number;
  bootedAt: string;
  cachedImages: string[];
  guests: StoredGuest[];
  resizeBackups: StoredGuest[];
}

function storeGuest(guest: FakeGuest): StoredGuest {
  return {
    ...guest,
    volumes: [...guest.volumes],
    interfaces: [...guest.interfaces],
    launchedAt: guest.launchedAt.toISOString(),
  };
}

function loadGuest(stored: StoredGuest): FakeGuest {
  return {
    ...stored,
    volumes: new Map(stored.volumes),
    interfaces: new Map(stored.interfaces),
    launchedAt: new Date(stored.launchedAt),
  };
}

/** The state as the file's text. */
export function encodeState(state: FakeHostState): string {
  const stored: StoredState = {
    version: stateVersion,
    nextVncPort: state.nextVncPort,
    bootedAt: state.bootedAt.toISOString(),
    cachedImages: [...state.cachedImages],
    guests: [...state.guests.values()].map(storeGuest),
    resizeBackups: [...state.resizeBackups.values()].map(storeGuest),
  };
  return JSON.stringify(stored);
}

/** The state a file holds; throws, naming the file, when it is not one this driver wrote. */
export function decodeState(text: string, path: string): FakeHostState {
  let stored: StoredState;
  try {
    stored = JSON.parse(text) as StoredState;
  } catch (error) {
    throw new Error(`The fake hypervisor's state file ${path} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (stored?.version !== stateVersion)
    throw new Error(`The fake hypervisor's state file ${path} is not of version ${stateVersion}`);
  const byUuid = (guests: StoredGuest[]) =>
    new Map(guests.map((guest) => [guest.spec.uuid, loadGuest(guest)] as const));
  return {
    guests: byUuid(stored.guests),
    resizeBackups: byUuid(stored.resizeBackups),
    nextVncPort: stored.nextVncPort,
    cachedImages: new Set(stored.cachedImages),
    bootedAt: new Date(stored.bootedAt),
  };
}
