/**
 * What our MQTT client does on the wire, seen through `MqttSource`: a broker's refusal named in the
 * error, the keep-alive (pings, and a silent broker dropped after 1.5 keep-alives), too-large
 * payloads skipped on a live connection, credentials from the URL, QoS 2, MQTT over WebSocket and
 * over TLS (a self-signed certificate made by openssl, when it is installed).
 * Fake brokers are loopback `net.Server`s speaking raw MQTT; the others are aedes in this process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerOpts, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes } from 'aedes';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebSocketStream, WebSocketServer } from 'ws';
import {
  MqttSource,
  type SourceClock,
  type SourceContext,
  SourceSupervisor,
  systemClock,
} from '../../src/sources/index.js';
import {
  encodeConnack,
  encodePublish,
  encodePubrel,
  encodeSuback,
  MqttParser,
  PacketType,
  PINGRESP,
} from '../../src/sources/mqtt-packets.js';
import { startAedes } from './brokers.js';
import { FakeClock, flushPromises, RecordingSink, waitUntil } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : 0);
    });
  });
}

/**
 * A loopback server for one test: every socket's errors ignored, every socket destroyed and the server
 * closed when the test ends.
 */
async function loopbackServer(
  onSocket: (socket: Socket) => void,
  options: ServerOpts = {},
): Promise<{ port: number; sockets: readonly Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer(options, (socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  const port = await listen(server);
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return { port, sockets };
}

/** A packet the fake broker received from our client: its type and body. */
interface Received {
  readonly type: number;
  readonly body: Buffer;
}

/**
 * A loopback broker that speaks raw MQTT: `answer` decides what to send back for each packet the
 * client sends (default: CONNACK 0 to CONNECT, SUBACK granting QoS 0 to SUBSCRIBE, nothing else).
 */
async function fakeBroker(answer?: (p: Received, socket: Socket) => boolean) {
  const received: Received[] = [];
  const { port, sockets } = await loopbackServer((socket) => {
    const parser = new MqttParser(
      {
        publish: () => socket.destroy(),
        tooLarge: () => socket.destroy(),
        control: (type, _flags, body) => {
          const p = { type, body: Buffer.from(body) };
          received.push(p);
          if (answer?.(p, socket)) return;
          if (type === PacketType.CONNECT) socket.write(encodeConnack(0));
          if (type === PacketType.SUBSCRIBE) socket.write(encodeSuback(body.readUInt16BE(0), [0]));
        },
        malformed: () => socket.destroy(),
      },
      0,
    );
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
  });
  return { url: `mqtt://127.0.0.1:${port}`, received, socket: () => sockets.at(-1) };
}

/** A source context that records what the source tells it. */
function recordingContext(clock: SourceClock = systemClock) {
  const texts: string[] = [];
  const refusals: string[] = [];
  const disconnects: unknown[] = [];
  let duplicates = 0;
  const ctx: SourceContext = {
    sourceId: 'm',
    clock,
    deliver: () => 0,
    deliverText: (text) => {
      texts.push(text);
      return texts.length;
    },
    marker: () => undefined,
    refuse: (reason, field, value) => refusals.push(`${reason} ${field} ${String(value)}`),
    lose: () => undefined,
    duplicate: (n) => {
      duplicates += n;
    },
    touch: () => undefined,
    disconnected: (error) => disconnects.push(error),
    ended: () => undefined,
  };
  return { ctx, texts, refusals, disconnects, duplicates: () => duplicates };
}

describe('MQTT client: the broker refuses the connection', () => {
  it.each([
    [1, 'unacceptable protocol version'],
    [2, 'client identifier rejected'],
    [3, 'server unavailable'],
    [4, 'bad user name or password'],
    [5, 'not authorized'],
  ])('CONNACK %i rejects start with "%s"', async (code, meaning) => {
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.CONNECT) return false;
      socket.write(encodeConnack(code));
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'] });
    cleanups.push(() => source.stop());
    await expect(source.start(recordingContext().ctx)).rejects.toThrow(
      `broker refused the connection: ${meaning} (CONNACK ${code})`,
    );
  });

  it('a refused subscription rejects start naming the filter', async () => {
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.SUBSCRIBE) return false;
      socket.write(encodeSuback(p.body.readUInt16BE(0), [0, 0x80]));
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['ok/#', 'secret/#'] });
    cleanups.push(() => source.stop());
    await expect(source.start(recordingContext().ctx)).rejects.toThrow(
      'broker refused the subscription to "secret/#"',
    );
  });
});

