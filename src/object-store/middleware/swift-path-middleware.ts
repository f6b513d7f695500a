import type { SwiftAnswer } from '../proxy/swift-call.js';

/**
 * One of Swift's middlewares that answers a path of its own beside `/v1` (healthcheck at
 * `/healthcheck`, crossdomain at `/crossdomain.xml`): it sits in front of the proxy and answers
 * without auth or storage, so it never sees a Swift call.
 */
export interface SwiftPathMiddleware {
  /** Its name in `/info`, when it registers there. */
  name: string;
  /** The path it answers, below where the API is mounted. */
  path: string;
  /** The methods it answers; any other goes on to the rest of the proxy. */
  methods: readonly string[];
  info?(): Record<string, unknown>;
  answer(): SwiftAnswer;
}
