/**
 * The reading side of a `SharedRingBuffer`: views over the shared memory, and the `RingBuffer`
 * reading API checked against the producer's concurrent overwrites (a per-slot seqlock: a point is
 * returned only if its slot's stamp still holds its sequence after the read). The producer side is in
 * shared-ring-buffer.ts.
 */
import {
  type ColumnarStore,
  type DataPoint,
  getBySequence,
  getDataSince,
  getLatest,
  lastScanLowSeq,
  type ReadableColumn,
  type ReadResult,
  readSince,
  slotOf,
  stats,
  type WindowStats,
  window,
} from './ring-reads.js';
import {
  H_CAPACITY,
  H_MAGIC,
  H_OUT_OF_ORDER,
  H_PUBLISHED_HI,
  H_PUBLISHED_LO,
  H_REJECTED,
  HEADER_INTS,
  layout,
  MAGIC,
  type SharedColumn,
  type SharedRingHandle,
} from './shared-ring-layout.js';

function overrun(): Error {
  return new Error(
    'SharedRingBuffer: the producer overwrote the range being read 9 times in a row; raise "capacity"',
  );
}

export class SharedRingView implements ColumnarStore {
  readonly capacity: number;
  readonly times: Float64Array;
  readonly sources: Uint16Array;
  readonly flags: Uint8Array;
  readonly columnList: readonly SharedColumn[];
  readonly columnsByKey: ReadonlyMap<string, ReadableColumn>;
  /** Points this consumer missed because they were overwritten before it read them. */
  gapCount = 0;
  protected readonly header: Int32Array;
  protected readonly stamps: Int32Array;
  protected readonly sourceNames: readonly string[];
  protected readonly columns: readonly Float64Array[];

