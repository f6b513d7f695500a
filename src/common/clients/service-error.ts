/**
 * A service answered a request with an error status. The body is parsed once here, whatever
 * the service's format, so callers branch on `status` and `code` instead of reading text:
 * placement's `{"errors": [{"code", "detail"}]}` (code from 1.23 on, e.g.
 * `placement.concurrent_update`), Glance's `{"message", "code": "404 Not Found", "title"}` or
 * its HTML page, Keystone's `{"error": {"code", "title", "message"}}` (a 401 from the
 * auth middleware), Neutron's `{"NeutronError": {"type", "message", "detail"}}`, and Cinder's
 * `{"itemNotFound": {"code", "message"}}` (the fault's name is the code).
 */
export class ServiceError extends Error {
  constructor(
    /** The service type that answered, e.g. `placement`. */
    readonly service: string,
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The service's machine-readable code where it has one (placement; Neutron's error type), else undefined. */
    readonly code: string | undefined,
    /** The service's own explanation, trimmed of webob's decoration. */
    readonly detail: string,
    /** The body as received: parsed JSON, or text. */
    readonly body: unknown,
    readonly requestId: string | undefined,
  ) {
    super(`${service} ${method} ${path} answered ${status}: ${detail}`);
    this.name = 'ServiceError';
  }

  /** Placement's "the generation moved under you" conflict. */
  get isConcurrentUpdate(): boolean {
    return this.status === 409 && this.code === 'placement.concurrent_update';
  }
}

/** webob decorates messages with breaks, blank lines and an explanation paragraph first. */
function tidy(text: string): string {
  return text
    .replace(/<br \/>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ')
    .trim();
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** The code and the explanation from any of the error bodies our services answer with. */
export function describeErrorBody(body: unknown): { code: string | undefined; detail: string } {
  const fields = record(body);
  const placement = Array.isArray(fields?.errors) ? record(fields.errors[0]) : undefined;
  if (placement) {
    const code = typeof placement.code === 'string' ? placement.code : undefined;
    // Placement's detail is webob's explanation paragraph, a blank line, then the message.
    const detail = String(placement.detail ?? placement.title ?? '');
    const message = detail.includes('\n\n') ? detail.slice(detail.indexOf('\n\n')) : detail;
    return { code, detail: tidy(message) || tidy(detail) };
  }
  const neutron = record(fields?.NeutronError);
  if (neutron) {
    return {
      code: typeof neutron.type === 'string' ? neutron.type : undefined,
      detail: String(neutron.message ?? ''),
    };
  }
  // Cinder's (and Nova's) `{"itemNotFound": {"code": 404, "message": ...}}`: the key is the code.
  const [faultName, fault] = fields && Object.keys(fields).length === 1 ? Object.entries(fields)[0] : [];
  const cinder = record(fault);
  if (faultName && faultName !== 'error' && cinder && typeof cinder.message === 'string') {
    return { code: faultName, detail: tidy(cinder.message) };
  }
  const keystone = record(fields?.error);
  if (keystone) return { code: undefined, detail: tidy(String(keystone.message ?? keystone.title ?? '')) };
  if (fields && typeof fields.message === 'string') return { code: undefined, detail: tidy(fields.message) };
  if (typeof body === 'string') return { code: undefined, detail: tidy(body) };
  return { code: undefined, detail: '' };
}
