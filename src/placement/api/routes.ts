import type { FastifyInstance } from 'fastify';
import type { PlacementDeps } from '../deps.js';
import { aggregateRoutes } from './aggregates.js';
import { allocationCandidateRoutes } from './allocation-candidates.js';
import { allocationRoutes } from './allocations.js';
import { inventoryRoutes } from './inventories.js';
import { reshaperRoutes } from './reshaper.js';
import { resourceClassRoutes } from './resource-classes.js';
import { resourceProviderRoutes } from './resource-providers.js';
import { rootRoutes } from './root.js';
import { traitRoutes } from './traits.js';
import { usageRoutes } from './usages.js';

/** A module of placement routes; paths are relative to `/placement`. */
export type RouteModule = (app: FastifyInstance, deps: PlacementDeps) => void;

/** Every placement route module, registered in this order. */
export const placementRoutes: RouteModule[] = [
  rootRoutes,
  resourceProviderRoutes,
  inventoryRoutes,
  usageRoutes,
  allocationRoutes,
  traitRoutes,
  aggregateRoutes,
  resourceClassRoutes,
  reshaperRoutes,
  allocationCandidateRoutes,
];
