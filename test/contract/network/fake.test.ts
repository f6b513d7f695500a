import { FakeNetworkDriver } from '../../../src/network/drivers/fake/fake-network-driver.js';
import type { NetworkDriver } from '../../../src/network/drivers/network-driver.js';
import { networkDriverContract } from './contract.js';

const fake = (driver: NetworkDriver) => driver as FakeNetworkDriver;

// Devices checked, as a real host checks them.
networkDriverContract('FakeNetworkDriver', {
  create: async () => {
    const driver = new FakeNetworkDriver({ checkDevices: true });
    await driver.setup();
    return driver;
  },
  makeDevice: async (driver, name) => fake(driver).createDevice(name),
  removeDevice: async (driver, name) => fake(driver).removeDevice(name),
  hostView: async (driver) => {
    const { host } = fake(driver);
    const networks = [...host.networks.values()];
    return {
      links: [
        ...host.devices,
        ...networks.map((network) => network.bridge),
        ...networks.flatMap((network) => (network.uplink ? [network.uplink.name] : [])),
      ],
      namespaces: [...host.dhcpServers.values(), ...host.routers.values()].map((holder) => holder.namespace),
    };
  },
  dispose: (driver) => driver.teardown(),
});
