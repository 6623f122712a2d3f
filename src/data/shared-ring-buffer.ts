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
 *
 * This file is the producer (and creating/attaching); the memory layout is in shared-ring-layout.ts
 * and the checked reads in shared-ring-view.ts.
 */
import { performance } from 'node:perf_hooks';
import { type FieldValue, flattenPayload, payloadError, resolvePayloadLimits } from './payload.js';
import { defaultErrorSink } from './reporter.js';
import { FLAG_GAP_END, FLAG_GAP_START, FLAG_OUT_OF_ORDER, slotOf } from './ring-reads.js';
import { ShapeCache } from './shapes.js';
import {
  H_CAPACITY,
  H_FIELDS,
  H_MAGIC,
  H_OUT_OF_ORDER,
  H_PRODUCER,
  H_PUBLISHED_HI,
  H_PUBLISHED_LO,
  H_REJECTED,
  HEADER_INTS,
  layout,
  MAGIC,
  type SharedColumn,
  type SharedRingAttachOptions,
  type SharedRingBufferOptions,
  type SharedRingHandle,
} from './shared-ring-layout.js';
import { SharedRingView } from './shared-ring-view.js';
import type { DataSink, GapMarker, IngestOptions } from './sink.js';

export type {
  SharedRingAttachOptions,
  SharedRingBufferOptions,
  SharedRingHandle,
} from './shared-ring-layout.js';

const COMPILE_FAILED =
  'SharedRingBuffer: cannot compile payload readers (code generation from strings refused?); ' +
  'the producer reads shapes without compiled readers from now on (same results, slower)';

/** A ring buffer over a `SharedArrayBuffer`: one producer thread writes, one consumer thread reads (see the file comment). */
export class SharedRingBuffer extends SharedRingView implements DataSink {
  private readonly sourceIndexes: ReadonlyMap<string, number>;
  private readonly fieldIndexes: ReadonlyMap<string, number>;
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
  private readonly shapes = new ShapeCache<SharedColumn>({
    onCompileError: (err) => defaultErrorSink(COMPILE_FAILED, err),
  });
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
    super(handle);
    const { fields, sources } = handle;
    this.fieldIndexes = new Map(fields.map((f, i) => [f, i]));
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

  // ---- producer -------------------------------------------------------------------------------

  /** Producer only. Numeric declared fields; anything else is a `PayloadError` naming the field. */
  addDataPoint(data: Readonly<Record<string, unknown>>, sourceId?: string, options?: IngestOptions): number {
    this.checkProducer();
    // A new generation marks every field unset without clearing an array.
    const gen = ++this.generation;
    const known = this.shapes.read(data, this.fastVals);
    if (known !== null) {
      // A flat numeric payload of a shape seen before (see shapes.ts).
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
    const slot = slotOf(this, seq);
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
}
