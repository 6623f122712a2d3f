/**
 * Fault injection with real peers on loopback (always run: no broker binary needed): a TCP peer that
 * goes silent, an HTTP server that drips its body, 1 MiB adversarial payloads through every source,
 * and `record` feeding an output slower than an MQTT flood. Each checks that what was sent is what
 * was received plus what was counted (refused, lost, dropped), and that ingest goes on afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { parseRecording } from '../../src/app/index.js';
import { type CliIo, defaultSilentAfterMs, parseSourceSpec, runCli } from '../../src/cli/index.js';
import { RingBuffer } from '../../src/data/index.js';
import {
  FileReplaySource,
  HttpPollSource,
  MqttSource,
  type Source,
  SourceSupervisor,
  StdinNdjsonSource,
  TcpNdjsonSource,
  WebSocketSource,
} from '../../src/sources/index.js';
import { startAedes } from '../sources/brokers.js';
import { RecordingSink, waitUntil } from '../sources/helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP server on loopback; `peer()` is the last connection (the test writes to it). */
async function tcpPeer() {
  const peers: Socket[] = [];
  const server = createServer((s) => peers.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const p of peers) p.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: typeof a === 'object' && a !== null ? a.port : 0, peer: () => peers.at(-1) };
}

describe('faults: silent and dripping peers', () => {
  it('a TCP peer that goes silent makes the source silent (not live), and live again when it speaks', async () => {
    const far = await tcpPeer();
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(new TcpNdjsonSource({ id: 'tcp', mode: 'client', port: far.port }), {
      sink,
      silentAfterMs: 300,
      onError: () => undefined,
    });
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('connected', () => sup.state === 'live' && far.peer() !== undefined);
    let sent = 0;
    for (; sent < 20; sent++) far.peer()?.write(`{"n":${sent}}\n`);
    await waitUntil('the first points', () => sink.points.length === sent);
    // The peer froze: its socket stays open and says nothing.
    await waitUntil('silent', () => sup.state === 'silent', 3_000, 10);
    far.peer()?.write(`{"n":${sent++}}\n`);
    await waitUntil('live again', () => sup.state === 'live' && sink.points.length === sent, 3_000);
    const m = sup.metrics();
    expect(sent).toBe(m.messages + m.refusedTotal + m.lostTotal);
    expect(m.gaps).toBe(0);
  });

  it('the CLI gives every push source a silence timeout by default, and sampled sources three samples', () => {
    for (const spec of ['tcp://127.0.0.1:7000', 'mqtt://127.0.0.1/a', 'ws://127.0.0.1:1/x', 'stdin'])
      expect(defaultSilentAfterMs(parseSourceSpec(spec), undefined)).toBe(30_000);
    expect(defaultSilentAfterMs(parseSourceSpec('http://127.0.0.1/x'), 2_000)).toBe(6_000);
    expect(defaultSilentAfterMs(parseSourceSpec('system:500'), undefined)).toBe(1_500);
    expect(defaultSilentAfterMs(parseSourceSpec('file:x.ndjson'), undefined)).toBeUndefined();
  });

  it('an HTTP server that drips its body fails the poll at the whole-request deadline', async () => {
    let drip = false;
    const open: ServerResponse[] = [];
    const server = createHttpServer((_req, res) => {
      if (!drip) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"t":1}');
        return;
      }
      // One byte now and then: the socket is never idle, the body never ends.
      open.push(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const r of open) r.destroy();
          server.close(() => resolve());
        }),
    );
    const a = server.address();
    const port = typeof a === 'object' && a !== null ? a.port : 0;
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new HttpPollSource({ id: 'http', url: `http://127.0.0.1:${port}/`, intervalMs: 20, timeoutMs: 400 }),
      { sink, backoff: { initialDelayMs: 20, maxDelayMs: 50 }, onError: () => undefined },
    );
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live with data', () => sup.state === 'live' && sink.points.length >= 1);
    drip = true;
    const since = performance.now();
    await waitUntil('the drip noticed', () => sup.state !== 'live', 3_000, 10);
    expect(performance.now() - since).toBeLessThan(3_000);
    await waitUntil('the error', () =>
      (sup.metrics().lastError ?? '').includes('no complete answer within 400 ms'),
    );
    drip = false;
    const before = sink.points.length;
    await waitUntil('live again with data', () => sup.state === 'live' && sink.points.length > before, 5_000);
  });
});

