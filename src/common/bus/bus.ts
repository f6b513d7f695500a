/**
 * The message bus between the processes of one service (compute api -> conductor -> scheduler
 * -> agent), after oslo.messaging: request/reply `call`, fire-and-forget `cast`, `fanout` to every
 * server of a topic, and notifications. Two transports implement it: in-process (one Node
 * process) and AMQP (several hosts); `test/unit/common/bus/contract.ts` holds both to the same
 * behaviour.
 *
 * Targets are `topic` or `topic.host` (e.g. `compute` or `compute.node1.example.com`): a topic
 * has no dot; everything after the first dot names the host. A server that serves `topic.host`
 * receives messages sent to `topic.host`, its share of those sent to `topic` (each goes to one
 * server of the topic), and every fanout to `topic`. A server that serves `topic` receives the
 * last two only.
 *
 * Messages cross as JSON, as on the wire: the receiver never shares an object with the sender,
 * Dates arrive as ISO strings, `undefined` members vanish, and a value JSON cannot carry
 * (BigInt, a cycle) makes the send fail at the sender.
 */

/**
 * A handler of one RPC method. Its argument is whatever the caller sent (typed by the service
 * that defines the method; nothing checks it across the bus, hence `never`), its result goes back
 * to the caller of `call`, and what it throws reaches the caller as a RemoteError.
 */
export type RpcHandler = (args: never) => unknown;

/** The methods a server answers, by name. */
export type RpcHandlers = Record<string, RpcHandler>;

export interface CallOptions {
  /** How long to wait for the reply before rejecting with BusTimeout; oslo's default is 60 s. */
  timeoutMs?: number;
}

/** oslo.messaging's priorities, upper-cased in the message as oslo does. */
export type NotificationPriority = 'AUDIT' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SAMPLE';

/** A notification as listeners receive it (oslo's message: message_id, publisher_id, ...). */
export interface Notification<Payload = unknown> {
  messageId: string;
  /** What happened, e.g. `compute.instance.create.end`. */
  eventType: string;
  /** Who said it, e.g. `compute.node1`. */
  publisherId: string;
  priority: NotificationPriority;
  payload: Payload;
  /** When it was sent, ISO 8601. */
  timestamp: string;
}

export interface NotifyOptions {
  /** Defaults to `stratus`. */
  publisherId?: string;
  /** Defaults to `INFO`. */
  priority?: NotificationPriority;
}

export type NotificationListener = (notification: Notification) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * Listeners in the same pool share the notifications (each goes to one of them), like oslo's
   * listener pools; a listener without a pool gets every notification its pattern matches.
   */
  pool?: string;
}

/** A running server or subscription. */
export interface Listening {
  /** Stops taking messages and resolves once the handlers already running have finished. */
  stop(): Promise<void>;
}

export interface Bus {
  /** Sends `method(args)` to one server of `target` and resolves with its result. */
  call<Result = unknown>(
    target: string,
    method: string,
    args: object,
    options?: CallOptions,
  ): Promise<Result>;
  /** Sends `method(args)` to one server of `target` without waiting for it to be handled. */
  cast(target: string, method: string, args: object): Promise<void>;
  /** Sends `method(args)` to every server of `topic`, without waiting. */
  fanout(topic: string, method: string, args: object): Promise<void>;
  /** Publishes a notification to every subscriber (or pool) whose pattern matches `eventType`. */
  notify(eventType: string, payload: unknown, options?: NotifyOptions): Promise<void>;
  /**
   * Listens to notifications whose event type matches `pattern`: an exact type, or a glob where
   * `*` stands for any text (`compute.instance.*`, `*.end`, `*`).
   */
  subscribe(pattern: string, listener: NotificationListener, options?: SubscribeOptions): Promise<Listening>;
  /** Answers the methods of `handlers` for `target` (`topic` or `topic.host`). */
  serve(target: string, handlers: RpcHandlers): Promise<Listening>;
  /**
   * Stops every server and subscription of this bus and rejects pending calls with BusClosed;
   * anything sent afterwards rejects with BusClosed.
   */
  close(): Promise<void>;
}