describe('MQTT client: protocol errors close the connection', () => {
  it('a packet a broker never sends a subscriber ends the connection with an error; what follows it is not read', async () => {
    const broker = await fakeBroker();
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'] });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await source.start(r.ctx);
    broker
      .socket()
      ?.write(
        Buffer.concat([
          Buffer.from([PacketType.PUBACK << 4, 2, 0, 5]),
          encodePublish({ topic: 'a', payload: Buffer.from('1'), qos: 0 }),
        ]),
      );
    await waitUntil('disconnected', () => r.disconnects.length === 1);
    expect(String(r.disconnects[0])).toBe('Error: MQTT protocol error: unexpected packet type 4');
    expect(r.texts).toEqual([]);
  });

  it('a malformed remaining length ends the connection with an error', async () => {
    const broker = await fakeBroker();
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'] });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await source.start(r.ctx);
    broker.socket()?.write(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]));
    await waitUntil('disconnected', () => r.disconnects.length === 1);
    expect(String(r.disconnects[0])).toBe('Error: MQTT protocol error: remaining length longer than 4 bytes');
  });
});

describe('MQTT client: keep-alive', () => {
  it('pings every keep-alive, and a broker that answers keeps the connection', async () => {
    const clock = new FakeClock();
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.PINGREQ) return false;
      socket.write(PINGRESP);
      // A message after the answer: once it is delivered, the answer was read too.
      socket.write(encodePublish({ topic: 'a', payload: Buffer.from(String(clock.now())), qos: 0 }));
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'], keepaliveMs: 10_000 });
    cleanups.push(() => source.stop());
    const r = recordingContext(clock);
    await source.start(r.ctx);
    for (let i = 1; i <= 3; i++) {
      clock.advance(10_000);
      await waitUntil(`ping ${i} answered`, () => r.texts.length === i);
    }
    clock.advance(9_000); // 39 s: 1.5 keep-alives since the last answer is 45 s
    expect(broker.received.filter((p) => p.type === PacketType.PINGREQ)).toHaveLength(3);
    expect(r.disconnects).toEqual([]);
  });

  it('a broker silent for 1.5 keep-alives: the connection ends with an error naming the keep-alive', async () => {
    const clock = new FakeClock();
    // Answers CONNECT and SUBSCRIBE, then nothing: not even PINGRESP.
    const broker = await fakeBroker();
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'], keepaliveMs: 10_000 });
    cleanups.push(() => source.stop());
    const r = recordingContext(clock);
    await source.start(r.ctx);
    clock.advance(10_000);
    await waitUntil('a PINGREQ', () => broker.received.some((p) => p.type === PacketType.PINGREQ));
    clock.advance(4_999);
    expect(r.disconnects).toEqual([]);
    clock.advance(1);
    await waitUntil('disconnected', () => r.disconnects.length === 1);
    expect(String(r.disconnects[0])).toBe(
      'Error: MQTT keep-alive: nothing from the broker for 15000 ms (keep-alive 10 s)',
    );
    // The socket is closed: the broker sees the end of it.
    await waitUntil(
      'the socket closed',
      () => broker.socket()?.destroyed === true || broker.socket()?.readableEnded === true,
    );
  });
});

