/**
 * Which Tempest tests run, per service the cloud serves:
 *
 * - interop: the service's tests in the OpenStack interoperability guideline platform 2022.11
 *   (`platform-2022.11.tempest-33.0.0.load-list` beside this file, copied from the interop
 *   repository; its flagged tests are left out). Every one must pass: a cloud that fails one is
 *   not interoperable. Ids are Tempest 33's, attributes included, as `--load-list` takes them.
 * - wider: all of Tempest's tests of the service's current API, counted and reported; their
 *   failures show how far the cloud is from upstream but do not fail the suite.
 *
 * The compute tests that log into a guest by SSH (VALIDATION_TESTS) are split off: they run in a
 * second stage, against a cloud with real guests (splitOffValidation).
 *
 * Placement has no entry: Tempest 33 has no placement API tests (tempest/api has no placement
 * folder; compute's tests only read its microversions), so its conformance is the CLI suite.
 */
import { readFileSync } from 'node:fs';
import { withoutAttributes } from './tempest-results.js';

export const INTEROP_LIST_FILE = 'platform-2022.11.tempest-33.0.0.load-list';

/**
 * Interop tests that need something Stratus does not have yet, by id without attributes, with
 * what they wait for. They run and are reported apart; the list shrinks as those things land.
 */
export const INTEROP_PENDING_FILE = 'interop-pending.txt';

export interface TempestService {
  /** The catalog's service type. */
  type: string;
  interopPrefix: string;
  widerTitle: string;
  widerRegex: string;
}

export const TEMPEST_SERVICES: readonly TempestService[] = [
  {
    type: 'identity',
    interopPrefix: 'tempest.api.identity.',
    // Every Keystone v3 test, admin ones included; the v2 API is gone from Keystone.
    widerTitle: 'Tempest identity v3',
    widerRegex: '^tempest\\.api\\.identity\\.(admin\\.)?v3\\.',
  },
  {
    type: 'image',
    interopPrefix: 'tempest.api.image.',
    // Glance v2 with its admin tests; v1 is gone from Glance.
    widerTitle: 'Tempest image v2',
    widerRegex: '^tempest\\.api\\.image\\.v2\\.',
  },
  {
    type: 'compute',
    interopPrefix: 'tempest.api.compute.',
    // Every compute API test; those needing volumes skip themselves (tempest.conf).
    widerTitle: 'Tempest compute',
    widerRegex: '^tempest\\.api\\.compute\\.',
  },
  {
    type: 'network',
    interopPrefix: 'tempest.api.network.',
    // Every Neutron API test, admin ones included; those needing an extension the cloud does not
    // list skip themselves ([network-feature-enabled] api_extensions).
    widerTitle: 'Tempest network',
    widerRegex: '^tempest\\.api\\.network\\.',
  },
  {
    type: 'block-storage',
    interopPrefix: 'tempest.api.volume.',
    // Every Cinder v3 API test, admin ones included; those needing a feature the cloud lacks
    // (manage, multiple backends, encryption) skip themselves ([volume-feature-enabled]).
    widerTitle: 'Tempest volume',
    widerRegex: '^tempest\\.api\\.volume\\.',
  },
  {
    type: 'object-store',
    interopPrefix: 'tempest.api.object_storage.',
    // Every Swift API test; those needing a middleware /info does not list skip themselves
    // ([object-storage-feature-enabled] discoverable_apis).
    widerTitle: 'Tempest object storage',
    widerRegex: '^tempest\\.api\\.object_storage\\.',
  },
];

