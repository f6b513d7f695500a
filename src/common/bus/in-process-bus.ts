import { randomUUID } from 'node:crypto';
import type {
  Bus,
  CallOptions,
  Listening,
  Notification,
  NotificationListener,
  NotifyOptions,
  RpcHandlers,
  SubscribeOptions,
} from './bus.js';
import { decode, encode, encodeReply, errorReply, remoteErrorOf, type Reply } from './codec.js';
import { BusClosed, BusTimeout, NoSuchMethod } from './errors.js';
import { matchesEventPattern, parseTarget, type Target } from './target.js';

export interface InProcessBusOptions {
  /** The reply timeout of calls that give none; oslo's `rpc_response_timeout` is 60 s. */
  defaultTimeoutMs?: number;
  /** The clock of notification timestamps. */
  now?: () => Date;
  /**
   * Told of failures nobody waits for: a cast or fanout handler or a notification listener that
   * threw. The all-in-one passes its logger here.
   */
  onError?: (error: unknown, where: string) => void;
}

/** Handlers or listeners taking messages, and the work they have under way. */
interface Receiver {
  running: Set<Promise<void>>;
}

interface Server extends Receiver, Target {
  handlers: RpcHandlers;
}

interface Subscriber extends Receiver {
  pattern: string;
  listener: NotificationListener;
  pool?: string;
}

interface PendingCall {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The bus inside one Node process (the all-in-one default). Every message is encoded to JSON and
 * decoded for each receiver, and delivered on a later turn of the event loop, so senders and
 * handlers behave as they would across AMQP. A message to a target nobody serves is dropped, as
 * on a broker without a queue for it; a call then times out.
 */
export class InProcessBus implements Bus {
  private readonly servers: Server[] = [];
  private readonly subscribers: Subscriber[] = [];
  private readonly pending = new Set<PendingCall>();
  /** Round-robin positions, by target or pool. */
  private readonly turns = new Map<string, number>();
  private readonly defaultTimeoutMs: number;
  private readonly now: () => Date;
  private readonly onError: (error: unknown, where: string) => void;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
    this.onError = options.onError ?? (() => {});
  }

