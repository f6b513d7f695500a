import type { ServiceTransport } from './http-transport.js';

/** One event of Nova's os-server-external-events, as Neutron and Cinder send them. */
export interface ServerExternalEvent {
  name:
    | 'network-vif-plugged'
    | 'network-vif-unplugged'
    | 'network-vif-deleted'
    | 'network-changed'
    | 'volume-extended';
  server_uuid: string;
  /** The port id, or the volume id of `volume-extended`. */
  tag: string;
  status: 'completed' | 'failed';
}

/** What the network and block storage services tell compute: Nova's external events API (their nova notifiers). */
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
