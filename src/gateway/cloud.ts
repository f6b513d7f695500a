import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { publicUrl, type StratusConfig } from '../common/config/index.js';
import { createApp } from '../common/http/app.js';
import type { Logger } from '../common/logging.js';
import { readPasswords, savePasswords, writeClientFiles } from './credentials-files.js';
import { freePort } from './free-port.js';
import { openServices, type ServiceName } from './services.js';

export interface RunningCloud {
  app: FastifyInstance;
  url: string;
  files: ReturnType<typeof writeClientFiles>;
  close(): Promise<void>;
}

/** Where a running cloud records its pid and URL, for `stratus status`. */
export const stateFile = (dataDir: string) => join(dataDir, 'stratus.state.json');

/**
 * Brings a cloud up: the given services on one port, each under its own path, state in the
 * data directory, client credentials written next to it.
 */
export async function startCloud(
  config: StratusConfig,
  logger: Logger,
  names: readonly ServiceName[],
): Promise<RunningCloud> {
  mkdirSync(config.data_dir, { recursive: true, mode: 0o700 });
  if (config.port === 0) config = { ...config, port: await freePort(config.host) };
  const url = publicUrl(config);
  const opened = await openServices(config, logger, url, names);
  const { services, passwords } = opened;

  const saved = readPasswords(config.data_dir);
  const admin = passwords.admin ?? saved.admin;
  const demo = passwords.demo ?? saved.demo;
  if (!admin || !demo)
    throw new Error(
      `the bootstrap passwords are lost: set identity.admin_password and identity.demo_password in ${config.data_dir}/stratus.yaml`,
    );
  savePasswords(config.data_dir, { admin, demo });
  const files = writeClientFiles(config.data_dir, `${url}/identity/v3`, config.region, { admin, demo });

  const app = createApp({ logger, bodyLimit: config.max_request_body_size });
  app.get('/', async () => ({
    name: 'stratus',
    services: services.map((service) => ({ name: service.name, url: `${url}${service.prefix}` })),
  }));
  for (const service of services) await app.register(service.plugin, { prefix: service.prefix });
  await app.listen({ host: config.host, port: config.port });
  await opened.start(app);
  writeFileSync(stateFile(config.data_dir), JSON.stringify({ pid: process.pid, url, services: names }));

  return {
    app,
    url,
    files,
    async close() {
      await app.close();
      await opened.close();
      rmSync(stateFile(config.data_dir), { force: true });
    },
  };
}
