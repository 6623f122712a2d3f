import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceSupervisor, TcpNdjsonSource } from '../../src/sources/index.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { RecordingSink, waitUntil } from './helpers.js';

/** A TCP server the client-mode source connects to; it remembers its peers so a test can cut them. */
async function peerServer(): Promise<{
  server: Server;
  peers: Socket[];
  port: number;
  close(): Promise<void>;
}> {
  const peers: Socket[] = [];
  const server = createServer((s) => {
    peers.push(s);
    s.on('close', () => peers.splice(peers.indexOf(s), 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    server,
    peers,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of peers) p.destroy();
        server.close(() => resolve());
      }),
  };
}

function write(socket: Socket | undefined, text: string): Promise<void> {
  if (socket === undefined) throw new Error('no peer connected');
  return new Promise((resolve, reject) => socket.write(text, (err) => (err ? reject(err) : resolve())));
}

runSourceContract({
  name: 'tcp-ndjson client',
  can: { sendHostile: true, interrupt: true },
  async setup(): Promise<ContractFixture> {
    const far = await peerServer();
    return {
      source: new TcpNdjsonSource({ id: 'tcp-client', mode: 'client', port: far.port }),
      sendValid: (n) => write(far.peers.at(-1), `{"temp":${n}}\n`),
      expected: (n) => ({ temp: n }),
      sendHostile: () => write(far.peers.at(-1), '{"__proto__":{"polluted":true}}\n'),
      hostileReason: 'forbidden-key',
      interrupt: async () => {
        for (const p of far.peers) p.destroy();
      },
      teardown: () => far.close(),
    };
  },
});

runSourceContract({
  name: 'tcp-ndjson server',
  // A server has no connection of its own to lose: peers come and go.
  can: { sendHostile: true, interrupt: false },
  async setup(): Promise<ContractFixture> {
    const source = new TcpNdjsonSource({ id: 'tcp-server', mode: 'server', port: 0 });
    let peer: Socket | undefined;
    const connected = async (): Promise<Socket> => {
      if (peer !== undefined) return peer;
      const s = tcpConnect({ host: '127.0.0.1', port: source.port });
      await new Promise<void>((resolve, reject) => {
        s.once('connect', resolve);
        s.once('error', reject);
      });
      peer = s;
      return s;
    };
    return {
      source,
      sendValid: async (n) => write(await connected(), `{"load":${n}}\n`),
      expected: (n) => ({ load: n }),
      sendHostile: async () => write(await connected(), '{"a":NaN}\n'),
      hostileReason: 'bad-json',
      teardown: async () => {
        peer?.destroy();
      },
    };
  },
});

describe('TcpNdjsonSource faults', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function clientUnderTest(options: { maxLineLength?: number } = {}) {
    const far = await peerServer();
    cleanups.push(() => far.close());
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new TcpNdjsonSource({ id: 'tcp', mode: 'client', port: far.port, ...options }),
      { sink, backoff: { initialDelayMs: 20, maxDelayMs: 100 }, onError: () => undefined },
    );
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live', () => sup.state === 'live' && far.peers.length === 1);
    return { far, sink, sup };
  }

  it('counts the half line of a peer that vanishes mid-line as lost, then reconnects', async () => {
    const { far, sink, sup } = await clientUnderTest();
    await write(far.peers[0], '{"a":1}\n{"a":2,"b":');
    far.peers[0]?.destroy();
    await waitUntil(
      'the loss and the reconnect',
      () => sup.metrics().lostTotal === 1 && sup.metrics().reconnects >= 1,
    );
    expect(sup.metrics().lost['partial-line']).toBe(1);
    expect(sink.points.map((p) => p.data)).toEqual([{ a: 1 }]);
    await waitUntil('live again', () => sup.state === 'live' && far.peers.length === 1);
    await write(far.peers[0], '{"a":3}\n');
    await waitUntil('the point after the reconnect', () => sink.points.length === 2);
    expect(sink.markers).toEqual(['gap-start', 'gap-end']);
  });

  it('reassembles lines split across packets and refuses an over-long line without buffering it', async () => {
    const { far, sink, sup } = await clientUnderTest({ maxLineLength: 64 });
    const peer = far.peers[0];
    await write(peer, '{"x":');
    await write(peer, '1}\n');
    await write(peer, `{"big":"${'z'.repeat(100)}`);
    await write(peer, `${'z'.repeat(1_000)}"}\n{"x":2}\r\n`);
    await waitUntil(
      'two points and a refusal',
      () => sink.points.length === 2 && sup.metrics().refusedTotal === 1,
    );
    expect(sink.points.map((p) => p.data)).toEqual([{ x: 1 }, { x: 2 }]);
    expect(sup.metrics().refused['line-too-long']).toBe(1);
  });

  it('takes a burst of 10,000 lines in one write without losing or refusing any', async () => {
    const { far, sink, sup } = await clientUnderTest();
    let text = '';
    for (let i = 0; i < 10_000; i++) text += `{"i":${i}}\n`;
    await write(far.peers[0], text);
    await waitUntil('all points', () => sink.points.length === 10_000, 10_000);
    expect(sup.metrics().refusedTotal + sup.metrics().lostTotal).toBe(0);
    expect(sink.points.at(-1)?.data).toEqual({ i: 9_999 });
  });

  it('server mode reads several peers and closes peers beyond maxPeers', async () => {
    const source = new TcpNdjsonSource({ id: 'srv', mode: 'server', port: 0, maxPeers: 2 });
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(source, { sink, onError: () => undefined });
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('listening', () => sup.state === 'live');
    const clients: Socket[] = [];
    cleanups.push(async () => {
      for (const c of clients) c.destroy();
    });
    for (let i = 0; i < 3; i++) {
      const c = tcpConnect({ host: '127.0.0.1', port: source.port });
      c.on('error', () => undefined);
      clients.push(c);
      await new Promise((resolve) => c.once('connect', resolve));
    }
    await waitUntil('the third peer to be refused', () => source.stats.refusedPeers === 1);
    await write(clients[0], '{"p":0}\n');
    await write(clients[1], '{"p":1}\n');
    await waitUntil('both points', () => sink.points.length === 2);
    expect(sink.points.map((p) => p.data.p).sort()).toEqual([0, 1]);
    expect(source.peerCount).toBe(2);
  });

  it('refuses bad options naming them', () => {
    expect(() => new TcpNdjsonSource({ id: 'x', mode: 'client', port: 0 })).toThrow(/"port": a client needs/);
    expect(() => new TcpNdjsonSource({ id: 'x', mode: 'sideways' as 'client', port: 1 })).toThrow(/"mode"/);
    expect(() => new TcpNdjsonSource({ id: '', mode: 'server', port: 1 })).toThrow(/"id"/);
  });
});
