import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { BusTimeout, InProcessBus } from '../../../../src/common/bus/index.js';
import { busContract } from './contract.js';

busContract('InProcessBus', async () => new InProcessBus());

describe('InProcessBus', () => {
  test('delivers on a later turn of the event loop, never inside the send', async () => {
    const bus = new InProcessBus();
    try {
      const order: string[] = [];
      await bus.serve('compute', { work: () => void order.push('handled') });
      const reply = bus.call('compute', 'work', {});
      order.push('sent');
      await reply;
      assert.deepEqual(order, ['sent', 'handled']);
    } finally {
      await bus.close();
    }
  });

  test('tells onError of failures nobody waits for', async () => {
    const failures: string[] = [];
    const bus = new InProcessBus({
      onError: (error, where) => failures.push(`${where}: ${(error as Error).message}`),
    });
    try {
      await bus.serve('compute.node1', {
        fail: () => {
          throw new Error('boom');
        },
      });
      await bus.subscribe('compute.*', () => {
        throw new Error('listener broke');
      });
      await bus.cast('compute.node1', 'fail', {});
      await bus.cast('compute.node1', 'missing', {});
      await bus.notify('compute.instance.update', {});
      await assert.rejects(bus.call('compute.node1', 'fail', {}));
      await sleep(10);
      assert.deepEqual(failures.sort(), [
        'fail on compute.node1: boom',
        'missing on compute.node1: Endpoint does not support RPC method missing',
        'notification listener of compute.instance.update: listener broke',
      ]);
    } finally {
      await bus.close();
    }
  });

  test('uses its default timeout and clock', async () => {
    const bus = new InProcessBus({ defaultTimeoutMs: 20, now: () => new Date('2030-01-02T03:04:05Z') });
    try {
      await assert.rejects(bus.call('scheduler', 'select_destinations', {}), BusTimeout);
      const timestamps: string[] = [];
      await bus.subscribe('*', (n) => void timestamps.push(n.timestamp));
      await bus.notify('scheduler.select_destinations.end', {});
      await sleep(10);
      assert.deepEqual(timestamps, ['2030-01-02T03:04:05.000Z']);
    } finally {
      await bus.close();
    }
  });
});