/** 1 MiB of bait for every payload path, then one valid point. */
function adversarial(): string[] {
  const near = 1024 * 1024 - 64;
  return [
    `${'9'.repeat(near)}x`, // the number pattern's ReDoS bait
    '['.repeat(near), // nesting
    `{"s":"${'x'.repeat(near)}"}`, // one long string
    '{"__proto__.polluted":1}', // a forbidden dotted segment
    'null', // no value
  ];
}

interface Harness {
  readonly source: Source;
  send(text: string): Promise<void>;
}

async function sendAll(h: Harness, texts: readonly string[]): Promise<void> {
  for (const t of texts) await h.send(t);
}

describe('faults: a flood of junk keys through a real source', () => {
  it('a TCP peer sending 600 distinct junk keys does not lock out real ones: sent = stored + refused', async () => {
    const far = await tcpPeer();
    // The CLI monitor's small budget: 24 columns.
    const buffer = new RingBuffer({ capacity: 64, maxColumns: 24 });
    const sup = new SourceSupervisor(new TcpNdjsonSource({ id: 'tcp', mode: 'client', port: far.port }), {
      sink: buffer,
      onError: () => undefined,
    });
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('connected', () => sup.state === 'live' && far.peer() !== undefined);
    let sent = 0;
    for (let i = 0; i < 600; i++, sent++) far.peer()?.write(`{"junk${i}":${i}}\n`);
    far.peer()?.write('{"cpu":1,"temp":2}\n');
    sent++;
    await waitUntil('the real point', () => buffer.latestSeq('cpu', 1, buffer.newestSeq) > 0, 5_000);
    const seq = buffer.latestSeq('cpu', 1, buffer.newestSeq);
    expect(buffer.getBySequence(seq)?.fields).toEqual({ cpu: 1, temp: 2 });
    const m = sup.metrics();
    const c = buffer.stats;
    expect(sent).toBe(m.messages + m.refusedTotal + m.lostTotal);
    // Every point was stored; the one-off junk columns were evicted for newcomers, counted.
    expect(m.messages).toBe(buffer.nextSeq - 1 + c.rejectedPoints);
    expect(c.rejectedPoints).toBe(0);
    expect(c.columnsEvicted).toBeGreaterThan(500);
    // Ingest goes on.
    far.peer()?.write('{"cpu":3}\n');
    await waitUntil('the next point', () => buffer.fieldValue(buffer.newestSeq, 'cpu') === 3, 3_000);
  });
});

describe('faults: 1 MiB adversarial payloads through every source', () => {
  const VALID = '{"v":1}';

  async function check(h: Harness): Promise<void> {
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(h.source, {
      sink,
      backoff: { initialDelayMs: 20, maxDelayMs: 100 },
      onError: () => undefined,
    });
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live', () => sup.state === 'live', 5_000);
    const bait = adversarial();
    await sendAll(h, [...bait, VALID]);
    await waitUntil('the valid point', () => sink.points.length === 1, 15_000, 10);
    const m = sup.metrics();
    // sent = received + counted refusals; nothing else arrived; nothing reached any prototype.
    expect(m.messages + m.refusedTotal).toBe(bait.length + 1);
    expect(m.reconnects).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }

  it('MQTT (payloads keyed by topic, format auto)', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const pub = await connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => pub.endAsync(true));
    await check({
      source: new MqttSource({ id: 'mqtt', url: broker.url, topics: ['bait/#'], qos: 1 }),
      send: async (text) => {
        await pub.publishAsync('bait/x', text, { qos: 1 });
      },
    });
  }, 30_000);

  it('WebSocket (with a key, format auto)', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const clients: import('ws').WebSocket[] = [];
    server.on('connection', (c) => clients.push(c));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const c of clients) c.terminate();
          server.close(() => resolve());
        }),
    );
    const a = server.address();
    const port = typeof a === 'object' && a !== null ? a.port : 0;
    await check({
      source: new WebSocketSource({ id: 'ws', url: `ws://127.0.0.1:${port}`, key: 'k' }),
      send: (text) =>
        new Promise<void>((resolve, reject) =>
          clients.at(-1)?.send(text, (err) => (err ? reject(err) : resolve())),
        ),
    });
  }, 30_000);

  it('TCP (with a key, format auto)', async () => {
    const far = await tcpPeer();
    await check({
      source: new TcpNdjsonSource({ id: 'tcp', mode: 'client', port: far.port, key: 'k' }),
      send: async (text) => {
        await waitUntil('a peer', () => far.peer() !== undefined);
        await new Promise<void>((resolve) => far.peer()?.write(`${text}\n`, () => resolve()));
      },
    });
  }, 30_000);

  it('stdin (NDJSON lines)', async () => {
    const input = new PassThrough();
    cleanups.push(() => {
      input.end();
    });
    await check({
      source: new StdinNdjsonSource({ id: 'stdin', input }),
      send: async (text) => {
        input.write(`${text}\n`);
        await sleep(5);
      },
    });
  }, 30_000);

  it('HTTP polling (with a key, format auto): one body per poll', async () => {
    const bodies = [...adversarial(), VALID];
    let served = 0;
    const server = createHttpServer((_req, res) => {
      const body = bodies[served];
      if (body === undefined) {
        res.writeHead(204).end();
        return;
      }
      served++;
      res.writeHead(200).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const a = server.address();
    const port = typeof a === 'object' && a !== null ? a.port : 0;
    // The bodies are served by the polls themselves: `send` has nothing to do.
    await check({
      source: new HttpPollSource({ id: 'http', url: `http://127.0.0.1:${port}/`, intervalMs: 10, key: 'k' }),
      send: async () => undefined,
    });
  }, 30_000);

  it('a file replay (recording lines carrying the bait)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-faults-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'bait.ndjson');
    const line = (data: string, seq: number) => `{"v":1,"seq":${seq},"t":${seq},"src":"f","data":${data}}`;
    const texts = [...adversarial(), VALID].map((t, i) => line(t.startsWith('9') ? `"${t}"` : t, i));
    writeFileSync(path, `${texts.join('\n')}\n`);
    await check({
      source: new FileReplaySource({ id: 'file', path, speed: Number.POSITIVE_INFINITY }),
      send: async () => undefined,
    });
  }, 30_000);
});

