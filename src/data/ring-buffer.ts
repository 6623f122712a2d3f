/**
 * `RingBuffer`: the bounded, columnar store every data point goes through.
 *
 * Each point gets a sequence number (1, 2, 3... per buffer, never reused), an arrival time (ms, from
 * an injectable monotonic clock) and a source. Numeric fields go into typed-array columns allocated
 * once; strings, booleans and nulls into slot columns whose string bytes are counted. The point with
 * sequence `s` always lives in slot `(s - 1) % capacity`, so no sequence column is stored and lookup
 * by sequence is O(1). Arrival times never decrease (a clock or replay stamp that goes backwards is
 * held at the previous time), so reads by time are binary searches.
 *
 * This file is ingestion and eviction; the parts live beside it: reads (ring-view.ts), columns and
 * their bytes (ring-columns.ts), the checked payload walk (point-scratch.ts), compiled readers for
 * known shapes (shape-cache.ts), sources (ring-sources.ts) and listeners (ring-listeners.ts).
 */
import { performance } from 'node:perf_hooks';
import {
  type Column,
  type ColumnInfo,
  type NumberPrecision,
  type NumericColumn,
  slotValueBytes,
} from './columns.js';
import type { DataLayerMonitor } from './monitor.js';
import { type FieldValue, type PayloadError, payloadError } from './payload.js';
import { PointScratch } from './point-scratch.js';
import { defaultErrorSink, RateLimitedReporter } from './reporter.js';
import { ColumnSet } from './ring-columns.js';
import { ListenerList } from './ring-listeners.js';
import { type RingBufferOptions, resolveRingOptions } from './ring-options.js';
import { FLAG_GAP_END, FLAG_GAP_START, FLAG_PARTIAL } from './ring-reads.js';
import { SourceTable } from './ring-sources.js';
import { RingView } from './ring-view.js';
import { ShapeCache } from './shape-cache.js';
import type { DataSink, GapMarker, IngestOptions } from './sink.js';

const COMPILE_FAILED =
  'RingBuffer: cannot compile payload readers (code generation from strings refused?); ' +
  'every point takes the checked path from now on (set compileReaders: false to skip the attempt)';

/** Called after each point (or marker) is stored, with its sequence number. */
export type DataListener = (seq: number, buffer: RingBuffer) => void;

/** Counters every buffer keeps, monitor or not. */
export interface RingBufferCounters {
  readonly ingested: number;
  readonly rejectedPoints: number;
  readonly droppedFields: number;
  readonly evictions: number;
  readonly rejectedFull: number;
  readonly outOfOrder: number;
  readonly clampedTimes: number;
  readonly listenerErrors: number;
  /** Payload shapes a fast reader was compiled for, and shapes forgotten to keep that cache bounded. */
  readonly shapesCompiled: number;
  readonly shapesForgotten: number;
  /**
   * Readers that could not be compiled (the host refuses code generation from strings): at most 1,
   * since the first failure keeps the buffer on the checked path from then on.
   */
  readonly readerCompileFailures: number;
}

export class RingBuffer extends RingView implements DataSink {
  readonly capacity: number;
  readonly maxBytes: number;
  readonly precision: NumberPrecision;
  /** Arrival times (ms), one per slot. */
  readonly times: Float64Array;
  /** Source index per slot (see `sourceIdOf`). */
  readonly sources: Uint16Array;
  /** `FLAG_*` bits per slot. */
  readonly flags: Uint8Array;
  /** Slot the next point goes to: (nextSeq - 1) % capacity, kept incrementally. */
  private writeSlot = 0;

  private readonly cols: ColumnSet;
  private readonly scratch: PointScratch;
  private readonly sourceTable: SourceTable;
  private readonly listeners: ListenerList<RingBuffer>;
  // Payload shapes with a compiled reader (bounded).
  private readonly shapes: ShapeCache<NumericColumn>;
  private readonly overwrite: boolean;
  private readonly clock: () => number;
  private readonly monitor: DataLayerMonitor | undefined;
  private readonly sampleMask: number;
  private readonly defaultSourceId: string;
  private lastTime = Number.NEGATIVE_INFINITY;
  private readonly unwatch: () => void;

