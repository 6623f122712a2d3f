import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/data/index.js';
import { MqttSource, type MqttSourceOptions, SourceSupervisor } from '../../src/sources/index.js';
import { findMosquitto, startAedes, startMosquitto, startProxy, type TestBroker } from './brokers.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { RecordingSink, waitUntil } from './helpers.js';
import { hostileCorpus } from './hostile.js';

const MQTT_URL = process.env.MQTT_URL;
const MOSQUITTO = findMosquitto();
const run = `td${process.pid}x${Date.now().toString(36)}`;
let topicSeq = 0;
/** A topic prefix no other test (or run) uses. */
const prefix = (): string => `${run}/${topicSeq++}`;

async function publisher(url: string): Promise<MqttClient> {
  return connectAsync(url, { reconnectPeriod: 0, clientId: `pub-${run}-${topicSeq++}` });
}

function mqttContract(
  name: string,
  brokerUrl: () => string,
  interrupt: (() => Promise<void>) | undefined,
): void {
  runSourceContract({
    name,
    can: { sendHostile: true, interrupt: interrupt !== undefined },
    async setup(): Promise<ContractFixture> {
      const p = prefix();
      let pub = await publisher(brokerUrl());
      return {
        source: new MqttSource({
          id: 'mqtt',
          url: brokerUrl(),
          topics: [{ filter: `${p}/+/temp`, key: '{1}' }],
        }),
        sendValid: async (n) => {
          await pub.publishAsync(`${p}/kitchen/temp`, String(n));
        },
        expected: (n) => ({ kitchen: n }),
        sendHostile: async () => {
          await pub.publishAsync(`${p}/kitchen/temp`, '{"__proto__":{"polluted":true}}');
        },
        hostileReason: 'forbidden-key',
        ...(interrupt === undefined
          ? {}
          : {
              interrupt: async () => {
                await interrupt();
                // The publisher may have lost its broker too: give it a fresh connection.
                await pub.endAsync(true);
                pub = await publisher(brokerUrl());
              },
            }),
        teardown: async () => {
          await pub.endAsync(true);
        },
      };
    },
  });
}

describe('MqttSource against aedes (in-process)', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(async () => {
    await broker.close();
  });

  mqttContract(
    'mqtt via aedes',
    () => broker.url,
    async () => {
      await broker.stop();
      await broker.restart();
    },
  );
});

