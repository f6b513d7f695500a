import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel } from 'node:worker_threads';
import { test } from 'node:test';
import { PortStreams, type StreamMessage } from '../../../../src/object-store/storage-thread/port-streams.js';

/** Two ends of a channel, each with its PortStreams, as two threads would have them. */
function connectedStreams() {
  const { port1, port2 } = new MessageChannel();
  const sent = { chunks: 0 };
  const left = new PortStreams((message, transfer) => {
    if (message.kind === 'chunk') sent.chunks++;
    port1.postMessage(message, transfer);
  });
  const right = new PortStreams((message, transfer) => port2.postMessage(message, transfer));
  port1.on('message', (message: StreamMessage) => left.handle(message));
  port2.on('message', (message: StreamMessage) => right.handle(message));
  return { left, right, sent, close: () => (port1.close(), port2.close()) };
}

async function readAll(readable: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('a stream arrives whole and in order, chunks sliced from a larger buffer included', async () => {
  const { left, right, close } = connectedStreams();
  const whole = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
  const chunks = Array.from({ length: 25 }, (_, i) => whole.subarray(i * 4000, (i + 1) * 4000));
  const received = readAll(right.receive(1));
  await left.send(1, Readable.from(chunks));
  assert.deepEqual(await received, whole);
  close();
});

test('a consumer that does not read holds the sender after a window of chunks', async () => {
  const { left, right, sent, close } = connectedStreams();
  const received = right.receive(2);
  const source = Readable.from(Array.from({ length: 100 }, () => Buffer.alloc(65536, 7)));
  const sending = left.send(2, source);
  await sleep(50);
  assert.ok(sent.chunks < 40, `${sent.chunks} chunks sent to a consumer that read none`);
  const data = await readAll(received);
  await sending;
  assert.equal(data.length, 100 * 65536);
  close();
});

test('a receiver destroyed early cancels the stream, and the sender stops reading its source', async () => {
  const { left, right, close } = connectedStreams();
  const received = right.receive(3);
  let produced = 0;
  async function* endless() {
    for (;;) {
      produced++;
      yield Buffer.alloc(1024);
    }
  }
  const sending = left.send(3, endless());
  await sleep(20);
  received.destroy();
  await sending;
  const stoppedAt = produced;
  await sleep(20);
  assert.equal(produced, stoppedAt);
  close();
});

test('a source that fails fails the receiving stream with its message', async () => {
  const { left, right, close } = connectedStreams();
  const received = right.receive(4);
  async function* failing() {
    yield Buffer.from('some');
    throw new Error('the client went away');
  }
  await left.send(4, failing());
  await assert.rejects(readAll(received), /the client went away/);
  close();
});
