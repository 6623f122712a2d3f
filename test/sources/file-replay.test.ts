import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecordedEntry, type RecordedEntry, RingBuffer } from '../../src/data/index.js';
import type { IngestOptions } from '../../src/data/sink.js';
import type { TimerHandle } from '../../src/sources/index.js';
import { FileReplaySource, SourceSupervisor } from '../../src/sources/index.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { FakeClock, RecordingSink, waitUntil } from './helpers.js';

/** A fake clock that can tell when a timer is pending for a given time: the replay parked on it. */
class ReplayClock extends FakeClock {
  /** Due time (ms) of each timer neither fired nor cleared, by handle. */
  private readonly waiting = new Map<TimerHandle, number>();

  override setTimeout(fn: () => void, ms: number): TimerHandle {
    const due = this.time + Math.max(0, ms);
    const handle: TimerHandle = super.setTimeout(() => {
      this.waiting.delete(handle);
      fn();
    }, ms);
    this.waiting.set(handle, due);
    return handle;
  }
  override clearTimeout(handle: TimerHandle): void {
    this.waiting.delete(handle);
    super.clearTimeout(handle);
  }
  /** Whether a pending timer falls due at exactly `due` ms. */
  waitsUntil(due: number): boolean {
    for (const d of this.waiting.values()) if (d === due) return true;
    return false;
  }
}

