import { Readable } from 'node:stream';

/** How many chunks a sender may have on their way before the receiver's consumer asks for more. */
const WINDOW_CHUNKS = 16;

/** The messages that carry a byte stream between two threads, keyed by the stream's number. */
export type StreamMessage =
  | { kind: 'chunk'; stream: number; chunk: Uint8Array }
  | { kind: 'end'; stream: number }
  | { kind: 'abort'; stream: number; message: string }
  | { kind: 'credit'; stream: number; chunks: number }
  | { kind: 'cancel'; stream: number };

export type PostMessage = (message: StreamMessage, transfer?: ArrayBuffer[]) => void;

const STREAM_KINDS = new Set<string>(['chunk', 'end', 'abort', 'credit', 'cancel']);

function isStreamMessage(message: { kind: string }): message is StreamMessage {
  return STREAM_KINDS.has(message.kind);
}

/** A chunk in an ArrayBuffer of its own, so it moves to the other thread instead of being copied twice. */
export function ownCopy(chunk: Uint8Array): Uint8Array {
  return new Uint8Array(chunk);
}

export const asBuffer = (chunk: Uint8Array) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

interface Outgoing {
  credit: number;
  stopped: boolean;
  wake?: () => void;
}

interface Incoming {
  readable: Readable;
  /** Chunks received since the last credit given back. */
  owed: number;
}

/**
 * Byte streams over a MessagePort, in both directions, with backpressure: a sender has
 * WINDOW_CHUNKS in flight at most and gets credit back as the receiving side's consumer reads,
 * so a slow disk or a slow client holds the other thread's source, as a pipe would. A receiver
 * whose consumer stops early cancels the stream; the sender then stops reading its source.
 */
export class PortStreams {
  private readonly outgoing = new Map<number, Outgoing>();
  private readonly incoming = new Map<number, Incoming>();

  constructor(private readonly post: PostMessage) {}

  /** Sends `source` as stream `stream` until it ends, fails or the receiver cancels it. */
  async send(stream: number, source: AsyncIterable<Uint8Array>): Promise<void> {
    const state: Outgoing = { credit: WINDOW_CHUNKS, stopped: false };
    this.outgoing.set(stream, state);
    try {
      for await (const chunk of source) {
        while (state.credit === 0 && !state.stopped) await new Promise<void>((wake) => (state.wake = wake));
        if (state.stopped) return;
        state.credit--;
        const copy = ownCopy(chunk);
        this.post({ kind: 'chunk', stream, chunk: copy }, [copy.buffer as ArrayBuffer]);
      }
      if (!state.stopped) this.post({ kind: 'end', stream });
    } catch (error) {
      if (!state.stopped) this.post({ kind: 'abort', stream, message: (error as Error).message });
    } finally {
      this.outgoing.delete(stream);
    }
  }

  /** Stops sending stream `stream` (its receiver has no more use for it). */
  stopSending(stream: number): void {
    const state = this.outgoing.get(stream);
    if (!state) return;
    state.stopped = true;
    state.wake?.();
  }

  /** The receiving end of stream `stream`, as a Readable; destroying it early cancels the stream. */
  receive(stream: number): Readable {
    const entry: Incoming = {
      owed: 0,
      readable: new Readable({
        read: () => {
          if (entry.owed === 0 || !this.incoming.has(stream)) return;
          this.post({ kind: 'credit', stream, chunks: entry.owed });
          entry.owed = 0;
        },
        destroy: (error, callback) => {
          if (this.incoming.delete(stream)) this.post({ kind: 'cancel', stream });
          callback(error);
        },
      }),
    };
    this.incoming.set(stream, entry);
    return entry.readable;
  }

  /** Takes a stream message from the other thread; false when it was not one. */
  handle(message: { kind: string }): boolean {
    if (!isStreamMessage(message)) return false;
    const { stream } = message;
    switch (message.kind) {
      case 'credit': {
        const state = this.outgoing.get(stream);
        if (state) {
          state.credit += message.chunks;
          state.wake?.();
          state.wake = undefined;
        }
        break;
      }
      case 'cancel':
        this.stopSending(stream);
        break;
      case 'chunk': {
        const entry = this.incoming.get(stream);
        if (!entry) break;
        entry.owed++;
        if (entry.readable.push(asBuffer(message.chunk)) && entry.readable.readableFlowing) {
          // A flowing consumer keeps up: the credit goes back at once.
          this.post({ kind: 'credit', stream, chunks: entry.owed });
          entry.owed = 0;
        }
        break;
      }
      case 'end': {
        const entry = this.incoming.get(stream);
        if (!entry) break;
        this.incoming.delete(stream);
        entry.readable.push(null);
        break;
      }
      case 'abort': {
        const entry = this.incoming.get(stream);
        if (!entry) break;
        this.incoming.delete(stream);
        entry.readable.destroy(new Error(message.message));
        break;
      }
    }
    return true;
  }

  /** Fails every stream (the other thread is gone). */
  failAll(error: Error): void {
    for (const [stream, entry] of this.incoming) {
      this.incoming.delete(stream);
      entry.readable.destroy(error);
    }
    for (const stream of [...this.outgoing.keys()]) this.stopSending(stream);
  }
}