describe('faults: record with an output slower than the source', () => {
  it('an MQTT flood into a slow stdout: sent = written + dropped + lost, all in the summary, exit 3', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const stdin = new PassThrough();
    stdin.end();
    let text = '';
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk, _enc, done) {
        text += String(chunk);
        setTimeout(done, 2);
      },
    });
    const stderr = new PassThrough();
    let errText = '';
    stderr.on('data', (d) => {
      errText += String(d);
    });
    const signals: ((s: NodeJS.Signals) => void)[] = [];
    const io: CliIo = {
      stdin,
      stdout: slow,
      stderr,
      onSignal(handler) {
        signals.push(handler);
        return () => undefined;
      },
    };
    const topic = 'flood/x';
    const done = runCli(
      ['record', `${broker.url}/flood/#?key={1}`, '--seq-field', 'x.seq', '--output-buffer', '8192'],
      io,
    );
    const pub = await connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => pub.endAsync(true));
    // The recorder subscribes in its own time: wait until a probe point reaches the output.
    await waitUntil(
      'the recorder subscribed',
      () => {
        pub.publishAsync('flood/probe', '{"p":1}', { qos: 1 }).catch(() => undefined);
        return text.includes('"p":1');
      },
      10_000,
      50,
    );
    const flood = 5_000;
    for (let i = 1; i <= flood; i++) {
      pub.publish(topic, `{"seq":${i}}`, { qos: 1 });
      if (i % 100 === 0) await sleep(1);
    }
    // Then one point at a time until one is written: QoS 1 on one topic keeps order, so when it is
    // in the output, everything sent before it was received (and written, dropped or lost).
    let sent = flood;
    for (let tries = 0; tries < 30; tries++) {
      sent++;
      await pub.publishAsync(topic, `{"seq":${sent}}`, { qos: 1 });
      const written = new RegExp(`"seq":${sent}\\b`);
      const seen = await waitUntil('the last point written', () => written.test(text), 2_000, 20)
        .then(() => true)
        .catch(() => false);
      if (seen) break;
    }
    for (const s of signals) s('SIGINT');
    const code = await done;
    const seqs = parseRecording(text).flatMap((e) =>
      'data' in e && typeof (e.data as { x?: { seq?: unknown } }).x?.seq === 'number'
        ? [(e.data as { x: { seq: number } }).x.seq]
        : [],
    );
    const dropped = Number(/(\d+) lines dropped \(output too slow\)/.exec(errText)?.[1] ?? 0);
    const lost = Number(/(\d+) lost \(/.exec(errText)?.[1] ?? 0);
    console.log(
      `fault tally ${JSON.stringify({ fault: 'record, MQTT flood into a slow stdout', sent, written: seqs.length, dropped, countedLost: lost })}`,
    );
    // The recording has only the points it wrote: every one of the rest is dropped or lost, counted.
    expect(dropped).toBeGreaterThan(0);
    expect(new Set(seqs).size + dropped + lost).toBe(sent);
    expect(errText).toContain('loss counted from the sequence field "x.seq"');
    expect(code).toBe(3);
  }, 60_000);
});
