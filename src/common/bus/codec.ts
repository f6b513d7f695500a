import { RemoteError } from './errors.js';

/**
 * How every transport puts values on the wire: JSON, as oslo.messaging does. The in-process bus
 * goes through it too, so code that works there works over AMQP.
 */
export function encode(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

export function decode<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** A handler's failure as it travels back to the caller. */
export interface WireError {
  name: string;
  message: string;
  details: Record<string, unknown>;
}

/** The reply to a call: its result or its failure. */
export type Reply = { result?: unknown } | { error: WireError };

/** The reply for what a handler threw; its own properties travel if JSON can carry them. */
export function errorReply(thrown: unknown): Reply {
  if (!(thrown instanceof Error)) return { error: { name: 'Error', message: String(thrown), details: {} } };
  let details: Record<string, unknown> = {};
  try {
    // `name` set in a constructor is an own property too; it travels as the name already.
    const { name: _name, message: _message, ...own } = { ...thrown };
    details = decode(encode(own));
  } catch {
    // Properties JSON cannot carry are left behind; the name and message still go.
  }
  return { error: { name: thrown.name, message: thrown.message, details } };
}

/** The encoded reply for a handler's result, or for the failure to encode it. */
export function encodeReply(result: unknown): string {
  try {
    return encode({ result });
  } catch (error) {
    return encode(errorReply(error));
  }
}

export function remoteErrorOf(error: WireError): RemoteError {
  return new RemoteError(error.name, error.message, error.details);
}
