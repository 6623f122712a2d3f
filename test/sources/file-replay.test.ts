import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecordedEntry, type RecordedEntry, RingBuffer } from '../../src/data/index.js';
import { FileReplaySource, SourceSupervisor } from '../../src/sources/index.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { FakeClock, RecordingSink, waitUntil } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'td-replay-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function recording(entries: RecordedEntry[]): string {
  return entries.map((e) => `${encodeRecordedEntry(e)}\n`).join('');
}

function point(seq: number, t: number, data: Record<string, unknown>, src = 'cpu'): RecordedEntry {
  return { v: 1, seq, t, src, data };
}

// A looping recording that holds what the contract sends: a hostile entry, then points 1 and 2.
// (Looping keeps it live like a connection; the contract's tests each see the first pass.)
runSourceContract({
  name: 'file-replay (looping recording)',
  async setup(): Promise<ContractFixture> {
    const path = join(tempDir(), 'loop.ndjson');
    writeFileSync(
      path,
      [
        '{"v":1,"seq":0,"t":0,"src":"cpu","data":{"__proto__":{"polluted":1}}}',
        encodeRecordedEntry(point(1, 5, { load: 1 })),
        encodeRecordedEntry(point(2, 10, { load: 2 })),
        // A minute later: the loop comes round slowly, so each test sees one pass.
        encodeRecordedEntry(point(3, 60_000, { load: 3 })),
        '',
      ].join('\n'),
    );
    return {
      source: new FileReplaySource({ id: 'replay', path, loop: true }),
      sendValid: async () => undefined,
      expected: (n) => ({ load: n }),
      sendHostile: async () => undefined,
      hostileReason: 'forbidden-key',
      teardown: async () => undefined,
    };
  },
});

describe('FileReplaySource', () => {
  function setup(
    entries: RecordedEntry[] | string,
    options: { speed?: number; stamps?: 'now' | 'recorded'; only?: string } = {},
  ) {
    const path = join(tempDir(), 'rec.ndjson');
    writeFileSync(path, typeof entries === 'string' ? entries : recording(entries));
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(new FileReplaySource({ id: 'replay', path, ...options }), {
      sink,
      clock,
      report: () => undefined,
    });
    return { clock, sink, sup };
  }

  it('replays at real speed: each point when its recorded time comes round again', async () => {
    const { clock, sink, sup } = setup([
      point(0, 1_000, { a: 1 }),
      point(1, 1_500, { a: 2 }),
      point(2, 3_000, { a: 3 }),
    ]);
    sup.start();
    await waitUntil('the first point', () => sink.points.length === 1);
    clock.advance(499);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sink.points).toHaveLength(1);
    clock.advance(1);
    await waitUntil('the second point', () => sink.points.length === 2);
    clock.advance(1_500);
    await waitUntil('the end', () => sup.state === 'stopped');
    expect(sink.points.map((p) => p.data.a)).toEqual([1, 2, 3]);
    expect(sink.points.map((p) => p.options?.sourceTime)).toEqual([1_000, 1_500, 3_000]);
  });

  it('replays at a factor of real speed', async () => {
    const { clock, sink, sup } = setup([point(0, 0, { a: 1 }), point(1, 1_000, { a: 2 })], { speed: 4 });
    sup.start();
    await waitUntil('the first point', () => sink.points.length === 1);
    clock.advance(250);
    await waitUntil('the second point, 1000 ms / 4 later', () => sink.points.length === 2);
    await waitUntil('the end', () => sup.state === 'stopped');
  });

  it('passes gap markers on, refuses bad lines with a count, and keeps going', async () => {
    const text = [
      encodeRecordedEntry(point(0, 0, { a: 1 })),
      '{"v":1,"seq":1,"t":0,',
      '{"v":2,"seq":2,"t":0,"src":"cpu","data":{}}',
      encodeRecordedEntry({ v: 1, seq: 3, t: 0, src: 'cpu', marker: 'gap-start' }),
      encodeRecordedEntry({ v: 1, seq: 4, t: 0, src: 'cpu', marker: 'gap-end' }),
      encodeRecordedEntry(point(5, 0, { a: Number.MAX_VALUE })),
      '',
    ].join('\n');
    const { sink, sup } = setup(text);
    sup.start();
    await waitUntil('the end', () => sup.state === 'stopped');
    expect(sink.entries.map((e) => (e.kind === 'marker' ? e.marker : e.data.a))).toEqual([
      1,
      'gap-start',
      'gap-end',
      Number.MAX_VALUE,
    ]);
    expect(sup.metrics().refused['bad-json']).toBe(1);
    expect(sup.metrics().refused['wrong-type']).toBe(1);
  });

  it('keeps the recorded stamps in the RingBuffer with stamps: recorded', async () => {
    const path = join(tempDir(), 'rec.ndjson');
    writeFileSync(
      path,
      recording([point(0, 10, { a: 1 }), point(1, 20, { a: 2 }, 'other'), point(2, 30, { a: 3 })]),
    );
    const buffer = new RingBuffer({ capacity: 16 });
    const sup = new SourceSupervisor(
      new FileReplaySource({
        id: 'replay',
        path,
        speed: Number.POSITIVE_INFINITY,
        stamps: 'recorded',
        only: 'cpu',
      }),
      { sink: buffer, report: () => undefined },
    );
    sup.start();
    await waitUntil('the end', () => sup.state === 'stopped');
    expect(buffer.getLatest(10).map((p) => [p.time, p.fields.a, p.sourceId])).toEqual([
      [10, 1, 'replay'],
      [30, 3, 'replay'],
    ]);
  });

  it('stops in the middle of a wait without delivering more', async () => {
    const { clock, sink, sup } = setup([point(0, 0, { a: 1 }), point(1, 60_000, { a: 2 })]);
    sup.start();
    await waitUntil('the first point', () => sink.points.length === 1);
    await sup.stop();
    clock.advance(120_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sink.points).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('fails (and backs off) when the file does not exist', async () => {
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new FileReplaySource({ id: 'r', path: join(tempDir(), 'missing.ndjson') }),
      {
        sink,
        backoff: { initialDelay: 1, maxAttempts: 1 },
        report: () => undefined,
      },
    );
    sup.start();
    await waitUntil('failed', () => sup.state === 'failed');
    expect(sup.metrics().lastError).toMatch(/ENOENT/);
  });

  it('refuses bad options naming them', () => {
    expect(() => new FileReplaySource({ id: 'r', path: 'x', speed: 0 })).toThrow(
      /"speed": expected a number > 0/,
    );
    expect(() => new FileReplaySource({ id: 'r', path: '' })).toThrow(/"path"/);
  });
});
