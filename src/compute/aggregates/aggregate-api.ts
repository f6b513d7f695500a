import type { Kysely } from 'kysely';
import { BadRequest, Conflict, NotFound, type ApiError } from '../../common/http/errors.js';
import type { ComputeSchema } from '../db/schema.js';
import type { ServiceRegistry } from '../services/service-registry.js';
import { AggregatesRepo, AZ_KEY, type Aggregate } from './aggregates-repo.js';

/** Which of Nova's InvalidAggregateAction* messages a refused change gives. */
const ACTIONS = {
  add: 'Cannot add host to aggregate',
  update: 'Cannot update aggregate',
  updateMeta: 'Cannot update metadata of aggregate',
  delete: 'Cannot remove host from aggregate',
} as const;
type Action = keyof typeof ACTIONS;

/** The controller maps InvalidAggregateAction to 409 for add_host and to 400 elsewhere. */
function invalidAction(action: Action, id: number, reason: string): ApiError {
  const message = `${ACTIONS[action]} ${id}. Reason: ${reason}.`;
  return action === 'add' ? new Conflict(message) : new BadRequest(message);
}

/** Python's repr of a list of strings, as Nova's messages print one. */
function pythonList(values: string[]): string {
  return `[${values.map((value) => `'${value}'`).join(', ')}]`;
}

/**
 * Nova's AggregateAPI (nova/compute/api.py): the rules around aggregates, chiefly that a host
 * sits in at most one availability zone. Errors are Nova's; the caller only maps statuses.
 * Nova also refuses to move an AZ whose hosts run instances; Stratus has no instances yet.
 */
export class AggregateApi {
  readonly repo: AggregatesRepo;

  constructor(
    db: Kysely<ComputeSchema>,
    private readonly services: ServiceRegistry,
  ) {
    this.repo = new AggregatesRepo(db);
  }

  create(name: string, zone: string | undefined, now: Date): Promise<Aggregate> {
    return this.repo.create(name, zone ? { [AZ_KEY]: zone } : {}, now);
  }

  /** `update_aggregate`: the name first (as Nova saves it apart), then the zone as metadata. */
  async update(id: number, changes: { name?: string; zone?: string | null }, now: Date): Promise<Aggregate> {
    const aggregate = await this.repo.get(id);
    if (changes.name !== undefined) await this.repo.rename(id, changes.name, now);
    if (changes.zone !== undefined) {
      const metadata = { [AZ_KEY]: changes.zone };
      await this.refuseZoneConflict('update', aggregate, metadata, aggregate.hosts);
      await this.repo.setMetadata(id, metadata, now);
    }
    return this.repo.get(id);
  }

  async setMetadata(id: number, metadata: Record<string, string | null>, now: Date): Promise<Aggregate> {
    const aggregate = await this.repo.get(id);
    await this.refuseZoneConflict('updateMeta', aggregate, metadata, aggregate.hosts);
    await this.repo.setMetadata(id, metadata, now);
    return this.repo.get(id);
  }

  /** Only a registered compute host may join; a host's zones must then still agree. */
  async addHost(id: number, host: string, now: Date): Promise<Aggregate> {
    // Nova looks the host up in its cell mappings, which only compute services create.
    if (!(await this.services.find(host, 'nova-compute'))) {
      throw new NotFound(`Host '${host}' is not mapped to any cell`);
    }
    const aggregate = await this.repo.get(id);
    await this.refuseZoneConflict('add', aggregate, aggregate.metadata, [host]);
    if (aggregate.hosts.includes(host)) throw new Conflict(`Aggregate ${id} already has host ${host}.`);
    await this.repo.addHost(id, host, now);
    return this.repo.get(id);
  }

  /** Nova answers every failure here with one message, only the status differs. */
  async removeHost(id: number, host: string, now: Date): Promise<Aggregate> {
    const aggregate = await this.repo.get(id).catch(() => undefined);
    const known = await this.services.find(host, 'nova-compute');
    if (!aggregate || !known || !aggregate.hosts.includes(host)) {
      throw new NotFound(`Cannot remove host ${host} in aggregate ${id}`);
    }
    await this.repo.removeHost(id, host, now);
    return this.repo.get(id);
  }

  async delete(id: number): Promise<void> {
    const aggregate = await this.repo.get(id);
    if (aggregate.hosts.length > 0) throw invalidAction('delete', id, 'Host aggregate is not empty');
    await this.repo.delete(id);
  }

  /**
   * `is_safe_to_update_az`: an empty zone name is refused, and so is a zone that differs from
   * one another aggregate already gives any of the hosts.
   */
  private async refuseZoneConflict(
    action: Action,
    aggregate: Aggregate,
    metadata: Record<string, string | null>,
    hosts: string[],
  ): Promise<void> {
    if (!(AZ_KEY in metadata)) return;
    const zone = metadata[AZ_KEY];
    if (!zone) {
      throw invalidAction(
        action,
        aggregate.id,
        `Aggregate ${aggregate.name} does not support empty named availability zone`,
      );
    }
    const conflicting = (await this.repo.list())
      .filter((other) => other.id !== aggregate.id && AZ_KEY in other.metadata)
      .filter((other) => other.hosts.some((host) => hosts.includes(host)))
      .map((other) => other.metadata[AZ_KEY])
      .filter((other) => other !== zone);
    if (conflicting.length > 0) {
      throw invalidAction(
        action,
        aggregate.id,
        `One or more hosts already in availability zone(s) ${pythonList(conflicting)}`,
      );
    }
  }
}
