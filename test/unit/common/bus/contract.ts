import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import {
  BusClosed,
  BusTimeout,
  RemoteError,
  type Bus,
  type Notification,
} from '../../../../src/common/bus/index.js';

/**
 * The behaviour every bus transport owes its users (STYLE.md: one contract suite per
 * interface). Each transport's test file calls `busContract` with a factory of connected buses;
 * topics and event types are unique per test, so a broker that keeps queues between tests is fine.
 */
export interface BusContractOptions {
  /** How long to wait before concluding that a message did not arrive. */
  quietMs?: number;
}

/** A promise with its resolve at hand, to hold a handler until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function eventually(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

class InstanceNotFound extends Error {
  constructor(readonly instanceId: string) {
    super(`Instance ${instanceId} could not be found.`);
    this.name = 'InstanceNotFound';
  }
}

export function busContract(
  name: string,
  createBus: () => Promise<Bus>,
  options: BusContractOptions = {},
): void {
  const quietMs = options.quietMs ?? 50;

  /** Runs a test with a fresh bus and a fresh topic, closing the bus afterwards. */
  function busTest(title: string, body: (bus: Bus, topic: string) => Promise<void>) {
    test(title, async () => {
      const bus = await createBus();
      try {
        await body(bus, uniqueName('topic'));
      } finally {
        await bus.close();
      }
    });
  }

  describe(`${name} (bus contract)`, () => {
    busTest('call answers with the result of the handler for the arguments sent', async (bus, topic) => {
      await bus.serve(topic, { add: ({ a, b }: { a: number; b: number }) => a + b });
      assert.equal(await bus.call(topic, 'add', { a: 2, b: 3 }), 5);
      await bus.serve(`${topic}.async`, {
        hello: async ({ who }: { who: string }) => ({ greeting: `hi ${who}` }),
      });
      assert.deepEqual(await bus.call(`${topic}.async`, 'hello', { who: 'node' }), { greeting: 'hi node' });
      await bus.serve(`${topic}.void`, { nothing: () => undefined });
      assert.equal(await bus.call(`${topic}.void`, 'nothing', {}), undefined);
    });

    busTest('a call to topic.host reaches that host only', async (bus, topic) => {
      await bus.serve(`${topic}.node1`, { whoami: () => 'node1' });
      await bus.serve(`${topic}.node2.example.com`, { whoami: () => 'node2' });
      for (let i = 0; i < 3; i++) assert.equal(await bus.call(`${topic}.node1`, 'whoami', {}), 'node1');
      assert.equal(await bus.call(`${topic}.node2.example.com`, 'whoami', {}), 'node2');
    });

    busTest('messages to a topic are shared among its servers, each handled once', async (bus, topic) => {
      const handled = { node1: 0, node2: 0, any: 0 };
      const count = (server: keyof typeof handled) => () => (handled[server] += 1);
      await bus.serve(`${topic}.node1`, { work: count('node1') });
      await bus.serve(`${topic}.node2`, { work: count('node2') });
      await bus.serve(topic, { work: count('any') });
      await Promise.all(Array.from({ length: 12 }, () => bus.call(topic, 'work', {})));
      for (let i = 0; i < 6; i++) await bus.cast(topic, 'work', {});
      await eventually(() => handled.node1 + handled.node2 + handled.any === 18, 'every message is handled');
      await sleep(quietMs);
      assert.equal(handled.node1 + handled.node2 + handled.any, 18);
      assert.ok(handled.node1 > 0 && handled.node2 > 0 && handled.any > 0, JSON.stringify(handled));
    });

    busTest('fanout reaches every server of the topic and no other', async (bus, topic) => {
      const got: string[] = [];
      const other = uniqueName('other');
      await bus.serve(`${topic}.node1`, {
        refresh: ({ what }: { what: string }) => got.push(`node1 ${what}`),
      });
      await bus.serve(`${topic}.node2`, {
        refresh: ({ what }: { what: string }) => got.push(`node2 ${what}`),
      });
      await bus.serve(topic, { refresh: ({ what }: { what: string }) => got.push(`any ${what}`) });
      await bus.serve(`${other}.node1`, { refresh: () => got.push('other') });
      await bus.fanout(topic, 'refresh', { what: 'cache' });
      await eventually(() => got.length >= 3, 'every server has it');
      await sleep(quietMs);
      assert.deepEqual(got.sort(), ['any cache', 'node1 cache', 'node2 cache']);
    });

    busTest('cast is handled without the sender waiting for the handler', async (bus, topic) => {
      const release = gate();
      let started = false;
      let finished = false;
      await bus.serve(topic, {
        build: async () => {
          started = true;
          await release.opened;
          finished = true;
        },
      });
      await bus.cast(topic, 'build', {});
      await eventually(() => started, 'the handler runs');
      assert.equal(finished, false);
      release.open();
      await eventually(() => finished, 'the handler finishes');
    });

    busTest(
      'messages cross as JSON: the receiver never shares an object with the sender',
      async (bus, topic) => {
        const kept = { items: [1] };
        let received: Record<string, unknown> = {};
        await bus.serve(topic, {
          inspect: (args: Record<string, unknown>) => {
            received = structuredClone(args);
            (args.nested as { list: number[] }).list.push(99);
            return kept;
          },
        });
        const args = { when: new Date('2024-05-01T10:00:00Z'), nested: { list: [1, 2] }, gone: undefined };
        const result = await bus.call<{ items: number[] }>(topic, 'inspect', args);
        assert.deepEqual(received, { when: '2024-05-01T10:00:00.000Z', nested: { list: [1, 2] } });
        assert.deepEqual(args.nested.list, [1, 2]);
        assert.notEqual(result, kept);
        result.items.push(2);
        assert.deepEqual(kept.items, [1]);
        assert.deepEqual(await bus.call(topic, 'inspect', { nested: { list: [] } }), { items: [1] });
      },
    );

    busTest('a value JSON cannot carry fails at the sender', async (bus, topic) => {
      await bus.serve(topic, { big: () => 10n });
      await assert.rejects(bus.call(topic, 'big', { n: 1n }), TypeError);
      await assert.rejects(bus.cast(topic, 'big', { n: 1n }), TypeError);
      await assert.rejects(bus.call(topic, 'big', {}), (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.remoteName, 'TypeError');
        return true;
      });
    });

    busTest('an error thrown by a handler reaches the caller as a RemoteError', async (bus, topic) => {
      await bus.serve(topic, {
        show: async ({ id }: { id: string }) => {
          throw new InstanceNotFound(id);
        },
        explode: () => {
          throw 'not an Error';
        },
      });
      await assert.rejects(bus.call(topic, 'show', { id: 'i-1' }), (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.remoteName, 'InstanceNotFound');
        assert.equal(error.message, 'Instance i-1 could not be found.');
        assert.deepEqual(error.details, { instanceId: 'i-1' });
        return true;
      });
      await assert.rejects(bus.call(topic, 'explode', {}), (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.remoteName, 'Error');
        assert.equal(error.message, 'not an Error');
        return true;
      });
    });

    busTest('a method the server lacks is a RemoteError NoSuchMethod', async (bus, topic) => {
      await bus.serve(topic, { known: () => true });
      for (const method of ['unknown', 'toString', 'constructor']) {
        await assert.rejects(bus.call(topic, method, {}), (error: unknown) => {
          assert.ok(error instanceof RemoteError);
          assert.equal(error.remoteName, 'NoSuchMethod');
          assert.equal(error.message, `Endpoint does not support RPC method ${method}`);
          return true;
        });
      }
    });

    busTest('call rejects with BusTimeout when no reply comes in time', async (bus, topic) => {
      const release = gate();
      await bus.serve(topic, { slow: () => release.opened });
      await assert.rejects(bus.call(topic, 'slow', {}, { timeoutMs: 30 }), (error: unknown) => {
        assert.ok(error instanceof BusTimeout);
        assert.equal(error.target, topic);
        assert.equal(error.method, 'slow');
        return true;
      });
      release.open();
      const nobody = uniqueName('nobody');
      await assert.rejects(bus.call(`${nobody}.host`, 'anything', {}, { timeoutMs: 30 }), BusTimeout);
      await bus.cast(nobody, 'anything', {});
    });

    busTest('concurrent calls each get their own reply', async (bus, topic) => {
      await bus.serve(topic, {
        echo: async ({ n }: { n: number }) => {
          await sleep((n * 7) % 13);
          return n;
        },
      });
      const numbers = Array.from({ length: 20 }, (_, n) => n);
      assert.deepEqual(await Promise.all(numbers.map((n) => bus.call(topic, 'echo', { n }))), numbers);
    });

    busTest('a stopped server finishes its work and takes no more', async (bus, topic) => {
      const release = gate();
      let started = false;
      let done = 0;
      const server = await bus.serve(topic, {
        work: async () => {
          started = true;
          await release.opened;
          done += 1;
          return 'done';
        },
      });
      const inFlight = bus.call(topic, 'work', {});
      await eventually(() => started, 'the handler runs');
      let stopped = false;
      const stopping = server.stop().then(() => (stopped = true));
      await sleep(quietMs);
      assert.equal(stopped, false);
      release.open();
      await stopping;
      assert.equal(done, 1);
      assert.equal(await inFlight, 'done');
      await assert.rejects(bus.call(topic, 'work', {}, { timeoutMs: 30 }), BusTimeout);
    });

    busTest('a failing cast handler does not stop its server', async (bus, topic) => {
      await bus.serve(topic, {
        fail: () => {
          throw new Error('boom');
        },
        ping: () => 'pong',
      });
      await bus.cast(topic, 'fail', {});
      await bus.fanout(topic, 'fail', {});
      assert.equal(await bus.call(topic, 'ping', {}), 'pong');
    });

    busTest('targets are topic or topic.host', async (bus, topic) => {
      for (const target of ['', '.node1', `${topic}.`]) {
        await assert.rejects(bus.call(target, 'm', {}, { timeoutMs: 30 }), /invalid bus target/);
        await assert.rejects(bus.cast(target, 'm', {}), /invalid bus target/);
      }
      await assert.rejects(bus.serve('', {}), /invalid bus target/);
      await assert.rejects(bus.fanout(`${topic}.node1`, 'm', {}), /fanout goes to a topic/);
    });

    busTest('notifications reach every subscriber whose pattern matches', async (bus, topic) => {
      const seen: Record<string, Notification[]> = { exact: [], glob: [], all: [], other: [] };
      await bus.subscribe(`${topic}.instance.create.end`, (n) => void seen.exact.push(n));
      await bus.subscribe(`${topic}.instance.*`, (n) => void seen.glob.push(n));
      await bus.subscribe('*', (n) => void (n.eventType.startsWith(topic) && seen.all.push(n)));
      await bus.subscribe(`${topic}.volume.*`, (n) => void seen.other.push(n));
      await bus.notify(`${topic}.instance.create.end`, { instance_id: 'i-1' });
      await bus.notify(
        `${topic}.instance.delete.start`,
        { instance_id: 'i-1' },
        { publisherId: 'compute.node1', priority: 'WARN' },
      );
      await eventually(() => seen.all.length === 2, 'both notifications arrive');
      await sleep(quietMs);
      assert.deepEqual(
        seen.glob.map((n) => n.eventType),
        [`${topic}.instance.create.end`, `${topic}.instance.delete.start`],
      );
      assert.equal(seen.exact.length, 1);
      assert.equal(seen.other.length, 0);
      const [created, deleted] = seen.glob;
      assert.deepEqual(created.payload, { instance_id: 'i-1' });
      assert.equal(created.publisherId, 'stratus');
      assert.equal(created.priority, 'INFO');
      assert.equal(deleted.publisherId, 'compute.node1');
      assert.equal(deleted.priority, 'WARN');
      assert.match(created.messageId, /^[0-9a-f-]{36}$/);
      assert.notEqual(created.messageId, deleted.messageId);
      assert.ok(!Number.isNaN(Date.parse(created.timestamp)));
      assert.notEqual(seen.glob[0], seen.all[0]);
    });

    busTest('subscribers in one pool share the notifications', async (bus, topic) => {
      const got = { first: 0, second: 0, alone: 0 };
      const count = (who: keyof typeof got) => () => void (got[who] += 1);
      await bus.subscribe(`${topic}.*`, count('first'), { pool: `${topic}-telemetry` });
      await bus.subscribe(`${topic}.*`, count('second'), { pool: `${topic}-telemetry` });
      await bus.subscribe(`${topic}.*`, count('alone'));
      for (let i = 0; i < 6; i++) await bus.notify(`${topic}.sample`, { i });
      await eventually(() => got.alone === 6 && got.first + got.second === 6, 'every notification arrives');
      await sleep(quietMs);
      assert.equal(got.first + got.second, 6);
      assert.ok(got.first > 0 && got.second > 0, JSON.stringify(got));
    });

    busTest(
      'a stopped subscription gets nothing more, and a failing listener harms no other',
      async (bus, topic) => {
        const got: string[] = [];
        const subscription = await bus.subscribe(`${topic}.*`, (n) => void got.push(n.eventType));
        await bus.subscribe(`${topic}.*`, () => {
          throw new Error('listener failed');
        });
        await bus.notify(`${topic}.one`, {});
        await eventually(() => got.length === 1, 'the first notification arrives');
        await subscription.stop();
        await bus.notify(`${topic}.two`, {});
        await sleep(quietMs);
        assert.deepEqual(got, [`${topic}.one`]);
      },
    );

    test('close rejects pending calls and everything sent afterwards', async () => {
      const bus = await createBus();
      const topic = uniqueName('topic');
      const release = gate();
      let started = false;
      await bus.serve(topic, {
        slow: async () => {
          started = true;
          await release.opened;
        },
      });
      const pending = bus.call(topic, 'slow', {});
      await eventually(() => started, 'the handler runs');
      const closing = bus.close();
      await assert.rejects(pending, BusClosed);
      release.open();
      await closing;
      await assert.rejects(bus.call(topic, 'slow', {}), BusClosed);
      await assert.rejects(bus.cast(topic, 'slow', {}), BusClosed);
      await assert.rejects(bus.fanout(topic, 'slow', {}), BusClosed);
      await assert.rejects(bus.notify('x', {}), BusClosed);
      await assert.rejects(bus.serve(topic, {}), BusClosed);
      await assert.rejects(
        bus.subscribe('x', () => {}),
        BusClosed,
      );
    });
  });
}
