import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpPollSource, SourceSupervisor } from '../../src/sources/index.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { FakeClock, RecordingSink, waitUntil } from './helpers.js';

/** A resource with a version: GET returns it with an ETag, or 304 when the client has that version. */
async function resource() {
  const state = { body: '', version: 0, served: 0, notModified: 0, failNext: 0, requests: 0 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests++;
    if (state.failNext > 0) {
      state.failNext--;
      res.writeHead(503).end();
      return;
    }
    if (state.version === 0) {
      res.writeHead(204).end();
      return;
    }
    const etag = `"v${state.version}"`;
    if (req.headers['if-none-match'] === etag) {
      state.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    state.served = state.version;
    res.writeHead(200, { etag, 'content-type': 'application/json' }).end(state.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  return {
    state,
    url: `http://127.0.0.1:${port}/now`,
    /** Publish a new version and wait until a poll has fetched it. */
    async set(body: string): Promise<void> {
      state.body = body;
      state.version++;
      const v = state.version;
      await waitUntil(`version ${v} to be fetched`, () => state.served >= v);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

runSourceContract({
  name: 'http-poll',
  can: { sendHostile: true, interrupt: true },
  async setup(): Promise<ContractFixture> {
    const far = await resource();
    return {
      source: new HttpPollSource({ id: 'http', url: far.url, intervalMs: 10 }),
      sendValid: (n) => far.set(JSON.stringify({ humidity: n })),
      expected: (n) => ({ humidity: n }),
      sendHostile: () => far.set('{"humidity":'),
      hostileReason: 'bad-json',
      interrupt: async () => {
        far.state.failNext = 1;
        await waitUntil('the failed poll', () => far.state.failNext === 0);
      },
      teardown: () => far.close(),
    };
  },
});

describe('HttpPollSource', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('polls at its interval on the injected clock and sends the ETag back (304: no new point)', async () => {
    const far = await resource();
    cleanups.push(() => far.close());
    far.state.body = '{"v":1}';
    far.state.version = 1;
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const source = new HttpPollSource({ id: 'h', url: far.url, intervalMs: 1_000 });
    const sup = new SourceSupervisor(source, { sink, clock, silentAfterMs: 1_500, onError: () => undefined });
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live', () => sup.state === 'live' && sink.points.length === 1);
    for (let i = 1; i <= 3; i++) {
      clock.advance(1_000);
      await waitUntil(`poll ${i + 1}`, () => far.state.requests === i + 1 && source.stats.notModified === i);
    }
    expect(sink.points).toHaveLength(1);
    expect(sup.state).toBe('live'); // 304s keep it fresh though no point came
    far.state.body = '{"v":2}';
    far.state.version = 2;
    clock.advance(1_000);
    await waitUntil('the new version', () => sink.points.length === 2);
    expect(sink.points.map((p) => p.data)).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('refuses a body over maxBytes without buffering it, and stays live', async () => {
    const far = await resource();
    cleanups.push(() => far.close());
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new HttpPollSource({ id: 'h', url: far.url, intervalMs: 10, maxBytes: 1_000 }),
      {
        sink,
        onError: () => undefined,
      },
    );
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live', () => sup.state === 'live');
    far.state.body = `{"s":"${'x'.repeat(100_000)}"}`;
    far.state.version = 1;
    await waitUntil('the refusal', () => sup.metrics().refused['too-large'] >= 1);
    expect(sink.points).toHaveLength(0);
    expect(sup.metrics().gaps).toBe(0);
  });

  it('fails to start against a server that is not there', async () => {
    const far = await resource();
    const url = far.url;
    await far.close();
    const sup = new SourceSupervisor(new HttpPollSource({ id: 'h', url }), {
      sink: new RecordingSink(),
      backoff: { initialDelayMs: 1, maxAttempts: 1 },
      onError: () => undefined,
    });
    sup.start();
    await waitUntil('failed', () => sup.state === 'failed');
    expect(sup.metrics().lastError).toMatch(/ECONNREFUSED/);
  });

  it('refuses bad options naming them', () => {
    expect(() => new HttpPollSource({ id: 'h', url: 'ftp://x' })).toThrow(/"url": expected http: or https:/);
    expect(() => new HttpPollSource({ id: 'h', url: 'http://x', intervalMs: -1 })).toThrow(/"intervalMs"/);
  });
});
