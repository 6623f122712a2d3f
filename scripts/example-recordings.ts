/**
 * `npx tsx scripts/example-recordings.ts`: writes the recordings of examples/ (recording.ndjson in each
 * example's folder), synthesized in the format of src/data/recording.ts: the points the examples'
 * sources would have stored, stamped as a live run would have (ms since the start), from a seeded
 * generator, so the files are the same on every run. Each recording is what a scripted publisher
 * would produce; `tinydisplay record <config>` against a live broker writes the same format.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

// Now playing: one JSON message a second; a new track at 6 s.
{
  const points: Point[] = [];
  const tracks = [
    { title: 'Tick by Tick (Deterministic Mix)', artist: 'The Ring Buffers', duration: 214, start: 97 },
    { title: 'Sixty-Four Rows', artist: 'SSD & the Pages', duration: 181, start: 0 },
  ];
  for (let i = 0; i < 12; i++) {
    const track = i < 6 ? tracks[0] : tracks[1];
    if (track === undefined) continue;
    const position = track.start + (i < 6 ? i : i - 6);
    points.push({
      t: 200 + i * 1000,
      src: 'player',
      data: {
        nowplaying: {
          title: track.title,
          artist: track.artist,
          position,
          duration: track.duration,
          progress: round((100 * position) / track.duration, 2),
        },
      },
    });
  }
  write('now-playing', points);
}

// Alert panel: the level, a plain number on alerts/level, rises to 3 at ~2 s and falls back at 8 s.
{
  const levels = [0, 1, 1, 3, 3, 3, 2, 2, 1, 0];
  const points: Point[] = levels.map((level, i) => ({
    t: 150 + i * 900,
    src: 'alerts',
    data: { alerts: { level } },
  }));
  write('alert-panel', points);
}

// Home panel: Home Assistant-style state topics (plain strings: numbers and ON/OFF) and a Zigbee
// sensor's JSON, at their own paces over 12 s.
{
  const rnd = seeded(7);
  const points: Point[] = [];
  const ha = (t: number, kind: string, object: string, state: string | number): Point => ({
    t,
    src: 'ha',
    data: { homeassistant: { [kind]: { [object]: { state } } } },
  });
  points.push(ha(90, 'light', 'kitchen', 'OFF'));
  points.push(ha(110, 'sensor', 'outdoor_temperature', 7.5));
  for (let i = 0; i < 12; i++) {
    points.push(ha(300 + i * 1000, 'sensor', 'power', Math.round(600 + i * 180 + rnd() * 60)));
  }
  for (let i = 0; i < 4; i++) {
    points.push({
      t: 500 + i * 3000,
      src: 'ha',
      data: {
        zigbee2mqtt: {
          living_room: { temperature: round(21.2 + i * 0.1, 1), humidity: 48 - i, battery: 91 },
        },
      },
    });
  }
  points.push(ha(4_200, 'light', 'kitchen', 'ON'));
  points.push(ha(6_100, 'sensor', 'outdoor_temperature', 7.1));
  points.push(ha(10_300, 'light', 'kitchen', 'OFF'));
  write('home-panel', points);
}
