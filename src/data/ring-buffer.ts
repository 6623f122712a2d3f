/**
 * `RingBuffer`: the bounded, columnar store every data point goes through.
 *
 * Each point gets a sequence number (1, 2, 3... per buffer, never reused), an arrival time (ms, from
 * an injectable monotonic clock) and a source. Numeric fields go into typed-array columns allocated
 * once; strings, booleans and nulls into slot columns whose string bytes are counted. The point with
 * sequence `s` always lives in slot `(s - 1) % capacity`, so no sequence column is stored and lookup
 * by sequence is O(1). Arrival times never decrease (a clock or replay stamp that goes backwards is
 * held at the previous time), so reads by time are binary searches.
 */
import { performance } from 'node:perf_hooks';
import {
  type Column,
  type ColumnInfo,
  columnBytesPerPoint,
  type FieldType,
  type NumberPrecision,
  NumericColumn,
  POINT_OVERHEAD_BYTES,
  SlotColumn,
  slotValueBytes,
  typeOfFirstValue,
} from './columns.js';
import { DataCursor } from './cursor.js';
import type { DataLayerMonitor } from './monitor.js';
import {
  type FieldValue,
  flattenPayload,
  type PayloadError,
  payloadError,
  type ResolvedLimits,
} from './payload.js';
import { defaultErrorSink, RateLimitedReporter } from './reporter.js';
import { type RingBufferOptions, resolveRingOptions } from './ring-options.js';
import {
  type DataPoint,
  FLAG_GAP_END,
  FLAG_GAP_START,
  FLAG_OUT_OF_ORDER,
  FLAG_PARTIAL,
  fieldAt,
  firstSeqAtOrAfter,
  getBySequence,
  getDataSince,
  getLatest,
  isHeld,
  type PointKind,
  pointAt,
  type ReadResult,
  readSince,
  slotOf,
  stats,
  type WindowStats,
  window,
} from './ring-reads.js';
import { ShapeCache } from './shape-cache.js';
import type { DataSink, GapMarker, IngestOptions } from './sink.js';

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
}

export class RingBuffer implements DataSink {
  readonly capacity: number;
  readonly maxBytes: number;
  readonly precision: NumberPrecision;
  /** Arrival times (ms), one per slot. */
  readonly times: Float64Array;
  /** Source index per slot (see `sourceIdOf`). */
  readonly sources: Uint16Array;
  /** `FLAG_*` bits per slot. */
  readonly flags: Uint8Array;
  private seqNext = 1;
  private held = 0;

  private readonly allColumns: Column[] = [];
  private readonly numericCols: NumericColumn[] = [];
  private readonly slotCols: SlotColumn[] = [];
  /** Slot the next point goes to: (nextSeq - 1) % capacity, kept incrementally. */
  private writeSlot = 0;
  private readonly keyColumns = new Map<string, Column>();
  private readonly sourceNames: string[] = [];

  private readonly limits: ResolvedLimits;
  private readonly discover: boolean;
  private readonly maxColumns: number;
  private readonly overwrite: boolean;
  private readonly dropFields: boolean;
  private readonly clock: () => number;
  private readonly monitor: DataLayerMonitor | undefined;
  private readonly sampleMask: number;
  private readonly defaultSourceId: string;
  private readonly maxSources: number;
  private readonly reporter: RateLimitedReporter;
  private readonly sourceIndexes = new Map<string, number>();
  private readonly monitorSources: number[] = [];
  private readonly lastSourceTimes: number[] = [];
  private lastSourceId = '';
  private lastSourceIndex = -1;
  private lastTime = Number.NEGATIVE_INFINITY;
  private fixedBytes: number;
  private varBytes = 0;
  /** String bytes per slot, allocated with the first slot column. */
  private slotBytes: Uint32Array | null = null;
  private listeners: readonly DataListener[] = [];

