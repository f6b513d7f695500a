import { ConfigError, loadConfig } from '../common/config/index.js';
import { createLogger } from '../common/logging.js';
import { startCloud } from '../gateway/cloud.js';
import { SERVICE_NAMES, type ServiceName } from '../gateway/services.js';

/**
 * Runs services in the foreground until SIGINT or SIGTERM, then closes them cleanly (in-flight
 * requests finish, databases close) so a restart finds everything as it was.
 */
export async function runServices(names: readonly ServiceName[], portOverride?: number): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`stratus: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (portOverride !== undefined) config = { ...config, port: portOverride };
  const logger = createLogger(config.log_level);
  let cloud;
  try {
    cloud = await startCloud(config, logger, names);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? `port ${config.port} on ${config.host} is in use` : (error as Error).message;
    console.error(`stratus: cannot start: ${reason}`);
    process.exit(1);
  }
  console.log(`Stratus is up: ${cloud.url}`);
  for (const name of names) console.log(`  ${name.padEnd(14)} ${cloud.url}/${name}`);
  console.log(
    `Credentials: ${cloud.files.openrc} (admin), ${cloud.files.openrcDemo} (demo), ${cloud.files.cloudsYaml}`,
  );
  console.log(`Try: source ${cloud.files.openrc} && openstack token issue`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

export const ALL_SERVICES = SERVICE_NAMES;
