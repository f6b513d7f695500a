/**
 * Application credential access rules, as keystonemiddleware enforces them: a token from an
 * application credential that has rules may only make requests one of its rules allows.
 */
export interface AccessRule {
  /** The service type the rule is for (`identity`, `image`, `compute`...). */
  service: string;
  /** A path relative to the service's endpoint; `*` (or `{name}`) is one segment, `**` any. */
  path: string;
  method: string;
}

/** One piece of a rule's path: keystonemiddleware's four token kinds, tried in this order. */
const PATH_TOKEN = /(\{[^}]*\})|(\*(?=$|[^*]))|(\*\*)|([^{}*])/g;

function escapeLiteral(char: string): string {
  return /[\\^$.|?+()[\]{}]/.test(char) ? `\\${char}` : char;
}

/**
 * The pattern as a regular expression over the whole path. Unlike keystonemiddleware, literal
 * characters are escaped: there a `.` in `/v2.1/...` would also match any other character.
 */
function pathPattern(pattern: string): RegExp {
  let source = '';
  for (const [, tag, wild, anyDepth, literal] of pattern.matchAll(PATH_TOKEN)) {
    if (tag !== undefined || wild !== undefined) source += '[^/]+';
    else if (anyDepth !== undefined) source += '.*';
    else source += escapeLiteral(literal);
  }
  return new RegExp(`^${source}$`);
}

/** True when the request path matches the rule's path pattern. */
export function pathMatches(path: string, pattern: string): boolean {
  return pathPattern(pattern).test(path);
}

export interface GuardedRequest {
  /** The service type of the service that received the request. */
  serviceType: string;
  method: string;
  /** The path relative to the service's endpoint, without the query string. */
  path: string;
}

/**
 * Whether a token with these access rules may make the request: always when it has none
 * (null); otherwise one rule must name the service, the method and a matching path. Keystone's
 * own token validation is always allowed, so a client can look at the token it holds.
 */
export function accessRulesAllow(rules: readonly AccessRule[] | null, request: GuardedRequest): boolean {
  if (rules === null) return true;
  if (
    request.serviceType === 'identity' &&
    request.method === 'GET' &&
    request.path.endsWith('/v3/auth/tokens')
  ) {
    return true;
  }
  return rules.some(
    (rule) =>
      rule.service === request.serviceType &&
      rule.method === request.method &&
      pathMatches(request.path, rule.path),
  );
}