  // Scratch for the point being validated: nothing is written to the ring until the whole payload
  // passed, so a refused point leaves no trace. Reused for every point (no per-point allocation).
  private scratchN = 0;
  private scratchDropped = 0;
  private readonly scratchCols: Column[] = [];
  private readonly scratchNums: Float64Array;
  private readonly scratchVals: FieldValue[] = [];
  // Key -> column cache by position: a stream repeats its key order, and `===` on the same
  // (internalised) key string is cheaper than a Map lookup.
  private readonly cacheKeys: string[] = [];
  private readonly cacheCols: Column[] = [];
  // Payload shapes with a compiled reader (bounded).
  private readonly shapes = new ShapeCache<NumericColumn>();
  private readonly unwatch: () => void;
  private readonly visitField = (path: string, value: FieldValue): void => this.onField(path, value);
  private readonly rejectField = (error: PayloadError): void => this.onDroppedField(error);

  private readonly counters = {
    ingested: 0,
    rejectedPoints: 0,
    droppedFields: 0,
    evictions: 0,
    rejectedFull: 0,
    outOfOrder: 0,
    clampedTimes: 0,
    listenerErrors: 0,
  };

  constructor(options: RingBufferOptions = {}) {
    const o = resolveRingOptions(options);
    this.capacity = o.capacity;
    this.maxBytes = o.maxBytes;
    this.precision = o.precision;
    this.discover = o.discover;
    this.overwrite = o.overwrite;
    this.dropFields = o.dropFields;
    this.maxColumns = o.maxColumns;
    this.maxSources = o.maxSources;
    this.sampleMask = o.sampleEvery - 1;
    this.limits = o.limits;
    this.monitor = options.monitor;
    this.clock = options.clock ?? this.monitor?.clock ?? (() => performance.now());
    this.defaultSourceId = options.defaultSourceId ?? 'default';
    this.reporter = new RateLimitedReporter(options.onError ?? defaultErrorSink, o.errorReportIntervalMs);
    this.times = new Float64Array(this.capacity);
    this.sources = new Uint16Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    this.fixedBytes = POINT_OVERHEAD_BYTES * this.capacity;
    this.scratchNums = new Float64Array(this.limits.maxFields);
    for (const [key, type] of o.declared) this.addColumn(key, type, 'declared');
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
    return this.allColumns;
  }

  /** Columns by dotted path (treat as read-only). */
  get columnsByKey(): ReadonlyMap<string, Column> {
    return this.keyColumns;
  }

  /** Every field the buffer knows, in column order. */
  get columns(): readonly ColumnInfo[] {
    return this.allColumns;
  }

  /** Bytes held: every column and slot (allocated once) plus the strings in slots. */
  get bytesUsed(): number {
    return this.fixedBytes + this.varBytes;
  }

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

  getCounters(): RingBufferCounters {
    return { ...this.counters, shapesCompiled: this.shapes.compiled, shapesForgotten: this.shapes.forgotten };
  }

  addListener(listener: DataListener): void {
    if (typeof listener !== 'function')
      throw new TypeError('RingBuffer.addListener: listener must be a function');
    // Copy on write: a listener that adds or removes listeners affects the next point, not this one.
    this.listeners = [...this.listeners, listener];
  }

  removeListener(listener: DataListener): boolean {
    const i = this.listeners.indexOf(listener);
    if (i < 0) return false;
    this.listeners = this.listeners.filter((_, k) => k !== i);
    return true;
  }

  /**
   * Ingest one point. Returns its sequence number, or -1 when `overflow: 'reject-newest'` refused it
   * because the buffer was full (counted). Throws a `PayloadError` naming the field and the value for
   * a refused payload (counted), leaving the buffer untouched.
   */
  addDataPoint(data: Readonly<Record<string, unknown>>, sourceId?: string, options?: IngestOptions): number {
    const sampled = this.monitor !== undefined && (this.seqNext & this.sampleMask) === 0;
    const t0 = sampled ? performance.now() : 0;
    this.scratchDropped = 0;
    if (this.slotCols.length === 0) {
      const cols = this.shapes.read(data, this.scratchNums);
      if (cols !== null) {
        const src = this.sourceIndexOf(sourceId ?? this.defaultSourceId);
        const flags = options?.sourceTime !== undefined ? this.checkSourceTime(src, options.sourceTime) : 0;
        const seq = this.commitNumeric(cols, src, flags, options?.arrivalTime);
        if (sampled) this.monitor.recordLatency((performance.now() - t0) * 1e6);
        return seq;
      }
    }
    if (!this.scanFlatNumeric(data)) {
      this.scratchN = 0;
      try {
        flattenPayload(data, this.limits, this.visitField, this.dropFields ? this.rejectField : undefined);
      } catch (err) {
        this.clearScratch();
        this.countRejected(err);
        throw err;
      }
      if (this.scratchDropped === 0) this.shapes.learn(data, this.scratchCols, this.scratchN);
    }
    const src = this.sourceIndexOf(sourceId ?? this.defaultSourceId);
    let flags = this.scratchDropped > 0 ? FLAG_PARTIAL : 0;
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
    this.scratchN = 0;
    const src = this.sourceIndexOf(sourceId);
    return this.commit(src, marker === 'gap-start' ? FLAG_GAP_START : FLAG_GAP_END, options?.arrivalTime);
  }

