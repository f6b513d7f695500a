import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../common/config/index.js';
import { keyRepositoryPath } from '../identity/index.js';
import { FernetKeyRepository } from '../identity/tokens/index.js';
import { SERVICE_NAMES, type ServiceName } from '../gateway/services.js';
import { stopCloud } from './down.js';
import { buildImageCommand, type ImageBuildOptions } from './image-build.js';
import { objectStoreNodeCommand } from './object-store-node.js';
import { objectStoreRingCommand } from './object-store-ring.js';
import { objectStoreSaltCommand } from './object-store-salt.js';
import { printStatus } from './status.js';
import { runServices } from './up.js';

const program = new Command('stratus').description('An OpenStack-compatible cloud in one process');

program
  .command('up')
  .description('run the all-in-one cloud in the foreground (Ctrl-C stops it)')
  .action(() => runServices(SERVICE_NAMES));

program
  .command('serve')
  .description('run one service alone')
  .argument('<service>', `one of: ${SERVICE_NAMES.join(', ')}`, (value: string) => {
    if (!(SERVICE_NAMES as readonly string[]).includes(value))
      throw new InvalidArgumentError(`unknown service ${value}`);
    return value as ServiceName;
  })
  .option('--port <port>', 'port to listen on (default: the configured port)', (value: string) =>
    Number(value),
  )
  .action((service: ServiceName, options: { port?: number }) => runServices([service], options.port));

program
  .command('down')
  .description('stop the cloud of the data directory and remove the network data plane it made')
  .action(async () => {
    process.exitCode = await stopCloud();
  });

program
  .command('status')
  .description('show whether the cloud of the data directory is running')
  .action(async () => {
    process.exitCode = await printStatus();
  });

const image = program.command('image').description('guest images');
image
  .command('build')
  .description("build the guest image (kernel, busybox, dropbear) from Debian's packages")
  .option('--debian', 'build a full Debian 12 image with cloud-init instead (debootstrap; as root)')
  .option('--output <path>', 'where to write the qcow2 image (default: in the data directory)')
  .action((options: ImageBuildOptions) => buildImageCommand(options));

const identity = program.command('identity').description('identity service administration');
identity
  .command('rotate-keys')
  .description('rotate the Fernet token keys (staged key becomes primary)')
  .action(async () => {
    const config = loadConfig();
    const keys = new FernetKeyRepository(keyRepositoryPath(config.data_dir), config.identity.max_active_keys);
    await keys.initialize();
    await keys.rotate();
    console.log(`rotated keys in ${keyRepositoryPath(config.data_dir)}`);
  });

const objectStore = program.command('object-store').description('object storage administration');
objectStore.addCommand(objectStoreRingCommand());
objectStore.addCommand(objectStoreSaltCommand());
objectStore.addCommand(objectStoreNodeCommand());

await program.parseAsync();
