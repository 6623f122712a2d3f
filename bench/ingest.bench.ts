/**
 * Ingestion benchmarks: from a message leaving its publisher to the point being readable in the
 * RingBuffer (its listener fired), over real loopback sockets, one message at a time.
 *
 * - `ingest.timer.empty_call.p99_us`: the p99 of the timer alone (two reads around nothing), the floor
 *   every p99 below carries.
 * - `ingest.raw_tcp.loopback.p99_us`: the floor, a line written on one socket and read on the other.
 * - `ingest.tcp_ndjson.loopback.p99_us`: a peer writes an NDJSON line to a `TcpNdjsonSource` (client
 *   mode), through the supervisor's checks, into the buffer.
 * - `ingest.mqtt.loopback.p99_us`: an MQTT publish through an in-process aedes broker to an
 *   `MqttSource`, into the buffer; `ingest.mqtt.mosquitto.loopback.p99_us` the same through the
 *   Mosquitto at `MQTT_URL` when it is set.
 * - `ingest.mqtt.msgs_per_s`: sustained rate through aedes, QoS 0, the publisher kept at most 1,000
 *   messages ahead of the buffer.
 * - `ingest.mqtt.restart_recovery_ms`: aedes stopped and restarted on its port; time from the
 *   restart to the first point after it, with a 250 ms first backoff step.
 * - `ingest.mqtt_parse.ns_per_message`: our MQTT parser (the one `MqttSource` runs) reading a stream
 *   of 100-byte QoS 0 PUBLISH packets, one packet per chunk as a socket hands them over at 100 msg/s;
 *   `peer.mqtt_packet.ns_per_message` mqtt-packet's parser (mqtt.js's) on the same chunks. Each only
 *   parses and sums the payload lengths (no decoding of the payload).
 *
 * Timings are wall-clock on a shared machine: compare entries of the same run.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { connectAsync, type MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { RingBuffer } from '../src/data/index.js';
import { MqttSource, SourceSupervisor, TcpNdjsonSource } from '../src/sources/index.js';
import { encodePublish, MqttParser } from '../src/sources/mqtt-packets.js';
import { startAedes, type TestBroker } from '../test/sources/brokers.js';
import type { BenchContext, BenchEntry } from './harness.js';
import { compareRounds, percentiles, round } from './harness.js';

// performance.now (a double, nothing allocated per read; hrtime.bigint allocates a BigInt), in us.
const now = (): number => performance.now() * 1_000;

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : port);
    });
  });
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Send `n` messages one at a time; `send(i)` fires one, `arrived` is resolved by the receiving side. */
async function latencies(
  n: number,
  send: (i: number) => void,
  onArrival: (resolve: () => void) => void,
): Promise<Float64Array> {
  const samples = new Float64Array(n);
  let pending: (() => void) | undefined;
  onArrival(() => pending?.());
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await new Promise<void>((resolve) => {
      pending = resolve;
      send(i);
    });
    samples[i] = now() - t0;
  }
  return samples;
}

function entries(prefix: string, samples: Float64Array, warmup: number): BenchEntry[] {
  const [p50, p99] = percentiles(samples.subarray(warmup), [0.5, 0.99]);
  return [
    { name: `${prefix}.p99_us`, value: round(p99 as number), unit: 'us' },
    { name: `${prefix}.p50_us`, value: round(p50 as number), unit: 'us' },
  ];
}

async function rawTcp(n: number): Promise<Float64Array> {
  let arrive: (() => void) | undefined;
  const server = createServer((s) => {
    s.setNoDelay(true);
    s.on('data', () => arrive?.());
  });
  const port = await listen(server);
  const client = tcpConnect({ host: '127.0.0.1', port });
  client.setNoDelay(true);
  await new Promise((r) => client.once('connect', r));
  const samples = await latencies(
    n,
    (i) => client.write(`{"i":${i},"v":${i * 0.5}}\n`),
    (resolve) => {
      arrive = resolve;
    },
  );
  client.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  return samples;
}

function bufferWithArrival(): { buffer: RingBuffer; onArrival: (resolve: () => void) => void } {
  const buffer = new RingBuffer({ capacity: 4_096 });
  let arrive: (() => void) | undefined;
  buffer.addListener(() => arrive?.());
  return {
    buffer,
    onArrival: (resolve) => {
      arrive = resolve;
    },
  };
}