  /** The source id of a stored source index. */
  sourceIdOf(index: number): string {
    return this.sourceNames[index] ?? '';
  }

  // ---- reading (algorithms in ring-reads.ts, shared with SharedRingBuffer) ---------------------

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
    if (result.missed > 0) this.monitor?.recordReaderGap(result.missed);
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
    const col = this.keyColumns.get(key);
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

  // ---- ingestion internals --------------------------------------------------------------------

  /**
   * The hot path: a flat payload of finite numbers in a shape seen before, read by the reader
   * compiled for it (shape-cache.ts). False for anything else: the checked general walk runs instead.
   */
  private scanFlatNumeric(data: Readonly<Record<string, unknown>>): boolean {
    const cols = this.shapes.read(data, this.scratchNums);
    if (cols === null) return false;
    const n = cols.length;
    for (let i = 0; i < n; i++) this.scratchCols[i] = cols[i] as NumericColumn;
    this.scratchN = n;
    return true;
  }

  private onField(path: string, value: FieldValue): void {
    const n = this.scratchN;
    const col = this.cacheKeys[n] === path ? (this.cacheCols[n] as Column) : this.lookupColumn(path, value);
    if (col === undefined) return; // dropped (counted in lookupColumn)
    if (col.type === 'number') {
      if (typeof value === 'number') this.scratchNums[n] = value;
      else if (value === null) this.scratchNums[n] = Number.NaN;
      else {
        this.badType(col, path, value);
        return;
      }
    } else {
      if (!col.accepts(value)) {
        this.badType(col, path, value);
        return;
      }
      this.scratchVals[n] = value;
    }
    this.scratchCols[n] = col;
    this.scratchN = n + 1;
  }

  private lookupColumn(path: string, value: FieldValue): Column | undefined {
    let col = this.keyColumns.get(path);
    if (col === undefined) {
      if (!this.discover) {
        this.fieldError(
          payloadError(path, value, 'wrong-type', 'be a declared field (unknownFields is "reject")'),
        );
        return undefined;
      }
      if (this.allColumns.length >= this.maxColumns) {
        this.fieldError(payloadError(path, value, 'too-many-fields', `fit in maxColumns ${this.maxColumns}`));
        return undefined;
      }
      const type = typeOfFirstValue(value);
      const cost = this.columnCost(type);
      if (this.fixedBytes + this.varBytes + cost > this.maxBytes) {
        this.fieldError(
          payloadError(
            path,
            value,
            'over-budget',
            `fit a new ${type} column of ${cost} bytes in maxBytes ${this.maxBytes}`,
          ),
        );
        return undefined;
      }
      col = this.addColumn(path, type, 'discovered');
    }
    const n = this.scratchN;
    this.cacheKeys[n] = path;
    this.cacheCols[n] = col;
    return col;
  }

  private columnCost(type: FieldType): number {
    let cost = columnBytesPerPoint(type, this.precision) * this.capacity;
    if (type !== 'number' && this.slotBytes === null) cost += 4 * this.capacity;
    return cost;
  }

  private addColumn(key: string, type: FieldType, origin: 'declared' | 'discovered'): Column {
    const index = this.allColumns.length;
    this.fixedBytes += this.columnCost(type);
    let col: Column;
    if (type === 'number') {
      col = new NumericColumn(key, origin, index, this.capacity, this.precision);
      this.numericCols.push(col);
    } else {
      if (this.slotBytes === null) this.slotBytes = new Uint32Array(this.capacity);
      col = new SlotColumn(key, type, origin, index, this.capacity);
      this.slotCols.push(col);
    }
    this.allColumns.push(col);
    this.keyColumns.set(key, col);
    return col;
  }

