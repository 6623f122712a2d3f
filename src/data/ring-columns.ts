/**
 * The columns of one `RingBuffer` and the bytes they take: every column is allocated once, at the
 * buffer's capacity, so its cost is known when it is added; strings in slot columns are the only
 * bytes that vary, counted per slot.
 */
import {
  type Column,
  columnBytesPerPoint,
  type FieldType,
  type NumberPrecision,
  NumericColumn,
  POINT_OVERHEAD_BYTES,
  SlotColumn,
} from './columns.js';

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
