/**
 * `DataStore`: the latest value of every key, with the sequence and arrival time it came with, and
 * a status from a per-key `staleAfter`. Bindings and triggers read it at tick boundaries; it never
 * reads a clock: `update(upToTime)` and `status(key, now)` take time from the caller (ms, the buffer's
 * clock), so the same stamps give the same answers in replay.
 */
import type { FieldValue } from './payload.js';
import type { RingBuffer } from './ring-buffer.js';
import { type DataPoint, fieldAt, type PointKind, type ReadableColumn } from './ring-reads.js';

/** `fresh`: a value younger than `staleAfter`; `stale`: older, or its source reported a gap (`gap-start`, until `gap-end` or its next data); `no-data`: never seen. */
export type DataStatus = 'fresh' | 'stale' | 'no-data';

export interface DataStoreOptions {
  /** Age in ms after which a value is `stale`. Default `Infinity` (never, by age). */
  readonly staleAfter?: number;
  /** Per-key `staleAfter` (ms) by dotted path; overrides `staleAfter`. */
  readonly staleAfterByKey?: Readonly<Record<string, number>>;
  /** Most keys held; values of further keys are not kept and are counted in `droppedKeys`. Default 4,096. */
  readonly maxKeys?: number;
}

/** The latest value of a key. The store updates it in place: copy the fields to keep them. */
export interface StoredValue {
  readonly key: string;
  readonly value: FieldValue;
  readonly seq: number;
  /** Arrival time, ms on the buffer's clock. */
  readonly time: number;
  readonly sourceId: string;
  /** How many times this key was set: compare with a remembered version to see a change. */
  readonly version: number;
}

class Entry implements StoredValue {
  value: FieldValue = null;
  seq = 0;
  time = 0;
  sourceId = '';
  version = 0;
  staleAfter: number;
  constructor(
    readonly key: string,
    staleAfter: number,
  ) {
    this.staleAfter = staleAfter;
  }
}

function checkMs(name: string, v: number): number {
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) {
    throw new RangeError(`DataStore: option "${name}" must be a number of ms >= 0, got ${String(v)}`);
  }
  return v;
}

export class DataStore {
  /** Points the followed buffer overwrote before `update` read them. */
  gapCount = 0;
  /** Values not kept because `maxKeys` was reached. */
  droppedKeys = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly staleAfter: number;
  private readonly staleAfterByKey: ReadonlyMap<string, number>;
  private readonly maxKeys: number;
  /** Sources between a `gap-start` and a `gap-end` marker. */
  private readonly interrupted = new Set<string>();
  private buffer: RingBuffer | undefined;
  private position = 0;
  /** Entry per column of the followed buffer, so `update` needs no Map lookup per field. */
  private readonly byColumn: (Entry | null)[] = [];