  protected constructor(handle: SharedRingHandle) {
    const { buffer, capacity, fields, sources } = handle;
    const l = layout(capacity, fields.length);
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength !== l.bytes) {
      throw new TypeError(
        'SharedRingBuffer: handle.buffer must be the SharedArrayBuffer of a matching handle',
      );
    }
    this.header = new Int32Array(buffer, 0, HEADER_INTS);
    if (this.header[H_MAGIC] !== MAGIC || this.header[H_CAPACITY] !== capacity) {
      throw new TypeError('SharedRingBuffer: handle.buffer was not created by SharedRingBuffer.create');
    }
    this.capacity = capacity;
    this.times = new Float64Array(buffer, l.times, capacity);
    this.stamps = new Int32Array(buffer, l.stamps, capacity);
    this.sources = new Uint16Array(buffer, l.sources, capacity);
    this.flags = new Uint8Array(buffer, l.flags, capacity);
    this.columns = fields.map((_, i) => new Float64Array(buffer, l.columns + 8 * capacity * i, capacity));
    this.columnList = fields.map((key, i) => ({
      key,
      type: 'number' as const,
      data: this.columns[i] as Float64Array,
      index: i,
    }));
    this.columnsByKey = new Map(this.columnList.map((c) => [c.key, c]));
    this.sourceNames = sources;
  }

  /** What another thread needs to `attach` (pass it as `workerData`). */
  get handle(): SharedRingHandle {
    return {
      buffer: this.header.buffer as SharedArrayBuffer,
      capacity: this.capacity,
      fields: this.columnList.map((c) => c.key),
      sources: this.sourceNames,
    };
  }

  /** Newest published sequence number (0 before any). */
  published(): number {
    // The producer writes the high word before the low word; re-read the high word to get a pair
    // that belongs together (it changes once every 2^32 points).
    for (;;) {
      const hi = Atomics.load(this.header, H_PUBLISHED_HI);
      const lo = Atomics.load(this.header, H_PUBLISHED_LO) >>> 0;
      if (Atomics.load(this.header, H_PUBLISHED_HI) === hi) return hi * 2 ** 32 + lo;
    }
  }

  get newestSeq(): number {
    return this.published();
  }

  /** Oldest sequence the consumer may read: one slot is kept free for the point being written. */
  get oldestSeq(): number {
    return Math.max(1, this.published() - this.capacity + 2);
  }

  sourceIdOf(index: number): string {
    return this.sourceNames[index] ?? '';
  }

  /** Points refused by the producer (payload errors), and out-of-order source stamps, across threads. */
  get stats(): { readonly rejectedPoints: number; readonly outOfOrder: number } {
    return {
      rejectedPoints: Atomics.load(this.header, H_REJECTED),
      outOfOrder: Atomics.load(this.header, H_OUT_OF_ORDER),
    };
  }

  /** A fixed range to read, so a read never chases a moving producer. */
  private pinned(): ColumnarStore {
    const newest = this.published();
    const oldest = Math.max(1, newest - this.capacity + 2);
    return {
      capacity: this.capacity,
      oldestSeq: oldest,
      newestSeq: newest,
      times: this.times,
      sources: this.sources,
      flags: this.flags,
      columnList: this.columnList,
      columnsByKey: this.columnsByKey,
      sourceIdOf: (i) => this.sourceIdOf(i),
    };
  }

  /** Whether the point `seq` is still intact (not overwritten, not being written). */
  private intact(seq: number): boolean {
    return Atomics.load(this.stamps, slotOf(this, seq)) === (seq | 0);
  }

  /** Keep the points still intact after building them (an overwritten prefix is dropped). */
  private keepIntact(points: DataPoint[]): { points: DataPoint[]; lost: number } {
    let first = 0;
    while (first < points.length && !this.intact((points[first] as DataPoint).seq)) first++;
    return { points: first === 0 ? points : points.slice(first), lost: first };
  }

  getBySequence(seq: number): DataPoint | undefined {
    const p = getBySequence(this.pinned(), seq);
    return p !== undefined && this.intact(seq) ? p : undefined;
  }

  getLatest(n: number): DataPoint[] {
    return this.keepIntact(getLatest(this.pinned(), n)).points;
  }

  getDataSince(time: number): DataPoint[] {
    return this.keepIntact(getDataSince(this.pinned(), time)).points;
  }

  /** Points after `afterSeq`; `missed` counts those overwritten before or while being read. */
  readSince(afterSeq: number, max?: number): ReadResult {
    const r = readSince(this.pinned(), afterSeq, max);
    const kept = this.keepIntact(r.points);
    const missed = r.missed + kept.lost;
    this.gapCount += missed;
    return { points: kept.points, missed, lastSeq: r.lastSeq };
  }

  /**
   * Zero-copy bulk read for a fast consumer: the values of `keys` for the points after `afterSeq`
   * go into `out[k][0..count)` (one array per key, NaN where a point lacks the field or is a marker),
   * and their arrival times into `times` when given. Reads at most as many points as the arrays
   * hold. Points overwritten before or during the copy are left out and counted in `missed`.
   */
  copySince(
    afterSeq: number,
    keys: readonly string[],
    out: readonly Float64Array[],
    times?: Float64Array,
  ): { readonly count: number; readonly missed: number; readonly lastSeq: number } {
    if (keys.length !== out.length) {
      throw new RangeError(`SharedRingBuffer.copySince: ${keys.length} keys but ${out.length} output arrays`);
    }
    const data: Float64Array[] = [];
    for (const key of keys) {
      const col = this.columnsByKey.get(key);
      if (col === undefined) throw new RangeError(`SharedRingBuffer.copySince: unknown field "${key}"`);
      data.push(col.data as Float64Array);
    }
    let room = times?.length ?? Number.POSITIVE_INFINITY;
    for (const o of out) room = Math.min(room, o.length);
    if (room === Number.POSITIVE_INFINITY) room = 0;
    const newest = this.published();
    const oldest = Math.max(1, newest - this.capacity + 2);
    let from = Math.max(0, Math.floor(afterSeq)) + 1;
    let missed = 0;
    if (from < oldest) {
      missed = oldest - from;
      from = oldest;
    }
    const to = Math.min(newest, from + room - 1);
    for (let s = from, i = 0; s <= to; s++, i++) {
      const slot = slotOf(this, s);
      for (let k = 0; k < data.length; k++)
        (out[k] as Float64Array)[i] = (data[k] as Float64Array)[slot] as number;
      if (times !== undefined) times[i] = this.times[slot] as number;
    }
    // Overwrites run oldest first: the first intact point marks where the valid copy starts.
    let lost = 0;
    while (from + lost <= to && !this.intact(from + lost)) lost++;
    const count = to - from + 1 - lost;
    if (lost > 0 && count > 0) {
      for (const o of out) o.copyWithin(0, lost, lost + count);
      times?.copyWithin(0, lost, lost + count);
    }
    this.gapCount += missed + lost;
    return {
      count: Math.max(0, count),
      missed: missed + lost,
      lastSeq: Math.max(Math.floor(afterSeq), to, from - 1),
    };
  }

  window(key: string, n: number, out?: Float64Array): Float64Array {
    for (let attempt = 0; ; attempt++) {
      const result = window(this.pinned(), key, n, out);
      if (this.scanIntact()) return result;
      if (attempt >= 8) throw overrun();
    }
  }

  windowStats(key: string, n: number): WindowStats {
    for (let attempt = 0; ; attempt++) {
      const result = stats(this.pinned(), key, n);
      if (this.scanIntact()) return result;
      if (attempt >= 8) throw overrun();
    }
  }

  /** After a window/stats scan: if its oldest point is intact, every newer one is too. */
  private scanIntact(): boolean {
    return lastScanLowSeq === Number.POSITIVE_INFINITY || this.intact(lastScanLowSeq);
  }
}
