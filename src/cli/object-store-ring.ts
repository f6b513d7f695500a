import { Command, InvalidArgumentError } from 'commander';
import { access } from 'node:fs/promises';
import { MAX_BALANCE, RingBuilder, RingBuilderError, RingFileError } from '../object-store/ring/index.js';

/** swift-ring-builder's exit statuses. */
const EXIT_SUCCESS = 0;
const EXIT_WARNING = 1;
const EXIT_ERROR = 2;

export interface RingCommandOptions {
  id?: number;
  region?: number;
  zone?: number;
  ip?: string;
  port?: number;
  device?: string;
  weight?: number;
  seed?: string;
}

type Print = (line: string) => void;

const COMMANDS = [
  'create',
  'add',
  'remove',
  'set-weight',
  'rebalance',
  'show',
  'pretend-min-part-hours-passed',
];

const USAGE = `stratus object-store ring <ring-file> <command>
  create <part_power> <replicas> <min_part_hours>
  add [--region <region>] --zone <zone> --ip <ip> --port <port> --device <name> --weight <weight> [--id <id>]
  remove <id>
  set-weight <id> <weight>
  rebalance [--seed <seed>]
  show (the default)
  pretend-min-part-hours-passed`;

function integer(value: string, name: string): number {
  if (!/^\d+$/.test(value))
    throw new RingBuilderError(`${name} must be a non-negative integer (was "${value}")`);
  return Number(value);
}

function weight(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0)
    throw new RingBuilderError(`weight must be a number >= 0 (was "${value}")`);
  return number;
}

/** Python's `str(timedelta(seconds=...))` for whole seconds under a day: `0:59:59`. */
function duration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${hours}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

function describe(builder: RingBuilder, id: number): string {
  const device = builder.devices().find((known) => known.id === id)!;
  return `d${id}r${device.region}z${device.zone}-${device.ip}:${device.port}/${device.device}`;
}

/** swift-ring-builder's default view: the ring's shape, its state and a table of devices. */
function show(file: string, builder: RingBuilder, print: Print, now: number): void {
  const devices = builder.devices();
  const regions = new Set(devices.map((device) => device.region)).size;
  const zones = new Set(devices.map((device) => `${device.region}/${device.zone}`)).size;
  const balance = devices.length > 0 ? builder.balance() : 0;
  print(`${file}, build version ${builder.version}`);
  print(
    `${builder.parts} partitions, ${builder.replicas.toFixed(6)} replicas, ${regions} regions, ${zones} zones, ` +
      `${devices.length} devices, ${balance.toFixed(2)} balance, ${builder.dispersion.toFixed(2)} dispersion`,
  );
  print(
    `The minimum number of hours before a partition can be reassigned is ${builder.minPartHours} ` +
      `(${duration(builder.minPartSecondsLeft(now))} remaining)`,
  );
  const ring = builder.ringData();
  if (!ring) print('The ring has not been rebalanced yet');
  else if (builder.ringUpToDate()) print(`The ring (build version ${ring.version}) is up-to-date`);
  else print(`The ring (build version ${ring.version}) is obsolete: rebalance to apply the changes since`);
  const held = builder.partsPerDevice();
  const balances = builder.balancePerDevice();
  const ipWidth = Math.max(10, ...devices.map((device) => device.ip.length));
  const nameWidth = Math.max(5, ...devices.map((device) => device.device.length));
  print(
    `Devices:   id region zone ${'ip address'.padStart(ipWidth)}:port  ${'name'.padStart(nameWidth)} ` +
      `  weight partitions balance flags`,
  );
  const sorted = devices.sort(
    (a, b) =>
      a.region - b.region || a.zone - b.zone || a.ip.localeCompare(b.ip) || a.device.localeCompare(b.device),
  );
  for (const device of sorted) {
    const columns = [
      String(device.id).padStart(13),
      String(device.region).padStart(6),
      String(device.zone).padStart(4),
      `${device.ip.padStart(ipWidth)}:${String(device.port).padEnd(5)}`,
      device.device.padStart(nameWidth),
      device.weight.toFixed(2).padStart(8),
      String(held[device.id] ?? 0).padStart(10),
      (balances.get(device.id) ?? 0).toFixed(2).padStart(7),
      builder.isMarkedForRemoval(device.id) ? 'DEL' : '',
    ];
    print(columns.join(' ').trimEnd());
  }
}

function rebalance(builder: RingBuilder, options: RingCommandOptions, print: Print, now: number) {
  const secondsLeft = builder.minPartSecondsLeft(now);
  const result = builder.rebalance({ seed: options.seed, now });
  if (result.changedParts === 0 && result.removedDevices === 0) {
    print('No partitions could be reassigned.');
    if (secondsLeft > 0)
      print(
        `The time between rebalances must be at least min_part_hours: ${builder.minPartHours} hours ` +
          `(${duration(secondsLeft)} remaining)`,
      );
    else print('There is no need to do so at this time');
    return { save: false, status: EXIT_WARNING };
  }
  const percent = (100 * result.changedParts) / builder.parts;
  print(
    `Reassigned ${result.changedParts} (${percent.toFixed(2)}%) partitions. ` +
      `Balance is now ${result.balance.toFixed(2)}.  Dispersion is now ${result.dispersion.toFixed(2)}`,
  );
  let status = EXIT_SUCCESS;
  if (result.dispersion > 0) {
    print(
      `NOTE: Dispersion of ${result.dispersion.toFixed(6)} indicates some parts are not optimally dispersed.`,
    );
    status = EXIT_WARNING;
  } else if (result.balance > 5 && result.balance < MAX_BALANCE) {
    print(`NOTE: Balance of ${result.balance.toFixed(2)} indicates you should push this ring, wait at least`);
    print(`      ${builder.minPartHours} hours, and rebalance/repush.`);
    status = EXIT_WARNING;
  } else if (result.balance >= MAX_BALANCE) {
    print(
      'NOTE: Devices of weight 0 still hold partitions; rebalance again once min_part_hours have passed.',
    );
    status = EXIT_WARNING;
  }
  return { save: true, status };
}

