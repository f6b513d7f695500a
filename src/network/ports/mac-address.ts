import { randomBytes } from 'node:crypto';
import type { NetworkDb } from '../db/record-store.js';
import { macAddressGenerationFailure, macAddressInUse } from './port-errors.js';

/** Neutron's `base_mac`: ports get fa:16:3e and three random octets. */
const BASE_MAC = 'fa:16:3e';
/** Neutron's `mac_generation_retries`. */
const MAC_GENERATION_RETRIES = 16;

function randomMac(): string {
  return [BASE_MAC, ...[...randomBytes(3)].map((octet) => octet.toString(16).padStart(2, '0'))].join(':');
}

/** Records a MAC on a network; false when a port of the network has it (the primary key decides). */
async function claimMac(trx: NetworkDb, networkId: string, mac: string, portId: string): Promise<boolean> {
  const result = await trx
    .insertInto('mac_addresses')
    .values({ network_id: networkId, mac_address: mac, port_id: portId })
    .onConflict((onConflict) => onConflict.columns(['network_id', 'mac_address']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * The port's MAC, unique on its network: the one asked for (MacAddressInUse when taken), or a
 * random `fa:16:3e:xx:xx:xx` drawn again while taken (MacAddressGenerationFailure after
 * Neutron's 16 tries).
 */
export async function reserveMac(
  trx: NetworkDb,
  networkId: string,
  portId: string,
  requested: string | undefined,
): Promise<string> {
  if (requested !== undefined) {
    if (!(await claimMac(trx, networkId, requested, portId))) throw macAddressInUse(networkId, requested);
    return requested;
  }
  for (let attempt = 0; attempt < MAC_GENERATION_RETRIES; attempt++) {
    const mac = randomMac();
    if (await claimMac(trx, networkId, mac, portId)) return mac;
  }
  throw macAddressGenerationFailure(networkId);
}

/** Gives a port's MAC back to its network. */
export async function releaseMac(trx: NetworkDb, networkId: string, mac: string): Promise<void> {
  await trx
    .deleteFrom('mac_addresses')
    .where('network_id', '=', networkId)
    .where('mac_address', '=', mac)
    .execute();
}
