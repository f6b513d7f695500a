import { Readable } from 'node:stream';
import type {
  NodeAddress,
  StorageRequest,
  StorageResponse,
  StorageTransport,
} from '../storage/storage-protocol.js';
import { asBuffer, ownCopy, PortStreams } from './port-streams.js';
import type { LinkMessage, LinkSide } from './thread-messages.js';

/** Answers a request that came over a link (a storage thread's node). */
export type ServeRequest = (address: NodeAddress, request: StorageRequest) => Promise<StorageResponse>;

type PostLink = (message: LinkMessage, transfer?: ArrayBuffer[]) => void;

interface Pending {
  resolve: (response: StorageResponse) => void;
  reject: (error: Error) => void;
}

const LINK_KINDS = new Set<string>(['request', 'response', 'failed']);

/**
 * Storage requests between two threads over one port, either way: the proxy's thread asks a
 * storage thread, and storage threads ask each other (an object server's container update, a
 * replicator's push to another device). Requests and answers are messages; bodies that are streams
 * go as streams with backpressure (port-streams.ts). Each end numbers its requests on its own
 * side (even or odd), so the numbers of both ends' requests, and of their bodies, never meet.
 */
export class StorageLink implements StorageTransport {
  private readonly pending = new Map<number, Pending>();
  private readonly streams: PortStreams;
  private sent = 0;
  private failure: Error | null = null;

  constructor(
    private readonly post: PostLink,
    private readonly side: LinkSide,
    /** Absent at an end that only asks (the proxy's). */
    private readonly serve?: ServeRequest,
  ) {
    this.streams = new PortStreams(post);
  }

  request(address: NodeAddress, request: StorageRequest): Promise<StorageResponse> {
    if (this.failure) return Promise.reject(this.failure);
    const id = 2 * this.sent++ + this.side;
    const { body, ...head } = request;
    const answered = new Promise<StorageResponse>((resolve, reject) =>
      this.pending.set(id, { resolve, reject }),
    );
    if (body instanceof Readable) {
      this.post({ kind: 'request', id, address, request: head, streamed: true });
      void this.streams.send(id, body);
    } else {
      const copy = body && ownCopy(body);
      this.post(
        { kind: 'request', id, address, request: head, body: copy, streamed: false },
        copy && [copy.buffer as ArrayBuffer],
      );
    }
    return answered;
  }

  /** Takes a message from the other end; false when it is not one of the link's. */
  handle(message: { kind: string }): boolean {
    if (this.streams.handle(message)) return true;
    if (!LINK_KINDS.has(message.kind)) return false;
    const linkMessage = message as LinkMessage;
    switch (linkMessage.kind) {
      case 'request':
        void this.answer(linkMessage);
        break;
      case 'response': {
        const pending = this.settle(linkMessage.id);
        if (!pending) break;
        const body = linkMessage.streamed
          ? this.streams.receive(linkMessage.id)
          : linkMessage.body
            ? asBuffer(linkMessage.body)
            : Buffer.alloc(0);
        pending.resolve({ status: linkMessage.status, headers: linkMessage.headers, body });
        break;
      }
      case 'failed':
        this.settle(linkMessage.id)?.reject(new Error(linkMessage.message));
        break;
    }
    return true;
  }

  /** The other end is gone: every request waiting on it fails, as a node that went down. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.streams.failAll(error);
  }

  /** The request was answered: whatever of its body the other end did not read is not sent. */
  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    this.streams.stopSending(id);
    return pending;
  }

  private async answer(message: Extract<LinkMessage, { kind: 'request' }>): Promise<void> {
    const { id, address, streamed } = message;
    const body = streamed ? this.streams.receive(id) : message.body && asBuffer(message.body);
    try {
      if (!this.serve) throw new Error('this end of the link answers no requests');
      this.respond(id, await this.serve(address, { ...message.request, body }));
    } catch (error) {
      this.post({ kind: 'failed', id, message: (error as Error).message });
    } finally {
      // A body the node did not read to its end is of no more use: its sender stops.
      if (body instanceof Readable) body.destroy();
    }
  }

  /** Sends an answer back: a buffer inline, a stream as stream `id`. */
  private respond(id: number, response: StorageResponse): void {
    const { status, headers, body } = response;
    if (body instanceof Readable) {
      this.post({ kind: 'response', id, status, headers, streamed: true });
      void this.streams.send(id, body);
      return;
    }
    const copy = ownCopy(body);
    this.post({ kind: 'response', id, status, headers, body: copy, streamed: false }, [
      copy.buffer as ArrayBuffer,
    ]);
  }
}
