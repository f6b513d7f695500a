import type { ComputeDeps } from '../deps.js';
import { QuotaEngine } from './quota-engine.js';
import { configuredDefaults } from './resources.js';

/** The quota engine of a compute service: `[quota]` defaults with its configured key pair limit. */
export function computeQuotas(deps: ComputeDeps): QuotaEngine {
  return new QuotaEngine(deps.db, configuredDefaults(deps.settings.keyPairsQuota));
}
