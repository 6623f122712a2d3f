/**
 * Fault injection against a real Mosquitto (our own child, persistence in a temp dir): a broker
 * restart under QoS 1, a subscriber frozen past its keep-alive, a frozen broker. Each run checks
 * sent = received + counted loss (a sequence number in every payload makes loss countable), that
 * every duplicate delivered is counted, and that ingest goes on afterwards. Loopback only; every
 * wait is bounded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecording } from '../../src/app/index.js';
import { MqttSource, SourceSupervisor } from '../../src/sources/index.js';
import { startCli, useCliFiles } from '../cli/run-cli.js';
import { findMosquitto, startMosquitto, type TestBroker } from '../sources/brokers.js';
import { RecordingSink, waitUntil } from '../sources/helpers.js';

const MQTT_URL = process.env.MQTT_URL;
const MOSQUITTO = findMosquitto();
const run = `tdf${process.pid}x${Date.now().toString(36)}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a fault run counted, printed for the record. */
interface Tally {
  readonly fault: string;
  readonly sent: number;
  readonly received: number;
  readonly distinct: number;
  readonly countedLost: number;
  readonly countedDuplicates: number;
}

function report(t: Tally): void {
  // The figures the closing note asks for.
  console.log(`fault tally ${JSON.stringify(t)}`);
}

/**
 * Publish `count` QoS 1 messages `{"seq": from..from+count-1}` on `topic`, paced, without waiting
 * for each PUBACK (mqtt.js keeps the unacknowledged ones and sends them again after a reconnect).
 * `during(n)` runs after the n-th publish (where the test injects its fault). Resolves once every
 * message was acknowledged, or throws after `timeoutMs`.
 */
async function publishSeq(
  pub: MqttClient,
  topic: string,
  from: number,
  count: number,
  during: (n: number) => Promise<void> = async () => undefined,
  timeoutMs = 30_000,
): Promise<void> {
  let acked = 0;
  for (let i = 0; i < count; i++) {
    pub.publish(topic, JSON.stringify({ seq: from + i }), { qos: 1 }, (err) => {
      if (!err) acked++;
    });
    if (i % 25 === 24) await sleep(2);
    await during(i + 1);
  }
  await waitUntil(`${count} PUBACKs`, () => acked === count, timeoutMs, 20);
}

