/**
 * Payload shapes: recognising a flat payload by its keys, in order, and reading its numbers with a
 * reader compiled for that shape. Used by `RingBuffer`, `SharedRingBuffer` and the sources' edge
 * check, so a stream of any mix of shapes costs one walk of its keys plus named loads per point.
 *
 * Why a table of shapes: several sources (or one MQTT wildcard) feed one buffer with interleaved
 * shapes, so "the previous point's shape" misses on every point. A trie over the key sequence finds
 * the shape by walking the payload's own keys once (`for...in`, no string built, nothing allocated);
 * the table is bounded and forgets the least recently used shape, counted.
 *
 * Why compile: reading a double field by a computed key (`d[k]`) makes V8 box it in a fresh heap
 * number, one allocation per numeric field per point; a named load (`d["cpu"]`) reads it straight
 * into a float register. Compiling costs ~10 us, so only a shape seen a second time is compiled; a
 * shape seen once is read by the generic loop (same checks, same result).
 *
 * Safety: the generated code embeds each key only as a JSON string literal (`JSON.stringify`
 * escapes quotes, backslashes and control characters), and a shape is learnt only from a payload
 * the checked walk accepted (no `__proto__`, `constructor` or `prototype` key).
 *
 * A host may refuse code generation from strings (node `--disallow-code-generation-from-strings`,
 * CSP-like embedders). The first refusal turns compiling off for good: it is counted, handed to
 * `onCompileError` once, and shapes are read by the generic loop from then on (same results,
 * slower). `compile: false` starts in that state.
 */
import type { FieldType } from './columns.js';

/** Reads a payload of the compiled shape into `out[0..n)`; returns n, or -1 when a value is not a finite number. */
export type FlatReadFn = (data: object, out: Float64Array) => number;

/** Most keys a shape covers; wider payloads take the checked walk. */
export const MAX_SHAPE_KEYS = 64;

/** Most shapes a table holds by default. */
export const MAX_SHAPES = 64;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Build a function from generated source (strict mode). The one place the data path generates code:
 * callers embed payload keys only as JSON string literals. Throws what the host throws when it
 * refuses code generation from strings (an `EvalError` in node).
 */
export function compileShapeFunction(params: readonly string[], body: string): (...args: never[]) => unknown {
  return new Function(...params, `'use strict';\n${body}`) as (...args: never[]) => unknown;
}

/**
 * Compile a reader for a payload whose own keys are `keys` in this order (the caller has checked
 * the keys: the reader only loads and checks values).
 */
export function compileFlatReader(keys: readonly string[]): FlatReadFn {
  if (keys.length === 0 || keys.length > MAX_SHAPE_KEYS) {
    throw new RangeError(`compileFlatReader: expected 1..${MAX_SHAPE_KEYS} keys, got ${keys.length}`);
  }
  const loads = keys
    .map(
      (key, i) =>
        `v = d[${JSON.stringify(key)}]; if (typeof v !== 'number' || v - v !== 0) return -1; out[${i}] = v;`,
    )
    .join('\n  ');
  // Code generation, on purpose: keys are embedded as JSON string literals only (see above).
  return compileShapeFunction(['d', 'out'], `let v;\n  ${loads}\n  return ${keys.length};`) as FlatReadFn;
}

/** The reader used before a shape is compiled, or when compiling is off: same checks, boxed loads. */
function readGeneric(keys: readonly string[], data: object, out: Float64Array): number {
  const d = data as Readonly<Record<string, unknown>>;
  for (let i = 0; i < keys.length; i++) {
    const v = d[keys[i] as string];
    if (typeof v !== 'number' || v - v !== 0) return -1;
    out[i] = v;
  }
  return keys.length;
}

class ShapeNode<S> {
  /** The first child, compared by `===` (a stream's keys are the same interned strings). */
  onlyKey: string | undefined = undefined;
  only: ShapeNode<S> | undefined = undefined;
  more: Map<string, ShapeNode<S>> | undefined = undefined;
  /** The shape that ends here. */
  value: S | undefined = undefined;
  /** Table clock at the last hit (least recently used is evicted first). */
  used = 0;
  constructor(
    readonly key: string,
    readonly parent: ShapeNode<S> | undefined,
  ) {}

  child(key: string): ShapeNode<S> | undefined {
    return this.onlyKey === key ? this.only : this.more?.get(key);
  }
}

/**
 * Shapes by their key sequence, bounded by `limit` (least recently used forgotten first). The value
 * `S` is the user's (columns, a compiled reader...).
 */
export class ShapeTable<S> {
  /** Shapes forgotten to keep the table bounded. */
  forgotten = 0;
  private readonly root = new ShapeNode<S>('', undefined);
  private readonly ends: ShapeNode<S>[] = [];
  private clock = 0;

  constructor(
    readonly limit = MAX_SHAPES,
    private readonly onForget?: (value: S) => void,
  ) {}

  get size(): number {
    return this.ends.length;
  }

  /**
   * The shape of `data`'s own enumerable keys, in order, or undefined (one walk of the keys). Only a
   * plain object (prototype `Object.prototype` or null) has a shape: arrays and class instances never
   * match, whatever their keys.
   */
  find(data: object): S | undefined {
    if (typeof data !== 'object' || data === null) return undefined;
    const proto: unknown = Object.getPrototypeOf(data);
    if (proto !== Object.prototype && proto !== null) return undefined;
    let node = this.root;
    for (const key in data) {
      if (!hasOwn.call(data, key)) return undefined;
      const next = node.onlyKey === key ? node.only : node.more?.get(key);
      if (next === undefined) return undefined;
      node = next;
    }
    const value = node.value;
    if (value !== undefined) node.used = ++this.clock;
    return value;
  }