describe('MQTT client: QoS 2 and a graceful stop', () => {
  it('a QoS 2 message is delivered once (redelivery answered, not delivered), PUBREC then PUBCOMP; stop sends DISCONNECT', async () => {
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.SUBSCRIBE) return false;
      socket.write(encodeSuback(p.body.readUInt16BE(0), [1]));
      const msg = { topic: 'a', payload: Buffer.from('7'), qos: 2 as const, id: 42 };
      socket.write(
        Buffer.concat([encodePublish(msg), encodePublish({ ...msg, dup: true }), encodePubrel(42)]),
      );
      socket.write(encodePublish({ topic: 'a', payload: Buffer.from('8'), qos: 1, id: 43 }));
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'], qos: 1 });
    const r = recordingContext();
    await source.start(r.ctx);
    await waitUntil('the PUBACK', () => broker.received.some((p) => p.type === PacketType.PUBACK));
    expect(r.texts).toEqual(['7', '8']);
    const acks = broker.received
      .filter((p) => p.type >= PacketType.PUBACK && p.type <= PacketType.PUBCOMP)
      .map((p) => `${p.type}:${p.body.readUInt16BE(0)}`);
    expect(acks).toEqual(['5:42', '5:42', '7:42', '4:43']);
    await source.stop();
    await waitUntil('DISCONNECT', () => broker.received.at(-1)?.type === PacketType.DISCONNECT);
    expect(r.disconnects).toEqual([]);
  });
});

describe('MQTT client against aedes', () => {
  it('skips a payload over maxPayloadBytes (refused too-large) and the next message on the same connection arrives', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new MqttSource({
        id: 'm',
        url: broker.url,
        topics: [{ filter: 'cam/+', key: '{1}' }],
        maxPayloadBytes: 1024,
      }),
      { sink, onError: () => undefined },
    );
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live', () => sup.state === 'live');
    const pub = await connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => pub.endAsync(true));
    await pub.publishAsync('cam/frame', Buffer.alloc(300_000, 0x31), { qos: 1 });
    await pub.publishAsync('cam/ok', '42', { qos: 1 });
    await waitUntil('the next point', () => sink.points.length === 1);
    expect(sink.points[0]?.data).toEqual({ ok: 42 });
    const m = sup.metrics();
    expect(m.refused['too-large']).toBe(1);
    expect(m.gaps).toBe(0);
    expect(m.reconnects).toBe(0);
  });

  it('sends the credentials of the URL (URL-decoded); an explicit option wins over the URL', async () => {
    const seen: string[] = [];
    const broker = await startAedes({
      authenticate: (_client, username, password, done) => {
        seen.push(`${username ?? '-'}:${password?.toString() ?? '-'}`);
        done(null, true);
      },
    });
    cleanups.push(() => broker.close());
    const withUrl = (auth: string) => broker.url.replace('mqtt://', `mqtt://${auth}@`);
    for (const source of [
      new MqttSource({ id: 'a', url: withUrl('us%40er:p%3As%20s'), topics: ['x'] }),
      new MqttSource({ id: 'b', url: withUrl('us%40er:p%3As%20s'), topics: ['x'], username: 'other' }),
      new MqttSource({ id: 'c', url: withUrl('u'), topics: ['x'], password: 'pw' }),
      new MqttSource({ id: 'd', url: broker.url, topics: ['x'] }),
    ]) {
      await source.start(recordingContext().ctx);
      await source.stop();
    }
    expect(seen).toEqual(['us@er:p:s s', 'other:p:s s', 'u:pw', '-:-']);
  });

  it('refuses a password without a user name, at construction', () => {
    expect(() => new MqttSource({ id: 'm', url: 'mqtt://127.0.0.1', topics: ['a'], password: 'pw' })).toThrow(
      'MqttSource option "password": needs a user name',
    );
    expect(
      () =>
        new MqttSource({ id: 'm', url: 'mqtt://127.0.0.1', topics: ['a'], tls: { ciphers: 'x' } as never }),
    ).toThrow('MqttSource option "tls.ciphers": not taken');
  });

  it('speaks MQTT over WebSocket (ws://, subprotocol mqtt, binary frames)', async () => {
    const broker = await Aedes.createBroker();
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const protocols: string[] = [];
    const textFrames: boolean[] = [];
    wss.on('connection', (ws) => {
      protocols.push(ws.protocol);
      ws.on('message', (_data, isBinary) => textFrames.push(!isBinary));
      broker.handle(createWebSocketStream(ws));
    });
    cleanups.push(async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    });
    const address = wss.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new MqttSource({ id: 'm', url: `ws://127.0.0.1:${port}/mqtt`, topics: [{ filter: 'w/#', key: 'v' }] }),
      { sink, onError: () => undefined },
    );
    cleanups.push(() => sup.stop());
    sup.start();
    await waitUntil('live', () => sup.state === 'live');
    await new Promise<void>((resolve, reject) =>
      broker.publish(
        { cmd: 'publish', topic: 'w/1', payload: Buffer.from('3.5'), qos: 0, dup: false, retain: false },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    await waitUntil('the point', () => sink.points.length === 1);
    expect(sink.points[0]?.data).toEqual({ v: 3.5 });
    expect(protocols).toEqual(['mqtt']);
    expect(textFrames.length).toBeGreaterThan(0);
    expect(textFrames.every((t) => !t)).toBe(true);
  });
});

