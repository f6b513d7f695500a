import { EventEmitter } from 'node:events';
import { createConnection, type Socket } from 'node:net';

/** An event QEMU sent on its own (`SHUTDOWN`, `DEVICE_DELETED`, `STOP`...). */
export interface QmpEvent {
  event: string;
  data: Record<string, unknown>;
  timestamp: { seconds: number; microseconds: number };
}

/** A command QEMU answered with an error (`{"error": {"class", "desc"}}`). */
export class QmpCommandError extends Error {
  constructor(
    readonly command: string,
    readonly errorClass: string,
    readonly description: string,
  ) {
    super(`QMP ${command} failed: ${errorClass}: ${description}`);
    this.name = 'QmpCommandError';
  }
}

/** The connection to the monitor closed (QEMU exited) before the answer came. */
export class QmpClosedError extends Error {
  constructor(readonly command: string) {
    super(`QMP connection closed before ${command} was answered`);
    this.name = 'QmpClosedError';
  }
}

interface Pending {
  command: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A client of one QEMU's machine protocol monitor (QMP) on a unix socket: it reads the greeting,
 * negotiates capabilities, runs commands matched to answers by id, and emits asynchronous events
 * as `event` (and `closed` when QEMU goes away). Written here rather than taken from npm because
 * no QMP package there is maintained; the protocol is a few lines of JSON per message.
 */
export class QmpClient extends EventEmitter<{ event: [QmpEvent]; closed: [] }> {
  private buffered = '';
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private greeting: ((version: unknown) => void) | null = null;
  private isClosed = false;

  private constructor(private readonly socket: Socket) {
    super();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('close', () => this.closed());
    socket.on('error', () => this.closed());
  }

  /** Connects to the monitor at `path`, waits for its greeting and leaves capabilities negotiation. */
  static async connect(path: string, timeoutMs = 10_000): Promise<QmpClient> {
    const socket = createConnection(path);
    const client = new QmpClient(socket);
    const greeted = new Promise<unknown>((resolve) => (client.greeting = resolve));
    const timer = setTimeout(() => socket.destroy(new Error('QMP greeting timed out')), timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      await Promise.race([
        greeted,
        new Promise((_, reject) => client.once('closed', () => reject(new QmpClosedError('greeting')))),
      ]);
      await client.execute('qmp_capabilities');
      return client;
    } catch (error) {
      socket.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** False once QEMU closed the monitor (it exited) or `close` was called. */
  get open(): boolean {
    return !this.isClosed;
  }

  /** Runs `command` and resolves with its `return` value; rejects with {@link QmpCommandError}. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.isClosed) return Promise.reject(new QmpClosedError(command));
    const id = String(this.nextId++);
    const message = args ? { execute: command, arguments: args, id } : { execute: command, id };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { command, resolve: resolve as (value: unknown) => void, reject });
      this.socket.write(`${JSON.stringify(message)}\n`);
    });
  }

  /** Resolves with the first event named `name` for which `match` holds, or null after `timeoutMs`. */
  waitForEvent(
    name: string,
    timeoutMs: number,
    match: (event: QmpEvent) => boolean = () => true,
  ): Promise<QmpEvent | null> {
    return new Promise((resolve) => {
      const done = (event: QmpEvent | null) => {
        clearTimeout(timer);
        this.off('event', listener);
        this.off('closed', onClose);
        resolve(event);
      };
      const listener = (event: QmpEvent) => {
        if (event.event === name && match(event)) done(event);
      };
      const onClose = () => done(null);
      const timer = setTimeout(() => done(null), timeoutMs);
      this.on('event', listener);
      this.once('closed', onClose);
    });
  }

  /** Resolves once the monitor's connection is closed (QEMU exited), or false after `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<boolean> {
    if (this.isClosed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.off('closed', onClose);
        resolve(false);
      }, timeoutMs);
      const onClose = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.once('closed', onClose);
    });
  }

  /** Closes this client's connection; QEMU keeps running. */
  close(): void {
    this.socket.destroy();
    this.closed();
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline).trim();
      this.buffered = this.buffered.slice(newline + 1);
      if (line) this.dispatch(JSON.parse(line) as Record<string, unknown>);
    }
  }

  private dispatch(message: Record<string, unknown>): void {
    if ('QMP' in message) {
      this.greeting?.(message.QMP);
      this.greeting = null;
    } else if ('event' in message) {
      this.emit('event', { data: {}, ...message } as unknown as QmpEvent);
    } else if (typeof message.id === 'string' && this.pending.has(message.id)) {
      const pending = this.pending.get(message.id)!;
      this.pending.delete(message.id);
      const error = message.error as { class: string; desc: string } | undefined;
      if (error) pending.reject(new QmpCommandError(pending.command, error.class, error.desc));
      else pending.resolve(message.return);
    }
  }

  private closed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const pending of this.pending.values()) pending.reject(new QmpClosedError(pending.command));
    this.pending.clear();
    this.emit('closed');
  }
}