describe('MqttSource payload formats (aedes)', () => {
  it('reads what home-automation publishers send: numbers, ON/OFF strings, JSON, per subscription', async () => {
    const broker = await startAedes();
    const p = prefix();
    const buffer = new RingBuffer({ capacity: 64 });
    const sup = new SourceSupervisor(
      new MqttSource({
        id: 'home',
        url: broker.url,
        qos: 1,
        topics: [
          { filter: `${p}/+/temperature`, key: '{1}.temp', format: 'number' },
          { filter: `${p}/light/+/state`, key: 'light.{1}', format: 'string' },
          { filter: `${p}/zigbee/#`, key: 'z.{1}' },
        ],
      }),
      { sink: buffer, onError: () => undefined },
    );
    const refusals: string[] = [];
    sup.on('refused', (e) => refusals.push(e.message));
    const pub = await connectAsync(broker.url, { reconnectPeriod: 0 });
    try {
      sup.start();
      await waitUntil('live', () => sup.state === 'live');
      await pub.publishAsync(`${p}/kitchen/temperature`, '23.5', { qos: 1 });
      await pub.publishAsync(`${p}/light/desk/state`, 'ON', { qos: 1 });
      await pub.publishAsync(`${p}/zigbee/sensor1`, '{"battery":87,"occupancy":true}', { qos: 1 });
      await pub.publishAsync(`${p}/zigbee/plug`, 'OFF', { qos: 1 });
      await pub.publishAsync(`${p}/hall/temperature`, 'unavailable', { qos: 1 });
      await waitUntil(
        'four points and a refusal',
        () => buffer.stats.ingested === 4 && refusals.length === 1,
      );
      const fields = buffer.getLatest(4).map((pt) => pt.fields);
      expect(fields).toEqual([
        { 'kitchen.temp': 23.5 },
        { 'light.desk': 'ON' },
        { 'z.sensor1.battery': 87, 'z.sensor1.occupancy': true },
        { 'z.plug': 'OFF' },
      ]);
      expect(refusals[0]).toBe(
        `topic "${p}/hall/temperature": field "hall.temp" must be a number (format "number"), got "unavailable"`,
      );
      expect(sup.metrics().refused['wrong-type']).toBe(1);
    } finally {
      await pub.endAsync(true);
      await sup.stop();
      await broker.close();
    }
  });

  it.each([
    ['a client id not a string', { clientId: 42 }, 'MqttSource option "clientId": expected a string, got 42'],
    [
      'an empty client id without a clean session',
      { clientId: '', clean: false },
      'MqttSource option "clientId": an empty client id needs "clean": true (MQTT 3.1.1 sends it only with a clean session)',
    ],
    [
      'a client id over 65,535 bytes',
      { clientId: 'x'.repeat(70_000) },
      'MqttSource option "clientId": at most 65,535 bytes of UTF-8, got 70000',
    ],
    [
      'a user name over 65,535 bytes',
      { username: 'u'.repeat(70_000) },
      'MqttSource option "username": at most 65,535 bytes of UTF-8, got 70000',
    ],
    [
      'clean not a boolean',
      { clean: 'false' },
      'MqttSource option "clean": expected true or false, got "false"',
    ],
    [
      'a negative maxPayloadBytes',
      { maxPayloadBytes: -1 },
      'MqttSource option "maxPayloadBytes": expected a whole number of bytes >= 0, got -1',
    ],
    [
      'a fractional maxPayloadBytes',
      { maxPayloadBytes: 1.5 },
      'MqttSource option "maxPayloadBytes": expected a whole number of bytes >= 0, got 1.5',
    ],
    [
      'tls.rejectUnauthorized not a boolean',
      { tls: { rejectUnauthorized: 'false' } },
      'MqttSource option "tls.rejectUnauthorized": expected true or false, got "false"',
    ],
    [
      'tls.servername not a string',
      { tls: { servername: 5 } },
      'MqttSource option "tls.servername": expected a string, got 5',
    ],
    [
      'tls.ca neither text nor bytes',
      { tls: { ca: 5 } },
      'MqttSource option "tls.ca": expected a string, a Buffer or an array of them, got 5',
    ],
    [
      'tls with a plain mqtt:// URL (it would be ignored: no TLS)',
      { tls: { ca: 'x' } },
      'MqttSource option "tls": taken only with mqtts:// or wss://, the url is mqtt://127.0.0.1:1883',
    ],
    [
      'more filters than one SUBSCRIBE takes',
      { topics: Array.from({ length: 4095 }, (_, i) => `t/${i}`) },
      'MqttSource option "topics": at most 4094 filters (one SUBSCRIBE, its SUBACK within 4 KiB), got 4095',
    ],
    [
      'a filter over 65,535 bytes',
      { topics: ['ok', 'x'.repeat(70_000)] },
      'MqttSource option "topics[1]": at most 65,535 bytes of UTF-8, got 70000',
    ],
    [
      'a filter holding U+0000',
      { topics: [{ filter: `a${String.fromCharCode(0)}b` }] },
      'MqttSource option "topics[0]": a topic filter must not hold U+0000',
    ],
  ])('refuses %s at construction, naming the option and the value', (_what, bad, message) => {
    expect(
      () => new MqttSource({ id: 'm', url: 'mqtt://127.0.0.1:1883', topics: ['a'], ...(bad as object) }),
    ).toThrow(message);
  });

  it('refuses a bad format option naming the subscription', () => {
    expect(
      () =>
        new MqttSource({
          id: 'm',
          url: 'mqtt://127.0.0.1:1883',
          topics: [{ filter: 'a', format: 'xml' as never }],
        }),
    ).toThrow(
      'MqttSource option "topics[0].format": expected "json", "number", "string" or "auto", got "xml"',
    );
  });
});

describe.skipIf(MQTT_URL === undefined)(
  `MqttSource against Mosquitto at MQTT_URL${MQTT_URL === undefined ? ' (skipped: MQTT_URL is not set)' : ''}`,
  () => {
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    beforeAll(async () => {
      proxy = await startProxy(Number(new URL(MQTT_URL ?? 'mqtt://127.0.0.1:1883').port || 1883));
    });
    afterAll(async () => {
      await proxy?.close();
    });
    // Through a proxy, so the test can cut our connection without touching the shared broker.
    mqttContract(
      'mqtt via Mosquitto',
      () => `mqtt://127.0.0.1:${proxy.port}`,
      async () => proxy.cut(),
    );
  },
);

