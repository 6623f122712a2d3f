/**
 * `npm run examples:recordings`: writes the recordings of examples/ (recording.ndjson in each example's
 * folder). The MQTT examples (now-playing, alert-panel, home-panel) are recorded for real: a broker
 * (the one at 127.0.0.1:1883 when it answers, else an in-process aedes), each example's scripted
 * messages published to it (Home Assistant-style plain strings, JSON), and `tinydisplay record
 * <config> --out recording.ndjson` running for the span, stopped with SIGINT. The first message is
 * retained (the recorder gets it when it subscribes), the others go out at `LEAD_MS` + their time on
 * the recorder's clock. The stamps are the live ones, so two runs differ by a few ms; the committed
 * file is the fixed input its goldens are made from (`npm run goldens`), and its replay is the same on
 * every run.
 *
 * The system monitor reads this machine's metrics (`system`), which no broker can script: its
 * recording is synthesized from a seeded generator, stamped as a live run would have.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { localBroker } from './local-broker.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** mulberry32: a small seeded generator (exact integer operations, the same on every platform). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

interface Point {
  readonly t: number;
  readonly src: string;
  readonly data: Record<string, unknown>;
}

/** One message a script publishes, `t` ms after the recorder received the first. */
interface Message {
  readonly t: number;
  readonly topic: string;
  readonly payload: string;
}

const scripts = new Map<string, Message[]>();

function write(example: string, points: readonly Point[]): void {
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const lines = sorted.map((p, i) => JSON.stringify({ v: 1, seq: i + 1, t: p.t, src: p.src, data: p.data }));
  writeFileSync(`${root}examples/${example}/recording.ndjson`, `${lines.join('\n')}\n`);
  process.stderr.write(`examples/${example}/recording.ndjson: ${lines.length} points\n`);
}

// System monitor: every 500 ms for 12 s; CPU climbs past 80 % at ~6 s (the alert) and falls back.
{
  const rnd = seeded(1);
  const points: Point[] = [];
  for (let i = 0; i < 24; i++) {
    const t = 120 + i * 500 + Math.floor(rnd() * 40);
    const base = i < 10 ? 18 + i * 3 : i < 15 ? 86 + rnd() * 8 : 40 - (i - 15) * 2;
    points.push({
      t,
      src: 'system',
      data: {
        cpu: { percent: round(base + rnd() * 6, 1) },
        memory: { usedPercent: round(41 + i * 0.4 + rnd(), 1) },
        temperature: { cpu: round(48 + (i < 15 ? i * 0.9 : 13.5 - (i - 15) * 0.5), 1) },
      },
    });
  }
  write('system-monitor', points);
}

// Now playing: one JSON message a second on `nowplaying`; a new track at 6 s.
{
  const messages: Message[] = [];
  const tracks = [
    { title: 'Tick by Tick (Deterministic Mix)', artist: 'The Ring Buffers', duration: 214, start: 97 },
    { title: 'Sixty-Four Rows', artist: 'SSD & the Pages', duration: 181, start: 0 },
  ];
  for (let i = 0; i < 12; i++) {
    const track = i < 6 ? tracks[0] : tracks[1];
    if (track === undefined) continue;
    const position = track.start + (i < 6 ? i : i - 6);
    messages.push({
      t: 200 + i * 1000,
      topic: 'nowplaying',
      payload: JSON.stringify({
        title: track.title,
        artist: track.artist,
        position,
        duration: track.duration,
        progress: round((100 * position) / track.duration, 2),
      }),
    });
  }
  scripts.set('now-playing', messages);
}

// Alert panel: the level, a plain number on alerts/level, rises to 3 at ~2 s and falls back at 8 s.
{
  const levels = [0, 1, 1, 3, 3, 3, 2, 2, 1, 0];
  scripts.set(
    'alert-panel',
    levels.map((level, i) => ({ t: 150 + i * 900, topic: 'alerts/level', payload: String(level) })),
  );
}