/** A self-signed certificate for 127.0.0.1 made by openssl, or undefined without the binary. */
function selfSignedCert(): { key: Buffer; cert: Buffer } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'td-mqtts-'));
  try {
    const r = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore', timeout: 10_000 },
    );
    if (r.status !== 0) return undefined;
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CERT = selfSignedCert();

describe.skipIf(CERT === undefined)(
  `MQTT client over TLS (mqtts://, aedes behind a TLS server)${CERT === undefined ? ' (skipped: no openssl)' : ''}`,
  () => {
    async function tlsBroker(): Promise<{
      url: string;
      publish(topic: string, text: string): Promise<void>;
    }> {
      const broker = await Aedes.createBroker();
      const sockets = new Set<Socket>();
      const server = createTlsServer({ key: CERT?.key, cert: CERT?.cert }, (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        broker.handle(socket);
      });
      server.on('tlsClientError', () => undefined);
      const port = await listen(server as unknown as Server);
      cleanups.push(async () => {
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => broker.close(() => resolve()));
      });
      return {
        url: `mqtts://127.0.0.1:${port}`,
        publish: (topic, text) =>
          new Promise<void>((resolve, reject) =>
            broker.publish(
              { cmd: 'publish', topic, payload: Buffer.from(text), qos: 0, dup: false, retain: false },
              (err) => (err ? reject(err) : resolve()),
            ),
          ),
      };
    }

    it('connects with the CA given in tls, and receives', async () => {
      const { url, publish } = await tlsBroker();
      const sink = new RecordingSink();
      const sup = new SourceSupervisor(
        new MqttSource({ id: 'm', url, topics: [{ filter: 't/#', key: 'v' }], tls: { ca: CERT?.cert } }),
        { sink, onError: () => undefined },
      );
      cleanups.push(() => sup.stop());
      sup.start();
      await waitUntil('live', () => sup.state === 'live');
      await publish('t/1', '5');
      await waitUntil('the point', () => sink.points.length === 1);
      expect(sink.points[0]?.data).toEqual({ v: 5 });
    });

    it('refuses a certificate it cannot verify (no CA given)', async () => {
      const { url } = await tlsBroker();
      const source = new MqttSource({ id: 'm', url, topics: ['t/#'] });
      cleanups.push(() => source.stop());
      await expect(source.start(recordingContext().ctx)).rejects.toThrow(/self[- ]signed certificate/);
    });
  },
);

/** A fake broker that, once subscribed, sends `bytes` (raw, possibly malformed) to the client. */
async function brokerSending(bytes: Buffer, granted: readonly number[] = [0]) {
  return fakeBroker((p, socket) => {
    if (p.type !== PacketType.SUBSCRIBE) return false;
    socket.write(encodeSuback(p.body.readUInt16BE(0), granted));
    socket.write(bytes);
    return true;
  });
}