  private readonly counters = {
    ingested: 0,
    rejectedPoints: 0,
    evictions: 0,
    rejectedFull: 0,
    outOfOrder: 0,
    clampedTimes: 0,
  };

  constructor(options: RingBufferOptions = {}) {
    super();
    const o = resolveRingOptions(options);
    this.capacity = o.capacity;
    this.maxBytes = o.maxBytes;
    this.precision = o.precision;
    this.overwrite = o.overwrite;
    this.sampleMask = o.sampleEvery - 1;
    this.monitor = options.monitor;
    this.clock = options.clock ?? this.monitor?.clock ?? (() => performance.now());
    this.defaultSourceId = options.defaultSourceId ?? 'default';
    const sink = options.onError ?? defaultErrorSink;
    const reporter = new RateLimitedReporter(sink, o.errorReportIntervalMs);
    this.shapes = new ShapeCache({
      compile: o.compileReaders,
      onCompileError: (err) => sink(COMPILE_FAILED, err),
    });
    this.listeners = new ListenerList(reporter, this.monitor);
    this.sourceTable = new SourceTable(o.maxSources, this.monitor);
    this.times = new Float64Array(this.capacity);
    this.sources = new Uint16Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    this.cols = new ColumnSet(this.capacity, this.precision);
    this.scratch = new PointScratch(this.cols, o, this.monitor);
    for (const [key, type] of o.declared) this.cols.add(key, type, 'declared');
    this.unwatch =
      this.monitor?.watchBuffer(() => ({ bytesUsed: this.bytesUsed, bytesBudget: this.maxBytes })) ??
      (() => undefined);
  }

  /** Stop counting this buffer's bytes in its monitor (for a buffer that is being discarded). */
  detachMonitor(): void {
    this.unwatch();
  }

  /** Columns in order (for readers such as `DataStore`; treat as read-only). */
  get columnList(): readonly Column[] {
    return this.cols.all;
  }

  /** Columns by dotted path (treat as read-only). */
  get columnsByKey(): ReadonlyMap<string, Column> {
    return this.cols.byKey;
  }

  /** Every field the buffer knows, in column order. */
  get columns(): readonly ColumnInfo[] {
    return this.cols.all;
  }

  /** Bytes held: every column and slot (allocated once) plus the strings in slots. */
  get bytesUsed(): number {
    return this.cols.bytesUsed;
  }

  getCounters(): RingBufferCounters {
    return {
      ...this.counters,
      droppedFields: this.scratch.droppedTotal,
      listenerErrors: this.listeners.errors,
      shapesCompiled: this.shapes.compiled,
      shapesForgotten: this.shapes.forgotten,
      readerCompileFailures: this.shapes.compileFailures,
    };
  }

  addListener(listener: DataListener): void {
    if (typeof listener !== 'function')
      throw new TypeError('RingBuffer.addListener: listener must be a function');
    this.listeners.add(listener);
  }

  removeListener(listener: DataListener): boolean {
    return this.listeners.remove(listener);
  }

  /**
   * Ingest one point. Returns its sequence number, or -1 when `overflow: 'reject-newest'` refused it
   * because the buffer was full (counted). Throws a `PayloadError` naming the field and the value for
   * a refused payload (counted), leaving the buffer untouched.
   */
  addDataPoint(data: Readonly<Record<string, unknown>>, sourceId?: string, options?: IngestOptions): number {
    const sampled = this.monitor !== undefined && (this.seqNext & this.sampleMask) === 0;
    const t0 = sampled ? performance.now() : 0;
    const scratch = this.scratch;
    scratch.dropped = 0;
    if (this.cols.slot.length === 0) {
      // The hot path: a flat payload of finite numbers in a shape seen before (shape-cache.ts).
      const cols = this.shapes.read(data, scratch.nums);
      if (cols !== null) {
        const src = this.sourceTable.indexOf(sourceId ?? this.defaultSourceId);
        const flags = options?.sourceTime !== undefined ? this.checkSourceTime(src, options.sourceTime) : 0;
        const seq = this.commitNumeric(cols, src, flags, options?.arrivalTime);
        if (sampled) this.monitor.recordLatency((performance.now() - t0) * 1e6);
        return seq;
      }
    }
    const known = this.shapes.read(data, scratch.nums);
    if (known !== null) scratch.takeNumeric(known);
    else {
      try {
        scratch.walk(data);
      } catch (err) {
        scratch.clear();
        this.countRejected(err);
        throw err;
      }
      if (scratch.dropped === 0) this.shapes.learn(data, scratch.cols, scratch.n);
    }
    const src = this.sourceTable.indexOf(sourceId ?? this.defaultSourceId);
    let flags = scratch.dropped > 0 ? FLAG_PARTIAL : 0;
    if (options?.sourceTime !== undefined) flags |= this.checkSourceTime(src, options.sourceTime);
    const seq = this.commit(src, flags, options?.arrivalTime);
    if (sampled) this.monitor.recordLatency((performance.now() - t0) * 1e6);
    return seq;
  }

