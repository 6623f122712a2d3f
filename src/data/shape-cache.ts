/**
 * The payload shapes a ring buffer has compiled fast readers for (see flat-reader.ts): bounded,
 * with what the bound did counted. A shape is learnt only from a payload the checked walk accepted,
 * and only when it is flat and all numeric.
 */
import type { FieldType } from './columns.js';
import { compileFlatReader, type FlatReadFn, MAX_FLAT_READER_KEYS } from './flat-reader.js';

/** Most payload shapes with a compiled reader per buffer. */
export const MAX_SHAPES = 16;

/** What the cache needs of a column: its dotted path and type. */
export interface ShapeColumn {
  readonly key: string;
  readonly type: FieldType;
}

interface FlatShape<C> {
  readonly read: FlatReadFn;
  readonly cols: readonly C[];
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Compiled readers by shape, for columns of type `C` (numeric columns of the owning buffer). */
export class ShapeCache<C extends ShapeColumn> {
  /** Readers compiled, and shapes forgotten to keep the cache bounded. */
  compiled = 0;
  forgotten = 0;
  private readonly shapes = new Map<string, FlatShape<C>>();
  /** The shape the stream used last: tried first for the next point. */
  private current: FlatShape<C> | null = null;

  /**
   * Read `data` with the current shape's reader into `out`. Returns its columns (values in
   * `out[0..cols.length)`), or null when there is no current shape or `data` does not fit it.
   */
  read(data: Readonly<Record<string, unknown>>, out: Float64Array): readonly C[] | null {
    const shape = this.current;
    if (shape === null || typeof data !== 'object' || data === null) return null;
    if (Object.getPrototypeOf(data) !== Object.prototype) return null;
    return shape.read(data, out) < 0 ? null : shape.cols;
  }

  /**
   * After the checked walk accepted `data` into columns `cols[0..n)`: when `data` is a flat plain
   * object of numbers whose keys are those columns in order, make its shape current (compiling it
   * the first time). Anything else leaves the cache as it was.
   */
  learn(data: Readonly<Record<string, unknown>>, cols: readonly (C | ShapeColumn)[], n: number): void {
    if (n === 0 || n > MAX_FLAT_READER_KEYS || Object.getPrototypeOf(data) !== Object.prototype) return;
    const keys: string[] = [];
    for (const key in data) {
      if (!hasOwn.call(data, key)) continue;
      const col = cols[keys.length];
      if (typeof data[key] !== 'number' || col === undefined || col.type !== 'number' || col.key !== key)
        return;
      keys.push(key);
    }
    if (keys.length !== n) return;
    const signature = keys.join('\u0000');
    let shape = this.shapes.get(signature);
    if (shape === undefined) {
      if (this.shapes.size >= MAX_SHAPES) {
        // Forget the shape learnt first (a Map keeps insertion order).
        const first = this.shapes.keys().next();
        if (first.done !== true) this.shapes.delete(first.value);
        this.forgotten++;
      }
      shape = { read: compileFlatReader(keys), cols: cols.slice(0, n) as C[] };
      this.shapes.set(signature, shape);
      this.compiled++;
    }
    this.current = shape;
  }
}
