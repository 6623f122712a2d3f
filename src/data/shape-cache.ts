/**
 * The payload shapes a ring buffer has compiled fast readers for (see flat-reader.ts): bounded,
 * with what the bound did counted. A shape is learnt only from a payload the checked walk accepted,
 * and only when it is flat and all numeric.
 *
 * Compiling uses code generation from strings (`new Function`), which a host may refuse (node
 * `--disallow-code-generation-from-strings`, CSP-like embedders). The first refusal turns compiling
 * off for good: it is counted, handed to `onCompileError` once, and every point takes the checked
 * path from then on (same results, slower). `compile: false` starts in that state.
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

/** `on`: compiling; `off`: turned off by option; `unavailable`: compiling failed once, off for good. */
export type ShapeCompileState = 'on' | 'off' | 'unavailable';

export interface ShapeCacheOptions {
  /** Compile readers for known shapes. Default true. */
  readonly compile?: boolean;
  /** Called once, with the error, when compiling a reader fails (the cache then stays uncompiled). */
  readonly onCompileError?: (error: unknown) => void;
}

/** Compiled readers by shape, for columns of type `C` (numeric columns of the owning buffer). */
export class ShapeCache<C extends ShapeColumn> {
  /** Readers compiled, and shapes forgotten to keep the cache bounded. */
  compiled = 0;
  forgotten = 0;
  /** Readers that failed to compile (at most 1: the first failure turns compiling off). */
  compileFailures = 0;
  private stateValue: ShapeCompileState;
  private readonly onCompileError: ((error: unknown) => void) | undefined;
  private readonly shapes = new Map<string, FlatShape<C>>();
  /** The shape the stream used last: tried first for the next point. */
  private current: FlatShape<C> | null = null;

  constructor(options: ShapeCacheOptions = {}) {
    this.stateValue = options.compile === false ? 'off' : 'on';
    this.onCompileError = options.onCompileError;
  }

  get state(): ShapeCompileState {
    return this.stateValue;
  }

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
    if (this.stateValue !== 'on') return;
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
      let read: FlatReadFn;
      try {
        read = compileFlatReader(keys);
      } catch (err) {
        this.unavailable(err);
        return;
      }
      if (this.shapes.size >= MAX_SHAPES) {
        // Forget the shape learnt first (a Map keeps insertion order).
        const first = this.shapes.keys().next();
        if (first.done !== true) this.shapes.delete(first.value);
        this.forgotten++;
      }
      shape = { read, cols: cols.slice(0, n) as C[] };
      this.shapes.set(signature, shape);
      this.compiled++;
    }
    this.current = shape;
  }

  /** Compiling failed: forget every shape, stay on the checked path, count it and say so once. */
  private unavailable(error: unknown): void {
    this.stateValue = 'unavailable';
    this.compileFailures++;
    this.shapes.clear();
    this.current = null;
    this.onCompileError?.(error);
  }
}