  /** Store a `gap-start`/`gap-end` marker for `sourceId`; readers see it in order. Returns its sequence. */
  addMarker(sourceId: string, marker: GapMarker, options?: IngestOptions): number {
    if (marker !== 'gap-start' && marker !== 'gap-end') {
      throw new RangeError(
        `RingBuffer.addMarker: marker must be "gap-start" or "gap-end", got ${String(marker)}`,
      );
    }
    this.scratch.n = 0;
    const src = this.sourceTable.indexOf(sourceId);
    return this.commit(src, marker === 'gap-start' ? FLAG_GAP_START : FLAG_GAP_END, options?.arrivalTime);
  }

  /** The source id of a stored source index. */
  sourceIdOf(index: number): string {
    return this.sourceTable.idOf(index);
  }

  protected recordReaderGap(missed: number): void {
    this.monitor?.recordReaderGap(missed);
  }

  // ---- ingestion internals --------------------------------------------------------------------

  private countRejected(err: unknown): void {
    this.counters.rejectedPoints++;
    const reason = (err as Partial<PayloadError>).reason;
    if (this.monitor !== undefined && reason !== undefined) this.monitor.recordRejectedPoint(reason);
  }

  private checkSourceTime(src: number, sourceTime: number): number {
    const flag = this.sourceTable.checkSourceTime(src, sourceTime);
    if (flag !== 0) {
      this.counters.outOfOrder++;
      this.monitor?.recordOutOfOrder();
    }
    return flag;
  }

  /** `commit` for the compiled fast path: numeric columns only, values in the scratch's `nums`. */
  private commitNumeric(
    cols: readonly NumericColumn[],
    src: number,
    flags: number,
    arrivalTime: number | undefined,
  ): number {
    let evicted = 0;
    if (this.held === this.capacity) {
      if (!this.overwrite) {
        this.counters.rejectedFull++;
        this.monitor?.recordRejectedFull();
        return -1;
      }
      this.held--;
      this.counters.evictions++;
      evicted = 1;
    }
    const t = this.arrival(arrivalTime);
    const seq = this.seqNext;
    const slot = this.writeSlot;
    this.writeSlot = slot + 1 === this.capacity ? 0 : slot + 1;
    const n = cols.length;
    const nums = this.scratch.nums;
    for (let i = 0; i < n; i++) (cols[i] as NumericColumn).data[slot] = nums[i] as number;
    if (n !== this.cols.numeric.length) {
      for (let i = 0; i < n; i++) (cols[i] as NumericColumn).stamp = seq;
      this.fillAbsent(seq, slot);
    }
    return this.stamp(seq, slot, t, src, flags, evicted);
  }

  /**
   * The point's arrival time: given, or read from the clock. Below the last one it is held at the
   * last time (counted); NaN or Infinity is an error.
   */
  private arrival(arrivalTime: number | undefined): number {
    let t = arrivalTime ?? this.clock();
    if (!(t >= this.lastTime) || t === Number.POSITIVE_INFINITY) {
      if (Number.isNaN(t) || t === Number.POSITIVE_INFINITY) {
        this.scratch.clear();
        throw new RangeError(`RingBuffer: arrival time must be a finite number (ms), got ${t}`);
      }
      this.counters.clampedTimes++;
      t = this.lastTime;
    }
    this.lastTime = t;
    return t;
  }

