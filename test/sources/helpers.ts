/** Test parts for the sources suite: a fake clock, a recording sink, bounded waits. */
import type { DataSink, GapMarker, IngestOptions } from '../../src/data/sink.js';
import type { SourceClock, TimerHandle } from '../../src/sources/index.js';

interface FakeTimer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/** A clock whose time moves only when the test says so. */
export class FakeClock implements SourceClock {
  time = 0;
  private nextId = 1;
  private timers: FakeTimer[] = [];

  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, due: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  /** Move time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.due);
      due.fn();
    }
    this.time = end;
  }
}

export type SinkEntry =
  | {
      readonly kind: 'point';
      readonly seq: number;
      readonly sourceId: string;
      readonly data: Record<string, unknown>;
      readonly options: IngestOptions | undefined;
    }
  | { readonly kind: 'marker'; readonly seq: number; readonly sourceId: string; readonly marker: GapMarker };

/** A `DataSink` that records every call. */
export class RecordingSink implements DataSink {
  readonly entries: SinkEntry[] = [];
  private seq = 0;
  addDataPoint(
    data: Readonly<Record<string, unknown>>,
    sourceId = 'default',
    options?: IngestOptions,
  ): number {
    const seq = this.seq++;
    this.entries.push({ kind: 'point', seq, sourceId, data: { ...data }, options });
    return seq;
  }
  addMarker(sourceId: string, marker: GapMarker): number {
    const seq = this.seq++;
    this.entries.push({ kind: 'marker', seq, sourceId, marker });
    return seq;
  }
  get points(): Extract<SinkEntry, { kind: 'point' }>[] {
    return this.entries.filter((e): e is Extract<SinkEntry, { kind: 'point' }> => e.kind === 'point');
  }
  get markers(): GapMarker[] {
    return this.entries.flatMap((e) => (e.kind === 'marker' ? [e.marker] : []));
  }
}

/** Let pending promise callbacks run (fake-time tests). */
export async function flushPromises(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Poll `condition` every `every` ms until true; throw after `timeout` ms naming what was awaited. */
export async function waitUntil(
  what: string,
  condition: () => boolean,
  timeout = 5_000,
  every = 5,
): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout)
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
