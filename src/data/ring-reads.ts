/**
 * Reading a columnar ring: the same algorithms serve `RingBuffer` and `SharedRingBuffer`, over
 * anything shaped like `ColumnarStore`. Reads never copy the whole buffer: a point object is built
 * only for the points asked for, and `window` copies only the n values it returns.
 */
import type { FieldType } from './columns.js';
import type { FieldValue } from './payload.js';

/** Bits of `flags[slot]`: the point is a gap-start / gap-end marker, out of order, or partial. */
export const FLAG_GAP_START = 1;
/** Bit of a slot's flags: the point is a `gap-end` marker. */
export const FLAG_GAP_END = 2;
/** Bit of a slot's flags: the point's source time went backwards (it arrived out of order). */
export const FLAG_OUT_OF_ORDER = 4;
/** Bit of a slot's flags: some of the payload's fields were not stored (a column limit). */
export const FLAG_PARTIAL = 8;

/**
 * One field's column of a ring buffer as readers see it: its key, type, values by slot and the
 * last sequence that wrote it.
 */
export interface ReadableColumn {
  readonly key: string;
  readonly type: FieldType;
  readonly data: ArrayLike<number> | ArrayLike<FieldValue | undefined>;
  /** The last sequence that wrote a value into the column, where the store keeps it. */
  readonly lastSeq?: number;
}

/** What the read functions need of a ring. The point with sequence s lives in slot (s - 1) % capacity. */
export interface ColumnarStore {
  readonly capacity: number;
  readonly oldestSeq: number;
  readonly newestSeq: number;
  readonly times: Float64Array;
  readonly sources: Uint16Array;
  readonly flags: Uint8Array;
  readonly columnList: readonly ReadableColumn[];
  readonly columnsByKey: ReadonlyMap<string, ReadableColumn>;
  sourceIdOf(index: number): string;
}

/** `data` for a point with fields, or the gap marker it is. */
export type PointKind = 'data' | 'gap-start' | 'gap-end';

/** One stored point, as a plain object (reads build these; the ring itself holds columns). */
export interface DataPoint {
  readonly seq: number;
  /** Arrival time, ms on the buffer's clock. */
  readonly time: number;
  readonly sourceId: string;
  readonly kind: PointKind;
  /** `out-of-order` when the source's own timestamp went backwards (the point is kept in arrival order). */
  readonly order: 'in-order' | 'out-of-order';
  /** `partial` when bad fields were dropped (`badField: 'drop-field'`) and the rest kept. */
  readonly completeness: 'complete' | 'partial';
  /** Fields by dotted path; a field absent from the point is absent here (a null-prototype object). */
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/** What `readSince` returns. */
export interface ReadResult {
  readonly points: DataPoint[];
  /** Points after `afterSeq` that were overwritten before this read: lost to this reader, counted. */
  readonly missed: number;
  /** Pass this as `afterSeq` next time. */
  readonly lastSeq: number;
}

/** What `stats` returns. Over no values: count 0 and NaN elsewhere. */
export interface WindowStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly last: number;
}

/**
 * Lowest sequence number the last `window`/`stats` call read (`Infinity` when it read none): lets a
 * shared ring check afterwards that nothing it read was overwritten meanwhile.
 */
export let lastScanLowSeq = Number.POSITIVE_INFINITY;

/** The slot of sequence number `seq`: the one place the data layer maps sequences to slots. */
export function slotOf(store: { readonly capacity: number }, seq: number): number {
  return (seq - 1) % store.capacity;
}

export function isHeld(store: ColumnarStore, seq: number): boolean {
  return Number.isInteger(seq) && seq >= store.oldestSeq && seq <= store.newestSeq;
}

/** Value of column `col` at the held point `seq`, or undefined when absent. */
export function fieldAt(store: ColumnarStore, seq: number, col: ReadableColumn): FieldValue | undefined {
  const v = col.data[slotOf(store, seq)];
  if (col.type === 'number') return Number.isNaN(v) ? undefined : (v as number);
  return v as FieldValue | undefined;
}

/** Build the point object for a held sequence number (cold path: allocates). */
export function pointAt(store: ColumnarStore, seq: number): DataPoint {
  const slot = slotOf(store, seq);
  const flags = store.flags[slot] as number;
  const fields = Object.create(null) as Record<string, FieldValue>;
  const kind: PointKind = flags & FLAG_GAP_START ? 'gap-start' : flags & FLAG_GAP_END ? 'gap-end' : 'data';
  if (kind === 'data') {
    for (const col of store.columnList) {
      const v = fieldAt(store, seq, col);
      if (v !== undefined) fields[col.key] = v;
    }
  }
  return {
    seq,
    time: store.times[slot] as number,
    sourceId: store.sourceIdOf(store.sources[slot] as number),
    kind,
    order: flags & FLAG_OUT_OF_ORDER ? 'out-of-order' : 'in-order',
    completeness: flags & FLAG_PARTIAL ? 'partial' : 'complete',
    fields,
  };
}

