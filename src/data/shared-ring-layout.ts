/**
 * The memory layout of a `SharedRingBuffer`: a header of Int32 words (magic, capacity, field count,
 * the newest published sequence, producer claim, shared counters), then arrival times, one Float64
 * column per field, per-slot stamps (the seqlock), source indexes and flags.
 */
import type { PayloadLimits } from './payload.js';
import type { ReadableColumn } from './ring-reads.js';

export const MAGIC = 0x74647362; // 'tdsb'
export const H_MAGIC = 0;
export const H_CAPACITY = 1;
export const H_FIELDS = 2;
export const H_PUBLISHED_LO = 3; // newest published sequence number, low 32 bits
export const H_PUBLISHED_HI = 4; // and high bits (written before the low word; read as a pair, see published())
export const H_PRODUCER = 5; // 1 once a producer attached
export const H_REJECTED = 6;
export const H_OUT_OF_ORDER = 7;
export const HEADER_INTS = 16;

/** A numeric column in shared memory. */
export interface SharedColumn extends ReadableColumn {
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

/** Options of `SharedRingBuffer.create`: capacity, fields and source ids (all fixed at creation). */
export interface SharedRingBufferOptions {
  /** Points held; the consumer can safely read `capacity - 1` of them. Default 65,536. */
  readonly capacity?: number;
  /** Numeric fields by dotted path (required, at least one). */
  readonly fields: readonly string[];
  /** Source ids the producer may use. Default `['default']` (also the id used when none is given). */
  readonly sources?: readonly string[];
}

/** Options of `SharedRingBuffer.attach` (the clock and payload limits a producer uses). */
export interface SharedRingAttachOptions {
  /** Clock in ms for arrival stamps (producer side). Default `performance.timeOrigin + performance.now()`. */
  readonly clock?: () => number;
  /** Payload limits for the producer. Defaults as in `PayloadLimits`. */
  readonly payloadLimits?: PayloadLimits;
}

export function layout(capacity: number, fieldCount: number) {
  const times = HEADER_INTS * 4;
  const columns = times + 8 * capacity;
  const stamps = columns + 8 * capacity * fieldCount;
  const sources = stamps + 4 * capacity;
  const flags = sources + 2 * capacity;
  return { times, columns, stamps, sources, flags, bytes: flags + capacity };
}