describe('MQTT client: what a broker must not send closes the connection, never the process', () => {
  it.each([
    ['a QoS 1 PUBLISH with packet id 0', Buffer.from([0x32, 6, 0, 1, 0x61, 0, 0, 0x31]), 'packet id 0'],
    ['a QoS 2 PUBLISH with packet id 0', Buffer.from([0x34, 6, 0, 1, 0x61, 0, 0, 0x31]), 'packet id 0'],
    ['a PUBREL with packet id 0', Buffer.from([0x62, 2, 0, 0]), 'packet id 0'],
    ['a PUBLISH with an empty topic', Buffer.from([0x30, 3, 0, 0, 0x31]), 'empty topic'],
    ['a PUBLISH whose topic is ill-formed UTF-8', Buffer.from([0x30, 4, 0, 1, 0xff, 0x31]), 'UTF-8'],
    ['a PUBLISH whose topic holds U+0000', Buffer.from([0x30, 5, 0, 2, 0x61, 0, 0x31]), 'U+0000'],
    ['a PUBLISH whose topic holds a wildcard', Buffer.from([0x30, 5, 0, 2, 0x61, 0x23, 0x31]), 'wildcard'],
    ['a PUBREL without its reserved flags (0010)', Buffer.from([0x60, 2, 0, 9]), 'flags'],
    ['a PINGRESP with reserved flags set', Buffer.from([0xd1, 0]), 'flags'],
  ])('%s', async (_what, bytes, says) => {
    const broker = await brokerSending(bytes);
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['#'], qos: 1 });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await source.start(r.ctx);
    await waitUntil('disconnected', () => r.disconnects.length === 1);
    expect(String(r.disconnects[0])).toContain('MQTT protocol error');
    expect(String(r.disconnects[0])).toContain(says);
    expect(r.texts).toEqual([]);
  });

  it.each([
    ['fewer return codes than filters', [0]],
    ['more return codes than filters', [0, 0, 0]],
    ['a reserved return code', [0, 3]],
  ])('a SUBACK with %s rejects start with a protocol error', async (_what, granted) => {
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.SUBSCRIBE) return false;
      socket.write(encodeSuback(p.body.readUInt16BE(0), granted));
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a', 'b'] });
    cleanups.push(() => source.stop());
    await expect(source.start(recordingContext().ctx)).rejects.toThrow(/MQTT protocol error: .*SUBACK/);
  });

  it('a SUBACK with reserved flags set rejects start with a protocol error', async () => {
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.SUBSCRIBE) return false;
      socket.write(Buffer.from([(PacketType.SUBACK << 4) | 1, 3, 0, 1, 0]));
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'] });
    cleanups.push(() => source.stop());
    await expect(source.start(recordingContext().ctx)).rejects.toThrow(/MQTT protocol error: .*flags/);
  });

  it('a PUBLISH before the CONNACK rejects start with a protocol error and is not delivered', async () => {
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.CONNECT) return false;
      socket.write(encodePublish({ topic: 'a', payload: Buffer.from('1'), qos: 0 }));
      socket.write(encodeConnack(0));
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'] });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await expect(source.start(r.ctx)).rejects.toThrow('MQTT protocol error: PUBLISH before CONNACK');
    expect(r.texts).toEqual([]);
  });

  it('an exception from the context while a message is handed on closes the connection with it', async () => {
    const broker = await brokerSending(
      Buffer.concat([
        encodePublish({ topic: 'a', payload: Buffer.from('1'), qos: 1, id: 7 }),
        encodePublish({ topic: 'a', payload: Buffer.from('2'), qos: 0 }),
      ]),
      [1],
    );
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'], qos: 1 });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    const ctx: SourceContext = {
      ...r.ctx,
      deliverText: () => {
        throw new Error('sink broke');
      },
    };
    await source.start(ctx);
    await waitUntil('disconnected', () => r.disconnects.length === 1);
    expect(String(r.disconnects[0])).toBe('Error: sink broke');
    // Not acknowledged: the broker sends it again.
    expect(broker.received.some((p) => p.type === PacketType.PUBACK)).toBe(false);
  });
});

/**
 * A loopback WebSocket broker speaking raw MQTT: answers CONNECT and SUBSCRIBE (granting QoS 0),
 * then runs `then` with the WebSocket to send what the test needs.
 */
async function fakeWsBroker(then: (ws: import('ws').WebSocket) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => {
    ws.on('error', () => undefined);
    const parser = new MqttParser(
      {
        publish: () => ws.terminate(),
        tooLarge: () => ws.terminate(),
        control: (type, _flags, body) => {
          if (type === PacketType.CONNECT) ws.send(encodeConnack(0));
          if (type === PacketType.SUBSCRIBE) {
            ws.send(encodeSuback(body.readUInt16BE(0), [0]));
            then(ws);
          }
        },
        malformed: () => ws.terminate(),
      },
      0,
    );
    ws.on('message', (data) => parser.push(data as Buffer));
  });
  cleanups.push(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return `ws://127.0.0.1:${port}/mqtt`;
}

