/**
 * The point being validated, before it reaches the ring: the checked walk of a payload puts each
 * field's column and value here, and nothing is written to the ring until the whole payload passed,
 * so a refused point leaves no trace. Allocated once per buffer and reused for every point.
 */
import { type Column, type NumericColumn, typeOfFirstValue } from './columns.js';
import type { DataLayerMonitor } from './monitor.js';
import {
  type FieldValue,
  flattenPayload,
  type PayloadError,
  payloadError,
  type ResolvedLimits,
} from './payload.js';
import type { ColumnSet } from './ring-columns.js';

/** What the walk needs to know of the buffer's options. */
export interface ScratchRules {
  readonly limits: ResolvedLimits;
  /** Unknown fields get a column (`true`) or are refused. */
  readonly discover: boolean;
  readonly maxColumns: number;
  readonly maxBytes: number;
  /** A bad field is dropped (`true`) or refuses the point. */
  readonly dropFields: boolean;
}

export class PointScratch {
  /** Fields held: columns in `cols[0..n)`, numbers in `nums`, other values in `vals`. */
  n = 0;
  /** Fields dropped from this point (drop-field mode). */
  dropped = 0;
  /** Fields dropped since creation. */
  droppedTotal = 0;
  readonly cols: Column[] = [];
  readonly nums: Float64Array;
  readonly vals: FieldValue[] = [];
  // Key -> column cache by position: a stream repeats its key order, and `===` on the same
  // (internalised) key string is cheaper than a Map lookup.
  private readonly cacheKeys: string[] = [];
  private readonly cacheCols: Column[] = [];
  private readonly visitField = (path: string, value: FieldValue): void => this.onField(path, value);
  private readonly rejectField = (error: PayloadError): void => this.onDroppedField(error);

  constructor(
    private readonly columns: ColumnSet,
    private readonly rules: ScratchRules,
    private readonly monitor: DataLayerMonitor | undefined,
  ) {
    this.nums = new Float64Array(rules.limits.maxFields);
  }

  /** Walk `data` with every check into the scratch; throws the `PayloadError` that refuses it. */
  walk(data: Readonly<Record<string, unknown>>): void {
    this.n = 0;
    flattenPayload(
      data,
      this.rules.limits,
      this.visitField,
      this.rules.dropFields ? this.rejectField : undefined,
    );
  }

  /** Take `cols` (numeric, values already in `nums`) as the point's fields: a compiled reader read it. */
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
      if (columns.all.length >= rules.maxColumns) {
        this.fieldError(
          payloadError(path, value, 'too-many-fields', `fit in maxColumns ${rules.maxColumns}`),
        );
        return undefined;
      }
      const type = typeOfFirstValue(value);
      const cost = columns.cost(type);
      if (columns.bytesUsed + cost > rules.maxBytes) {
        this.fieldError(
          payloadError(
            path,
            value,
            'over-budget',
            `fit a new ${type} column of ${cost} bytes in maxBytes ${rules.maxBytes}`,
          ),
        );
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