// Home panel: Home Assistant-style state topics (plain strings: numbers and ON/OFF) and a Zigbee
// sensor's JSON, at their own paces over 12 s.
{
  const rnd = seeded(7);
  const points: Message[] = [];
  const ha = (t: number, kind: string, object: string, state: string | number): Message => ({
    t,
    topic: `homeassistant/${kind}/${object}/state`,
    payload: String(state),
  });
  points.push(ha(90, 'light', 'kitchen', 'OFF'));
  points.push(ha(110, 'sensor', 'outdoor_temperature', 7.5));
  for (let i = 0; i < 12; i++) {
    points.push(ha(300 + i * 1000, 'sensor', 'power', Math.round(600 + i * 180 + rnd() * 60)));
  }
  for (let i = 0; i < 4; i++) {
    points.push({
      t: 500 + i * 3000,
      topic: 'zigbee2mqtt/living_room',
      payload: JSON.stringify({ temperature: round(21.2 + i * 0.1, 1), humidity: 48 - i, battery: 91 }),
    });
  }
  points.push(ha(4_200, 'light', 'kitchen', 'ON'));
  points.push(ha(6_100, 'sensor', 'outdoor_temperature', 7.1));
  points.push(ha(10_300, 'light', 'kitchen', 'OFF'));
  scripts.set('home-panel', points);
}

// ---- the broker --------------------------------------------------------------------------------------
const broker = await localBroker();
const url = broker.url;
const closeBroker = () => broker.close();
process.stderr.write(
  broker.external
    ? `broker: the one at ${url}\n`
    : `broker: in-process aedes at ${url} (nothing answered at 127.0.0.1:1883)\n`,
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * The recorder's clock (ms since its start, the stamps it writes), read from its first line as soon as
 * `file` holds one; rejects when `child` exits first.
 */
async function recorderClock(file: string, child: ChildProcess, stderr: () => string): Promise<() => number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`record exited ${child.exitCode}: ${stderr()}`);
    let text = '';
    try {
      if (statSync(file).size > 0) text = readFileSync(file, 'utf8');
    } catch {}
    const nl = text.indexOf('\n');
    if (nl >= 0) {
      const seenAt = performance.now();
      const { t } = JSON.parse(text.slice(0, nl)) as { t: number };
      return () => t + (performance.now() - seenAt);
    }
    await sleep(2);
  }
}

/**
 * Every scripted message after the first is published at `LEAD_MS + t` on the recorder's clock, so
 * the story of an example starts at the same time in every recording whatever the recorder took to
 * start and connect (the goldens' ticks in test/replays/examples.mjs are chosen on it).
 */
const LEAD_MS = 2_000;

/**
 * Record one example: its config with the broker's address (and a clean session, so nothing queued
 * by an earlier run comes in), the first message retained so the recorder gets it when it subscribes,
 * the others at their times after that, then SIGINT.
 */
async function record(example: string, messages: readonly Message[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tinydisplay-example-'));
  const pub = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  const [first, ...rest] = [...messages].sort((a, b) => a.t - b.t);
  if (first === undefined) throw new Error(`${example}: no messages`);
  try {
    const config = readFileSync(`${root}examples/${example}/config.yaml`, 'utf8').replace(
      /url: "mqtt:\/\/127\.0\.0\.1:1883\/([^"]*)"/,
      (_m, topics: string) => `url: "${url}/${topics}?clean=true"`,
    );
    const configFile = join(dir, 'config.yaml');
    writeFileSync(configFile, config);
    await pub.publishAsync(first.topic, first.payload, { qos: 1, retain: true });
    const out = `${root}examples/${example}/recording.ndjson`;
    rmSync(out, { force: true });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'record', configFile, '--out', out],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const clock = await recorderClock(out, child, () => stderr);
    const late = clock() - (LEAD_MS + (rest[0]?.t ?? Number.POSITIVE_INFINITY));
    if (late > 0)
      throw new Error(
        `${example}: the recorder took ${Math.round(clock())} ms to get its first message: more than the lead`,
      );
    for (const m of rest) {
      await sleep(LEAD_MS + m.t - clock());
      await pub.publishAsync(m.topic, m.payload, { qos: 1 });
    }
    await sleep(600);
    child.kill('SIGINT');
    const code = await exited;
    const summary = stderr.split('\n').find((l) => l.includes(' recorded ')) ?? stderr;
    process.stderr.write(`examples/${example}: ${summary}\n`);
    if (code !== 0) throw new Error(`${example}: record exited ${code}: ${stderr}`);
    const lines = readFileSync(out, 'utf8').trim().split('\n').length;
    if (lines !== messages.length)
      throw new Error(`${example}: recorded ${lines} entries for ${messages.length} messages: ${stderr}`);
  } finally {
    // Leave no retained message behind on a shared broker.
    await pub.publishAsync(first.topic, '', { qos: 1, retain: true });
    await pub.endAsync();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  for (const [example, messages] of scripts) await record(example, messages);
} finally {
  await closeBroker();
}