/** A recording sink that also notes the fake clock's time of each point's arrival. */
class TimedSink extends RecordingSink {
  readonly arrivals: number[] = [];
  constructor(private readonly clock: FakeClock) {
    super();
  }
  override addDataPoint(
    data: Readonly<Record<string, unknown>>,
    sourceId?: string,
    options?: IngestOptions,
  ): number {
    this.arrivals.push(this.clock.now());
    return super.addDataPoint(data, sourceId, options);
  }
}

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
  can: { sendHostile: true, interrupt: false },
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
    const clock = new ReplayClock();
    const sink = new TimedSink(clock);
    const source = new FileReplaySource({ id: 'replay', path, ...options });
    const sup = new SourceSupervisor(source, { sink, clock, onError: () => undefined });
    return { clock, sink, sup, source };
  }

  /**
   * Once the replay is parked on its timer for `due`, step the fake clock to 1 ms before it (nothing
   * arrives), then onto it (the next point arrives).
   */
  async function stepTo(clock: ReplayClock, sink: TimedSink, due: number): Promise<void> {
    await waitUntil(`the replay waiting for ${due} ms`, () => clock.waitsUntil(due));
    const held = sink.points.length;
    clock.advance(due - 1 - clock.time);
    // No timer fell due, so the replay is still parked: nothing can have arrived.
    expect(clock.waitsUntil(due)).toBe(true);
    expect(sink.points).toHaveLength(held);
    clock.advance(1);
    await waitUntil(`the point due at ${due} ms`, () => sink.points.length === held + 1);
  }

  it('replays at real speed: each point when its recorded time comes round again', async () => {
    const { clock, sink, sup } = setup([
      point(0, 1_000, { a: 1 }),
      point(1, 1_500, { a: 2 }),
      point(2, 3_000, { a: 3 }),
    ]);
    sup.start();
    await waitUntil('the first point', () => sink.points.length === 1);
    await stepTo(clock, sink, 500);
    await stepTo(clock, sink, 2_000);
    await waitUntil('the end', () => sup.state === 'stopped');
    expect(sink.arrivals).toEqual([0, 500, 2_000]);
    expect(sink.points.map((p) => p.data.a)).toEqual([1, 2, 3]);
    expect(sink.points.map((p) => p.options?.sourceTime)).toEqual([1_000, 1_500, 3_000]);
  });

  it('replays at a factor of real speed: at speed 4, a quarter of each recorded gap', async () => {
    const { clock, sink, sup } = setup(
      [point(0, 0, { a: 1 }), point(1, 1_000, { a: 2 }), point(2, 1_400, { a: 3 })],
      { speed: 4 },
    );
    sup.start();
    await waitUntil('the first point', () => sink.points.length === 1);
    await stepTo(clock, sink, 250); // 1,000 ms recorded / 4
    await stepTo(clock, sink, 350); // then 400 ms recorded / 4
    await waitUntil('the end', () => sup.state === 'stopped');
    expect(sink.arrivals).toEqual([0, 250, 350]);
    expect(sink.points.map((p) => p.data.a)).toEqual([1, 2, 3]);
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

  it('refuses a 10,000-deep line and reads on: no reconnect, no point delivered twice', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const text = [
      encodeRecordedEntry(point(0, 0, { a: 1 })),
      `{"v":1,"seq":1,"t":0,"src":"cpu","data":${deep}}`,
      `{"v":1,"seq":2,"t":0,"src":"cpu","data":{"x":${deep}}}`,
      encodeRecordedEntry(point(3, 0, { a: 2 })),
      '',
    ].join('\n');
    const { sink, sup } = setup(text);
    sup.start();
    await waitUntil('the end', () => sup.state === 'stopped');
    expect(sink.points.map((p) => p.data.a)).toEqual([1, 2]);
    const m = sup.metrics();
    expect(m.refused['bad-json']).toBe(2);
    expect(m.reconnects).toBe(0);
    expect(m.gaps).toBe(0);
    expect(sink.markers).toEqual([]);
  });

  it('resumes after the last line handled when a connection is started again', async () => {
    const { clock, sink, sup, source } = setup([
      point(0, 0, { a: 1 }),
      point(1, 1_000, { a: 2 }),
      point(2, 2_000, { a: 3 }),
    ]);
    sup.start();
    await waitUntil('the first point', () => sink.points.length === 1);
    await waitUntil('the replay waiting', () => clock.waitsUntil(1_000));
    // What a read error does to the connection: the source is closed and started again.
    await source.stop();
    expect(sink.points).toHaveLength(1);
    const lines: unknown[] = [];
    await source.start({
      sourceId: 'replay',
      clock,
      deliver: (data: unknown) => lines.push(data),
      deliverText: () => -1,
      marker: () => undefined,
      refuse: () => undefined,
      lose: () => undefined,
      duplicate: () => undefined,
      touch: () => undefined,
      disconnected: () => undefined,
      ended: () => undefined,
    } as never);
    await waitUntil('the next point', () => lines.length === 1);
    expect(lines[0]).toEqual({ a: 2 });
    await source.stop();
    await sup.stop();
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
      { sink: buffer, onError: () => undefined },
    );
    sup.start();
    await waitUntil('the end', () => sup.state === 'stopped');
    expect(buffer.getLatest(10).map((p) => [p.time, p.fields.a, p.sourceId])).toEqual([
      [10, 1, 'replay'],
      [30, 3, 'replay'],
    ]);
  });

  it('stops in the middle of a wait without delivering more', async () => {
    const { clock, sink, sup, source } = setup([point(0, 0, { a: 1 }), point(1, 60_000, { a: 2 })]);
    sup.start();
    await waitUntil('the first point', () => sink.points.length === 1);
    await waitUntil('the replay waiting for 60 s', () => clock.waitsUntil(60_000));
    // stop() resolves once the replay loop has ended, so nothing can arrive after it.
    await sup.stop();
    expect(clock.waitsUntil(60_000)).toBe(false);
    expect(clock.pending).toBe(0);
    clock.advance(120_000);
    expect(sink.points).toHaveLength(1);
    expect(source.stats.replayed).toBe(1);
    expect(sup.state).toBe('stopped');
  });

  it('fails (and backs off) when the file does not exist', async () => {
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new FileReplaySource({ id: 'r', path: join(tempDir(), 'missing.ndjson') }),
      {
        sink,
        backoff: { initialDelayMs: 1, maxAttempts: 1 },
        onError: () => undefined,
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
