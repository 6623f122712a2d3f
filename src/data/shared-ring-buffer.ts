/**
 * `SharedRingBuffer`: the ring's reading API over a `SharedArrayBuffer`, written by one producer
 * (typically in a `worker_thread`) and read by one consumer thread.
 *
 * Wait-free on the hot path: the producer never waits for the consumer. Per point it marks the
 * slot's stamp "being written" (0), writes the columns, stamps the slot with the sequence number and
 * publishes it, all with `Atomics.store`. The consumer reads a slot, then checks its stamp still holds
 * the sequence it expected (a per-slot seqlock): a point overwritten before or while it was read is
 * not returned but counted in `missed` / `gapCount`, so the consumer always knows what it lost.
 *
 * Fields are numeric and declared up front (the columns live in the shared memory); sources are
 * declared up front too (a string table cannot be shared). Stamps compare across threads: the
 * default clock is `performance.timeOrigin + performance.now()` (ms).
 */
import { performance } from 'node:perf_hooks';
import {
  type FieldValue,
  flattenPayload,
  type PayloadLimits,
  payloadError,
  resolvePayloadLimits,
} from './payload.js';
import {
  type ColumnarStore,
  type DataPoint,
  FLAG_GAP_END,
  FLAG_GAP_START,
  FLAG_OUT_OF_ORDER,
  getBySequence,
  getDataSince,
  getLatest,
  lastScanLowSeq,
  type ReadableColumn,
  type ReadResult,
  readSince,
  stats,
  type WindowStats,
  window,
} from './ring-reads.js';
import { ShapeCache } from './shape-cache.js';
import type { DataSink, GapMarker, IngestOptions } from './sink.js';

function overrun(): Error {
  return new Error(
    'SharedRingBuffer: the producer overwrote the range being read 9 times in a row; raise "capacity"',
  );
}

const MAGIC = 0x74647362; // 'tdsb'
const H_MAGIC = 0;
const H_CAPACITY = 1;
const H_FIELDS = 2;
const H_PUBLISHED_LO = 3; // newest published sequence number, low 32 bits
const H_PUBLISHED_HI = 4; // and high bits (written before the low word; read as a pair, see published())
const H_PRODUCER = 5; // 1 once a producer attached
const H_REJECTED = 6;
const H_OUT_OF_ORDER = 7;
const HEADER_INTS = 16;

/** A numeric column in shared memory. */
interface SharedColumn extends ReadableColumn {
  readonly type: 'number';
  readonly data: Float64Array;
  readonly index: number;
}

/** Everything a thread needs to attach: structured-cloneable, pass it as `workerData`. */
export interface SharedRingHandle {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly fields: readonly string[];
  readonly sources: readonly string[];
}

export interface SharedRingBufferOptions {
  /** Points held; the consumer can safely read `capacity - 1` of them. Default 65,536. */
  readonly capacity?: number;
  /** Numeric fields by dotted path (required, at least one). */
  readonly fields: readonly string[];
  /** Source ids the producer may use. Default `['default']` (also the id used when none is given). */
  readonly sources?: readonly string[];
}

export interface SharedRingAttachOptions {
  /** Clock in ms for arrival stamps (producer side). Default `performance.timeOrigin + performance.now()`. */
  readonly clock?: () => number;
  /** Payload limits for the producer. Defaults as in `PayloadLimits`. */
  readonly payloadLimits?: PayloadLimits;
}

function layout(capacity: number, fieldCount: number) {
  const times = HEADER_INTS * 4;
  const columns = times + 8 * capacity;
  const stamps = columns + 8 * capacity * fieldCount;
  const sources = stamps + 4 * capacity;
  const flags = sources + 2 * capacity;
  return { times, columns, stamps, sources, flags, bytes: flags + capacity };
}