  async call<Result = unknown>(
    target: string,
    method: string,
    args: object,
    options: CallOptions = {},
  ): Promise<Result> {
    this.ensureOpen();
    const destination = parseTarget(target);
    const body = encode(args);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<Result>((resolve, reject) => {
      const call: PendingCall = {
        resolve: resolve as (result: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.pending.delete(call);
          reject(new BusTimeout(target, method, timeoutMs));
        }, timeoutMs),
      };
      this.pending.add(call);
      setImmediate(() => {
        const server = this.pickServer(destination, target);
        if (server)
          this.handle(server, target, method, body, (reply) => setImmediate(() => this.settle(call, reply)));
      });
    });
  }

  async cast(target: string, method: string, args: object): Promise<void> {
    this.ensureOpen();
    const destination = parseTarget(target);
    const body = encode(args);
    setImmediate(() => {
      const server = this.pickServer(destination, target);
      if (server) this.handle(server, target, method, body);
    });
  }

  async fanout(topic: string, method: string, args: object): Promise<void> {
    this.ensureOpen();
    if (parseTarget(topic).host !== undefined) throw new Error(`a fanout goes to a topic, not to '${topic}'`);
    const body = encode(args);
    setImmediate(() => {
      for (const server of this.servers.filter((candidate) => candidate.topic === topic)) {
        this.handle(server, topic, method, body);
      }
    });
  }

  async notify(eventType: string, payload: unknown, options: NotifyOptions = {}): Promise<void> {
    this.ensureOpen();
    const notification: Notification = {
      messageId: randomUUID(),
      eventType,
      publisherId: options.publisherId ?? 'stratus',
      priority: options.priority ?? 'INFO',
      payload,
      timestamp: this.now().toISOString(),
    };
    const body = encode(notification);
    setImmediate(() => {
      const matching = this.subscribers.filter((subscriber) =>
        matchesEventPattern(subscriber.pattern, eventType),
      );
      const pools = new Set(
        matching.flatMap((subscriber) => (subscriber.pool === undefined ? [] : [subscriber.pool])),
      );
      const receivers = matching.filter((subscriber) => subscriber.pool === undefined);
      for (const pool of pools) {
        receivers.push(
          this.nextInTurn(
            `pool:${pool}`,
            matching.filter((subscriber) => subscriber.pool === pool),
          ),
        );
      }
      for (const subscriber of receivers) {
        this.track(subscriber, async () => {
          try {
            await subscriber.listener(decode(body));
          } catch (error) {
            this.onError(error, `notification listener of ${eventType}`);
          }
        });
      }
    });
  }

  async subscribe(
    pattern: string,
    listener: NotificationListener,
    options: SubscribeOptions = {},
  ): Promise<Listening> {
    this.ensureOpen();
    const subscriber: Subscriber = { pattern, listener, pool: options.pool, running: new Set() };
    this.subscribers.push(subscriber);
    return { stop: () => this.stopReceiver(subscriber, this.subscribers) };
  }

  async serve(target: string, handlers: RpcHandlers): Promise<Listening> {
    this.ensureOpen();
    const server: Server = { ...parseTarget(target), handlers, running: new Set() };
    this.servers.push(server);
    return { stop: () => this.stopReceiver(server, this.servers) };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const call of this.pending) {
      clearTimeout(call.timer);
      call.reject(new BusClosed());
    }
    this.pending.clear();
    await Promise.all([
      ...[...this.servers].map((server) => this.stopReceiver(server, this.servers)),
      ...[...this.subscribers].map((subscriber) => this.stopReceiver(subscriber, this.subscribers)),
    ]);
  }

  private ensureOpen(): void {
    if (this.closed) throw new BusClosed();
  }

  /** One server of the target, taking turns among those that serve it. */
  private pickServer(destination: Target, target: string): Server | undefined {
    const candidates = this.servers.filter(
      (server) =>
        server.topic === destination.topic &&
        (destination.host === undefined || server.host === destination.host),
    );
    return candidates.length === 0 ? undefined : this.nextInTurn(`target:${target}`, candidates);
  }

  private nextInTurn<T>(key: string, candidates: T[]): T {
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, turn + 1);
    return candidates[turn % candidates.length];
  }

  /**
   * Runs a method on a server with its own decoded copy of the arguments; `reply` gets the
   * encoded outcome (for calls). Failures of casts and fanouts go to `onError`.
   */
  private handle(
    server: Server,
    target: string,
    method: string,
    body: string,
    reply?: (text: string) => void,
  ) {
    this.track(server, async () => {
      let outcome: string;
      try {
        if (!Object.hasOwn(server.handlers, method)) throw new NoSuchMethod(method);
        outcome = encodeReply(await server.handlers[method](decode(body) as never));
      } catch (error) {
        outcome = encode(errorReply(error));
        if (!reply) this.onError(error, `${method} on ${target}`);
      }
      reply?.(outcome);
    });
  }

  private track(receiver: Receiver, work: () => Promise<void>): void {
    const task = work().finally(() => receiver.running.delete(task));
    receiver.running.add(task);
  }

  private settle(call: PendingCall, text: string): void {
    // A call that timed out or was closed has already been answered.
    if (!this.pending.delete(call)) return;
    clearTimeout(call.timer);
    const reply = decode<Reply>(text);
    if ('error' in reply) call.reject(remoteErrorOf(reply.error));
    else call.resolve(reply.result);
  }

  private async stopReceiver<T extends Receiver>(receiver: T, list: T[]): Promise<void> {
    const index = list.indexOf(receiver);
    if (index >= 0) list.splice(index, 1);
    await Promise.all(receiver.running);
  }
}
