import type { Bus, CallOptions, Listening, RpcHandlers } from './bus.js';

/** The methods a component answers on the bus, by wire name, each taking one JSON argument object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RpcMethods = { [method: string]: (args: any) => unknown };

/**
 * The constraint of a component's methods: each takes one argument object. Written over `M`'s own
 * keys so that an interface (which has no index signature) satisfies it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MethodsOf<M> = { [K in keyof M]: (args: any) => unknown };

type ArgsOf<M, K extends keyof M> = M[K] extends (args: infer A) => unknown ? A : never;
type ResultOf<M, K extends keyof M> = M[K] extends (args: never) => infer R ? Awaited<R> : never;

/**
 * A typed sender for one component's methods (Nova's `*rpcapi.py` classes): the compile-time
 * contract between the side that sends and the side that serves `target`.
 */
export class RpcClient<M extends MethodsOf<M>> {
  constructor(
    private readonly bus: Bus,
    private readonly target: string,
  ) {}

  /** The same client aimed at `topic.host` (a compute agent's own queue). */
  at(host: string): RpcClient<M> {
    const topic = this.target.split('.')[0];
    return new RpcClient<M>(this.bus, `${topic}.${host}`);
  }

  cast<K extends keyof M & string>(method: K, args: ArgsOf<M, K>): Promise<void> {
    return this.bus.cast(this.target, method, args as object);
  }

  call<K extends keyof M & string>(
    method: K,
    args: ArgsOf<M, K>,
    options?: CallOptions,
  ): Promise<ResultOf<M, K>> {
    return this.bus.call<ResultOf<M, K>>(this.target, method, args as object, options);
  }
}

/**
 * The names of an implementation's methods: its own function members and, for an instance of a
 * class, the methods of its classes (which `Object.keys` does not list).
 */
function methodNames(methods: object): string[] {
  const names = new Set<string>();
  for (let level = methods; level && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (name !== 'constructor' && typeof (methods as RpcMethods)[name] === 'function') names.add(name);
    }
  }
  return [...names];
}

/** Serves an implementation of a component's methods (an object or a class instance) at `target`. */
export function serveRpc<M extends MethodsOf<M>>(bus: Bus, target: string, methods: M): Promise<Listening> {
  const handlers: RpcHandlers = {};
  for (const name of methodNames(methods)) {
    const method = (methods as RpcMethods)[name];
    handlers[name] = ((args: unknown) => method.call(methods, args)) as RpcHandlers[string];
  }
  return bus.serve(target, handlers);
}
