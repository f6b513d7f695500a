import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/** The passwords of the bootstrap users, kept so openrc can be rewritten when the URL changes. */
export interface BootstrapPasswords {
  admin: string;
  demo: string;
}

const PASSWORDS_FILE = 'bootstrap-passwords.yaml';

export function readPasswords(dataDir: string): Partial<BootstrapPasswords> {
  const file = join(dataDir, PASSWORDS_FILE);
  return existsSync(file) ? (YAML.parse(readFileSync(file, 'utf8')) ?? {}) : {};
}

export function savePasswords(dataDir: string, passwords: BootstrapPasswords): void {
  writeFileSync(join(dataDir, PASSWORDS_FILE), YAML.stringify(passwords), { mode: 0o600 });
}

interface Account {
  username: string;
  password: string;
  project: string;
}

function openrc(authUrl: string, region: string, account: Account): string {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  return [
    '# Stratus credentials: source this file, then use the openstack CLI.',
    `export OS_AUTH_URL=${quote(authUrl)}`,
    'export OS_IDENTITY_API_VERSION=3',
    `export OS_USERNAME=${quote(account.username)}`,
    `export OS_PASSWORD=${quote(account.password)}`,
    `export OS_PROJECT_NAME=${quote(account.project)}`,
    'export OS_USER_DOMAIN_NAME=Default',
    'export OS_PROJECT_DOMAIN_NAME=Default',
    `export OS_REGION_NAME=${quote(region)}`,
    'export OS_INTERFACE=public',
    '',
  ].join('\n');
}

function cloud(authUrl: string, region: string, account: Account) {
  return {
    auth: {
      auth_url: authUrl,
      username: account.username,
      password: account.password,
      project_name: account.project,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    region_name: region,
    interface: 'public',
    identity_api_version: 3,
  };
}

/** Writes `openrc` (admin), `openrc.demo` and `clouds.yaml` (clouds stratus-admin and stratus). */
export function writeClientFiles(
  dataDir: string,
  authUrl: string,
  region: string,
  passwords: BootstrapPasswords,
) {
  const admin = { username: 'admin', password: passwords.admin, project: 'admin' };
  const demo = { username: 'demo', password: passwords.demo, project: 'demo' };
  const files = {
    openrc: join(dataDir, 'openrc'),
    openrcDemo: join(dataDir, 'openrc.demo'),
    cloudsYaml: join(dataDir, 'clouds.yaml'),
  };
  writeFileSync(files.openrc, openrc(authUrl, region, admin), { mode: 0o600 });
  writeFileSync(files.openrcDemo, openrc(authUrl, region, demo), { mode: 0o600 });
  const clouds = {
    clouds: { 'stratus-admin': cloud(authUrl, region, admin), stratus: cloud(authUrl, region, demo) },
  };
  writeFileSync(files.cloudsYaml, YAML.stringify(clouds), { mode: 0o600 });
  return files;
}