async function tcpNdjson(n: number): Promise<Float64Array> {
  let peer: Socket | undefined;
  const server = createServer((s) => {
    s.setNoDelay(true);
    peer = s;
  });
  const port = await listen(server);
  const { buffer, onArrival } = bufferWithArrival();
  const sup = new SourceSupervisor(new TcpNdjsonSource({ id: 'tcp', mode: 'client', port }), {
    sink: buffer,
  });
  sup.start();
  await waitFor('tcp source live', () => sup.state === 'live' && peer !== undefined);
  const p = peer as Socket;
  const samples = await latencies(n, (i) => p.write(`{"i":${i},"v":${i * 0.5}}\n`), onArrival);
  await sup.stop();
  p.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  return samples;
}

async function mqttSetup(url: string, topic: string) {
  const { buffer, onArrival } = bufferWithArrival();
  const sup = new SourceSupervisor(
    new MqttSource({ id: 'mqtt', url, topics: [{ filter: `${topic}/#`, key: 'v' }] }),
    {
      sink: buffer,
      backoff: { initialDelayMs: 250 },
    },
  );
  sup.start();
  await waitFor('mqtt source live', () => sup.state === 'live');
  const pub: MqttClient = await connectAsync(url, { reconnectPeriod: 0 });
  return { buffer, onArrival, sup, pub };
}

async function mqttLatency(url: string, n: number): Promise<Float64Array> {
  const topic = `bench/${process.pid}/${Date.now()}`;
  const { onArrival, sup, pub } = await mqttSetup(url, topic);
  const samples = await latencies(n, (i) => pub.publish(`${topic}/x`, String(i * 0.5)), onArrival);
  await pub.endAsync(true);
  await sup.stop();
  return samples;
}

async function mqttThroughput(url: string, n: number): Promise<number> {
  const topic = `bench/${process.pid}/${Date.now()}/rate`;
  const { buffer, sup, pub } = await mqttSetup(url, topic);
  let arrived = 0;
  buffer.addListener(() => {
    arrived++;
  });
  const t0 = performance.now();
  let sent = 0;
  while (sent < n) {
    // Keep at most 1,000 messages in flight so the figure is sustained, not a queue filling up.
    while (sent < n && sent - arrived < 1_000) pub.publish(`${topic}/x`, String(sent++));
    await new Promise((r) => setImmediate(r));
  }
  await waitFor('all messages', () => arrived >= n, 60_000);
  const seconds = (performance.now() - t0) / 1_000;
  await pub.endAsync(true);
  await sup.stop();
  return n / seconds;
}

async function mqttRecovery(broker: TestBroker): Promise<number> {
  const url = `mqtt://127.0.0.1:${broker.port}`;
  const topic = `bench/${process.pid}/${Date.now()}/restart`;
  const { buffer, sup, pub } = await mqttSetup(url, topic);
  await pub.endAsync(true);
  await broker.stop();
  await waitFor('backoff', () => sup.state === 'backoff');
  const before = buffer.stats.ingested;
  const t0 = performance.now();
  await broker.restart();
  const p2 = await connectAsync(url, { reconnectPeriod: 0 });
  // Publish until the source is back and a point lands (QoS 0 before resubscription is lost).
  while (buffer.stats.ingested === before) {
    p2.publish(`${topic}/x`, '1');
    await new Promise((r) => setTimeout(r, 5));
    if (performance.now() - t0 > 30_000) throw new Error('no data after the restart within 30 s');
  }
  const ms = performance.now() - t0;
  await p2.endAsync(true);
  await sup.stop();
  return ms;
}