describe('MQTT client over WebSocket: frames and closes', () => {
  it('reads several packets in one binary frame and a packet cut across frames', async () => {
    const one = (n: number) => encodePublish({ topic: 'a', payload: Buffer.from(String(n)), qos: 0 });
    const url = await fakeWsBroker((ws) => {
      ws.send(Buffer.concat([one(1), one(2), one(3).subarray(0, 2)]));
      ws.send(one(3).subarray(2));
    });
    const source = new MqttSource({ id: 'm', url, topics: ['a'] });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await source.start(r.ctx);
    await waitUntil('three messages', () => r.texts.length === 3);
    expect(r.texts).toEqual(['1', '2', '3']);
  });

  it('a text frame is a protocol error (MQTT-6.0.0-1)', async () => {
    const url = await fakeWsBroker((ws) =>
      ws.send(encodePublish({ topic: 'a', payload: Buffer.from('1'), qos: 0 }).toString('latin1')),
    );
    const source = new MqttSource({ id: 'm', url, topics: ['a'] });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await source.start(r.ctx);
    await waitUntil('disconnected', () => r.disconnects.length === 1);
    expect(String(r.disconnects[0])).toBe('Error: MQTT protocol error: a WebSocket text frame');
    expect(r.texts).toEqual([]);
  });

  it('a broker that closes the WebSocket: the error gives its close code and reason', async () => {
    const url = await fakeWsBroker((ws) => ws.close(1011, 'overloaded'));
    const source = new MqttSource({ id: 'm', url, topics: ['a'] });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await source.start(r.ctx);
    await waitUntil('disconnected', () => r.disconnects.length === 1);
    expect(String(r.disconnects[0])).toBe('Error: broker closed the WebSocket: code 1011 (overloaded)');
  });

  it('a WebSocket message far over maxPayloadBytes is never held: the connection ends naming the bound', async () => {
    const maxPayloadBytes = 1024;
    const url = await fakeWsBroker((ws) =>
      ws.send(encodePublish({ topic: 'a', payload: Buffer.alloc(4_000_000, 0x31), qos: 0 })),
    );
    const source = new MqttSource({ id: 'm', url, topics: ['a'], maxPayloadBytes });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await source.start(r.ctx);
    await waitUntil('disconnected', () => r.disconnects.length === 1);
    expect(String(r.disconnects[0])).toMatch(
      /WebSocket message over 132,096 bytes \(maxPayloadBytes \+ 131,072\)/,
    );
    expect(r.texts).toEqual([]);
  });
});

describe('MQTT client: no timer outlives the connection', () => {
  it('stop() when live, stop() before CONNACK, a protocol error, a keep-alive timeout: no timer left', async () => {
    const clock = new FakeClock();
    const opts = { id: 'm', topics: ['a'], keepaliveMs: 10_000 };
    // Live, then stopped.
    const live = await fakeBroker();
    let source = new MqttSource({ ...opts, url: live.url });
    await source.start(recordingContext(clock).ctx);
    expect(clock.pending).toBeGreaterThan(0);
    await source.stop();
    expect(clock.pending).toBe(0);
    // Stopped while waiting for a CONNACK that never comes.
    const silent = await fakeBroker((p) => p.type === PacketType.CONNECT);
    source = new MqttSource({ ...opts, url: silent.url });
    const starting = source.start(recordingContext(clock).ctx).catch((e: unknown) => e);
    await waitUntil('CONNECT sent', () => silent.received.length === 1);
    await source.stop();
    expect(String(await starting)).toBe('Error: MQTT connection closed before CONNACK');
    expect(clock.pending).toBe(0);
    // Dropped by a protocol error, then by a keep-alive timeout.
    for (const drop of [
      (b: typeof live) => b.socket()?.write(Buffer.from([0xf0, 0])),
      () => clock.advance(15_000),
    ]) {
      const broker = await fakeBroker();
      source = new MqttSource({ ...opts, url: broker.url });
      const r = recordingContext(clock);
      await source.start(r.ctx);
      drop(broker);
      await waitUntil('disconnected', () => r.disconnects.length === 1);
      expect(clock.pending).toBe(0);
      await source.stop();
    }
  });

  it('a broker that keeps the socket open after DISCONNECT is cut after the grace, and stop() resolves', async () => {
    const clock = new FakeClock();
    const { port, sockets } = await loopbackServer(
      (socket) =>
        socket.on('data', (chunk: Buffer) => {
          if (chunk[0] === PacketType.CONNECT << 4) socket.write(encodeConnack(0));
          if (chunk[0] === ((PacketType.SUBSCRIBE << 4) | 2)) socket.write(encodeSuback(1, [0]));
        }),
      { allowHalfOpen: true },
    );
    const source = new MqttSource({
      id: 'm',
      url: `mqtt://127.0.0.1:${port}`,
      topics: ['a'],
      keepaliveMs: 0,
    });
    await source.start(recordingContext(clock).ctx);
    let stopped = false;
    const stopping = source.stop().then(() => {
      stopped = true;
    });
    await waitUntil('the broker sees our end', () => sockets[0]?.readableEnded === true);
    expect(stopped).toBe(false);
    expect(clock.pending).toBe(1);
    clock.advance(1_000);
    await stopping;
    expect(clock.pending).toBe(0);
  });
});

