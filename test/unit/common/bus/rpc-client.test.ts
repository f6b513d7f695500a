import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InProcessBus, RpcClient, serveRpc } from '../../../../src/common/bus/index.js';

interface Greeter {
  greet(args: { name: string }): Promise<string>;
}

class Host implements Greeter {
  constructor(private readonly greeting: string) {}

  async greet({ name }: { name: string }): Promise<string> {
    return `${this.greeting}, ${name}`;
  }
}

describe('typed RPC over the bus', () => {
  it('serves the methods of an object literal', async () => {
    const bus = new InProcessBus();
    const listening = await serveRpc<Greeter>(bus, 'greeter', { greet: async ({ name }) => `hi, ${name}` });
    assert.equal(await new RpcClient<Greeter>(bus, 'greeter').call('greet', { name: 'a' }), 'hi, a');
    await listening.stop();
    await bus.close();
  });

  it('serves the methods of a class instance, bound to it', async () => {
    const bus = new InProcessBus();
    const listening = await serveRpc<Greeter>(bus, 'greeter.h1', new Host('hello'));
    const client = new RpcClient<Greeter>(bus, 'greeter').at('h1');
    assert.equal(await client.call('greet', { name: 'b' }), 'hello, b');
    await listening.stop();
    await bus.close();
  });
});
