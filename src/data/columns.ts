/**
 * The column store behind a ring buffer: one typed array per numeric field (allocated once, NaN
 * meaning "absent at this point"), one slot array per string/boolean field, each `capacity` long.
 */
import type { FieldValue } from './payload.js';

/**
 * What a field holds. `number` lives in a typed-array column; `string`, `boolean` and `any` (any
 * `FieldValue`) live in a slot column whose string bytes count against the budget.
 */
export type FieldType = 'number' | 'string' | 'boolean' | 'any';

/** Numeric column precision. */
export type NumberPrecision = 'float64' | 'float32';

/** A field as the buffer knows it. */
export interface ColumnInfo {
  /** Dotted path, e.g. `sensors.cpu.temp`. */
  readonly key: string;
  readonly type: FieldType;
  /** `declared` (given to the constructor) or `discovered` (typed by its first value). */
  readonly origin: 'declared' | 'discovered';
  /** Position in `RingBuffer.columns`. */
  readonly index: number;
}

/** Bytes charged per point for a slot column's reference (a conservative 64-bit pointer). */
export const SLOT_REFERENCE_BYTES = 8;

export class NumericColumn implements ColumnInfo {
  readonly type = 'number' as const;
  readonly data: Float64Array | Float32Array;
  /** Sequence number of the point being written that set this column (to fill the rest with NaN). */
  stamp = 0;
  constructor(
    readonly key: string,
    readonly origin: 'declared' | 'discovered',
    readonly index: number,
    capacity: number,
    precision: NumberPrecision,
  ) {
    this.data = precision === 'float32' ? new Float32Array(capacity) : new Float64Array(capacity);
    this.data.fill(Number.NaN);
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

export class SlotColumn implements ColumnInfo {
  readonly data: (FieldValue | undefined)[];
  stamp = 0;
  constructor(
    readonly key: string,
    readonly type: 'string' | 'boolean' | 'any',
    readonly origin: 'declared' | 'discovered',
    readonly index: number,
    capacity: number,
  ) {
    this.data = new Array<FieldValue | undefined>(capacity).fill(undefined);
  }
  get bytes(): number {
    return this.data.length * SLOT_REFERENCE_BYTES;
  }
  /** Whether `value` fits this column's type. */
  accepts(value: FieldValue): boolean {
    if (value === null || this.type === 'any') return true;
    return typeof value === this.type;
  }
}

export type Column = NumericColumn | SlotColumn;

/** Bytes a value in a slot column is charged: its UTF-8 length for a string, nothing for the rest. */
export function slotValueBytes(value: FieldValue): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
}

/** The type a discovered field takes from its first value. */
export function typeOfFirstValue(value: FieldValue): FieldType {
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    default:
      return 'any';
  }
}

/** Fixed bytes per point: arrival time (8), source index (2), flags (1). */
export const POINT_OVERHEAD_BYTES = 8 + 2 + 1;

/** Bytes one point costs in a column of this type and precision. */
export function columnBytesPerPoint(type: FieldType, precision: NumberPrecision): number {
  if (type === 'number') return precision === 'float32' ? 4 : 8;
  return SLOT_REFERENCE_BYTES;
}
