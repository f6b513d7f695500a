import type { Query, ServiceTransport } from './http-transport.js';
import type {
  NeutronFloatingIp,
  NeutronNetwork,
  NeutronPort,
  NeutronSecurityGroup,
  NeutronSecurityGroupRule,
  NeutronSubnet,
  NewSecurityGroupRule,
  PortValues,
} from './network-types.js';
import { ServiceError } from './service-error.js';

/** Neutron's list filters: an attribute and its value(s); several values of one attribute are or-ed. */
export type NeutronFilters = Record<string, string | number | boolean | readonly string[] | undefined>;

const API = '/v2.0';

const isNotFound = (error: unknown): error is ServiceError =>
  error instanceof ServiceError && error.status === 404;

/** Filters as a query string, booleans as neutronclient sends them (`True`, `False`). */
function filterQuery(filters: NeutronFilters): Query {
  const query: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    if (typeof value === 'boolean') query[key] = value ? 'True' : 'False';
    else query[key] = typeof value === 'number' ? String(value) : value;
  }
  return query;
}

/**
 * The path of a `next` link of a paged list, relative to where the network service is mounted:
 * Neutron's links are absolute (`http://host/network/v2.0/ports?marker=...`).
 */
function nextPath(href: string): string {
  const url = new URL(href, 'http://link.invalid');
  const at = url.pathname.indexOf(`${API}/`);
  return `${at >= 0 ? url.pathname.slice(at) : url.pathname}${url.search}`;
}

/**
 * What compute asks of Neutron v2.0 (Nova's neutronclient calls): networks and subnets to pick
 * and describe, ports to create, bind and delete, security groups and floating IPs for the
 * compute API's proxies. A resource that does not exist (or that the caller may not see) is null
 * on a read and false on a delete; every other error is the ServiceError, whose `code` is the
 * NeutronError's type (`PortNotFound`, `IpAddressAlreadyAllocated`, `OverQuota`...).
 */
export class NetworkClient {
  constructor(private readonly transport: ServiceTransport) {}

  /**
   * Every item of a collection (at `path`, listed under `collection`) that matches the filters,
   * following Neutron's pages.
   */
  private async list<T>(path: string, collection: string, filters: NeutronFilters): Promise<T[]> {
    const items: T[] = [];
    let page: { path: string; query?: Query } | null = {
      path: `${API}/${path}`,
      query: filterQuery(filters),
    };
    while (page) {
      const { body } = await this.transport.request<Record<string, unknown>>('GET', page.path, {
        query: page.query,
      });
      items.push(...(body[collection] as T[]));
      const links = (body[`${collection}_links`] ?? []) as { rel: string; href: string }[];
      const next = links.find((link) => link.rel === 'next');
      page = next ? { path: nextPath(next.href) } : null;
    }
    return items;
  }

  private async show<T>(path: string, key: string): Promise<T | null> {
    try {
      const { body } = await this.transport.request<Record<string, T>>('GET', `${API}/${path}`);
      return body[key];
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private async create<T>(collection: string, key: string, values: object): Promise<T> {
    const { body } = await this.transport.request<Record<string, T>>('POST', `${API}/${collection}`, {
      body: { [key]: values },
    });
    return body[key];
  }

  private async update<T>(path: string, key: string, changes: object): Promise<T> {
    const { body } = await this.transport.request<Record<string, T>>('PUT', `${API}/${path}`, {
      body: { [key]: changes },
    });
    return body[key];
  }

  private async remove(path: string): Promise<boolean> {
    try {
      await this.transport.request('DELETE', `${API}/${path}`);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  listNetworks(filters: NeutronFilters = {}): Promise<NeutronNetwork[]> {
    return this.list('networks', 'networks', filters);
  }

  getNetwork(id: string): Promise<NeutronNetwork | null> {
    return this.show(`networks/${encodeURIComponent(id)}`, 'network');
  }

  listSubnets(filters: NeutronFilters = {}): Promise<NeutronSubnet[]> {
    return this.list('subnets', 'subnets', filters);
  }

  listPorts(filters: NeutronFilters = {}): Promise<NeutronPort[]> {
    return this.list('ports', 'ports', filters);
  }

  getPort(id: string): Promise<NeutronPort | null> {
    return this.show(`ports/${encodeURIComponent(id)}`, 'port');
  }

  createPort(values: PortValues & { network_id: string }): Promise<NeutronPort> {
    return this.create('ports', 'port', values);
  }

  updatePort(id: string, changes: PortValues): Promise<NeutronPort> {
    return this.update(`ports/${encodeURIComponent(id)}`, 'port', changes);
  }

  deletePort(id: string): Promise<boolean> {
    return this.remove(`ports/${encodeURIComponent(id)}`);
  }

  listSecurityGroups(filters: NeutronFilters = {}): Promise<NeutronSecurityGroup[]> {
    return this.list('security-groups', 'security_groups', filters);
  }

  getSecurityGroup(id: string): Promise<NeutronSecurityGroup | null> {
    return this.show(`security-groups/${encodeURIComponent(id)}`, 'security_group');
  }

  createSecurityGroup(values: { name: string; description: string }): Promise<NeutronSecurityGroup> {
    return this.create('security-groups', 'security_group', values);
  }

  updateSecurityGroup(
    id: string,
    changes: { name?: string; description?: string },
  ): Promise<NeutronSecurityGroup> {
    return this.update(`security-groups/${encodeURIComponent(id)}`, 'security_group', changes);
  }

  deleteSecurityGroup(id: string): Promise<boolean> {
    return this.remove(`security-groups/${encodeURIComponent(id)}`);
  }

  getSecurityGroupRule(id: string): Promise<NeutronSecurityGroupRule | null> {
    return this.show(`security-group-rules/${encodeURIComponent(id)}`, 'security_group_rule');
  }

  /** Creates the rules in one bulk request, all or none. */
  async createSecurityGroupRules(rules: NewSecurityGroupRule[]): Promise<NeutronSecurityGroupRule[]> {
    const { body } = await this.transport.request<{ security_group_rules: NeutronSecurityGroupRule[] }>(
      'POST',
      `${API}/security-group-rules`,
      { body: { security_group_rules: rules } },
    );
    return body.security_group_rules;
  }

  deleteSecurityGroupRule(id: string): Promise<boolean> {
    return this.remove(`security-group-rules/${encodeURIComponent(id)}`);
  }

  listFloatingIps(filters: NeutronFilters = {}): Promise<NeutronFloatingIp[]> {
    return this.list('floatingips', 'floatingips', filters);
  }

  getFloatingIp(id: string): Promise<NeutronFloatingIp | null> {
    return this.show(`floatingips/${encodeURIComponent(id)}`, 'floatingip');
  }

  createFloatingIp(values: { floating_network_id: string }): Promise<NeutronFloatingIp> {
    return this.create('floatingips', 'floatingip', values);
  }

  /** Associates the floating IP with a port (and one of its fixed addresses), or with none (null). */
  updateFloatingIp(
    id: string,
    changes: { port_id: string | null; fixed_ip_address?: string },
  ): Promise<NeutronFloatingIp> {
    return this.update(`floatingips/${encodeURIComponent(id)}`, 'floatingip', changes);
  }

  deleteFloatingIp(id: string): Promise<boolean> {
    return this.remove(`floatingips/${encodeURIComponent(id)}`);
  }

  /** A project's quota limits by resource (-1 unlimited), or null without Neutron's quotas API. */
  async getQuota(projectId: string): Promise<Record<string, number> | null> {
    return this.show(`quotas/${encodeURIComponent(projectId)}`, 'quota');
  }
}
