import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { computeHostNames } from '../common/compute-hosts.js';
import { ComputeEventsClient } from '../common/clients/compute-events-client.js';
import { connect, migrate } from '../common/db/index.js';
import { metadataSharedSecret } from '../common/metadata-secret.js';
import { createPolicyEnforcer } from '../common/policy/index.js';
import type { ServiceModule } from '../common/service.js';
import { ChangeFeed } from './agent/change-feed.js';
import { NetworkAgent } from './agent/network-agent.js';
import { ensureDefaultNetworks } from './bootstrap/default-networks.js';
import { MetadataProxy } from './metadata/metadata-proxy.js';
import { networkMigrations } from './db/migrations/index.js';
import type { NetworkSchema } from './db/schema.js';
import type { NetworkDeps } from './deps.js';
import { createNetworkDriver } from './drivers/index.js';
import { firstUnsearchableFolder } from './drivers/linux/searchable-path.js';
import { networkServicePolicies } from './policies/index.js';
import { buildNetwork } from './service.js';

export { buildNetwork } from './service.js';
export type { NetworkDeps } from './deps.js';

/** The physical network of the all-in-one `public` network, bridged on the host like DevStack's br-ex. */
const PUBLIC_PHYSICAL_NETWORK = 'public';

/** Where routers redirect 169.254.169.254:80, inside their namespaces (Neutron's metadata port). */
const METADATA_PORT = 9697;

/** The network service as the gateway mounts it, with this host's network agent. */
export const networkService: ServiceModule = {
  name: 'network',
  catalog: { type: 'network', name: 'neutron', description: 'Neutron Service', endpointSuffix: '' },
  async open({ config, logger, publicUrl, validator, identityUri, serviceToken, transport, projects }) {
    const { db } = connect<NetworkSchema>(config.database_url, config.data_dir, 'network');
    await migrate(db as Kysely<unknown>, 'network', networkMigrations);
    // Compute is reachable once the cloud serves; events before that have no instance to reach.
    let compute: ComputeEventsClient | null = null;
    const deps: NetworkDeps = {
      db,
      config,
      logger,
      apiUrl: `${publicUrl}/network/v2.0`,
      policy: createPolicyEnforcer(networkServicePolicies, config.policy),
      ruleNames: new Set([...networkServicePolicies.map((rule) => rule.name), ...Object.keys(config.policy)]),
      now: () => new Date(),
      newId: randomUUID,
      changes: new ChangeFeed(),
      notifyCompute: (events) => {
        if (!compute || events.length === 0) return;
        compute
          .send(events)
          .catch((error) => logger.warn({ err: error }, 'could not send events to compute'));
      },
    };
    const agents: NetworkAgent[] = [];
    let metadataProxy: MetadataProxy | null = null;
    return {
      plugin: buildNetwork(deps, { validator, identityUri }),
      // The default networks are made through the API, and the agent tells compute: both need the cloud serving.
      async start() {
        if (config.network.create_default_networks) {
          await ensureDefaultNetworks(transport('network', serviceToken), {
            publicCidr: config.network.public_cidr,
            publicPhysicalNetwork: PUBLIC_PHYSICAL_NETWORK,
            adminProjectId: projects.admin,
            demoProjectId: projects.demo,
          });
        }
        const computeEvents = new ComputeEventsClient(transport('compute', serviceToken));
        compute = computeEvents;
        const stateDir = join(config.data_dir, 'network');
        mkdirSync(stateDir, { recursive: true });
        // Metadata reaches instances only through real router namespaces.
        const metadataSocket = join(stateDir, 'metadata.sock');
        if (config.network.driver === 'linux') {
          const closed = firstUnsearchableFolder(stateDir);
          if (closed)
            logger.warn(
              `${closed} is closed to other users (no o+x): dnsmasq, which runs as nobody, cannot read ` +
                `its hosts files under ${stateDir} and instances will get no DHCP address (chmod o+x ${closed})`,
            );
          metadataProxy = new MetadataProxy(
            deps,
            {
              url: config.network.metadata_url ?? `${publicUrl}/metadata`,
              sharedSecret: metadataSharedSecret(config.data_dir),
            },
            logger,
          );
          await metadataProxy.listen(metadataSocket);
        }
        // One agent per compute host, as each hypervisor host runs Neutron's L2 agent; the first is
        // also the network node (DHCP and routers). The linux driver wires this machine only, for
        // every compute host it runs; the fake one stands in for each fake compute host.
        const computeHosts = computeHostNames(config.compute);
        const linux = config.network.driver === 'linux';
        const hosts = linux ? computeHosts.slice(0, 1) : computeHosts;
        for (const [index, host] of hosts.entries()) {
          const networkNode = index === 0;
          agents.push(
            new NetworkAgent({
              host,
              sameMachineHosts: linux ? computeHosts.slice(1) : [],
              driver: createNetworkDriver(config.network.driver, {
                stateDir,
                owner: config.network.data_plane_tag,
                physicalInterfaceMappings: config.network.physical_interface_mappings,
              }),
              deps,
              changes: deps.changes,
              notify: (events) => computeEvents.send(events),
              logger,
              resyncIntervalMs: 30_000,
              devicePollMs: 500,
              changeDelayMs: 100,
              hostBridgedPhysicalNetworks: [PUBLIC_PHYSICAL_NETWORK],
              reportIntervalSeconds: 30,
              networkNode,
              metadata:
                metadataProxy && networkNode
                  ? {
                      port: METADATA_PORT,
                      socketPath: metadataSocket,
                      script: fileURLToPath(new URL('./metadata/namespace-forwarder.js', import.meta.url)),
                    }
                  : null,
            }),
          );
        }
        for (const agent of agents) await agent.start();
      },
      async close() {
        for (const agent of agents) await agent.stop({ teardown: true });
        await metadataProxy?.close();
        await db.destroy();
      },
    };
  },
};