/**
 * One swift-ring-builder command on a ring file; returns the exit status (0 done, 1 done with a
 * warning or nothing to do, 2 error). The file changes only when the command succeeds.
 */
export async function runRingCommand(
  file: string,
  command: string,
  args: string[],
  options: RingCommandOptions,
  print: Print = console.log,
  now = Math.floor(Date.now() / 1000),
): Promise<number> {
  try {
    if (command === 'create') {
      if (args.length !== 3) throw new RingBuilderError(`usage: ${USAGE.split('\n')[1].trim()}`);
      const exists = await access(file).then(
        () => true,
        () => false,
      );
      if (exists) throw new RingBuilderError(`${file} already exists`);
      const [partPower, replicas, minPartHours] = [
        integer(args[0], 'part_power'),
        integer(args[1], 'replicas'),
        integer(args[2], 'min_part_hours'),
      ];
      await RingBuilder.create(partPower, replicas, minPartHours).save(file);
      return EXIT_SUCCESS;
    }
    if (!COMMANDS.includes(command)) throw new RingBuilderError(`unknown command "${command}"\n${USAGE}`);
    const builder = await RingBuilder.load(file);
    let status = EXIT_SUCCESS;
    switch (command) {
      case 'show':
        show(file, builder, print, now);
        return EXIT_SUCCESS;
      case 'add': {
        const { zone, ip, port, device, weight: deviceWeight } = options;
        if (zone === undefined || !ip || port === undefined || !device || deviceWeight === undefined)
          throw new RingBuilderError('add needs --zone, --ip, --port, --device and --weight');
        const region = options.region ?? 1;
        const id = builder.addDevice({
          id: options.id,
          region,
          zone,
          ip,
          port,
          device,
          weight: deviceWeight,
        });
        print(`Device ${describe(builder, id)} with ${deviceWeight} weight got id ${id}`);
        break;
      }
      case 'remove': {
        if (args.length !== 1) throw new RingBuilderError('usage: remove <id>');
        const id = integer(args[0], 'id');
        builder.removeDevice(id);
        print(`${describe(builder, id)} marked for removal and will be removed next rebalance.`);
        break;
      }
      case 'set-weight': {
        if (args.length !== 2) throw new RingBuilderError('usage: set-weight <id> <weight>');
        const id = integer(args[0], 'id');
        builder.setWeight(id, weight(args[1]));
        print(`${describe(builder, id)} weight set to ${weight(args[1])}`);
        break;
      }
      case 'rebalance': {
        const outcome = rebalance(builder, options, print, now);
        if (!outcome.save) return outcome.status;
        status = outcome.status;
        break;
      }
      case 'pretend-min-part-hours-passed':
        builder.pretendMinPartHoursPassed();
        break;
    }
    await builder.save(file);
    return status;
  } catch (error) {
    if (!(error instanceof RingBuilderError || error instanceof RingFileError || isMissingFile(error)))
      throw error;
    print(isMissingFile(error) ? `${file} does not exist; create it first` : error.message);
    return EXIT_ERROR;
  }
}

function isMissingFile(error: unknown): error is NodeJS.ErrnoException {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

const integerOption = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return Number(value);
};

/** `stratus object-store ring <ring-file> <command> ...`: Swift's swift-ring-builder on our ring files. */
export function objectStoreRingCommand(): Command {
  return new Command('ring')
    .description('create, change, rebalance and show a ring file (as swift-ring-builder)')
    .usage('<ring-file> [command] [args...] [options]')
    .addHelpText('after', `\n${USAGE}`)
    .argument('<ring-file>', 'the ring file, e.g. <data_dir>/object-store/rings/object.ring.json')
    .argument('[command]', COMMANDS.join(', '), 'show')
    .argument('[args...]', "the command's arguments")
    .option('--id <id>', 'add: the new device id (default: the lowest free one)', integerOption('id'))
    .option('--region <region>', 'add: region (default 1)', integerOption('region'))
    .option('--zone <zone>', 'add: zone', integerOption('zone'))
    .option('--ip <ip>', "add: the storage node's address")
    .option('--port <port>', "add: the storage node's port", integerOption('port'))
    .option('--device <name>', "add: the device's folder name on the node")
    .option('--weight <weight>', 'add: relative weight (e.g. the size in GB)', (value: string) => {
      const number = Number(value);
      if (!Number.isFinite(number) || number < 0)
        throw new InvalidArgumentError('weight must be a number >= 0');
      return number;
    })
    .option('--seed <seed>', 'rebalance: seed, to make the same ring again')
    .action(async (file: string, command: string, args: string[], options: RingCommandOptions) => {
      process.exitCode = await runRingCommand(file, command, args, options);
    });
}
