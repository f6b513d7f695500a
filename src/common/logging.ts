import { pino, type Logger } from 'pino';

export type { Logger };

/** The one logger of a process; Fastify adds the request id to every line it logs for a request. */
export function createLogger(level: string, name = 'stratus'): Logger {
  return pino({ name, level });
}