  private badType(col: Column, path: string, value: FieldValue): void {
    const how = col.origin === 'declared' ? 'declared' : 'first seen as';
    this.fieldError(
      payloadError(
        path,
        value,
        'wrong-type',
        `be ${col.type === 'any' ? 'a field value' : `a ${col.type}`} (${how} ${col.type})`,
      ),
    );
  }

  private fieldError(error: PayloadError): void {
    if (!this.dropFields) throw error;
    this.onDroppedField(error);
  }

  private onDroppedField(error: PayloadError): void {
    this.scratchDropped++;
    this.counters.droppedFields++;
    this.monitor?.recordDroppedField(error.reason);
  }

  private countRejected(err: unknown): void {
    this.counters.rejectedPoints++;
    const reason = (err as Partial<PayloadError>).reason;
    if (this.monitor !== undefined && reason !== undefined) this.monitor.recordRejectedPoint(reason);
  }

  private clearScratch(): void {
    // Drop references to refused values so the scratch never pins a large string.
    for (let i = 0; i < this.scratchN; i++) this.scratchVals[i] = null;
    this.scratchN = 0;
  }

  private sourceIndexOf(sourceId: string): number {
    if (sourceId === this.lastSourceId && this.lastSourceIndex >= 0) return this.lastSourceIndex;
    let index = this.sourceIndexes.get(sourceId);
    if (index === undefined) {
      if (typeof sourceId !== 'string') {
        throw new TypeError(`RingBuffer: sourceId must be a string, got ${typeof sourceId}`);
      }
      if (this.sourceNames.length >= this.maxSources) {
        throw new RangeError(
          `RingBuffer: source "${sourceId}" is one more than maxSources ${this.maxSources}`,
        );
      }
      index = this.sourceNames.length;
      this.sourceNames.push(sourceId);
      this.sourceIndexes.set(sourceId, index);
      this.lastSourceTimes.push(Number.NEGATIVE_INFINITY);
      this.monitorSources.push(this.monitor?.sourceIndex(sourceId) ?? 0);
    }
    this.lastSourceId = sourceId;
    this.lastSourceIndex = index;
    return index;
  }

  private checkSourceTime(src: number, sourceTime: number): number {
    if (sourceTime < (this.lastSourceTimes[src] as number)) {
      this.counters.outOfOrder++;
      this.monitor?.recordOutOfOrder();
      return FLAG_OUT_OF_ORDER;
    }
    this.lastSourceTimes[src] = sourceTime;
    return 0;
  }