describe('MQTT client: CONNACK', () => {
  it('a broker that closes before CONNACK rejects start saying so', async () => {
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.CONNECT) return false;
      socket.end();
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'] });
    cleanups.push(() => source.stop());
    await expect(source.start(recordingContext().ctx)).rejects.toThrow(
      'MQTT connection closed before CONNACK',
    );
  });

  it('session present is accepted (we subscribe on every connection); reserved acknowledge bits are a protocol error', async () => {
    for (const [flags, ok] of [
      [1, true],
      [2, false],
    ] as const) {
      const broker = await fakeBroker((p, socket) => {
        if (p.type !== PacketType.CONNECT) return false;
        socket.write(Buffer.from([PacketType.CONNACK << 4, 2, flags, 0]));
        return true;
      });
      const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'], clientId: 'c', clean: false });
      cleanups.push(() => source.stop());
      const started = source.start(recordingContext().ctx);
      if (ok) await started;
      else await expect(started).rejects.toThrow('MQTT protocol error: unexpected CONNACK');
    }
  });
});

describe('MQTT client: a too-large QoS 2 message', () => {
  it('is refused once: its redelivery before the PUBREL is answered, not refused again', async () => {
    const big = { topic: 'a', payload: Buffer.alloc(2_000, 0x31), qos: 2 as const, id: 5 };
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.SUBSCRIBE) return false;
      socket.write(encodeSuback(p.body.readUInt16BE(0), [1]));
      socket.write(
        Buffer.concat([encodePublish(big), encodePublish({ ...big, dup: true }), encodePubrel(5)]),
      );
      return true;
    });
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'], qos: 1, maxPayloadBytes: 100 });
    cleanups.push(() => source.stop());
    const r = recordingContext();
    await source.start(r.ctx);
    await waitUntil('the PUBCOMP', () => broker.received.some((p) => p.type === PacketType.PUBCOMP));
    expect(r.refusals).toEqual(['too-large a topic "a": 2000 bytes (max 100)']);
    const acks = broker.received
      .filter((p) => p.type >= PacketType.PUBACK && p.type <= PacketType.PUBCOMP)
      .map((p) => `${p.type}:${p.body.readUInt16BE(0)}`);
    expect(acks).toEqual(['5:5', '5:5', '7:5']);
  });
});

describe('MQTT client: stop() while the transport is still opening', () => {
  it.each(['ws', 'mqtts'])(
    '%s: a server that accepts and never answers; stop() resolves and start rejects',
    async (scheme) => {
      // Accepts and never answers.
      const { port, sockets } = await loopbackServer(() => undefined);
      const clock = new FakeClock();
      const source = new MqttSource({ id: 'm', url: `${scheme}://127.0.0.1:${port}`, topics: ['a'] });
      const r = recordingContext(clock);
      const starting = source.start(r.ctx).then(
        () => 'started',
        (e: unknown) => String(e),
      );
      await waitUntil('the server sees us', () => sockets.length === 1);
      await source.stop();
      expect(await starting).toMatch(/^Error: /);
      expect(r.disconnects).toEqual([]);
      expect(clock.pending).toBe(0);
    },
  );
});