/** Flow, wildcard, payload and hostile-corpus tests, run against each broker we have. */
function flowSuite(brokerName: string, getUrl: () => string): void {
  describe(`MqttSource flow (${brokerName})`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function live(options: Omit<MqttSourceOptions, 'id' | 'url'>) {
      const sink = new RecordingSink();
      const sup = new SourceSupervisor(new MqttSource({ id: 'm', url: getUrl(), ...options }), {
        sink,
        onError: () => undefined,
      });
      cleanups.push(() => sup.stop());
      sup.start();
      await waitUntil('live', () => sup.state === 'live');
      const pub = await publisher(getUrl());
      cleanups.push(() => pub.endAsync(true));
      return { sink, sup, pub };
    }

    it('maps wildcard topics to keys, with JSON and plain-number payloads', async () => {
      const p = prefix();
      const { sink, pub } = await live({
        topics: [
          { filter: `${p}/room/+/temp`, key: 'temp.{1}' },
          `${p}/meta/#`,
          { filter: `${p}/all/#`, key: 'all.{1}' },
        ],
      });
      await pub.publishAsync(`${p}/room/kitchen/temp`, '21.5');
      await pub.publishAsync(`${p}/room/hall/temp`, ' -3e1 ');
      await pub.publishAsync(`${p}/meta/fw`, '{"version":"1.2","ok":true}');
      await pub.publishAsync(`${p}/all/a/b`, '7');
      await waitUntil('four points', () => sink.points.length === 4);
      const root = p.split('/').join('.');
      expect(sink.points.map((x) => x.data)).toEqual([
        { 'temp.kitchen': 21.5 },
        { 'temp.hall': -30 },
        { [`${root}.meta.fw`]: { version: '1.2', ok: true } },
        { 'all.a.b': 7 },
      ]);
    });

    it('refuses every payload of the hostile corpus, counted by reason, and keeps flowing', async () => {
      const p = prefix();
      const { sink, sup, pub } = await live({ topics: [{ filter: `${p}/x`, key: 'x' }] });
      // Keyed by topic: a bare string is a valid string field there, so it is left out.
      const corpus = hostileCorpus().flatMap((h) => {
        const reason = h.keyedReason ?? h.reason;
        return reason === 'accepted' ? [] : [{ ...h, reason }];
      });
      for (const h of corpus) await pub.publishAsync(`${p}/x`, h.text);
      await pub.publishAsync(`${p}/x`, '42');
      await waitUntil('the good point after the corpus', () => sink.points.length === 1);
      const expected: Record<string, number> = {};
      for (const h of corpus) expected[h.reason] = (expected[h.reason] ?? 0) + 1;
      const m = sup.metrics();
      for (const [reason, n] of Object.entries(expected))
        expect(m.refused[reason as keyof typeof m.refused]).toBe(n);
      expect(m.refusedTotal).toBe(corpus.length);
      expect(sink.points[0]?.data).toEqual({ x: 42 });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('keeps its topic->key cache bounded when thousands of distinct topics arrive', async () => {
      const p = prefix();
      const source = new MqttSource({ id: 'm', url: getUrl(), topics: [{ filter: `${p}/+`, key: 'd.{1}' }] });
      const sink = new RecordingSink();
      const sup = new SourceSupervisor(source, { sink, onError: () => undefined });
      cleanups.push(() => sup.stop());
      sup.start();
      await waitUntil('live', () => sup.state === 'live');
      const pub = await publisher(getUrl());
      cleanups.push(() => pub.endAsync(true));
      for (let i = 0; i < 5_000; i++) pub.publish(`${p}/dev${i}`, '1');
      await waitUntil('5,000 points', () => sink.points.length === 5_000, 15_000);
      expect(source.stats.topicCacheSize).toBeLessThanOrEqual(4_096);
      expect(source.stats.topicCacheClears).toBe(1);
      expect(sink.points.at(-1)?.data).toEqual({ 'd.dev4999': 1 });
    });

    it('subscribes with QoS 1 and receives QoS 1 publishes', async () => {
      const p = prefix();
      const { sink, pub } = await live({ topics: [`${p}/q`], qos: 1 });
      for (let i = 0; i < 20; i++) await pub.publishAsync(`${p}/q`, String(i), { qos: 1 });
      await waitUntil('twenty points', () => sink.points.length === 20);
      expect(sink.points.map((x) => Object.values(x.data)[0])).toEqual([...Array(20).keys()]);
    });
  });
}

flowSuite('aedes', () => aedesForFlow.url);
let aedesForFlow: TestBroker;
beforeAll(async () => {
  aedesForFlow = await startAedes();
});
afterAll(async () => {
  await aedesForFlow.close();
});
describe.skipIf(MQTT_URL === undefined)(
  `Mosquitto at MQTT_URL${MQTT_URL === undefined ? ' (skipped: MQTT_URL is not set)' : ''}`,
  () => {
    flowSuite('Mosquitto', () => MQTT_URL ?? '');
  },
);

/**
 * The broker is stopped mid-stream and restarted: the source reconnects by itself, data flows again,
 * the hole is bracketed by gap markers, and with a persistent session the QoS 1 messages published
 * after the restart but before our reconnect arrive.
 */
function restartScenario(name: string, makeBroker: () => Promise<TestBroker>): void {
  describe(`broker restart: ${name}`, () => {
    let broker: TestBroker | undefined;
    let sup: SourceSupervisor | undefined;
    let pub: MqttClient | undefined;
    afterEach(async () => {
      await sup?.stop();
      await pub?.endAsync(true);
      await broker?.close();
    });

    it('reconnects by itself within one backoff step, marks the gap, and delivers QoS 1 messages sent meanwhile', async () => {
      broker = await makeBroker();
      const p = prefix();
      const sink = new RecordingSink();
      // random 0.99: the reconnect waits ~99% of the ceiling, leaving time to publish "meanwhile".
      sup = new SourceSupervisor(
        new MqttSource({
          id: 'm',
          url: broker.url,
          topics: [`${p}/#`],
          qos: 1,
          clean: false,
          clientId: `sub-${p.replace('/', '-')}`,
        }),
        {
          sink,
          random: () => 0.99,
          backoff: { initialDelayMs: 1_500, maxDelayMs: 1_500 },
          onError: () => undefined,
        },
      );
      const s = sup;
      const states: string[] = [];
      s.on('state', (e) => states.push(e.to));
      s.start();
      await waitUntil('live', () => s.state === 'live');
      pub = await publisher(broker.url);
      await pub.publishAsync(`${p}/v`, '1', { qos: 1 });
      await waitUntil('first point', () => sink.points.length === 1);
      await pub.endAsync(true);

      await broker.stop();
      await waitUntil('backoff', () => s.state === 'backoff');
      await broker.restart();
      pub = await publisher(broker.url);
      for (let i = 2; i <= 6; i++) await pub.publishAsync(`${p}/v`, String(i), { qos: 1 });
      expect(s.state).not.toBe('live'); // the messages were published while we were away
      await waitUntil('all six points', () => sink.points.length === 6, 10_000);
      expect(sink.points.map((x) => Object.values(x.data)[0])).toEqual([1, 2, 3, 4, 5, 6]);
      expect(
        sink.entries.filter((e) => e.kind === 'marker').map((e) => (e.kind === 'marker' ? e.marker : '')),
      ).toEqual(['gap-start', 'gap-end']);
      // Queued QoS 1 messages can arrive before the subscription is acknowledged (the source is still
      // `connecting` then): wait for the attempt to finish before reading the state history.
      await waitUntil('live again', () => s.state === 'live');
      // Within one backoff step: after the drop, one wait and one attempt that succeeded.
      expect(states).toEqual(['connecting', 'live', 'backoff', 'connecting', 'live']);
      const m = s.metrics();
      expect(m.gaps).toBe(1);
      expect(m.reconnects).toBe(1);
      expect(m.failedAttempts).toBe(1); // the one backoff step taken since the last reset
      await pub.publishAsync(`${p}/v`, '7', { qos: 1 });
      await waitUntil('a point after the reconnect', () => sink.points.length === 7);
    });
  });
}

restartScenario('aedes server closed and listening again on the same port', startAedes);
describe.skipIf(MQTT_URL === undefined || MOSQUITTO === undefined)(
  `Mosquitto child process${MQTT_URL === undefined || MOSQUITTO === undefined ? ' (skipped: needs MQTT_URL and the mosquitto binary)' : ''}`,
  () => {
    restartScenario('our own Mosquitto child killed and respawned on the same port', () =>
      startMosquitto(MOSQUITTO ?? 'mosquitto'),
    );
  },
);
