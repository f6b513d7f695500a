import type { StorageResponse } from '../storage/storage-protocol.js';
import { discard, type Replicas, type StoragePath } from './replicas.js';

/** What the proxy knows of a container before it touches its objects (Swift's `container_info`). */
export interface ContainerInfo {
  status: number;
  readAcl?: string;
  writeAcl?: string;
  objectCount: number;
  bytesUsed: number;
  /** The container's headers as its server gave them (metadata, timestamps). */
  headers: Record<string, string>;
}

/** What the proxy knows of an account (Swift's `account_info`). */
export interface AccountInfo {
  status: number;
  containerCount: number;
  headers: Record<string, string>;
}

interface Entry<T> {
  value: T;
  expires: number;
}

/** How long an existence check is trusted (Swift's `recheck_container_existence`, `recheck_account_existence`). */
const RECHECK_MS = 60_000;

/** Past this many entries the cache starts over, so it never grows without bound. */
const MAX_ENTRIES = 10_000;

/**
 * Swift's info cache: every object request needs its container's existence and ACLs, and every
 * container PUT its account's; asking the replicas each time would double the work. Answers are
 * kept a minute; this proxy forgets them when it changes the container or account itself, as
 * Swift clears its memcache entries.
 */
export class InfoCache {
  private readonly containers = new Map<string, Entry<ContainerInfo>>();
  private readonly accounts = new Map<string, Entry<AccountInfo>>();

  constructor(
    private readonly replicas: Replicas,
    private readonly now: () => number,
  ) {}

  /** The container's info; `transId` is the request's that needs it, for the nodes' logs. */
  async container(account: string, container: string, transId: string): Promise<ContainerInfo> {
    const key = `${account}/${container}`;
    const cached = this.fresh(this.containers, key);
    if (cached) return cached;
    const response = await this.head({ account, container }, transId);
    const headers = response.headers;
    const info: ContainerInfo = {
      status: response.status,
      readAcl: headers['x-container-read'],
      writeAcl: headers['x-container-write'],
      objectCount: Number(headers['x-container-object-count'] ?? 0),
      bytesUsed: Number(headers['x-container-bytes-used'] ?? 0),
      headers,
    };
    this.remember(this.containers, key, info);
    return info;
  }

  async account(account: string, transId: string): Promise<AccountInfo> {
    const cached = this.fresh(this.accounts, account);
    if (cached) return cached;
    const response = await this.head({ account }, transId);
    const info: AccountInfo = {
      status: response.status,
      containerCount: Number(response.headers['x-account-container-count'] ?? 0),
      headers: response.headers,
    };
    this.remember(this.accounts, account, info);
    return info;
  }

  forgetContainer(account: string, container: string): void {
    this.containers.delete(`${account}/${container}`);
    this.accounts.delete(account);
  }

  forgetAccount(account: string): void {
    this.accounts.delete(account);
  }

  private async head(path: StoragePath, transId: string): Promise<StorageResponse> {
    const headers = { 'x-trans-id': transId, 'user-agent': 'proxy-server' };
    const response = await this.replicas.read(path, { method: 'HEAD', headers });
    discard(response);
    return response;
  }

  private fresh<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    map.delete(key);
    return undefined;
  }

  private remember<T extends { status: number }>(map: Map<string, Entry<T>>, key: string, value: T): void {
    // Only answers the replicas agreed on are worth keeping; a 503 is asked again next time.
    if (value.status >= 500) return;
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, { value, expires: this.now() + RECHECK_MS });
  }
}
