/**
 * `RingBuffer`: the bounded, columnar store every data point goes through.
 *
 * Each point gets a sequence number (1, 2, 3... per buffer, never reused), an arrival time (ms, from
 * an injectable monotonic clock) and a source. Numeric fields go into typed-array columns allocated
 * once; strings, booleans and nulls into slot columns whose string bytes are counted. The point with
 * sequence `s` always lives in slot `slotOf(s)`, so no sequence column is stored and lookup by
 * sequence is O(1). Arrival times never decrease (a clock or replay stamp that goes backwards is
 * held at the previous time), so reads by time are binary searches.
 *
 * Ingesting a point, in order:
 * 1. A flat payload whose shape (keys in order) was seen before and whose values are all finite
 *    numbers is read by that shape's reader (shapes.ts) straight into the scratch: one walk of its
 *    keys, no allocation. Anything else takes the checked walk (`flattenPayload`) into the scratch,
 *    which finds or creates each field's column; a flat numeric payload's shape is then learnt.
 * 2. Nothing is written to the ring until the whole payload passed, so a refused point leaves no
 *    trace; then the point is committed: room made (evicting the oldest points), its values written,
 *    every numeric column it lacks set to NaN ("absent"), its time, source and flags stamped, and the
 *    listeners called.
 *
 * Columns are bounded (`maxColumns`, `maxBytes`). A field that needs a new column beyond those
 * limits first reclaims a discovered column whose last value has left the buffer; when none has, the
 * field alone is dropped (counted, the point flagged partial) and the rest of the point is kept, so
 * a flood of junk keys cannot lock real keys out.
 *
 * Reads (`getBySequence`, `readSince`, `window`...) use the algorithms of ring-reads.ts, shared
 * with `SharedRingBuffer`.
 */