export class SharedRingBuffer implements ColumnarStore, DataSink {
  readonly capacity: number;
  readonly times: Float64Array;
  readonly sources: Uint16Array;
  readonly flags: Uint8Array;
  readonly columnList: readonly SharedColumn[];
  readonly columnsByKey: ReadonlyMap<string, ReadableColumn>;
  /** Points this consumer missed because they were overwritten before it read them. */
  gapCount = 0;
  private readonly header: Int32Array;
  private readonly stamps: Int32Array;
  private readonly sourceNames: readonly string[];
  private readonly sourceIndexes: ReadonlyMap<string, number>;
  private readonly fieldIndexes: ReadonlyMap<string, number>;
  private readonly columns: readonly Float64Array[];
  private readonly clock: () => number;
  private readonly limits: ReturnType<typeof resolvePayloadLimits>;
  private role: 'consumer' | 'producer' = 'consumer';
  // Producer state (only the producer thread touches these).
  private nextSeq = 1;
  private lastTime = Number.NEGATIVE_INFINITY;
  private readonly lastSourceTimes: Float64Array;
  private readonly scratch: Float64Array;
  /** Generation in which each field was set for the point being written. */
  private readonly scratchSet: Float64Array;
  private generation = 0;
  private readonly fastVals: Float64Array;
  private readonly shapes = new ShapeCache<SharedColumn>();
  /** Columns in the order the general walk met them (to learn the payload's shape). */
  private readonly visited: SharedColumn[] = [];
  private visitedN = 0;
  private readonly visit = (path: string, value: FieldValue): void => this.onField(path, value);

  /** Allocate shared memory for `options` and return the consumer's view of it. */
  static create(options: SharedRingBufferOptions): SharedRingBuffer {
    const capacity = options.capacity ?? 65_536;
    if (!Number.isSafeInteger(capacity) || capacity < 2 || capacity > 2 ** 28) {
      throw new RangeError(
        `SharedRingBuffer: option "capacity" must be an integer in 2..${2 ** 28}, got ${String(capacity)}`,
      );
    }
    const fields = options.fields;
    if (
      !Array.isArray(fields) ||
      fields.length === 0 ||
      fields.some((f) => typeof f !== 'string' || f === '')
    ) {
      throw new TypeError('SharedRingBuffer: option "fields" must be a non-empty array of field paths');
    }
    if (new Set(fields).size !== fields.length) {
      throw new RangeError(`SharedRingBuffer: option "fields" lists a field twice: ${fields.join(', ')}`);
    }
    const sources = options.sources ?? ['default'];
    if (sources.length === 0 || sources.length > 65_536) {
      throw new RangeError(
        `SharedRingBuffer: option "sources" must list 1..65536 ids, got ${sources.length}`,
      );
    }
    const l = layout(capacity, fields.length);
    const buffer = new SharedArrayBuffer(l.bytes);
    const header = new Int32Array(buffer, 0, HEADER_INTS);
    header[H_MAGIC] = MAGIC;
    header[H_CAPACITY] = capacity;
    header[H_FIELDS] = fields.length;
    return new SharedRingBuffer({ buffer, capacity, fields: [...fields], sources: [...sources] });
  }

  /**
   * Attach to shared memory created elsewhere. `role: 'producer'` claims the single producer slot
   * (a second producer is an error); `'consumer'` (default) only reads.
   */
  static attach(
    handle: SharedRingHandle,
    role: 'producer' | 'consumer' = 'consumer',
    options: SharedRingAttachOptions = {},
  ): SharedRingBuffer {
    const ring = new SharedRingBuffer(handle, options);
    if (role === 'producer') {
      if (Atomics.compareExchange(ring.header, H_PRODUCER, 0, 1) !== 0) {
        throw new Error('SharedRingBuffer.attach: a producer is already attached (one producer per buffer)');
      }
      ring.role = 'producer';
      ring.nextSeq = ring.published() + 1;
    }
    return ring;
  }

