import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdentitySchema } from './db/schema.js';
import { newId, isoTime } from './ids.js';
import { hashPassword } from './passwords.js';

/** A service to list in the catalog, with its endpoint URL for every interface. */
export interface CatalogService {
  type: string;
  name: string;
  description: string;
  url: string;
}

export interface BootstrapOptions {
  region: string;
  adminPassword: string | null;
  demoPassword: string | null;
  passwordHashCost: number;
  services: CatalogService[];
  now: Date;
}

export interface BootstrapResult {
  /** The password set at creation or given in config; null when the user existed already. */
  adminPassword: string | null;
  demoPassword: string | null;
  /** True when this run created the admin user (first start). */
  created: boolean;
  /** The services' own user and its project, for tokens the services call each other with. */
  servicesUser: { userId: string; projectId: string };
  /** The ids of the bootstrap projects, for services that make resources of their own in them (networks). */
  projects: { admin: string; demo: string };
}

export const DEFAULT_DOMAIN_ID = 'default';

/** The name of the user the services act as when they call each other. */
export const SERVICES_USER = 'stratus';
const INTERFACES = ['public', 'internal', 'admin'] as const;

const generatedPassword = () => randomBytes(18).toString('base64url');

/**
 * Creates what a fresh cloud needs, as `keystone-manage bootstrap` does and a little more: the
 * Default domain; projects admin, demo and service; users admin and demo; roles admin, member
 * and reader (admin implies member implies reader), service and ResellerAdmin; the region; and
 * a catalog entry per service. Idempotent: what exists is kept, what is missing is added, and
 * endpoint URLs follow the services' current URLs.
 */
