import { FakeDriver } from '../../../src/compute/virt/fake/fake-driver.js';
import { virtDriverContract } from './contract.js';

virtDriverContract('FakeDriver', { create: async () => new FakeDriver() });

// As Nova's SameHostColdMigrateDriver: the same fake, allowed to resize on its own host.
virtDriverContract('FakeDriver with same-host resize', {
  create: async () => new FakeDriver({ capabilities: { supportsMigrateToSameHost: true } }),
});
