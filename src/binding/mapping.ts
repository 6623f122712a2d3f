/**
 * Value maps: how a data value becomes an animation parameter. A map is either a function or one of
 * three declarative shapes (linear range, thresholds, lookup table). Declarative maps are validated
 * once, at registration, and compiled to a plain function; errors name the option and the value.
 */

/** What a binding writes into an animation parameter. */
export type ParameterValue = number | string | boolean;

/**
 * A user mapping function. It may throw: the binder counts and reports it, and goes on. It feeds the
 * frames: `Math.sin`, `Math.exp`, `Math.pow`, `**` & co. are not the same bits on every platform, so
 * use `detMath` for the same frames on a laptop and on the Pi (docs/determinism.md).
 */
export type MapFunction = (value: unknown) => ParameterValue;

/**
 * Linear range map: `in: [a, b]` onto `out: [c, d]`. Values outside `in` extrapolate unless `clamp`
 * (default `true`) holds them at the ends. Non-numeric input is an error counted against the binding.
 */
export interface LinearMap {
  readonly kind: 'linear';
  readonly in: readonly [number, number];
  readonly out: readonly [number, number];
  /** Hold the result inside `out`. Default `true`. */
  readonly clamp?: boolean;
}

/**
 * Thresholds to discrete values: the value of the last step whose `from` is <= the input, or `below`
 * when the input is under every step. Steps must be sorted by `from`, ascending.
 * Example: `{ kind: 'thresholds', below: 'green', steps: [{ from: 70, value: 'orange' }, { from: 90, value: 'red' }] }`.
 */
export interface ThresholdMap {
  readonly kind: 'thresholds';
  readonly below: ParameterValue;
  readonly steps: readonly { readonly from: number; readonly value: ParameterValue }[];
}

/**
 * Lookup table: the entry for `String(value)`, or `fallback` when there is none. Without `fallback`
 * a missing entry is an error counted against the binding.
 */
export interface LookupMap {
  readonly kind: 'lookup';
  readonly table: Readonly<Record<string, ParameterValue>>;
  readonly fallback?: ParameterValue;
}

/** A map given as data (JSON-safe): linear range, thresholds or lookup table. */
export type DeclarativeMap = LinearMap | ThresholdMap | LookupMap;
/** How a binding turns a data value into a parameter value: a function or a declarative map. */
export type ValueMap = MapFunction | DeclarativeMap;

/** Thrown by a compiled map for an input it cannot take (counted by the binder, never swallowed). */
export class MapInputError extends Error {
  override readonly name = 'MapInputError';
  constructor(
    message: string,
    readonly value: unknown,
  ) {
    super(message);
  }
}

/** The identity map for values that are already parameter values. */
export function identityMap(value: unknown): ParameterValue {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  throw new MapInputError(`identity map: expected a number, string or boolean, got ${show(value)}`, value);
}

export function show(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > 80 ? `${s.slice(0, 80)}...` : s;
  } catch (err) {
    return `${Object.prototype.toString.call(value)} (${err instanceof Error ? err.message : 'unprintable'})`;
  }
}

