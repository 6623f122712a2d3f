/**
 * A reader compiled for one payload shape: a flat object of finite numbers with these keys, in this
 * order. Why compile: reading a double field by a computed key (`for (k in d) d[k]`) makes V8 box
 * it in a fresh heap number, one allocation per numeric field per point; a named load
 * (`d["cpu"]`) reads it straight into a float register. The reader still walks the keys once with
 * `for...in` (no value loads) so an extra, missing or reordered key makes it return -1 and the
 * checked general path takes the point instead.
 *
 * Safety: the generated code embeds each key only as a JSON string literal (`JSON.stringify`
 * escapes quotes, backslashes and control characters), and keys reach here only after the payload
 * checker accepted them (no `__proto__`, `constructor` or `prototype`).
 */

/** Reads a payload of the compiled shape into `out[0..n)`; returns n, or -1 when the shape differs. */
export type FlatReadFn = (data: object, out: Float64Array) => number;

/** Most keys a compiled reader covers; wider payloads take the general path. */
export const MAX_FLAT_READER_KEYS = 64;

const hasOwn = Object.prototype.hasOwnProperty;

export function compileFlatReader(keys: readonly string[]): FlatReadFn {
  if (keys.length === 0 || keys.length > MAX_FLAT_READER_KEYS) {
    throw new RangeError(`compileFlatReader: expected 1..${MAX_FLAT_READER_KEYS} keys, got ${keys.length}`);
  }
  const k = keys.length;
  const loads = keys
    .map(
      (key, i) =>
        `v = d[${JSON.stringify(key)}]; if (typeof v !== 'number' || v - v !== 0) return -1; out[${i}] = v;`,
    )
    .join('\n');
  const source = `'use strict';
return function readFlat(d, out) {
  let n = 0;
  for (const key in d) {
    if (!hasOwn.call(d, key)) continue;
    if (n === ${k} || keys[n] !== key) return -1;
    n++;
  }
  if (n !== ${k}) return -1;
  let v;
  ${loads}
  return ${k};
};`;
  // Code generation, on purpose: keys are embedded as JSON string literals only (see above).
  const factory = new Function('hasOwn', 'keys', source) as (
    has: typeof hasOwn,
    names: readonly string[],
  ) => FlatReadFn;
  return factory(hasOwn, Object.freeze([...keys]));
}