  /** `commit` for the compiled fast path: numeric columns only, values in `scratchNums`. */
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
    let t = arrivalTime ?? this.clock();
    if (!(t >= this.lastTime) || t === Number.POSITIVE_INFINITY) t = this.clampTime(t);
    this.lastTime = t;
    const seq = this.seqNext;
    const slot = this.writeSlot;
    this.writeSlot = slot + 1 === this.capacity ? 0 : slot + 1;
    const n = cols.length;
    const nums = this.scratchNums;
    for (let i = 0; i < n; i++) (cols[i] as NumericColumn).data[slot] = nums[i] as number;
    if (n !== this.numericCols.length) {
      for (let i = 0; i < n; i++) (cols[i] as NumericColumn).stamp = seq;
      const all = this.numericCols;
      for (let c = 0; c < all.length; c++) {
        const col = all[c] as NumericColumn;
        if (col.stamp !== seq) col.data[slot] = Number.NaN;
      }
    }
    this.times[slot] = t;
    this.sources[slot] = src;
    this.flags[slot] = flags;
    this.seqNext = seq + 1;
    this.held++;
    this.counters.ingested++;
    if (this.monitor !== undefined) this.monitor.recordIngest(this.monitorSources[src] as number, t, evicted);
    if (this.listeners.length > 0) this.notify(seq, t);
    return seq;
  }

  /** An arrival time below the last one: NaN/Infinity is an error, otherwise held at the last time (counted). */
  private clampTime(t: number): number {
    if (Number.isNaN(t) || t === Number.POSITIVE_INFINITY) {
      this.clearScratch();
      throw new RangeError(`RingBuffer: arrival time must be a finite number (ms), got ${t}`);
    }
    this.counters.clampedTimes++;
    return this.lastTime;
  }

  private commit(src: number, flags: number, arrivalTime: number | undefined): number {
    const n = this.scratchN;
    let strBytes = 0;
    if (this.slotCols.length > 0) {
      for (let i = 0; i < n; i++) {
        if (this.scratchCols[i]?.type !== 'number')
          strBytes += slotValueBytes(this.scratchVals[i] as FieldValue);
      }
    }
    let evicted = 0;
    if (this.held === this.capacity && strBytes === 0 && this.overwrite && this.slotBytes === null) {
      // Steady state of a full numeric ring: the oldest point just stops being counted.
      this.held--;
      this.counters.evictions++;
      evicted = 1;
    } else if (this.held === this.capacity || strBytes > 0) {
      evicted = this.makeRoom(strBytes);
      if (evicted < 0) {
        this.clearScratch();
        return -1;
      }
    }
    let t = arrivalTime ?? this.clock();
    if (!(t >= this.lastTime) || t === Number.POSITIVE_INFINITY) t = this.clampTime(t);
    this.lastTime = t;
    const seq = this.seqNext;
    const slot = this.writeSlot;
    this.writeSlot = slot + 1 === this.capacity ? 0 : slot + 1;
    let numeric = 0;
    for (let i = 0; i < n; i++) {
      const col = this.scratchCols[i] as Column;
      col.stamp = seq;
      if (col.type === 'number') {
        col.data[slot] = this.scratchNums[i] as number;
        numeric++;
      } else {
        col.data[slot] = this.scratchVals[i];
        this.scratchVals[i] = null;
      }
    }
    // A point without some numeric field leaves NaN ("absent") there. Keys of one payload are
    // distinct, so when it set as many numeric columns as exist, it set them all: skip the walk.
    if (numeric !== this.numericCols.length) {
      const cols = this.numericCols;
      for (let c = 0; c < cols.length; c++) {
        const col = cols[c] as NumericColumn;
        if (col.stamp !== seq) col.data[slot] = Number.NaN;
      }
    }
    if (this.slotBytes !== null) {
      this.slotBytes[slot] = strBytes;
      this.varBytes += strBytes;
    }
    this.times[slot] = t;
    this.sources[slot] = src;
    this.flags[slot] = flags;
    this.seqNext = seq + 1;
    this.held++;
    this.scratchN = 0;
    this.counters.ingested++;
    if (this.monitor !== undefined) this.monitor.recordIngest(this.monitorSources[src] as number, t, evicted);
    if (this.listeners.length > 0) this.notify(seq, t);
    return seq;
  }

  /** Evict until one more point with `strBytes` of strings fits; returns how many, or -1: refused. */
  private makeRoom(strBytes: number): number {
    if (this.held < this.capacity && this.fixedBytes + this.varBytes + strBytes <= this.maxBytes) return 0;
    if (this.fixedBytes + strBytes > this.maxBytes) {
      const err = payloadError(
        '',
        `${strBytes} string bytes`,
        'over-budget',
        `fit in maxBytes ${this.maxBytes}`,
      );
      this.countRejected(err);
      this.clearScratch();
      throw err;
    }
    if (!this.overwrite) {
      this.counters.rejectedFull++;
      this.monitor?.recordRejectedFull();
      return -1;
    }
    let evicted = 0;
    while (this.held === this.capacity || this.fixedBytes + this.varBytes + strBytes > this.maxBytes) {
      this.evictOldest();
      evicted++;
    }
    return evicted;
  }

  private evictOldest(): void {
    let slot = this.writeSlot - this.held;
    if (slot < 0) slot += this.capacity;
    if (this.slotBytes !== null) {
      this.varBytes -= this.slotBytes[slot] as number;
      this.slotBytes[slot] = 0;
      const cols = this.slotCols;
      for (let c = 0; c < cols.length; c++) (cols[c] as SlotColumn).data[slot] = undefined;
    }
    this.held--;
    this.counters.evictions++;
  }

  private notify(seq: number, t: number): void {
    const list = this.listeners;
    for (let i = 0; i < list.length; i++) {
      try {
        (list[i] as DataListener)(seq, this);
      } catch (err) {
        this.counters.listenerErrors++;
        this.monitor?.recordListenerError();
        this.reporter.report(t, `RingBuffer listener #${i} threw at point ${seq}`, err);
      }
    }
  }
}