export function getBySequence(store: ColumnarStore, seq: number): DataPoint | undefined {
  return isHeld(store, seq) ? pointAt(store, seq) : undefined;
}

/** The newest `n` points (markers included), oldest first. */
export function getLatest(store: ColumnarStore, n: number): DataPoint[] {
  const newest = store.newestSeq;
  const from = Math.max(store.oldestSeq, newest - Math.max(0, Math.floor(n)) + 1);
  const out: DataPoint[] = [];
  for (let s = from; s <= newest; s++) out.push(pointAt(store, s));
  return out;
}

/** First held sequence whose arrival time is >= `time` (`newestSeq + 1` when none): binary search. */
export function firstSeqAtOrAfter(store: ColumnarStore, time: number): number {
  let lo = store.oldestSeq;
  let hi = store.newestSeq + 1;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if ((store.times[slotOf(store, mid)] as number) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Points that arrived at or after `time` (ms, buffer clock), oldest first. */
export function getDataSince(store: ColumnarStore, time: number): DataPoint[] {
  const out: DataPoint[] = [];
  const newest = store.newestSeq;
  for (let s = firstSeqAtOrAfter(store, time); s <= newest; s++) out.push(pointAt(store, s));
  return out;
}

/** Points after `afterSeq` (at most `max`), and how many of them were already overwritten. */
export function readSince(
  store: ColumnarStore,
  afterSeq: number,
  max = Number.POSITIVE_INFINITY,
): ReadResult {
  const oldest = store.oldestSeq;
  const newest = store.newestSeq;
  let from = Math.max(0, Math.floor(afterSeq)) + 1;
  let missed = 0;
  if (from < oldest) {
    missed = oldest - from;
    from = oldest;
  }
  const to = Math.min(newest, from + Math.max(0, Math.floor(max)) - 1);
  const points: DataPoint[] = [];
  for (let s = from; s <= to; s++) points.push(pointAt(store, s));
  return { points, missed, lastSeq: Math.max(Math.floor(afterSeq), to, from - 1) };
}

function numericColumn(store: ColumnarStore, key: string): ReadableColumn | undefined {
  const col = store.columnsByKey.get(key);
  if (col !== undefined && col.type !== 'number') {
    throw new TypeError(`window/stats: field "${key}" holds ${col.type} values, not numbers`);
  }
  return col;
}

/**
 * The last `n` values of a numeric field, oldest first, written into `out` (default a new
 * Float64Array(n)). Points without the field, and gap markers, are skipped. Returns `out` itself when
 * it was filled exactly, else a view of the filled part. An unknown key gives an empty array.
 */
export function window(store: ColumnarStore, key: string, n: number, out?: Float64Array): Float64Array {
  const want = Math.max(0, Math.floor(n));
  const target = out ?? new Float64Array(want);
  if (target.length < want) {
    throw new RangeError(`window: "out" holds ${target.length} values, fewer than n = ${want}`);
  }
  const col = numericColumn(store, key);
  lastScanLowSeq = Number.POSITIVE_INFINITY;
  if (col === undefined || want === 0) return target.subarray(0, 0);
  const data = col.data as ArrayLike<number>;
  let i = want;
  for (let s = store.newestSeq, oldest = store.oldestSeq; s >= oldest && i > 0; s--) {
    const v = data[slotOf(store, s)] as number;
    lastScanLowSeq = s;
    if (!Number.isNaN(v)) target[--i] = v;
  }
  if (i === 0 && target.length === want) return target;
  if (i > 0) target.copyWithin(0, i, want);
  return target.subarray(0, want - i);
}

/** min, max, mean and last of the last `n` values of a numeric field (markers and absences skipped). */
export function stats(store: ColumnarStore, key: string, n: number): WindowStats {
  const col = numericColumn(store, key);
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let last = Number.NaN;
  lastScanLowSeq = Number.POSITIVE_INFINITY;
  if (col !== undefined) {
    const data = col.data as ArrayLike<number>;
    const want = Math.max(0, Math.floor(n));
    for (let s = store.newestSeq, oldest = store.oldestSeq; s >= oldest && count < want; s--) {
      const v = data[slotOf(store, s)] as number;
      lastScanLowSeq = s;
      if (Number.isNaN(v)) continue;
      if (count === 0) last = v;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (count === 0) return { count, min: Number.NaN, max: Number.NaN, mean: Number.NaN, last };
  return { count, min, max, mean: sum / count, last };
}