describe('MQTT client: a broker that stops reading', () => {
  it('what we cannot send is bounded: past 64 KiB unsent the connection ends with an error', async () => {
    const { Duplex } = await import('node:stream');
    const { MqttConnection } = await import('../../src/sources/mqtt-client.js');
    // Our writes are never taken (a peer that stopped reading); the test pushes what the broker sends.
    const wire = new Duplex({ read: () => undefined, write: () => undefined });
    const closed: (Error | undefined)[] = [];
    let messages = 0;
    const conn = new MqttConnection(
      { clientId: 'c', clean: true, keepaliveSeconds: 0, maxPayloadBytes: 100, clock: new FakeClock() },
      {
        message: () => {
          messages++;
        },
        tooLarge: () => undefined,
        closed: (e) => closed.push(e),
      },
    );
    const open = conn.attach(wire);
    wire.push(encodeConnack(0));
    await open;
    const batch = Buffer.concat(
      Array.from({ length: 1000 }, (_, i) =>
        encodePublish({ topic: 'a', payload: Buffer.from('1'), qos: 1, id: (i % 65_535) + 1 }),
      ),
    );
    // 100,000 QoS 1 messages: 400,000 bytes of PUBACK that never leave.
    for (let i = 0; i < 100 && closed.length === 0; i++) {
      wire.push(batch);
      await flushPromises();
    }
    await waitUntil('closed', () => closed.length === 1);
    expect(String(closed[0])).toMatch(/^Error: MQTT: the broker is not reading: over 65,536 bytes unsent/);
    expect(wire.writableLength).toBeLessThanOrEqual(65_536 + 4);
    expect(messages).toBeLessThan(100_000);
  });
});

describe('MqttSource delivery: what the broker granted', () => {
  it('QoS 1 and a persistent session asked, QoS 0 granted: the delivery is at-most-once, not at-least-once', async () => {
    const broker = await fakeBroker((p, socket) => {
      if (p.type !== PacketType.SUBSCRIBE) return false;
      socket.write(encodeSuback(p.body.readUInt16BE(0), [1, 0]));
      return true;
    });
    const source = new MqttSource({
      id: 'm',
      url: broker.url,
      topics: ['a', 'b'],
      qos: 1,
      clean: false,
      clientId: 'c',
    });
    cleanups.push(() => source.stop());
    expect(source.delivery).toBe('at-least-once');
    await source.start(recordingContext().ctx);
    expect(source.delivery).toBe('at-most-once');
  });
});

describe('MqttSource delivery: a persistent session the broker lost', () => {
  it('counts a reconnection whose CONNACK says the session is gone, and is at-most-once from then on', async () => {
    // The first connection makes the session; the second finds it (session present 1); the third
    // finds the broker lost it (session present 0).
    let connects = 0;
    const broker = await fakeBroker((p, socket) => {
      if (p.type === PacketType.CONNECT) {
        connects++;
        socket.write(encodeConnack(0, connects === 2));
        return true;
      }
      if (p.type !== PacketType.SUBSCRIBE) return false;
      socket.write(encodeSuback(p.body.readUInt16BE(0), [1]));
      return true;
    });
    const source = new MqttSource({
      id: 'm',
      url: broker.url,
      topics: ['a'],
      qos: 1,
      clean: false,
      clientId: 'c',
    });
    cleanups.push(() => source.stop());
    await source.start(recordingContext().ctx);
    expect([source.delivery, source.stats.sessionsLost]).toEqual(['at-least-once', 0]);
    await source.stop();
    await source.start(recordingContext().ctx);
    expect([source.delivery, source.stats.sessionsLost]).toEqual(['at-least-once', 0]);
    await source.stop();
    await source.start(recordingContext().ctx);
    expect([source.delivery, source.stats.sessionsLost]).toEqual(['at-most-once', 1]);
  });

  it('a clean session has no session to lose: session present 0 is what it asked for', async () => {
    const broker = await fakeBroker();
    const source = new MqttSource({ id: 'm', url: broker.url, topics: ['a'] });
    cleanups.push(() => source.stop());
    for (let i = 0; i < 2; i++) {
      await source.start(recordingContext().ctx);
      await source.stop();
    }
    expect(source.stats.sessionsLost).toBe(0);
  });
});