export async function bootstrapIdentity(
  db: Kysely<IdentitySchema>,
  options: BootstrapOptions,
): Promise<BootstrapResult> {
  const at = isoTime(options.now);
  return db.transaction().execute(async (tx) => {
    if (
      !(await tx.selectFrom('domain').select('id').where('id', '=', DEFAULT_DOMAIN_ID).executeTakeFirst())
    ) {
      await tx
        .insertInto('domain')
        .values({
          id: DEFAULT_DOMAIN_ID,
          name: 'Default',
          description: 'The default domain',
          enabled: 1,
          extra: '{}',
          created_at: at,
        })
        .execute();
    }

    const project = async (name: string, description: string) => {
      const existing = await tx
        .selectFrom('project')
        .select('id')
        .where('name', '=', name)
        .where('domain_id', '=', DEFAULT_DOMAIN_ID)
        .executeTakeFirst();
      if (existing) return existing.id;
      const id = newId();
      await tx
        .insertInto('project')
        .values({
          id,
          name,
          domain_id: DEFAULT_DOMAIN_ID,
          parent_id: null,
          description,
          enabled: 1,
          extra: '{}',
          created_at: at,
        })
        .execute();
      return id;
    };
    const adminProject = await project('admin', 'Bootstrap project for initializing the cloud.');
    const demoProject = await project('demo', 'The project of the demo user.');
    const serviceProject = await project('service', 'Project of the services’ own users.');

    const role = async (name: string) => {
      const existing = await tx
        .selectFrom('role')
        .select('id')
        .where('name', '=', name)
        .where('domain_id', 'is', null)
        .executeTakeFirst();
      if (existing) return existing.id;
      const id = newId();
      await tx
        .insertInto('role')
        .values({ id, name, domain_id: null, description: '', options: '{}', extra: '{}' })
        .execute();
      return id;
    };
    const admin = await role('admin');
    const member = await role('member');
    const reader = await role('reader');
    const serviceRole = await role('service');
    await role('ResellerAdmin');
    for (const [prior, implied] of [
      [admin, member],
      [member, reader],
    ]) {
      const exists = await tx
        .selectFrom('implied_role')
        .select('prior_role_id')
        .where('prior_role_id', '=', prior)
        .where('implied_role_id', '=', implied)
        .executeTakeFirst();
      if (!exists)
        await tx
          .insertInto('implied_role')
          .values({ prior_role_id: prior, implied_role_id: implied })
          .execute();
    }

    const user = async (name: string, password: string, defaultProject: string) => {
      const existing = await tx
        .selectFrom('user')
        .select('id')
        .where('name', '=', name)
        .where('domain_id', '=', DEFAULT_DOMAIN_ID)
        .executeTakeFirst();
      if (existing) return { id: existing.id, created: false };
      const id = newId();
      await tx
        .insertInto('user')
        .values({
          id,
          name,
          domain_id: DEFAULT_DOMAIN_ID,
          enabled: 1,
          default_project_id: defaultProject,
          extra: '{}',
          options: '{}',
          failed_auth_count: 0,
          failed_auth_at: null,
          last_active_at: null,
          created_at: at,
        })
        .execute();
      await tx
        .insertInto('password')
        .values({
          user_id: id,
          hash: await hashPassword(password, options.passwordHashCost),
          created_at: at,
          expires_at: null,
          self_service: 0,
        })
        .execute();
      return { id, created: true };
    };
    const adminPassword = options.adminPassword ?? generatedPassword();
    const demoPassword = options.demoPassword ?? generatedPassword();
    const adminUser = await user('admin', adminPassword, adminProject);
    const demoUser = await user('demo', demoPassword, demoProject);

    const grant = async (
      type: 'UserProject' | 'UserSystem',
      actor: string,
      target: string,
      roleId: string,
    ) => {
      const exists = await tx
        .selectFrom('assignment')
        .select('role_id')
        .where('type', '=', type)
        .where('actor_id', '=', actor)
        .where('target_id', '=', target)
        .where('role_id', '=', roleId)
        .where('inherited', '=', 0)
        .executeTakeFirst();
      if (!exists)
        await tx
          .insertInto('assignment')
          .values({ type, actor_id: actor, target_id: target, role_id: roleId, inherited: 0 })
          .execute();
    };
    await grant('UserProject', adminUser.id, adminProject, admin);
    await grant('UserSystem', adminUser.id, 'system', admin);
    await grant('UserProject', demoUser.id, demoProject, member);
    await grant('UserProject', adminUser.id, demoProject, admin);
    // The services' own user (Nova's and Cinder's `nova`/`cinder` of DevStack): admin and service
    // in the service project. Its password is never used: in process, tokens are issued for it.
    const servicesUser = await user(SERVICES_USER, generatedPassword(), serviceProject);
    await grant('UserProject', servicesUser.id, serviceProject, admin);
    await grant('UserProject', servicesUser.id, serviceProject, serviceRole);

    if (!(await tx.selectFrom('region').select('id').where('id', '=', options.region).executeTakeFirst())) {
      await tx
        .insertInto('region')
        .values({ id: options.region, description: '', parent_region_id: null, extra: '{}' })
        .execute();
    }
    for (const service of options.services) {
      let serviceId = (
        await tx.selectFrom('service').select('id').where('type', '=', service.type).executeTakeFirst()
      )?.id;
      if (!serviceId) {
        serviceId = newId();
        const extra = JSON.stringify({ name: service.name, description: service.description });
        await tx
          .insertInto('service')
          .values({ id: serviceId, type: service.type, enabled: 1, extra })
          .execute();
      }
      for (const iface of INTERFACES) {
        const endpoint = await tx
          .selectFrom('endpoint')
          .select(['id', 'url'])
          .where('service_id', '=', serviceId)
          .where('interface', '=', iface)
          .where('region_id', '=', options.region)
          .executeTakeFirst();
        if (!endpoint) {
          await tx
            .insertInto('endpoint')
            .values({
              id: newId(),
              service_id: serviceId,
              interface: iface,
              url: service.url,
              region_id: options.region,
              enabled: 1,
              extra: '{}',
            })
            .execute();
        } else if (endpoint.url !== service.url) {
          await tx.updateTable('endpoint').set({ url: service.url }).where('id', '=', endpoint.id).execute();
        }
      }
    }
    return {
      adminPassword: adminUser.created ? adminPassword : options.adminPassword,
      demoPassword: demoUser.created ? demoPassword : options.demoPassword,
      created: adminUser.created,
      servicesUser: { userId: servicesUser.id, projectId: serviceProject },
      projects: { admin: adminProject, demo: demoProject },
    };
  });
}