  private commit(src: number, flags: number, arrivalTime: number | undefined): number {
    const scratch = this.scratch;
    const n = scratch.n;
    const columns = this.cols;
    let strBytes = 0;
    if (columns.slot.length > 0) {
      for (let i = 0; i < n; i++) {
        if (scratch.cols[i]?.type !== 'number') strBytes += slotValueBytes(scratch.vals[i] as FieldValue);
      }
    }
    let evicted = 0;
    if (this.held === this.capacity && strBytes === 0 && this.overwrite && columns.slotBytes === null) {
      // Steady state of a full numeric ring: the oldest point just stops being counted.
      this.held--;
      this.counters.evictions++;
      evicted = 1;
    } else if (this.held === this.capacity || strBytes > 0) {
      evicted = this.makeRoom(strBytes);
      if (evicted < 0) {
        scratch.clear();
        return -1;
      }
    }
    const t = this.arrival(arrivalTime);
    const seq = this.seqNext;
    const slot = this.writeSlot;
    this.writeSlot = slot + 1 === this.capacity ? 0 : slot + 1;
    let numeric = 0;
    for (let i = 0; i < n; i++) {
      const col = scratch.cols[i] as Column;
      col.stamp = seq;
      if (col.type === 'number') {
        col.data[slot] = scratch.nums[i] as number;
        numeric++;
      } else {
        col.data[slot] = scratch.vals[i];
        scratch.vals[i] = null;
      }
    }
    // Keys of one payload are distinct, so when it set as many numeric columns as exist, it set
    // them all: skip the walk.
    if (numeric !== columns.numeric.length) this.fillAbsent(seq, slot);
    if (columns.slotBytes !== null) {
      columns.slotBytes[slot] = strBytes;
      columns.varBytes += strBytes;
    }
    scratch.n = 0;
    return this.stamp(seq, slot, t, src, flags, evicted);
  }

  /** A point without some numeric field leaves NaN ("absent") there: every column not stamped `seq`. */
  private fillAbsent(seq: number, slot: number): void {
    const all = this.cols.numeric;
    for (let c = 0; c < all.length; c++) {
      const col = all[c] as NumericColumn;
      if (col.stamp !== seq) col.data[slot] = Number.NaN;
    }
  }

  /** The last step of both commits: the point's own columns, counts, and the listeners. */
  private stamp(seq: number, slot: number, t: number, src: number, flags: number, evicted: number): number {
    this.times[slot] = t;
    this.sources[slot] = src;
    this.flags[slot] = flags;
    this.seqNext = seq + 1;
    this.held++;
    this.counters.ingested++;
    if (this.monitor !== undefined) this.monitor.recordIngest(this.sourceTable.monitorIndex(src), t, evicted);
    if (this.listeners.size > 0) this.listeners.notify(seq, this, t);
    return seq;
  }

  /** Evict until one more point with `strBytes` of strings fits; returns how many, or -1: refused. */
  private makeRoom(strBytes: number): number {
    const columns = this.cols;
    if (this.held < this.capacity && columns.bytesUsed + strBytes <= this.maxBytes) return 0;
    if (columns.fixedBytes + strBytes > this.maxBytes) {
      const err = payloadError(
        '',
        `${strBytes} string bytes`,
        'over-budget',
        `fit in maxBytes ${this.maxBytes}`,
      );
      this.countRejected(err);
      this.scratch.clear();
      throw err;
    }
    if (!this.overwrite) {
      this.counters.rejectedFull++;
      this.monitor?.recordRejectedFull();
      return -1;
    }
    let evicted = 0;
    while (this.held === this.capacity || columns.bytesUsed + strBytes > this.maxBytes) {
      this.evictOldest();
      evicted++;
    }
    return evicted;
  }

  private evictOldest(): void {
    let slot = this.writeSlot - this.held;
    if (slot < 0) slot += this.capacity;
    this.cols.clearSlot(slot);
    this.held--;
    this.counters.evictions++;
  }
}