  private constructor(handle: SharedRingHandle, options: SharedRingAttachOptions = {}) {
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
    this.fieldIndexes = new Map(fields.map((f, i) => [f, i]));
    this.sourceNames = sources;
    this.sourceIndexes = new Map(sources.map((s, i) => [s, i]));
    // timeOrigin is a getter with a brand check: read it once.
    const origin = performance.timeOrigin;
    this.clock = options.clock ?? (() => origin + performance.now());
    this.limits = resolvePayloadLimits(options.payloadLimits);
    this.lastSourceTimes = new Float64Array(sources.length).fill(Number.NEGATIVE_INFINITY);
    this.scratch = new Float64Array(fields.length);
    this.scratchSet = new Float64Array(fields.length);
    this.fastVals = new Float64Array(fields.length);
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
  getCounters(): { readonly rejectedPoints: number; readonly outOfOrder: number } {
    return {
      rejectedPoints: Atomics.load(this.header, H_REJECTED),
      outOfOrder: Atomics.load(this.header, H_OUT_OF_ORDER),
    };
  }

  // ---- producer -------------------------------------------------------------------------------

  /** Producer only. Numeric declared fields; anything else is a `PayloadError` naming the field. */
  addDataPoint(data: Readonly<Record<string, unknown>>, sourceId?: string, options?: IngestOptions): number {
    this.checkProducer();
    // A new generation marks every field unset without clearing an array.
    const gen = ++this.generation;
    const known = this.shapes.read(data, this.fastVals);
    if (known !== null) {
      // A flat numeric payload of a shape seen before (compiled reader, see shape-cache.ts).
      for (let i = 0; i < known.length; i++) {
        const index = (known[i] as SharedColumn).index;
        this.scratch[index] = this.fastVals[i] as number;
        this.scratchSet[index] = gen;
      }
    } else {
      this.visitedN = 0;
      try {
        flattenPayload(data, this.limits, this.visit);
      } catch (err) {
        Atomics.add(this.header, H_REJECTED, 1);
        throw err;
      }
      this.shapes.learn(data, this.visited, this.visitedN);
    }
    const src = this.sourceIndex(sourceId ?? (this.sourceNames[0] as string));
    let flags = 0;
    const st = options?.sourceTime;
    if (st !== undefined) {
      if (st < (this.lastSourceTimes[src] as number)) {
        flags = FLAG_OUT_OF_ORDER;
        Atomics.add(this.header, H_OUT_OF_ORDER, 1);
      } else this.lastSourceTimes[src] = st;
    }
    return this.publish(src, flags, options?.arrivalTime, true);
  }

  /** Producer only. A gap marker readers see in order. */
  addMarker(sourceId: string, marker: GapMarker, options?: IngestOptions): number {
    this.checkProducer();
    return this.publish(
      this.sourceIndex(sourceId),
      marker === 'gap-start' ? FLAG_GAP_START : FLAG_GAP_END,
      options?.arrivalTime,
      false,
    );
  }

  private checkProducer(): void {
    if (this.role !== 'producer') {
      throw new Error(
        'SharedRingBuffer: only the producer writes; use SharedRingBuffer.attach(handle, "producer")',
      );
    }
  }

  private sourceIndex(sourceId: string): number {
    const i = this.sourceIndexes.get(sourceId);
    if (i === undefined) {
      throw new RangeError(
        `SharedRingBuffer: source "${sourceId}" was not declared (declared: ${this.sourceNames.join(', ')})`,
      );
    }
    return i;
  }

  private onField(path: string, value: FieldValue): void {
    const index = this.fieldIndexes.get(path);
    if (index === undefined)
      throw payloadError(path, value, 'wrong-type', 'be a declared field of this shared buffer');
    if (typeof value === 'number') this.scratch[index] = value;
    else if (value === null) this.scratch[index] = Number.NaN;
    else throw payloadError(path, value, 'wrong-type', 'be a number (shared buffers hold numbers only)');
    this.scratchSet[index] = this.generation;
    this.visited[this.visitedN++] = this.columnList[index] as SharedColumn;
  }

  private publish(src: number, flags: number, arrivalTime: number | undefined, withFields: boolean): number {
    let t = arrivalTime ?? this.clock();
    if (!(t >= this.lastTime) || t === Number.POSITIVE_INFINITY) {
      if (Number.isNaN(t) || t === Number.POSITIVE_INFINITY) {
        throw new RangeError(`SharedRingBuffer: arrival time must be a finite number (ms), got ${t}`);
      }
      t = this.lastTime; // never backwards, so reads by time stay binary searches
    }
    this.lastTime = t;
    const seq = this.nextSeq;
    const slot = (seq - 1) % this.capacity;
    Atomics.store(this.stamps, slot, 0); // being written: a reader of the old point sees it changed
    this.times[slot] = t;
    this.sources[slot] = src;
    this.flags[slot] = flags;
    const cols = this.columns;
    for (let c = 0; c < cols.length; c++) {
      (cols[c] as Float64Array)[slot] =
        withFields && this.scratchSet[c] === this.generation ? (this.scratch[c] as number) : Number.NaN;
    }
    Atomics.store(this.stamps, slot, seq | 0);
    const hi = Math.floor(seq / 2 ** 32);
    if (Atomics.load(this.header, H_PUBLISHED_HI) !== hi) Atomics.store(this.header, H_PUBLISHED_HI, hi);
    Atomics.store(this.header, H_PUBLISHED_LO, seq | 0);
    this.nextSeq = seq + 1;
    return seq;
  }

  // ---- consumer: the RingBuffer reading API, checked against concurrent overwrites ------------

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
    return Atomics.load(this.stamps, (seq - 1) % this.capacity) === (seq | 0);
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
    const cap = this.capacity;
    for (let s = from, i = 0; s <= to; s++, i++) {
      const slot = (s - 1) % cap;
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

  stats(key: string, n: number): WindowStats {
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
