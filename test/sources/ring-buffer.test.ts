/** Sources feeding the real RingBuffer and DataLayerMonitor: bursts, gaps, hostile input, the monitor section. */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DataLayerMonitor, RingBuffer } from '../../src/data/index.js';
import { SourceGroup, TcpNdjsonSource } from '../../src/sources/index.js';
import { waitUntil } from './helpers.js';
import { hostileCorpus } from './hostile.js';

async function peerServer(): Promise<{ peers: Socket[]; port: number; server: Server }> {
  const peers: Socket[] = [];
  const server = createServer((s) => {
    peers.push(s);
    s.on('close', () => peers.splice(peers.indexOf(s), 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return { peers, server, port: typeof a === 'object' && a !== null ? a.port : 0 };
}

function write(socket: Socket | undefined, text: string): Promise<void> {
  if (socket === undefined) throw new Error('no peer');
  return new Promise((resolve, reject) => socket.write(text, (err) => (err ? reject(err) : resolve())));
}

describe('sources into the RingBuffer', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function tcpInto(buffer: RingBuffer, monitor?: DataLayerMonitor) {
    const far = await peerServer();
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const p of far.peers) p.destroy();
          far.server.close(() => resolve());
        }),
    );
    const group = new SourceGroup({
      sink: buffer,
      backoff: { initialDelayMs: 20, maxDelayMs: 100 },
      onError: () => undefined,
    });
    const sup = group.add(new TcpNdjsonSource({ id: 'tcp', mode: 'client', port: far.port }));
    if (monitor !== undefined) group.attachMonitor(monitor);
    cleanups.push(() => group.stopAll());
    group.startAll();
    await waitUntil('live', () => sup.state === 'live' && far.peers.length === 1);
    return { far, sup, group };
  }

  function burst(n: number): string {
    let text = '';
    for (let i = 0; i < n; i++) text += `{"i":${i},"v":${i * 0.5}}\n`;
    return text;
  }

  it('takes a burst of 10x the capacity: the newest stay, every evicted point is counted', async () => {
    const buffer = new RingBuffer({ capacity: 1_000 });
    const { far, sup } = await tcpInto(buffer);
    await write(far.peers[0], burst(10_000));
    await waitUntil('the whole burst', () => sup.metrics().messages === 10_000, 10_000);
    const c = buffer.stats;
    expect(c.ingested).toBe(10_000);
    expect(c.evictions).toBe(9_000);
    expect(buffer.getLatest(1)[0]?.fields).toEqual({ i: 9_999, v: 4_999.5 });
    expect(buffer.getLatest(1_000)[0]?.fields.i).toBe(9_000);
  });

  it('with reject-newest, counts every refused point of the burst as lost by the source', async () => {
    const buffer = new RingBuffer({ capacity: 1_000, overflow: 'reject-newest' });
    const { far, sup } = await tcpInto(buffer);
    await write(far.peers[0], burst(10_000));
    await waitUntil(
      'the whole burst',
      () => sup.metrics().messages + sup.metrics().lostTotal === 10_000,
      10_000,
    );
    expect(sup.metrics().messages).toBe(1_000);
    expect(sup.metrics().lost['buffer-full']).toBe(9_000);
    expect(buffer.stats.rejectedFull).toBe(9_000);
  });

  it('writes the gap markers of an interruption into the buffer, between the points around it', async () => {
    const buffer = new RingBuffer({ capacity: 100 });
    const { far, sup } = await tcpInto(buffer);
    await write(far.peers[0], '{"t":1}\n');
    await waitUntil('a point', () => sup.metrics().messages === 1);
    far.peers[0]?.destroy();
    await waitUntil(
      'live again',
      () => sup.state === 'live' && sup.metrics().reconnects === 1 && far.peers.length === 1,
    );
    await write(far.peers[0], '{"t":2}\n');
    await waitUntil('the second point', () => sup.metrics().messages === 2);
    expect(buffer.getLatest(4).map((p) => [p.kind, p.sourceId])).toEqual([
      ['data', 'tcp'],
      ['gap-start', 'tcp'],
      ['gap-end', 'tcp'],
      ['data', 'tcp'],
    ]);
  });

  it('lets no hostile payload in, counts each, and shows the source in the monitor snapshot', async () => {
    const monitor = new DataLayerMonitor();
    const buffer = new RingBuffer({ capacity: 100, monitor });
    const { far, sup } = await tcpInto(buffer, monitor);
    const corpus = hostileCorpus();
    for (const h of corpus) await write(far.peers[0], `${h.text}\n`);
    await write(far.peers[0], '{"ok":1}\n');
    await waitUntil('the good point', () => sup.metrics().messages === 1, 10_000);
    expect(buffer.stats.ingested).toBe(1);
    expect(sup.metrics().refusedTotal).toBe(corpus.length);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const section = monitor.metrics().sections.sources;
    expect(section?.sources).toHaveLength(1);
    const m = section?.sources[0];
    expect(m?.id).toBe('tcp');
    expect(m?.state).toBe('live');
    // Over TCP the 10 MB payload never becomes a string: the line splitter refuses it at 1 MiB.
    expect(m?.refused['line-too-long']).toBe(1);
    expect(m?.refused['too-deep']).toBe(1);
    expect(m?.refused['forbidden-key']).toBe(2);
    expect(m?.messages).toBe(1);
  });
});
