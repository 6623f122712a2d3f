/**
 * The column store behind a ring buffer: one typed array per numeric field (allocated once, NaN
 * meaning "absent at this point"), one slot array per string/boolean field, each `capacity` long,
 * and the bytes they take. Every column is allocated at the buffer's capacity, so its cost is known
 * when it is added; strings in slot columns are the only bytes that vary, counted per slot.
 *
 * Each column remembers the last sequence number that wrote a value into it (`lastSeq`): a reader
 * finds a key's latest value in O(1), and a discovered column whose last value has left the buffer
 * holds nothing and can be reclaimed for a new key (`ColumnSet.reclaim`).
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
  /** Position in `RingBuffer.columns` (positions shift when a column is reclaimed). */
  readonly index: number;
}

/** Bytes charged per point for a slot column's reference (a conservative 64-bit pointer). */
export const SLOT_REFERENCE_BYTES = 8;

export class NumericColumn implements ColumnInfo {
  readonly type = 'number' as const;
  readonly data: Float64Array | Float32Array;
  /** Sequence number of the point being written that set this column (to fill the rest with NaN). */
  stamp = 0;
  /** Sequence number of the last point that wrote a value here (0: none yet). */
  lastSeq = 0;
  /** `lastSeq` before the last write (0: written at most once): one-off keys are evicted first. */
  prevSeq = 0;
  /** The walk that last chose this column (a column the point being checked uses is never reclaimed). */
  walk = 0;
  constructor(
    readonly key: string,
    readonly origin: 'declared' | 'discovered',
    public index: number,
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
  /** Sequence number of the last point that wrote a value here (0: none yet). */
  lastSeq = 0;
  /** `lastSeq` before the last write (0: written at most once): one-off keys are evicted first. */
  prevSeq = 0;
  /** The walk that last chose this column (see `NumericColumn.walk`). */
  walk = 0;
  constructor(
    readonly key: string,
    readonly type: 'string' | 'boolean' | 'any',
    readonly origin: 'declared' | 'discovered',
    public index: number,
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

/** The columns of one `RingBuffer` and the bytes they take. */
export class ColumnSet {
  /** Every column, in the order they were added. */
  readonly all: Column[] = [];
  readonly numeric: NumericColumn[] = [];
  readonly slot: SlotColumn[] = [];
  readonly byKey = new Map<string, Column>();
  /** Bytes allocated once: per-point overhead, every column and the slot byte counts. */
  fixedBytes: number;
  /** Bytes of the strings held in slot columns. */
  varBytes = 0;
  /** String bytes per slot, allocated with the first slot column. */
  slotBytes: Uint32Array | null = null;
  /** Columns reclaimed for new keys (their last value had left the buffer). */
  reclaimed = 0;
  /** Columns evicted for new keys while points still held values of theirs (those values were lost). */
  evicted = 0;
  /** Changes each time columns are reclaimed: readers that cache columns by position re-read them. */
  generation = 0;

  constructor(
    private readonly capacity: number,
    private readonly precision: NumberPrecision,
  ) {
    this.fixedBytes = POINT_OVERHEAD_BYTES * capacity;
  }

  /** Bytes held: every column and slot plus the strings in slots. */
  get bytesUsed(): number {
    return this.fixedBytes + this.varBytes;
  }

  /** Bytes a new column of `type` would add. */
  cost(type: FieldType): number {
    let cost = columnBytesPerPoint(type, this.precision) * this.capacity;
    if (type !== 'number' && this.slotBytes === null) cost += 4 * this.capacity;
    return cost;
  }

  add(key: string, type: FieldType, origin: 'declared' | 'discovered'): Column {
    const index = this.all.length;
    this.fixedBytes += this.cost(type);
    let col: Column;
    if (type === 'number') {
      col = new NumericColumn(key, origin, index, this.capacity, this.precision);
      this.numeric.push(col);
    } else {
      if (this.slotBytes === null) this.slotBytes = new Uint32Array(this.capacity);
      col = new SlotColumn(key, type, origin, index, this.capacity);
      this.slot.push(col);
    }
    this.all.push(col);
    this.byKey.set(key, col);
    return col;
  }

  /**
   * Free one discovered column for a new key, the one written longest ago. Without `evictHeld`, only
   * a column that holds no value of a held point (its `lastSeq` is below `oldestSeq`) qualifies; with
   * it, the least recently written column that was written only once goes even if a held point still
   * has its value (lost, counted in `evicted`): a flood of one-off junk keys must not lock real keys
   * out while the junk is still in the buffer, and a key written twice is never evicted for it. Returns false when none qualifies. Declared columns, and columns the point
   * being checked already chose (`walk`), are never freed.
   */
  reclaim(oldestSeq: number, walk: number, evictHeld = false): boolean {
    let victim: Column | undefined;
    for (const col of this.all) {
      if (col.origin !== 'discovered' || col.walk === walk) continue;
      if (col.lastSeq >= oldestSeq && (!evictHeld || col.prevSeq !== 0)) continue;
      if (victim === undefined || col.lastSeq < victim.lastSeq) victim = col;
    }
    if (victim === undefined) return false;
    this.all.splice(victim.index, 1);
    for (let i = victim.index; i < this.all.length; i++) (this.all[i] as Column).index = i;
    if (victim.type === 'number') this.numeric.splice(this.numeric.indexOf(victim), 1);
    else this.slot.splice(this.slot.indexOf(victim), 1);
    this.byKey.delete(victim.key);
    this.fixedBytes -= columnBytesPerPoint(victim.type, this.precision) * this.capacity;
    if (victim.lastSeq >= oldestSeq) this.evicted++;
    else this.reclaimed++;
    this.generation++;
    return true;
  }

  /** Forget the strings of `slot` (its point was evicted). */
  clearSlot(slot: number): void {
    const bytes = this.slotBytes;
    if (bytes === null) return;
    this.varBytes -= bytes[slot] as number;
    bytes[slot] = 0;
    const cols = this.slot;
    for (let c = 0; c < cols.length; c++) (cols[c] as SlotColumn).data[slot] = undefined;
  }
}
