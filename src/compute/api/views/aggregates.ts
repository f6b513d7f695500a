import type { Microversion } from '../../../common/http/microversion.js';
import { AZ_KEY, type Aggregate } from '../../aggregates/aggregates-repo.js';
import { novaTime } from './services.js';

/** The microversion from which aggregates show their uuid. */
export const AGGREGATE_UUID = '2.41';

/** Create's answer: every field but hosts and metadata, as Nova answered before aggregates were objects. */
export function createdAggregate(aggregate: Aggregate, version: Microversion) {
  return {
    id: aggregate.id,
    ...(version.atLeast(AGGREGATE_UUID) ? { uuid: aggregate.uuid } : {}),
    name: aggregate.name,
    availability_zone: aggregate.metadata[AZ_KEY] ?? null,
    created_at: novaTime(aggregate.created_at),
    updated_at: novaTime(aggregate.updated_at),
    deleted_at: null,
    deleted: false,
  };
}

/** `_marshall_aggregate`: every field of Nova's object, soft-delete ones included. */
export function aggregateDetail(aggregate: Aggregate, version: Microversion) {
  return { ...createdAggregate(aggregate, version), hosts: aggregate.hosts, metadata: aggregate.metadata };
}
