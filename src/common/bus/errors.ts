/** The reply to a `call` did not come in time (oslo's MessagingTimeout). */
export class BusTimeout extends Error {
  constructor(
    readonly target: string,
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`Timed out waiting for a reply to ${method} on ${target} after ${timeoutMs} ms`);
    this.name = 'BusTimeout';
  }
}

/** The bus was closed before the reply came, or a message was sent on a closed bus. */
export class BusClosed extends Error {
  constructor() {
    super('The message bus is closed');
    this.name = 'BusClosed';
  }
}

/**
 * What a remote handler threw, as its caller sees it (oslo's RemoteError): the remote error's
 * name and message, and its own JSON-safe properties (e.g. a status or a resource id) as `details`.
 */
export class RemoteError extends Error {
  constructor(
    /** The remote error's name, e.g. `InstanceNotFound`. */
    readonly remoteName: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/** The answer when a server has no handler for the method called (oslo's NoSuchMethod). */
export class NoSuchMethod extends Error {
  constructor(readonly method: string) {
    super(`Endpoint does not support RPC method ${method}`);
    this.name = 'NoSuchMethod';
  }
}
