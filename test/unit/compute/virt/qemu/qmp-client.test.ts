import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  QmpClient,
  QmpClosedError,
  QmpCommandError,
} from '../../../../../src/compute/virt/qemu/qmp-client.js';

const dir = mkdtempSync(join(tmpdir(), 'stratus-qmp-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let sockets = 0;

/**
 * A QMP server as QEMU's monitor behaves: a greeting, `qmp_capabilities` first, then answers
 * with the request's id; `answer` decides each answer, `onCommand` may also send events.
 */
async function fakeQemu(
  answer: (command: string, args: Record<string, unknown> | undefined) => object,
  onCommand?: (socket: Socket, command: string) => void,
): Promise<{ server: Server; path: string; received: string[] }> {
  const path = join(dir, `qmp-${++sockets}.sock`);
  const received: string[] = [];
  const server = createServer((socket) => {
    socket.write(
      `${JSON.stringify({ QMP: { version: { qemu: { major: 7, minor: 2, micro: 0 } }, capabilities: [] } })}\r\n`,
    );
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const request = JSON.parse(buffered.slice(0, newline)) as {
          execute: string;
          arguments?: Record<string, unknown>;
          id: string;
        };
        buffered = buffered.slice(newline + 1);
        received.push(request.execute);
        onCommand?.(socket, request.execute);
        socket.write(
          `${JSON.stringify({ ...answer(request.execute, request.arguments), id: request.id })}\r\n`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { server, path, received };
}

describe('QMP client', () => {
  test('negotiates capabilities and matches answers to commands', async () => {
    const qemu = await fakeQemu((command) =>
      command === 'query-status' ? { return: { status: 'running', running: true } } : { return: {} },
    );
    const client = await QmpClient.connect(qemu.path);
    try {
      assert.deepEqual(await client.execute('query-status'), { status: 'running', running: true });
      assert.deepEqual(qemu.received, ['qmp_capabilities', 'query-status']);
    } finally {
      client.close();
      qemu.server.close();
    }
  });

  test('rejects a command QEMU refuses with its error class and description', async () => {
    const qemu = await fakeQemu((command) =>
      command === 'device_del'
        ? { error: { class: 'DeviceNotFound', desc: "Device 'nic-1' not found" } }
        : { return: {} },
    );
    const client = await QmpClient.connect(qemu.path);
    try {
      await assert.rejects(client.execute('device_del', { id: 'nic-1' }), (error: QmpCommandError) => {
        assert.ok(error instanceof QmpCommandError);
        assert.equal(error.errorClass, 'DeviceNotFound');
        assert.match(error.message, /nic-1/);
        return true;
      });
    } finally {
      client.close();
      qemu.server.close();
    }
  });

  test('delivers events and waits for a matching one', async () => {
    const qemu = await fakeQemu(
      () => ({ return: {} }),
      (socket, command) => {
        if (command !== 'device_del') return;
        const event = (device: string) =>
          JSON.stringify({
            event: 'DEVICE_DELETED',
            data: { device },
            timestamp: { seconds: 1, microseconds: 0 },
          });
        socket.write(`${event('other')}\r\n${event('disk-vdb')}\r\n`);
      },
    );
    const client = await QmpClient.connect(qemu.path);
    try {
      const deleted = client.waitForEvent(
        'DEVICE_DELETED',
        2000,
        (event) => event.data.device === 'disk-vdb',
      );
      await client.execute('device_del', { id: 'disk-vdb' });
      assert.equal((await deleted)?.data.device, 'disk-vdb');
      assert.equal(await client.waitForEvent('SHUTDOWN', 20), null, 'no event within the time is null');
    } finally {
      client.close();
      qemu.server.close();
    }
  });

  test('a closed connection fails pending commands and reports closed', async () => {
    const qemu = await fakeQemu(
      () => ({ return: {} }),
      (socket, command) => {
        if (command === 'quit') socket.destroy();
      },
    );
    const client = await QmpClient.connect(qemu.path);
    try {
      await assert.rejects(client.execute('quit'), QmpClosedError);
      assert.equal(await client.waitClosed(1000), true);
      assert.equal(client.open, false);
      await assert.rejects(client.execute('query-status'), QmpClosedError);
    } finally {
      qemu.server.close();
    }
  });
});