  /** Remember `value` for `keys` (replacing what was there); forgets the least recently used beyond the limit. */
  set(keys: readonly string[], value: S): void {
    let node = this.root;
    for (const key of keys) {
      let next = node.child(key);
      if (next === undefined) {
        next = new ShapeNode<S>(key, node);
        if (node.only === undefined) {
          node.onlyKey = key;
          node.only = next;
        } else {
          node.more ??= new Map();
          node.more.set(key, next);
        }
      }
      node = next;
    }
    if (node.value === undefined) {
      if (this.ends.length >= this.limit) this.evict();
      this.ends.push(node);
    }
    node.value = value;
    node.used = ++this.clock;
  }

  /** Every value held. */
  values(): S[] {
    return this.ends.map((n) => n.value as S);
  }

  clear(): void {
    for (const end of [...this.ends]) this.remove(end);
  }

  private evict(): void {
    let lru = this.ends[0] as ShapeNode<S>;
    for (const end of this.ends) if (end.used < lru.used) lru = end;
    const value = lru.value as S;
    this.remove(lru);
    this.forgotten++;
    this.onForget?.(value);
  }

  private remove(end: ShapeNode<S>): void {
    this.ends.splice(this.ends.indexOf(end), 1);
    end.value = undefined;
    // Prune the branch that only led to this shape.
    let node = end;
    while (
      node.parent !== undefined &&
      node.value === undefined &&
      node.only === undefined &&
      !node.more?.size
    ) {
      const parent = node.parent;
      if (parent.only === node) {
        parent.only = undefined;
        parent.onlyKey = undefined;
      } else parent.more?.delete(node.key);
      node = parent;
    }
  }
}

/** What a shape cache needs of a column: its dotted path and type. */
export interface ShapeColumn {
  readonly key: string;
  readonly type: FieldType;
}

interface FlatShape<C> {
  readonly keys: readonly string[];
  readonly cols: readonly C[];
  /** Null until the shape repeats (or for good when compiling is off). */
  read: FlatReadFn | null;
}

/** `on`: compiling; `off`: turned off by option; `unavailable`: compiling failed once, off for good. */
export type ShapeCompileState = 'on' | 'off' | 'unavailable';

export interface ShapeCacheOptions {
  /** Compile readers for shapes that repeat. Default true. */
  readonly compile?: boolean;
  /** Called once, with the error, when compiling a reader fails (the cache then stays uncompiled). */
  readonly onCompileError?: (error: unknown) => void;
  /** Most shapes held. Default `MAX_SHAPES`. */
  readonly limit?: number;
}

/** Flat all-numeric payload shapes mapped to the columns of type `C` their keys go to. */
export class ShapeCache<C extends ShapeColumn> {
  /** Readers compiled. */
  compiled = 0;
  /** Readers that failed to compile (at most 1: the first failure turns compiling off). */
  compileFailures = 0;
  private stateValue: ShapeCompileState;
  private readonly onCompileError: ((error: unknown) => void) | undefined;
  private readonly table: ShapeTable<FlatShape<C>>;

  constructor(options: ShapeCacheOptions = {}) {
    this.stateValue = options.compile === false ? 'off' : 'on';
    this.onCompileError = options.onCompileError;
    this.table = new ShapeTable(options.limit ?? MAX_SHAPES);
  }

  get state(): ShapeCompileState {
    return this.stateValue;
  }

  /** Shapes forgotten to keep the cache bounded. */
  get forgotten(): number {
    return this.table.forgotten;
  }

  /**
   * Read `data` into `out` when its shape is known and every value a finite number. Returns the
   * shape's columns (values in `out[0..cols.length)`), or null (the caller takes the checked walk).
   */
  read(data: Readonly<Record<string, unknown>>, out: Float64Array): readonly C[] | null {
    const shape = this.table.find(data);
    if (shape === undefined) return null;
    let read = shape.read;
    if (read === null) {
      // Found again after it was learnt: it repeats, so it is worth compiling.
      if (this.stateValue !== 'on') return readGeneric(shape.keys, data, out) < 0 ? null : shape.cols;
      try {
        read = compileFlatReader(shape.keys);
      } catch (err) {
        this.unavailable(err);
        return readGeneric(shape.keys, data, out) < 0 ? null : shape.cols;
      }
      shape.read = read;
      this.compiled++;
    }
    return read(data, out) < 0 ? null : shape.cols;
  }

  /**
   * After the checked walk accepted `data` into columns `cols[0..n)`: when `data` is flat, all
   * numbers, and its keys are those columns in order, remember its shape. Anything else is ignored.
   */
  learn(data: Readonly<Record<string, unknown>>, cols: readonly (C | ShapeColumn)[], n: number): void {
    // Known already (its reader declined this payload): keep it, and its compiled reader.
    if (n === 0 || n > MAX_SHAPE_KEYS || this.table.find(data) !== undefined) return;
    const keys: string[] = [];
    for (const key in data) {
      if (!hasOwn.call(data, key)) return;
      const col = cols[keys.length];
      if (typeof data[key] !== 'number' || col === undefined || col.type !== 'number' || col.key !== key)
        return;
      keys.push(key);
    }
    if (keys.length !== n) return;
    this.table.set(keys, { keys, cols: cols.slice(0, n) as C[], read: null });
  }

  /** Forget every shape (columns were reclaimed). */
  clear(): void {
    this.table.clear();
  }

  /** Compiling failed: stay on the generic reader, count it and say so once. */
  private unavailable(error: unknown): void {
    this.stateValue = 'unavailable';
    this.compileFailures++;
    this.onCompileError?.(error);
  }
}