/** Our parser and mqtt-packet's on the same 100-byte PUBLISH packets, one packet per chunk. */
function mqttParse(ctx: BenchContext): BenchEntry[] {
  const topic = 'tinydisplay-bench/sim/sensor';
  const chunks = Array.from({ length: 1_000 }, (_, i) => {
    // 2 header bytes, 2 + 28 topic bytes, 68 payload bytes: 100 bytes.
    const payload = Buffer.from(`{"temp":${(20 + (i % 50) / 10).toFixed(1)},"seq":${i}}`.padEnd(68, ' '));
    const packet = encodePublish({ topic, payload, qos: 0 });
    if (packet.length !== 100) throw new Error(`mqtt parse bench: a packet of ${packet.length} bytes`);
    return packet;
  });
  let oursBytes = 0;
  const ours = new MqttParser(
    {
      publish: (_topic, payload) => {
        oursBytes += payload.length;
      },
      tooLarge: () => undefined,
      control: () => undefined,
      malformed: (e) => {
        throw e;
      },
    },
    1024 * 1024,
  );
  let peerBytes = 0;
  const peer = mqttPacket.parser({ protocolVersion: 4 });
  peer.on('packet', (p) => {
    if (p.cmd === 'publish') peerBytes += (p.payload as Buffer).length;
  });
  peer.on('error', (e) => {
    throw e;
  });
  const [oursT, peerT] = compareRounds(
    [
      {
        name: 'ours',
        does: 'MqttParser.push: one chunk, topic decoded, payload a view',
        fn: (i) => ours.push(chunks[i % 1_000] as Buffer),
      },
      {
        name: 'mqtt-packet',
        does: 'mqtt-packet parser.parse: one chunk, topic decoded, payload a slice',
        fn: (i) => {
          peer.parse(chunks[i % 1_000] as Buffer);
        },
      },
    ],
    { opsPerRound: 1_000, rounds: ctx.quick ? 40 : 400 },
  );
  if (oursBytes === 0 || oursBytes !== peerBytes)
    throw new Error(`mqtt parse bench: payload bytes ours ${oursBytes}, mqtt-packet ${peerBytes}`);
  ctx.log(`  mqtt parse, ours / mqtt-packet: ${round((oursT?.medianNs ?? 0) / (peerT?.medianNs ?? 1), 2)}`);
  return [
    { name: 'ingest.mqtt_parse.ns_per_message', value: round(oursT?.medianNs ?? Number.NaN), unit: 'ns' },
    { name: 'peer.mqtt_packet.ns_per_message', value: round(peerT?.medianNs ?? Number.NaN), unit: 'ns' },
  ];
}

export default async function ingest(ctx: BenchContext): Promise<BenchEntry[]> {
  const n = ctx.quick ? 2_000 : 20_000;
  const warmup = Math.min(1_000, Math.floor(n / 10));
  const out: BenchEntry[] = [];

  ctx.log('  mqtt parse: ours and mqtt-packet, 100-byte PUBLISH packets');
  out.push(...mqttParse(ctx));

  // The timer's own floor, next to every p99 below: two reads around nothing, as each sample does.
  const empty = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = now();
    empty[i] = now() - t0;
  }
  out.push({
    name: 'ingest.timer.empty_call.p99_us',
    value: round(percentiles(empty.subarray(warmup), [0.99])[0] as number, 3),
    unit: 'us',
  });

  ctx.log(`  raw tcp floor, ${n} messages`);
  out.push(...entries('ingest.raw_tcp.loopback', await rawTcp(n), warmup));
  ctx.log(`  tcp ndjson source, ${n} messages`);
  out.push(...entries('ingest.tcp_ndjson.loopback', await tcpNdjson(n), warmup));

  const broker = await startAedes();
  try {
    const url = `mqtt://127.0.0.1:${broker.port}`;
    ctx.log(`  mqtt via aedes, ${n} messages`);
    out.push(...entries('ingest.mqtt.loopback', await mqttLatency(url, n), warmup));
    ctx.log('  mqtt sustained rate via aedes');
    out.push({
      name: 'ingest.mqtt.msgs_per_s',
      value: Math.round(await mqttThroughput(url, n * 5)),
      unit: 'msgs/s',
    });
    ctx.log('  mqtt recovery after a broker restart');
    out.push({
      name: 'ingest.mqtt.restart_recovery_ms',
      value: round(await mqttRecovery(broker)),
      unit: 'ms',
    });
  } finally {
    await broker.close();
  }

  const mosquitto = process.env.MQTT_URL;
  if (mosquitto !== undefined && mosquitto !== '') {
    ctx.log(`  mqtt via Mosquitto at MQTT_URL, ${n} messages`);
    out.push(...entries('ingest.mqtt.mosquitto.loopback', await mqttLatency(mosquitto, n), warmup));
  } else {
    ctx.log('  MQTT_URL not set: ingest.mqtt.mosquitto.loopback.p99_us skipped');
  }
  return out;
}
