/**
 * The reading side of `RingBuffer`: which sequence numbers it holds, and every read, through the
 * algorithms of ring-reads.ts (shared with `SharedRingBuffer`); the buffer itself adds ingestion.
 */
import { DataCursor } from './cursor.js';
import type { FieldValue } from './payload.js';
import {
  type ColumnarStore,
  type DataPoint,
  FLAG_GAP_END,
  FLAG_GAP_START,
  fieldAt,
  firstSeqAtOrAfter,
  getBySequence,
  getDataSince,
  getLatest,
  isHeld,
  type PointKind,
  pointAt,
  type ReadableColumn,
  type ReadResult,
  readSince,
  slotOf,
  stats,
  type WindowStats,
  window,
} from './ring-reads.js';

export abstract class RingView implements ColumnarStore {
  abstract readonly capacity: number;
  /** Arrival times (ms), one per slot. */
  abstract readonly times: Float64Array;
  /** Source index per slot (see `sourceIdOf`). */
  abstract readonly sources: Uint16Array;
  /** `FLAG_*` bits per slot. */
  abstract readonly flags: Uint8Array;
  abstract readonly columnList: readonly ReadableColumn[];
  abstract readonly columnsByKey: ReadonlyMap<string, ReadableColumn>;
  /** The source id of a stored source index. */
  abstract sourceIdOf(index: number): string;
  /** `missed` points were overwritten before a `readSince` could read them. */
  protected abstract recordReaderGap(missed: number): void;
  /** The sequence number the next point gets (1, 2, 3...: never reused). */
  protected seqNext = 1;
  /** Points held: sequence numbers `seqNext - held` to `seqNext - 1`. */
  protected held = 0;

  /** Sequence number the next point will get. */
  get nextSeq(): number {
    return this.seqNext;
  }

  /** Points held now. */
  get count(): number {
    return this.held;
  }

  /** Sequence number of the oldest point held (equal to `nextSeq` when empty). */
  get oldestSeq(): number {
    return this.seqNext - this.held;
  }

  /** Sequence number of the newest point held (`oldestSeq - 1` when empty). */
  get newestSeq(): number {
    return this.seqNext - 1;
  }

  /** The point with this sequence number, or undefined when it was overwritten or does not exist yet. */
  getBySequence(seq: number): DataPoint | undefined {
    return getBySequence(this, seq);
  }

  /** The newest `n` points, markers included, oldest first. */
  getLatest(n: number): DataPoint[] {
    return getLatest(this, n);
  }

  /** Points that arrived at or after `time` (ms, this buffer's clock), oldest first. */
  getDataSince(time: number): DataPoint[] {
    return getDataSince(this, time);
  }

  /**
   * Points after `afterSeq` (at most `max`, default all), plus `missed`: how many points after
   * `afterSeq` were overwritten before this read (also counted in the monitor as reader gaps).
   */
  readSince(afterSeq: number, max?: number): ReadResult {
    const result = readSince(this, afterSeq, max);
    if (result.missed > 0) this.recordReaderGap(result.missed);
    return result;
  }

  /** A reader that remembers its position and counts its gaps (see `DataCursor`). */
  createCursor(start: 'oldest' | 'next' = 'next'): DataCursor {
    return new DataCursor(this, start === 'oldest' ? this.oldestSeq - 1 : this.newestSeq);
  }

  /** The last `n` values of a numeric field, oldest first (markers and absences skipped). See `window`. */
  window(key: string, n: number, out?: Float64Array): Float64Array {
    return window(this, key, n, out);
  }

  /** min, max, mean, last over the last `n` values of a numeric field. */
  stats(key: string, n: number): WindowStats {
    return stats(this, key, n);
  }

  /** One field of a held point without building the point (undefined: absent, or not held). */
  fieldValue(seq: number, key: string): FieldValue | undefined {
    const col = this.columnsByKey.get(key);
    return col !== undefined && isHeld(this, seq) ? fieldAt(this, seq, col) : undefined;
  }

  /** Arrival time of a held point (ms), or NaN. */
  timeOf(seq: number): number {
    return isHeld(this, seq) ? (this.times[slotOf(this, seq)] as number) : Number.NaN;
  }

  /** `data`, `gap-start` or `gap-end` for a held point; undefined when not held. */
  kindOf(seq: number): PointKind | undefined {
    if (!isHeld(this, seq)) return undefined;
    const f = this.flags[slotOf(this, seq)] as number;
    return f & FLAG_GAP_START ? 'gap-start' : f & FLAG_GAP_END ? 'gap-end' : 'data';
  }

  /** Source id of a held point; undefined when not held. */
  sourceIdAt(seq: number): string | undefined {
    return isHeld(this, seq) ? this.sourceIdOf(this.sources[slotOf(this, seq)] as number) : undefined;
  }

  /** First held sequence number that arrived at or after `time` (`nextSeq` when none). */
  seqAtOrAfter(time: number): number {
    return firstSeqAtOrAfter(this, time);
  }

  /** Held points, oldest first, built one at a time (the buffer is never copied). */
  *[Symbol.iterator](): IterableIterator<DataPoint> {
    // Re-check each step: points may be overwritten while the caller iterates.
    for (let s = this.oldestSeq; s <= this.newestSeq; s = Math.max(s + 1, this.oldestSeq))
      yield pointAt(this, s);
  }
}