/** The test ids of a load list: one per line; blank lines and # comments are skipped. */
export function readInteropList(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** The pending list: `<test id> <what it waits for>` per line; blank lines and # comments skipped. */
export function readPendingList(path: string): Map<string, string> {
  const pending = new Map<string, string>();
  for (const line of readInteropList(path)) {
    const [id, ...reason] = line.split(/\s+/);
    pending.set(id, reason.join(' '));
  }
  return pending;
}

export interface ServiceSelection {
  service: TempestService;
  interop: string[];
  wider: string[];
}

export interface Selection {
  services: ServiceSelection[];
  /** Tests a custom regex picked that belong to no service's wider set. */
  others: string[];
  /** Every id to run, once. */
  toRun: string[];
}

/**
 * The tests of each served service. `listed` holds what `stestr list` gave for the services'
 * wider regexes, or for `customRegex` when one narrows the run: then only the interop tests
 * that regex selects are run and judged. Without `wider`, the services' wider sets are left out
 * (the judged interop tests only, as `npm test` runs them to keep within its time budget).
 */
export function selectTests(
  interopList: readonly string[],
  served: readonly TempestService[],
  listed: readonly string[],
  { customRegex, wider = true }: { customRegex?: string; wider?: boolean } = {},
): Selection {
  // By name: an interop id's attributes may differ from the listed one's (see asListed).
  const listedNames = new Set(listed.map(withoutAttributes));
  const services = served.map((service) => {
    const pattern = new RegExp(service.widerRegex);
    const interop = interopList.filter((id) => id.startsWith(service.interopPrefix));
    return {
      service,
      interop: customRegex ? interop.filter((id) => listedNames.has(withoutAttributes(id))) : interop,
      wider: wider ? listed.filter((id) => pattern.test(id)) : [],
    };
  });
  const inSomeSet = new Set(services.flatMap((s) => [...s.interop, ...s.wider]));
  const namesInSets = new Set([...inSomeSet].map(withoutAttributes));
  const others = customRegex ? listed.filter((id) => !namesInSets.has(withoutAttributes(id))) : [];
  return { services, others, toRun: [...new Set([...inSomeSet, ...others])] };
}

/**
 * The ids as `stestr list` gives them in the workspace that runs them: a test's attributes may
 * depend on tempest.conf (AttachVolumeTestJSON.test_attach_detach_volume is `slow` only with SSH
 * validation, as the interop list has it), and `--load-list` runs only exact ids. Ids not listed
 * are kept as they are (they then show as not run).
 */
export function asListed(ids: readonly string[], listed: readonly string[]): string[] {
  const byName = new Map(listed.map((id) => [withoutAttributes(id), id]));
  return ids.map((id) => byName.get(withoutAttributes(id)) ?? id);
}

/**
 * The compute tests Tempest 33 skips unless `[validation] run_validation` is true (found by
 * grepping tempest/api/compute for CONF.validation.run_validation): they boot a guest and log
 * into it by SSH. Tests that only do more when validation is on are not among them.
 */
const VALIDATION_TESTS: readonly RegExp[] = [
  // skipUnless on the test: servers/test_create_server.py (ServersTestJSON and its subclasses,
  // ServersTestFqdnHostnames) and admin/test_create_server.py.
  /^tempest\.api\.compute\.servers\.test_create_server\.\w+\.(test_verify_created_server_vcpus|test_host_name_is_same_as_server_name|test_create_server_with_fqdn_name)\b/,
  /^tempest\.api\.compute\.admin\.test_create_server\.\w+\.test_verify_created_server_ephemeral_disk\b/,
  // skip_checks of every class in the module: AttachInterfacesTestBase, DeviceTaggingBase.
  /^tempest\.api\.compute\.servers\.test_attach_interfaces\./,
  /^tempest\.api\.compute\.servers\.test_device_tagging\./,
];

const needsValidation = (id: string) => VALIDATION_TESTS.some((pattern) => pattern.test(id));

function keepOnly(selection: Selection, keep: (id: string) => boolean): Selection {
  const services = selection.services.map((set) => ({
    ...set,
    interop: set.interop.filter(keep),
    wider: set.wider.filter(keep),
  }));
  return {
    services,
    others: selection.others.filter(keep),
    toRun: selection.toRun.filter(keep),
  };
}

/**
 * A selection in two: the tests that need SSH validation (for a cloud with real guests; only
 * the services that have some), and the rest.
 */
export function splitOffValidation(selection: Selection): { api: Selection; validation: Selection } {
  const validation = keepOnly(selection, needsValidation);
  validation.services = validation.services.filter((set) => set.interop.length + set.wider.length > 0);
  return { api: keepOnly(selection, (id) => !needsValidation(id)), validation };
}

/** One regex selecting every served service's wider set, for a single `stestr list`. */
export function widerRegex(served: readonly TempestService[]): string {
  return served.map((service) => `(${service.widerRegex})`).join('|');
}
