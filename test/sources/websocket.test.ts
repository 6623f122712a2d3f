import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { Heartbeat, SourceSupervisor, WebSocketSource } from '../../src/sources/index.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { FakeClock, RecordingSink, waitUntil } from './helpers.js';

async function wsServer(options: { autoPong?: boolean } = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: options.autoPong ?? true });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const clients: WebSocket[] = [];
  server.on('connection', (c) => {
    clients.push(c);
    c.on('close', () => clients.splice(clients.indexOf(c), 1));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}`,
    clients,
    send: async (text: string) => {
      const c = clients.at(-1);
      if (c === undefined) throw new Error('no client connected');
      await new Promise<void>((resolve, reject) => c.send(text, (err) => (err ? reject(err) : resolve())));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.terminate();
        server.close(() => resolve());
      }),
  };
}

runSourceContract({
  name: 'websocket',
  can: { sendHostile: true, interrupt: true },
  async setup(): Promise<ContractFixture> {
    const far = await wsServer();
    return {
      source: new WebSocketSource({ id: 'ws', url: far.url }),
      sendValid: (n) => far.send(JSON.stringify({ rpm: n })),
      expected: (n) => ({ rpm: n }),
      sendHostile: () => far.send('{"rpm":1e999}'),
      hostileReason: 'non-finite',
      interrupt: async () => {
        for (const c of far.clients) c.terminate();
      },
      teardown: () => far.close(),
    };
  },
});

describe('WebSocketSource faults', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('reconnects to a server that keeps dropping its connections, marking each gap', async () => {
    const far = await wsServer();
    cleanups.push(() => far.close());
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(new WebSocketSource({ id: 'ws', url: far.url, key: 'n' }), {
      sink,
      backoff: { initialDelayMs: 10, maxDelayMs: 50 },
      onError: () => undefined,
    });
    cleanups.push(() => sup.stop());
    sup.start();
    for (let round = 1; round <= 3; round++) {
      await waitUntil(`connection ${round}`, () => sup.state === 'live' && far.clients.length === 1);
      await far.send(String(round));
      await waitUntil(`point ${round}`, () => sink.points.length === round);
      far.clients[0]?.close(1011, 'going away');
      await waitUntil(`drop ${round}`, () => sup.metrics().gaps === round);
    }
    await waitUntil('live at the end', () => sup.state === 'live');
    expect(sink.points.map((p) => p.data.n)).toEqual([1, 2, 3]);
    expect(sink.markers).toEqual(['gap-start', 'gap-end', 'gap-start', 'gap-end', 'gap-start', 'gap-end']);
    expect(sup.metrics().lastError).toMatch(/code 1011, going away/);
  });

  it('detects a server that stops answering pings (half-open) and reconnects', async () => {
    const silent = await wsServer({ autoPong: false });
    cleanups.push(() => silent.close());
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new WebSocketSource({ id: 'ws', url: silent.url, pingIntervalMs: 40, pongTimeoutMs: 60 }),
      { sink, backoff: { initialDelayMs: 10, maxDelayMs: 50 }, onError: () => undefined },
    );
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live', () => sup.state === 'live');
    await waitUntil('the dead connection to be noticed', () => sup.metrics().gaps >= 1, 3_000);
    expect(sup.metrics().lastError).toMatch(/no pong within 60 ms: connection is half-open/);
    await waitUntil('the reconnect', () => sup.state === 'live' && sup.metrics().reconnects >= 1, 3_000);
  });

  it('refuses a message over the payload limit without buffering it (maxPayload), then reads on', async () => {
    const far = await wsServer();
    cleanups.push(() => far.close());
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(new WebSocketSource({ id: 'ws', url: far.url }), {
      sink,
      backoff: { initialDelayMs: 10, maxDelayMs: 50 },
      onError: () => undefined,
    });
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live', () => sup.state === 'live' && far.clients.length === 1);
    // 2 MiB: over the 1 MiB payload limit, so ws stops reading it at 1 MiB (code 1009).
    await far.send(`{"s":"${'x'.repeat(2 * 1024 * 1024)}"}`).catch(() => undefined);
    await waitUntil('the refusal', () => sup.metrics().refused['too-large'] === 1);
    await waitUntil(
      'the reconnect',
      () => sup.state === 'live' && sup.metrics().reconnects === 1 && far.clients.at(-1)?.readyState === 1,
    );
    await far.send('{"ok":true}');
    await waitUntil('the good message', () => sink.points.length === 1, 10_000);
    expect(sink.points[0]?.data).toEqual({ ok: true });
    expect(sup.metrics().refused['too-large']).toBe(1);
  });
});

describe('Heartbeat', () => {
  function setup() {
    const clock = new FakeClock();
    let dead: number | undefined;
    const hb = new Heartbeat(
      clock,
      100,
      30,
      () => undefined,
      (ms) => {
        dead = ms;
      },
    );
    return { clock, hb, dead: () => dead };
  }

  it('pings every interval and stays quiet while pongs come back', () => {
    const { clock, hb, dead } = setup();
    hb.start();
    clock.advance(100); // first ping
    for (let i = 0; i < 10; i++) {
      clock.advance(20); // the pong comes back 20 ms after its ping
      hb.pong();
      clock.advance(80); // next ping
    }
    expect(hb.stats.pings).toBe(11);
    expect(dead()).toBeUndefined();
  });

  it('declares the connection dead `timeout` ms after an unanswered ping, once', () => {
    const { clock, hb, dead } = setup();
    hb.start();
    clock.advance(100);
    clock.advance(29);
    expect(dead()).toBeUndefined();
    clock.advance(1);
    expect(dead()).toBe(30);
    clock.advance(1_000);
    expect(hb.stats.pings).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('stop() cancels every timer', () => {
    const { clock, hb } = setup();
    hb.start();
    clock.advance(100);
    hb.stop();
    expect(clock.pending).toBe(0);
  });

  it('refuses a non-positive interval naming it', () => {
    expect(
      () =>
        new Heartbeat(
          new FakeClock(),
          0,
          10,
          () => undefined,
          () => undefined,
        ),
    ).toThrow(/heartbeat intervalMs: expected a number of ms > 0, got 0/);
  });
});