describe.skipIf(MQTT_URL === undefined || MOSQUITTO === undefined)(
  `MQTT faults against a Mosquitto child${MQTT_URL === undefined || MOSQUITTO === undefined ? ' (skipped: needs MQTT_URL and the mosquitto binary)' : ''}`,
  () => {
    let broker: TestBroker;
    const files = useCliFiles();
    beforeAll(async () => {
      broker = await startMosquitto(MOSQUITTO as string);
    });
    afterAll(async () => {
      await broker?.close();
    });

    it('broker restart under QoS 1: sent = received + counted loss, duplicates counted, ingest goes on', async () => {
      const topic = `${run}/restart`;
      const sink = new RecordingSink();
      const sup = new SourceSupervisor(
        new MqttSource({
          id: 'sub',
          url: broker.url,
          topics: [{ filter: topic, key: 'm' }],
          qos: 1,
          clean: false,
          clientId: `${run}-sub`,
          keepaliveMs: 2_000,
        }),
        {
          sink,
          sequenceField: 'm.seq',
          backoff: { initialDelayMs: 50, maxDelayMs: 400 },
          onError: () => undefined,
        },
      );
      const pub = await connectAsync(broker.url, {
        clientId: `${run}-pub`,
        clean: false,
        reconnectPeriod: 100,
        connectTimeout: 5_000,
      });
      try {
        sup.start();
        await waitUntil('the subscriber live', () => sup.state === 'live', 10_000);
        const sent = 4_000;
        await publishSeq(pub, topic, 1, sent, async (n) => {
          if (n !== 1_500) return;
          await broker.stop();
          await sleep(300);
          await broker.restart();
        });
        // One more point after the fault: ingest goes on, and it reveals any loss at the end.
        await publishSeq(pub, topic, sent + 1, 1);
        await waitUntil(
          'the last point',
          () => sink.points.some((p) => (p.data as { m: { seq: number } }).m.seq === sent + 1),
          20_000,
        );
        const seqs = sink.points.map((p) => (p.data as { m: { seq: number } }).m.seq);
        const m = sup.metrics();
        const tally: Tally = {
          fault: 'broker restart (QoS 1, persistent session)',
          sent: sent + 1,
          received: seqs.length,
          distinct: new Set(seqs).size,
          countedLost: m.lostTotal,
          countedDuplicates: m.duplicates,
        };
        report(tally);
        expect(tally.distinct + tally.countedLost).toBe(tally.sent);
        // Every duplicate that reached the sink was counted (redeliveries caught by id are counted too).
        expect(tally.received - tally.distinct).toBeLessThanOrEqual(tally.countedDuplicates);
        expect(m.gaps).toBeGreaterThanOrEqual(1);
        expect(sup.state).toBe('live');
      } finally {
        await pub.endAsync(true);
        await sup.stop();
      }
    }, 90_000);

    it('a frozen broker is noticed within 1.5 keep-alives, and ingest resumes after it thaws', async () => {
      const topic = `${run}/frozen-broker`;
      const sink = new RecordingSink();
      const sup = new SourceSupervisor(
        new MqttSource({
          id: 'sub',
          url: broker.url,
          topics: [{ filter: topic, key: 'm' }],
          keepaliveMs: 1_000,
        }),
        {
          sink,
          backoff: { initialDelayMs: 50, maxDelayMs: 400 },
          connectTimeoutMs: 1_000,
          onError: () => undefined,
        },
      );
      try {
        sup.start();
        await waitUntil('live', () => sup.state === 'live', 10_000);
        broker.freeze?.();
        const frozenAt = performance.now();
        try {
          await waitUntil('the subscriber to notice', () => sup.state !== 'live', 6_000, 20);
        } finally {
          broker.thaw?.();
        }
        // keep-alive 1 s: our client gives up after 1.5 s with nothing from the broker.
        expect(performance.now() - frozenAt).toBeLessThan(6_000);
        await waitUntil('live again', () => sup.state === 'live', 15_000);
        const pub = await connectAsync(broker.url, { reconnectPeriod: 0 });
        await pub.publishAsync(topic, '{"v":1}', { qos: 1 });
        await pub.endAsync();
        await waitUntil('a point after the thaw', () => sink.points.length === 1, 10_000);
      } finally {
        broker.thaw?.();
        await sup.stop();
      }
    }, 60_000);

    it('a subscriber (record) frozen past its keep-alive: sent = recorded + counted loss, duplicates counted', async () => {
      const base = `${run}/frozen-sub`;
      const file = join(files.dir, 'frozen.ndjson');
      const cli = startCli(
        [
          'record',
          `mqtt://127.0.0.1:${broker.port}/${base}/#?keepalive=1&key={1}&clientId=${run}-rec`,
          '--seq-field',
          'data.seq',
          '--out',
          file,
        ],
        120_000,
      );
      const pub = await connectAsync(broker.url, {
        clientId: `${run}-pub2`,
        clean: false,
        reconnectPeriod: 100,
      });
      try {
        // Ready once a probe on the same subscription reaches the file.
        await waitUntil(
          'the recorder subscribed',
          () => {
            pub.publish(`${base}/ready`, '{"ok":1}', { qos: 1 });
            try {
              return readFileSync(file, 'utf8').includes('"ready"');
            } catch {
              return false;
            }
          },
          60_000,
          250,
        );
        const pid = cli.child.pid as number;
        const sent = 2_000;
        await publishSeq(pub, `${base}/data`, 1, sent, async (n) => {
          if (n === 400) process.kill(pid, 'SIGSTOP');
          // Frozen for more than 1.5 keep-alives: the broker ends the connection, the session stays.
          if (n === 1_600) {
            await sleep(Math.max(0, 2_500));
            process.kill(pid, 'SIGCONT');
          }
        });
        const seqOf = (text: string): number[] =>
          parseRecording(text).flatMap((e) =>
            'data' in e && typeof (e.data as { data?: { seq?: unknown } }).data?.seq === 'number'
              ? [(e.data as { data: { seq: number } }).data.seq]
              : [],
          );
        const recorded = (): number[] => {
          try {
            return seqOf(readFileSync(file, 'utf8'));
          } catch {
            return [];
          }
        };
        // One more point after the fault: ingest goes on, and it reveals loss at the end. The
        // broker's queue for the frozen session may still be full and drop it: then send the next.
        let last = sent;
        for (let tries = 0; tries < 10; tries++) {
          last++;
          await publishSeq(pub, `${base}/data`, last, 1);
          const target = last;
          const seen = await waitUntil(
            'the last point recorded',
            () => recorded().includes(target),
            3_000,
            100,
          )
            .then(() => true)
            .catch(() => false);
          if (seen) break;
        }
        expect(recorded()).toContain(last);
        cli.child.kill('SIGINT');
        const r = await cli.done;
        const seqs = seqOf(readFileSync(file, 'utf8'));
        const lost = Number(/(\d+) lost \(/.exec(r.stderr)?.[1] ?? 0);
        const dups = Number(/(\d+) duplicates/.exec(r.stderr)?.[1] ?? 0);
        const tally: Tally = {
          fault: 'subscriber (record) frozen 2.5 s, keep-alive 1 s',
          sent: last,
          received: seqs.length,
          distinct: new Set(seqs).size,
          countedLost: lost,
          countedDuplicates: dups,
        };
        report(tally);
        expect(r.stderr).toContain('loss counted from the sequence field "data.seq"');
        expect(tally.distinct + tally.countedLost).toBe(tally.sent);
        expect(tally.received - tally.distinct).toBeLessThanOrEqual(tally.countedDuplicates);
      } finally {
        try {
          if (cli.child.pid !== undefined) process.kill(cli.child.pid, 'SIGCONT');
        } catch {
          // already gone
        }
        await pub.endAsync(true);
      }
    }, 150_000);
  },
);