import { batchClock } from './batch-clock.js';
import {
  type Column,
  type ColumnInfo,
  ColumnSet,
  type NumberPrecision,
  type NumericColumn,
  slotValueBytes,
  typeOfFirstValue,
} from './columns.js';
import { DataCursor } from './cursor.js';
import type { DataLayerMonitor } from './monitor.js';
import { type FieldValue, flattenPayload, type PayloadError, payloadError } from './payload.js';
import { defaultErrorSink, RateLimitedReporter } from './reporter.js';
import { type ResolvedRingOptions, type RingBufferOptions, resolveRingOptions } from './ring-options.js';
import {
  type ColumnarStore,
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
import { ShapeCache } from './shapes.js';
import type { DataSink, GapMarker, IngestOptions } from './sink.js';

const COMPILE_FAILED =
  'RingBuffer: cannot compile payload readers (code generation from strings refused?); ' +
  'shapes are read without compiled readers from now on, same results, slower ' +
  '(set compileReaders: false to skip the attempt)';

/** Called after each point (or marker) is stored, with its sequence number. */
export type DataListener = (seq: number, buffer: RingBuffer) => void;

/** Counters every buffer keeps, monitor or not. */
export interface RingBufferStats {
  readonly ingested: number;
  readonly rejectedPoints: number;
  /** Fields dropped from points that were kept (bad fields in `drop-field` mode, fields without a column). */
  readonly droppedFields: number;
  readonly evictions: number;
  readonly rejectedFull: number;
  readonly outOfOrder: number;
  readonly clampedTimes: number;
  readonly listenerErrors: number;
  /** Discovered columns freed for a new key because their last value had left the buffer. */
  readonly columnsReclaimed: number;
  /**
   * Discovered columns freed for a new key while held points still had values in them (the least
   * recently written column goes; those values are lost): what a flood of junk keys costs.
   */
  readonly columnsEvicted: number;
  /** Payload shapes a fast reader was compiled for, and shapes forgotten to keep that cache bounded. */
  readonly shapesCompiled: number;
  readonly shapesForgotten: number;
  /**
   * Readers that could not be compiled (the host refuses code generation from strings): at most 1,
   * since the first failure turns compiling off for good.
   */
  readonly readerCompileFailures: number;
}

/** Bounded columnar store of timestamped data points (see the file comment); sources write into it, the pipeline and widgets read it; `stats` counts what it ingested and what its limits did. */
export class RingBuffer implements DataSink, ColumnarStore {
  readonly capacity: number;
  readonly maxBytes: number;
  readonly precision: NumberPrecision;
  /** Arrival times (ms), one per slot. */
  readonly times: Float64Array;
  /** Source index per slot (see `sourceIdOf`). */
  readonly sources: Uint16Array;
  /** `FLAG_*` bits per slot. */
  readonly flags: Uint8Array;
  /** The sequence number the next point gets (1, 2, 3...: never reused). */
  private seqNext = 1;
  /** Points held: sequence numbers `seqNext - held` to `seqNext - 1`. */
  private held = 0;
  /** Slot the next point goes to: `slotOf(seqNext)`, kept incrementally. */
  private writeSlot = 0;

  private readonly cols: ColumnSet;
  private readonly scratch: PointScratch;
  private readonly sourceTable: SourceTable;
  private readonly listeners: ListenerList;
  /** Flat numeric payload shapes and their readers (bounded). */
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
    const o = resolveRingOptions(options);
    this.capacity = o.capacity;
    this.maxBytes = o.maxBytes;
    this.precision = o.precision;
    this.overwrite = o.overwrite;
    this.sampleMask = o.sampleEvery - 1;
    this.monitor = options.monitor;
    // A given clock is read per point; the default one once per synchronous batch (batch-clock.ts).
    this.clock = options.clock ?? this.monitor?.clock ?? batchClock(() => performance.now());
    this.defaultSourceId = options.defaultSourceId ?? 'default';
    const sink = options.onError ?? defaultErrorSink;
    const reporter = new RateLimitedReporter(sink, o.reportIntervalMs);
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
    this.scratch = new PointScratch(this.cols, o, this.monitor, (cost, walk) =>
      this.reclaimFor(cost, o.maxColumns, walk),
    );
    for (const [key, type] of o.declared) this.cols.add(key, type, 'declared');
    this.unwatch =
      this.monitor?.watchBuffer(() => ({ bytesUsed: this.bytesUsed, bytesBudget: this.maxBytes })) ??
      (() => undefined);
  }

  /** Stop counting this buffer's bytes in its monitor (for a buffer that is being discarded). */
  detachMonitor(): void {
    this.unwatch();
  }

  // ---- columns and counters -------------------------------------------------------------------

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

  /**
   * Changes whenever columns are reclaimed (positions in `columnList` shift then): a reader that
   * caches columns by position re-reads them when it changes.
   */
  get columnGeneration(): number {
    return this.cols.generation;
  }

  /** Bytes held: every column and slot (allocated once) plus the strings in slots. */
  get bytesUsed(): number {
    return this.cols.bytesUsed;
  }

  get stats(): RingBufferStats {
    return {
      ...this.counters,
      droppedFields: this.scratch.droppedTotal,
      listenerErrors: this.listeners.errors,
      columnsReclaimed: this.cols.reclaimed,
      columnsEvicted: this.cols.evicted,
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

  // ---- ingestion ------------------------------------------------------------------------------

  /**
   * Ingest one point. Returns its sequence number, or -1 when `overflow: 'reject-newest'` refused it
   * because the buffer was full (counted). Throws a `PayloadError` naming the field and the value for
   * a refused payload (counted), leaving the buffer untouched. `data` is read during the call only.
   */
  addDataPoint(data: Readonly<Record<string, unknown>>, sourceId?: string, options?: IngestOptions): number {
    const sampled = this.monitor !== undefined && (this.seqNext & this.sampleMask) === 0;
    const t0 = sampled ? performance.now() : 0;
    const scratch = this.scratch;
    scratch.dropped = 0;
    const known = this.shapes.read(data, scratch.nums);
    if (known !== null && this.cols.slot.length === 0) {
      // The hot path: a known flat numeric shape into a numeric-only buffer.
      const src = this.sourceTable.indexOf(sourceId ?? this.defaultSourceId);
      const flags = options?.sourceTime !== undefined ? this.checkSourceTime(src, options.sourceTime) : 0;
      const seq = this.commitNumeric(known, src, flags, options?.arrivalTime);
      if (sampled) this.monitor.recordLatency((performance.now() - t0) * 1e6);
      return seq;
    }
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

  /** `commit` for the hot path: numeric columns only, values in the scratch's `nums`. */
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
    for (let i = 0; i < n; i++) {
      const col = cols[i] as NumericColumn;
      col.data[slot] = nums[i] as number;
      col.prevSeq = col.lastSeq;
      col.lastSeq = seq;
    }
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
      if (col.type === 'number') {
        const v = scratch.nums[i] as number;
        col.data[slot] = v;
        col.stamp = seq;
        if (!Number.isNaN(v)) {
          // NaN (a null) is "absent"
          col.prevSeq = col.lastSeq;
          col.lastSeq = seq;
        }
        numeric++;
      } else {
        col.data[slot] = scratch.vals[i];
        col.prevSeq = col.lastSeq;
        col.lastSeq = seq;
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

  /**
   * A field needs a new column but the column limits are reached: free columns until it fits, first
   * those whose last value left the buffer, then the least recently written of those written only
   * once (their held value is lost, counted in `columnsEvicted`): a flood of one-off keys cannot lock
   * out a real key, and a key written twice is never evicted for a newcomer. False when it cannot fit
   * (the field is then dropped).
   */
  private reclaimFor(cost: number, maxColumns: number, walk: number): boolean {
    const columns = this.cols;
    const oldest = this.seqNext - this.held;
    while (columns.all.length >= maxColumns || columns.bytesUsed + cost > this.maxBytes) {
      // Prefer a column whose values all left the buffer; else the one written longest ago (counted).
      if (!columns.reclaim(oldest, walk) && !columns.reclaim(oldest, walk, true)) return false;
      // Cached readers and positions may name the reclaimed column.
      this.shapes.clear();
      this.scratch.forgetPositions();
    }
    return true;
  }

  // ---- reads ----------------------------------------------------------------------------------

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

  /** The slot of sequence number `seq` in `times`, `flags`, `sources` and every column's `data`. */
  slotOf(seq: number): number {
    return slotOf(this, seq);
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
  windowStats(key: string, n: number): WindowStats {
    return stats(this, key, n);
  }

  /** One field of a held point without building the point (undefined: absent, or not held). */
  fieldValue(seq: number, key: string): FieldValue | undefined {
    const col = this.cols.byKey.get(key);
    return col !== undefined && isHeld(this, seq) ? fieldAt(this, seq, col) : undefined;
  }

  /**
   * The sequence of the latest held point, up to sequence `upTo` and not before `from`, that holds
   * `key` (0 when none): O(1) when the key's last write is in that range, which is the usual case for a
   * reader that keeps up (the binder reads each tick's points right after the tick).
   */
  latestSeq(key: string, from: number, upTo: number): number {
    const col = this.cols.byKey.get(key);
    if (col === undefined) return 0;
    const lo = Math.max(from, this.seqNext - this.held);
    for (let s = Math.min(col.lastSeq, upTo); s >= lo; s--) {
      if (fieldAt(this, s, col) !== undefined) return s;
    }
    return 0;
  }

  /** The value of `key` at `latestSeq(key, from, upTo)`, or undefined when none. */
  latestValue(key: string, from: number, upTo: number): FieldValue | undefined {
    const s = this.latestSeq(key, from, upTo);
    return s > 0 ? this.fieldValue(s, key) : undefined;
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

/**
 * The point being checked, before it reaches the ring: the checked walk of a payload puts each
 * field's column and value here, and nothing is written to the ring until the whole payload passed,
 * so a refused point leaves no trace. Allocated once per buffer and reused for every point.
 */
class PointScratch {
  /** Fields held: columns in `cols[0..n)`, numbers in `nums`, other values in `vals`. */
  n = 0;
  /** Fields dropped from this point. */
  dropped = 0;
  /** Fields dropped since creation. */
  droppedTotal = 0;
  readonly cols: Column[] = [];
  readonly nums: Float64Array;
  readonly vals: FieldValue[] = [];
  /** Counts walks, to mark the columns the current one chose. */
  private walks = 0;
  /** A field dropped because no column could be made for it: refuses the point if nothing else is left. */
  private columnError: PayloadError | null = null;
  // Key -> column cache by position: a stream repeats its key order, and `===` on the same
  // (internalised) key string is cheaper than a Map lookup.
  private readonly cacheKeys: string[] = [];
  private readonly cacheCols: Column[] = [];
  private readonly visitField = (path: string, value: FieldValue): void => this.onField(path, value);
  private readonly rejectField = (error: PayloadError): void => this.onDroppedField(error);

  constructor(
    private readonly columns: ColumnSet,
    private readonly rules: ResolvedRingOptions,
    private readonly monitor: DataLayerMonitor | undefined,
    /** Make room for a new column of `cost` bytes (reclaiming old ones); false when it cannot fit. */
    private readonly makeColumnRoom: (cost: number, walk: number) => boolean,
  ) {
    this.nums = new Float64Array(rules.limits.maxFields);
  }

  /** Walk `data` with every check into the scratch; throws the `PayloadError` that refuses it. */
  walk(data: Readonly<Record<string, unknown>>): void {
    this.n = 0;
    this.walks++;
    this.columnError = null;
    flattenPayload(
      data,
      this.rules.limits,
      this.visitField,
      this.rules.dropFields ? this.rejectField : undefined,
    );
    // Every field was dropped for want of a column: nothing is left to store.
    if (this.n === 0 && this.columnError !== null) throw this.columnError;
  }

  /** Take `cols` (numeric, values already in `nums`) as the point's fields: a shape reader read it. */
  takeNumeric(cols: readonly NumericColumn[]): void {
    const n = cols.length;
    for (let i = 0; i < n; i++) this.cols[i] = cols[i] as NumericColumn;
    this.n = n;
  }

  /** Drop references to refused values so the scratch never pins a large string. */
  clear(): void {
    for (let i = 0; i < this.n; i++) this.vals[i] = null;
    this.n = 0;
  }

  /** Columns were reclaimed: cached positions may name one. */
  forgetPositions(): void {
    this.cacheKeys.length = 0;
    this.cacheCols.length = 0;
  }

  private onField(path: string, value: FieldValue): void {
    const n = this.n;
    const col = this.cacheKeys[n] === path ? (this.cacheCols[n] as Column) : this.lookupColumn(path, value);
    if (col === undefined) return; // dropped (counted in lookupColumn)
    if (col.type === 'number') {
      if (typeof value === 'number') this.nums[n] = value;
      else if (value === null) this.nums[n] = Number.NaN;
      else {
        this.badType(col, path, value);
        return;
      }
    } else {
      if (!col.accepts(value)) {
        this.badType(col, path, value);
        return;
      }
      this.vals[n] = value;
    }
    col.walk = this.walks;
    this.cols[n] = col;
    this.n = n + 1;
  }

  private lookupColumn(path: string, value: FieldValue): Column | undefined {
    const columns = this.columns;
    let col = columns.byKey.get(path);
    if (col === undefined) {
      const rules = this.rules;
      if (!rules.discover) {
        this.fieldError(
          payloadError(path, value, 'wrong-type', 'be a declared field (unknownFields is "reject")'),
        );
        return undefined;
      }
      const type = typeOfFirstValue(value);
      const cost = columns.cost(type);
      if (!this.makeColumnRoom(cost, this.walks)) {
        // Only this field is refused: the rest of the point is kept (a flood of new keys must not
        // lock out the keys that have columns).
        const error =
          columns.all.length >= rules.maxColumns
            ? payloadError(path, value, 'too-many-fields', `fit in maxColumns ${rules.maxColumns}`)
            : payloadError(
                path,
                value,
                'over-budget',
                `fit a new ${type} column of ${cost} bytes in maxBytes ${rules.maxBytes}`,
              );
        this.columnError ??= error;
        this.onDroppedField(error);
        return undefined;
      }
      col = columns.add(path, type, 'discovered');
    }
    const n = this.n;
    this.cacheKeys[n] = path;
    this.cacheCols[n] = col;
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
    if (!this.rules.dropFields) throw error;
    this.onDroppedField(error);
  }

  private onDroppedField(error: PayloadError): void {
    this.dropped++;
    this.droppedTotal++;
    this.monitor?.recordDroppedField(error.reason);
  }
}

/**
 * The source ids one buffer has seen: a small index per id (stored per point in a Uint16Array), the
 * last source timestamp per source (to flag points whose own time went backwards), and each
 * source's index in the monitor. Bounded by `maxSources`: one more is an error naming the id.
 */
class SourceTable {
  private readonly indexes = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly monitorIndexes: number[] = [];
  private readonly lastSourceTimes: number[] = [];
  // A stream repeats its source id: remember the last one to skip the Map lookup.
  private lastId = '';
  private lastIndex = -1;

  constructor(
    private readonly maxSources: number,
    private readonly monitor: DataLayerMonitor | undefined,
  ) {}

  /** The index of `sourceId`, added on first sight. */
  indexOf(sourceId: string): number {
    if (sourceId === this.lastId && this.lastIndex >= 0) return this.lastIndex;
    let index = this.indexes.get(sourceId);
    if (index === undefined) {
      if (typeof sourceId !== 'string') {
        throw new TypeError(`RingBuffer: sourceId must be a string, got ${typeof sourceId}`);
      }
      if (this.names.length >= this.maxSources) {
        throw new RangeError(
          `RingBuffer: source "${sourceId}" is one more than maxSources ${this.maxSources}`,
        );
      }
      index = this.names.length;
      this.names.push(sourceId);
      this.indexes.set(sourceId, index);
      this.lastSourceTimes.push(Number.NEGATIVE_INFINITY);
      this.monitorIndexes.push(this.monitor?.sourceIndex(sourceId) ?? 0);
    }
    this.lastId = sourceId;
    this.lastIndex = index;
    return index;
  }

  /** The source id of an index (`''` for an unknown one). */
  idOf(index: number): string {
    return this.names[index] ?? '';
  }

  /** The monitor's index for source `index`. */
  monitorIndex(index: number): number {
    return this.monitorIndexes[index] as number;
  }

  /** `FLAG_OUT_OF_ORDER` when `sourceTime` is below the source's last one, else 0 (and it becomes the last). */
  checkSourceTime(index: number, sourceTime: number): number {
    if (sourceTime < (this.lastSourceTimes[index] as number)) return FLAG_OUT_OF_ORDER;
    this.lastSourceTimes[index] = sourceTime;
    return 0;
  }
}

/**
 * The listeners of a buffer, called after each stored point. Copy on write: a listener that adds or
 * removes listeners affects the next point, not the one being delivered. A listener that throws is
 * counted (here and in the monitor) and reported rate-limited; the others still run.
 */
class ListenerList {
  /** Listener calls that threw. */
  errors = 0;
  private list: readonly DataListener[] = [];

  constructor(
    private readonly reporter: RateLimitedReporter,
    private readonly monitor: DataLayerMonitor | undefined,
  ) {}

  get size(): number {
    return this.list.length;
  }

  add(listener: DataListener): void {
    this.list = [...this.list, listener];
  }

  /** False when `listener` was not there. */
  remove(listener: DataListener): boolean {
    const i = this.list.indexOf(listener);
    if (i < 0) return false;
    this.list = this.list.filter((_, k) => k !== i);
    return true;
  }

  /** Call every listener with point `seq` (stored at time `t`, the report's clock). */
  notify(seq: number, buffer: RingBuffer, t: number): void {
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      try {
        (list[i] as DataListener)(seq, buffer);
      } catch (err) {
        this.errors++;
        this.monitor?.recordListenerError();
        this.reporter.report(t, `RingBuffer listener #${i} threw at point ${seq}`, err);
      }
    }
  }
}