function isParameterValue(v: unknown): v is ParameterValue {
  return (typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'string' || typeof v === 'boolean';
}

function configError(path: string, expected: string, got: unknown): TypeError {
  return new TypeError(`${path} must be ${expected}, got ${show(got)}`);
}

function finitePair(path: string, pair: unknown): readonly [number, number] {
  if (
    !Array.isArray(pair) ||
    pair.length !== 2 ||
    typeof pair[0] !== 'number' ||
    typeof pair[1] !== 'number' ||
    !Number.isFinite(pair[0]) ||
    !Number.isFinite(pair[1])
  ) {
    throw configError(path, 'a pair of finite numbers [from, to]', pair);
  }
  return [pair[0], pair[1]];
}

function numeric(value: unknown, what: string): number {
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  throw new MapInputError(`${what}: expected a number, got ${show(value)}`, value);
}

/**
 * Validate a map and compile it to a function. `path` names the option in errors
 * (`bindDataToAnimation(...).map`).
 */
export function compileMap(map: ValueMap | undefined, path = 'map'): MapFunction {
  if (map === undefined) return identityMap;
  if (typeof map === 'function') return map;
  if (typeof map !== 'object' || map === null)
    throw configError(path, 'a function or a declarative map', map);
  switch (map.kind) {
    case 'linear': {
      const [a, b] = finitePair(`${path}.in`, map.in);
      const [c, d] = finitePair(`${path}.out`, map.out);
      if (a === b) throw configError(`${path}.in`, 'two different numbers', map.in);
      if (map.clamp !== undefined && typeof map.clamp !== 'boolean')
        throw configError(`${path}.clamp`, 'a boolean', map.clamp);
      const clamp = map.clamp ?? true;
      const lo = Math.min(c, d);
      const hi = Math.max(c, d);
      const scale = (d - c) / (b - a);
      return (value: unknown) => {
        const v = c + (numeric(value, 'linear map') - a) * scale;
        return clamp ? Math.min(hi, Math.max(lo, v)) : v;
      };
    }
    case 'thresholds': {
      if (!isParameterValue(map.below))
        throw configError(`${path}.below`, 'a number, string or boolean', map.below);
      if (!Array.isArray(map.steps) || map.steps.length === 0)
        throw configError(`${path}.steps`, 'a non-empty array of { from, value }', map.steps);
      const n = map.steps.length;
      const froms = new Float64Array(n);
      const values: ParameterValue[] = [];
      for (let i = 0; i < n; i++) {
        const step = map.steps[i];
        const from: unknown = step?.from;
        if (typeof from !== 'number' || Number.isNaN(from))
          throw configError(`${path}.steps[${i}].from`, 'a number', from);
        if (i > 0 && from <= (froms[i - 1] as number))
          throw configError(`${path}.steps[${i}].from`, `greater than steps[${i - 1}].from`, from);
        if (!isParameterValue(step?.value))
          throw configError(`${path}.steps[${i}].value`, 'a number, string or boolean', step?.value);
        froms[i] = from;
        values.push(step.value);
      }
      const below = map.below;
      return (value: unknown) => {
        const v = numeric(value, 'thresholds map');
        let out = below;
        for (let i = 0; i < n; i++) {
          if (v >= (froms[i] as number)) out = values[i] as ParameterValue;
          else break;
        }
        return out;
      };
    }
    case 'lookup': {
      if (typeof map.table !== 'object' || map.table === null)
        throw configError(`${path}.table`, 'an object of key -> value', map.table);
      // A Map, not the object: keys like "__proto__" or "constructor" must not reach the prototype.
      const table = new Map<string, ParameterValue>();
      for (const key of Object.keys(map.table)) {
        const v = map.table[key];
        if (!isParameterValue(v)) throw configError(`${path}.table.${key}`, 'a number, string or boolean', v);
        table.set(key, v);
      }
      if (map.fallback !== undefined && !isParameterValue(map.fallback))
        throw configError(`${path}.fallback`, 'a number, string or boolean', map.fallback);
      const fallback = map.fallback;
      return (value: unknown) => {
        const hit = table.get(String(value));
        if (hit !== undefined) return hit;
        if (fallback !== undefined) return fallback;
        throw new MapInputError(`lookup map: no entry for ${show(value)} and no fallback`, value);
      };
    }
    default:
      throw configError(
        `${path}.kind`,
        '"linear", "thresholds" or "lookup"',
        (map as { kind?: unknown }).kind,
      );
  }
}

/** `linearMap([0, 100], [0, 1])`: shorthand for a clamped linear map. */
export function linearMap(
  inRange: readonly [number, number],
  outRange: readonly [number, number],
  clamp = true,
): LinearMap {
  return { kind: 'linear', in: inRange, out: outRange, clamp };
}

/** `thresholdMap('green', [70, 'orange'], [90, 'red'])`. */
export function thresholdMap(
  below: ParameterValue,
  ...steps: readonly (readonly [number, ParameterValue])[]
): ThresholdMap {
  return { kind: 'thresholds', below, steps: steps.map(([from, value]) => ({ from, value })) };
}

/** `lookupMap({ playing: 1, paused: 0 }, 0)`. */
export function lookupMap(
  table: Readonly<Record<string, ParameterValue>>,
  fallback?: ParameterValue,
): LookupMap {
  return fallback === undefined ? { kind: 'lookup', table } : { kind: 'lookup', table, fallback };
}

/** `v` is a non-empty string, or throws naming `path` and the value. */
export function nonEmpty(v: unknown, path: string): asserts v is string {
  if (typeof v !== 'string' || v.length === 0)
    throw new TypeError(`${path} must be a non-empty string, got ${show(v)}`);
}