  constructor(options: DataStoreOptions = {}) {
    this.staleAfter = checkMs('staleAfter', options.staleAfter ?? Number.POSITIVE_INFINITY);
    const byKey = new Map<string, number>();
    for (const [key, ms] of Object.entries(options.staleAfterByKey ?? {})) {
      byKey.set(key, checkMs(`staleAfterByKey.${key}`, ms));
    }
    this.staleAfterByKey = byKey;
    const maxKeys = options.maxKeys ?? 4096;
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError(`DataStore: option "maxKeys" must be a positive integer, got ${String(maxKeys)}`);
    }
    this.maxKeys = maxKeys;
  }

  /**
   * Read from `buffer` on each `update`. `start: 'oldest'` (default) takes what the buffer holds now;
   * `'next'` only what arrives from now on.
   */
  follow(buffer: RingBuffer, start: 'oldest' | 'next' = 'oldest'): void {
    this.buffer = buffer;
    this.position = start === 'oldest' ? buffer.oldestSeq - 1 : buffer.newestSeq;
    this.byColumn.length = 0;
  }

  /**
   * Apply every point of the followed buffer that arrived at or before `upToTime` (ms) and was not
   * applied yet, in order. Returns how many points were applied; points overwritten before this call
   * add to `gapCount`. Allocates nothing per point for numeric fields.
   */
  update(upToTime: number): number {
    const buffer = this.buffer;
    if (buffer === undefined) throw new Error('DataStore.update: call follow(buffer) first');
    const skipped = buffer.readSince(this.position, 0);
    this.gapCount += skipped.missed;
    let seq = skipped.lastSeq + 1;
    let applied = 0;
    const columns: readonly ReadableColumn[] = buffer.columnList;
    for (; seq <= buffer.newestSeq && buffer.timeOf(seq) <= upToTime; seq++) {
      const kind = buffer.kindOf(seq) as PointKind;
      const sourceId = buffer.sourceIdAt(seq) as string;
      if (kind !== 'data') {
        this.mark(sourceId, kind);
      } else {
        if (this.interrupted.size > 0) this.interrupted.delete(sourceId);
        const time = buffer.timeOf(seq);
        for (let c = 0; c < columns.length; c++) {
          const col = columns[c] as ReadableColumn;
          const v = fieldAt(buffer, seq, col);
          if (v === undefined) continue;
          let entry = this.byColumn[c];
          if (entry === undefined) {
            entry = this.entryFor(col.key);
            this.byColumn[c] = entry;
          }
          if (entry === null) {
            this.droppedKeys++;
            continue;
          }
          this.set(entry, v, seq, time, sourceId);
        }
      }
      applied++;
    }
    this.position = seq - 1;
    return applied;
  }

  /** Apply one point directly (for a store fed without a buffer, e.g. in tests or replays). */
  apply(point: DataPoint): void {
    if (point.kind !== 'data') {
      this.mark(point.sourceId, point.kind);
      return;
    }
    if (this.interrupted.size > 0) this.interrupted.delete(point.sourceId);
    for (const key in point.fields) {
      const entry = this.entryFor(key);
      if (entry === null) {
        this.droppedKeys++;
        continue;
      }
      this.set(entry, point.fields[key] as FieldValue, point.seq, point.time, point.sourceId);
    }
  }

  /** The latest value of `key` with its sequence, time and source, or undefined before any. */
  get(key: string): StoredValue | undefined {
    const e = this.entries.get(key);
    return e === undefined || e.version === 0 ? undefined : e;
  }

  /** Just the latest value of `key`. */
  value(key: string): FieldValue | undefined {
    return this.get(key)?.value;
  }

  /** `fresh`, `stale` (older than its `staleAfter` at `now` ms, or its source in a gap) or `no-data`. */
  status(key: string, now: number): DataStatus {
    const e = this.entries.get(key);
    if (e === undefined || e.version === 0) return 'no-data';
    if (this.interrupted.has(e.sourceId)) return 'stale';
    return now - e.time > e.staleAfter ? 'stale' : 'fresh';
  }

  /** ms since `key`'s latest value arrived, at `now`; `Infinity` before any value. */
  age(key: string, now: number): number {
    const e = this.entries.get(key);
    return e === undefined || e.version === 0 ? Number.POSITIVE_INFINITY : now - e.time;
  }

  /** Whether `sourceId` is between a `gap-start` and a `gap-end` marker. */
  sourceState(sourceId: string): 'live' | 'interrupted' {
    return this.interrupted.has(sourceId) ? 'interrupted' : 'live';
  }

  /** Keys with a value, in the order first seen. */
  keys(): string[] {
    const out: string[] = [];
    for (const e of this.entries.values()) if (e.version > 0) out.push(e.key);
    return out;
  }

  private mark(sourceId: string, kind: 'gap-start' | 'gap-end'): void {
    if (kind === 'gap-start') this.interrupted.add(sourceId);
    else this.interrupted.delete(sourceId);
  }

  private entryFor(key: string): Entry | null {
    let e = this.entries.get(key);
    if (e === undefined) {
      if (this.entries.size >= this.maxKeys) return null;
      e = new Entry(key, this.staleAfterByKey.get(key) ?? this.staleAfter);
      this.entries.set(key, e);
    }
    return e;
  }

  private set(e: Entry, value: FieldValue, seq: number, time: number, sourceId: string): void {
    e.value = value;
    e.seq = seq;
    e.time = time;
    e.sourceId = sourceId;
    e.version++;
  }
}
