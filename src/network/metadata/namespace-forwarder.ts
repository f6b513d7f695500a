// The metadata forwarder of one router, run inside the router's namespace by the network agent
// (what haproxy does for Neutron's L3 agent): `node namespace-forwarder.js <port> <socket> <router id>`.
// It listens where the router redirects 169.254.169.254:80 and passes each request to the
// agent's metadata proxy over a unix socket (the one path out of the namespace), saying which
// router and which address it came from; the proxy finds the instance from those.
import { createServer, request } from 'node:http';
import { endToEndHeaders } from './hop-by-hop.js';

const [portText, socketPath, routerId] = process.argv.slice(2);
if (!portText || !socketPath || !routerId) {
  console.error('usage: namespace-forwarder <port> <socket> <router id>');
  process.exit(2);
}

const server = createServer((incoming, outgoing) => {
  const headers = endToEndHeaders(incoming.headers);
  // Never trust what the instance says about itself: these two are set here, over anything sent.
  headers['x-forwarded-for'] = incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
  headers['x-neutron-router-id'] = routerId;
  const upstream = request({ socketPath, path: incoming.url, method: incoming.method, headers }, (answer) => {
    outgoing.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
    answer.pipe(outgoing);
  });
  upstream.on('error', () => {
    outgoing.writeHead(502, { 'content-type': 'text/plain' });
    outgoing.end('The metadata proxy is not reachable.\n');
  });
  incoming.pipe(upstream);
});
server.listen(Number(portText), '0.0.0.0');
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
