import type { ServiceTransport } from './http-transport.js';

/** One event of Nova's os-server-external-events, as Neutron sends them. */
export interface ServerExternalEvent {
  name: 'network-vif-plugged' | 'network-vif-unplugged' | 'network-vif-deleted' | 'network-changed';
  server_uuid: string;
  /** The port id. */
  tag: string;
  status: 'completed' | 'failed';
}

/** What the network service tells compute: Nova's external events API (Neutron's nova notifier). */
export class ComputeEventsClient {
  constructor(private readonly transport: ServiceTransport) {}

  /** Sends the events; an instance compute no longer knows is its business, not an error here. */
  async send(events: ServerExternalEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.transport.request('POST', '/v2.1/os-server-external-events', {
      body: { events },
      microversion: '2.76',
    });
  }
}
