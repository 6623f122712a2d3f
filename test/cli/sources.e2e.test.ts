import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { parseRecording } from '../../src/app/index.js';
import { startAedes } from '../sources/brokers.js';
import { dataOf, runCli, startCli, useCliFiles } from './run-cli.js';

const files = useCliFiles();
const { closers } = files;

// A child starts tsx and the CLI: seconds each when the machine's cores are busy with other suites.
describe('tinydisplay with each kind of source (child process)', { timeout: 120_000 }, () => {
  it('records from a TCP server as a client, stopping at --max-points', async () => {
    const server: Server = createServer((socket) => {
      socket.write('{"temp":20}\n{"temp":21}\n{"temp":22}\n{"temp":23}\n');
    });
    const sockets = new Set<Socket>();
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    );
    const port = (server.address() as { port: number }).port;
    const r = await runCli(['record', `tcp://127.0.0.1:${port}`, '--max-points', '3', '--id', 'room']);
    expect(r.code).toBe(0);
    expect(dataOf(parseRecording(r.stdout))).toEqual([
      { src: 'room', data: { temp: 20 } },
      { src: 'room', data: { temp: 21 } },
      { src: 'room', data: { temp: 22 } },
    ]);
  });

  it('listens with tcp-listen:// on a free port it prints, recording what a peer sends', async () => {
    const file = join(files.dir, 'listen.ndjson');
    const cli = startCli(['record', 'tcp-listen://127.0.0.1:0', '--max-points', '2', '--out', file]);
    const [, port] = await cli.stderrMatch(/listening on 127\.0\.0\.1:(\d+)/);
    expect(Number(port)).toBeGreaterThan(0);
    const peer = tcpConnect(Number(port), '127.0.0.1');
    // The CLI closes the peer when it stops; a reset there is expected and not the test's subject.
    peer.on('error', () => peer.destroy());
    closers.push(() => void peer.destroy());
    peer.write('{"a":1}\n{"a":2}\n');
    const r = await cli.done;
    expect(r.code).toBe(0);
    expect(dataOf(parseRecording(readFileSync(file, 'utf8')))).toEqual([
      { src: 'tcp', data: { a: 1 } },
      { src: 'tcp', data: { a: 2 } },
    ]);
  });

  it('exits 1 when the source gives up after --retries', async () => {
    // A port that was just free: listen on 0, read the port, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await runCli(['record', `tcp://127.0.0.1:${port}`, '--retries', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(failed)');
    expect(r.stderr).toMatch(/source tcp gave up: .*ECONNREFUSED/);
  });

  it('records an MQTT subscription with a wildcard filter from a real broker', async () => {
    const broker = await startAedes();
    closers.push(() => broker.close());
    const publisher = await connectAsync(broker.url);
    closers.push(() => publisher.endAsync());
    const cli = startCli(['record', `mqtt://127.0.0.1:${broker.port}/sensors/#`, '--max-points', '2']);
    cli.child.stdin?.end();
    // Publish until the CLI has what it needs (it subscribes some time after starting); bounded.
    let n = 0;
    const publishErrors: unknown[] = [];
    const timer = setInterval(() => {
      if (n < 400)
        publisher.publishAsync(`sensors/room${n % 2}/temp`, String(20 + n++)).catch((err: unknown) => {
          publishErrors.push(err);
        });
    }, 25);
    let r: Awaited<typeof cli.done>;
    try {
      r = await cli.done;
    } finally {
      clearInterval(timer);
    }
    expect(publishErrors).toEqual([]);
    expect(r.code).toBe(0);
    const points = dataOf(parseRecording(r.stdout));
    expect(points).toHaveLength(2);
    for (const p of points) {
      expect(p.src).toBe('mqtt');
      // Topic sensors/roomN/temp becomes the key sensors.roomN.temp; the plain number is its value.
      const rooms = (p.data as { sensors: Record<string, { temp: unknown }> }).sensors;
      expect(Object.keys(p.data)).toEqual(['sensors']);
      expect(Object.values(rooms).map((r) => typeof r.temp)).toEqual(['number']);
    }
  });

  it('polls an HTTP URL every --interval seconds', async () => {
    let polls = 0;
    const server = createHttpServer((_req, res) => {
      polls++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ polls }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const r = await runCli([
      'record',
      `http://127.0.0.1:${port}/status`,
      '--sample',
      '0.05',
      '--max-points',
      '3',
    ]);
    expect(r.code).toBe(0);
    expect(dataOf(parseRecording(r.stdout))).toEqual([
      { src: 'http', data: { polls: 1 } },
      { src: 'http', data: { polls: 2 } },
      { src: 'http', data: { polls: 3 } },
    ]);
  });

  it('re-records a recording through file: as fast as possible', async () => {
    const file = join(files.dir, 'source.ndjson');
    writeFileSync(
      file,
      '{"v":1,"seq":1,"t":0,"src":"a","data":{"x":1}}\n{"v":1,"seq":2,"t":5000,"src":"a","data":{"x":2}}\n',
    );
    const r = await runCli(['record', `file:${file}`, '--fast']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('(ended)');
    expect(dataOf(parseRecording(r.stdout))).toEqual([
      { src: 'file', data: { x: 1 } },
      { src: 'file', data: { x: 2 } },
    ]);
  });

  it('records plain-number WebSocket messages nested under --key', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const c of wss.clients) c.terminate();
          wss.close(() => resolve());
        }),
    );
    wss.on('connection', (socket) => {
      for (const n of [7, 8, 9]) socket.send(String(n));
    });
    const port = (wss.address() as { port: number }).port;
    const r = await runCli(['record', `ws://127.0.0.1:${port}/live`, '--key', 'level', '--max-points', '3']);
    expect(r.code).toBe(0);
    expect(dataOf(parseRecording(r.stdout))).toEqual([
      { src: 'ws', data: { level: 7 } },
      { src: 'ws', data: { level: 8 } },
      { src: 'ws', data: { level: 9 } },
    ]);
  });

  it("monitors this machine's metrics with system:intervalMs", async () => {
    const r = await runCli(['monitor', 'system:100', '--duration', '0.8', '--interval', '5']);
    expect(r.code).toBe(0);
    // --interval is longer than the run: exactly the final snapshot is printed.
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const snapshot = JSON.parse(lines[0] as string) as {
      ingest: { total: number };
      sections: { sources: { sources: { kind: string; messages: number }[] } };
    };
    expect(snapshot.sections.sources.sources[0]?.kind).toBe('system');
    expect(snapshot.ingest.total).toBeGreaterThanOrEqual(1);
    expect(snapshot.sections.sources.sources[0]?.messages).toBe(snapshot.ingest.total);
  });
});
