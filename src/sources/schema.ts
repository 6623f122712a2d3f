/**
 * A per-source schema: field types, ranges (clamp or reject), renames, required fields and what to do
 * with fields it does not know. Fields are named by their dotted path in the payload (`cpu.load`).
 *
 * `apply` checks a payload and builds what the buffer stores in one pass. A flat, all-numeric
 * payload of a shape seen before (keys in order, found by one walk of its keys in a bounded table)
 * is checked and renamed by a function made for that shape, into a plain object kept for that shape
 * and rewritten on every payload: no allocation, and the buffer's own shape table then reads it by
 * named loads. Anything else takes the checked walk (the data layer's `flattenPayload`, then the
 * rules per field) into a fresh plain object, and a flat numeric payload teaches the table its shape.
 * The fast path refuses nothing itself: on any doubt it hands the payload to the checked walk, which
 * names the field and the value.
 */
import {
  compileShapeFunction,
  describeValue,
  type FieldValue,
  flattenPayload,
  isForbiddenKey,
  MAX_SHAPE_KEYS,
  type ResolvedLimits,
  ShapeTable,
} from '../data/index.js';
import { SourceRefusal } from './refusal.js';

/**
 * The rule for one field of a `SourceSchema`: its type, a numeric range with clamp or reject, a
 * rename, and whether it is required.
 */
export interface FieldRule {
  /** The only type accepted for this field. */
  readonly type: 'number' | 'string' | 'boolean';
  /** Smallest accepted number (inclusive). Default: no lower bound. */
  readonly min?: number;
  /** Largest accepted number (inclusive). Default: no upper bound. */
  readonly max?: number;
  /** A number outside [min, max]: `clamp` it to the range, or `reject` the payload. Default `reject`. */
  readonly onOutOfRange?: 'clamp' | 'reject';
  /** Write the field under this key instead (a dotted path is kept as one key). Default: same name. */
  readonly rename?: string;
  /** Refuse a payload without this field (`missing-field`). Default false. */
  readonly required?: boolean;
}

/**
 * A source's schema: rules by dotted field path, and what to do with fields it does not name
 * (`keep`, `drop` or `reject`; default `keep`).
 */
export interface SourceSchema {
  /** Rules by dotted field path. */
  readonly fields: Readonly<Record<string, FieldRule>>;
  /** Fields the schema does not name: `keep` them, `drop` them, or `reject` the payload. Default `keep`. */
  readonly unknownFields?: 'keep' | 'drop' | 'reject';
}

interface CompiledRule {
  readonly path: string;
  readonly type: FieldRule['type'];
  readonly min: number;
  readonly max: number;
  readonly clamp: boolean;
  readonly target: string;
  readonly required: boolean;
}

function configError(path: string, expected: string, got: unknown): TypeError {
  return new TypeError(`schema.${path}: expected ${expected}, got ${describeValue(got)}`);
}

/**
 * Checks and renames one flat numeric shape into `out`; false when a value is not a finite number or
 * is out of a rejecting range (the checked walk then refuses it with the exact reason).
 */
type ShapeFill = (data: object, out: Record<string, number>, ranges: Float64Array) => boolean;

interface SchemaShape {
  readonly keys: readonly string[];
  /** Per key: its rule, or undefined (a field the schema does not name). */
  readonly rules: readonly (CompiledRule | undefined)[];
  /** Per key: where it is written, or null (dropped). */
  readonly targets: readonly (string | null)[];
  /** [min0, max0, min1, max1, ...] per key. */
  readonly ranges: Float64Array;
  /** The object handed to the sink, rewritten for every payload of this shape. */
  readonly out: Record<string, number>;
  fill: ShapeFill | null;
}

/** Most shapes a schema remembers (least recently used forgotten first). */
const MAX_SCHEMA_SHAPES = 64;

/** The checks of one flat numeric shape, without compiling (before it repeats, or when compiling is refused). */
function fillGeneric(shape: SchemaShape, data: object, out: Record<string, number>): boolean {
  const d = data as Readonly<Record<string, unknown>>;
  const { keys, rules, targets } = shape;
  for (let i = 0; i < keys.length; i++) {
    const raw = d[keys[i] as string];
    if (typeof raw !== 'number' || raw - raw !== 0) return false;
    let v = raw;
    const rule = rules[i];
    if (rule !== undefined && (v < rule.min || v > rule.max)) {
      if (!rule.clamp) return false;
      v = v < rule.min ? rule.min : rule.max;
    }
    const target = targets[i];
    if (target !== null && target !== undefined) out[target] = v;
  }
  return true;
}

/** The same checks as `fillGeneric`, as straight-line code for this shape (keys as JSON literals only). */
function compileFill(shape: SchemaShape): ShapeFill {
  const lines = shape.keys.map((key, i) => {
    const rule = shape.rules[i];
    const target = shape.targets[i];
    let line = `v = d[${JSON.stringify(key)}]; if (typeof v !== 'number' || v - v !== 0) return false;`;
    if (rule !== undefined) {
      const lo = `r[${2 * i}]`;
      const hi = `r[${2 * i + 1}]`;
      line += rule.clamp
        ? ` if (v < ${lo}) v = ${lo}; else if (v > ${hi}) v = ${hi};`
        : ` if (v < ${lo} || v > ${hi}) return false;`;
    }
    if (target !== null && target !== undefined) line += ` out[${JSON.stringify(target)}] = v;`;
    return line;
  });
  return compileShapeFunction(['d', 'out', 'r'], `let v;\n${lines.join('\n')}\nreturn true;`) as ShapeFill;
}

/** A schema checked once at construction; `apply` then runs per payload. */
export class CompiledSchema {
  private readonly rules = new Map<string, CompiledRule>();
  private readonly requiredCount: number;
  private readonly unknownFields: 'keep' | 'drop' | 'reject';
  // Per-payload scratch (the schema is used by one supervisor, one payload at a time).
  private out: Record<string, FieldValue> = {};
  private seenRequired = 0;
  private readonly shapes = new ShapeTable<SchemaShape>(MAX_SCHEMA_SHAPES);
  /** Compile shape functions (off for good after the host refused code generation once). */
  private compile = true;
  private readonly visit = (path: string, value: FieldValue): void => this.field(path, value);

  constructor(schema: SourceSchema) {
    if (typeof schema !== 'object' || schema === null) throw configError('', 'an object', schema);
    if (typeof schema.fields !== 'object' || schema.fields === null)
      throw configError('fields', 'an object of field rules', schema.fields);
    const unknown = schema.unknownFields ?? 'keep';
    if (unknown !== 'keep' && unknown !== 'drop' && unknown !== 'reject')
      throw configError('unknownFields', '"keep", "drop" or "reject"', unknown);
    this.unknownFields = unknown;
    let required = 0;
    for (const path of Object.keys(schema.fields)) {
      const rule = schema.fields[path] as FieldRule;
      const at = `fields["${path}"]`;
      if (isForbiddenKey(path) || path.split('.').some((seg) => seg === ''))
        throw configError(at, 'a dotted path without empty or prototype segments', path);
      if (rule.type !== 'number' && rule.type !== 'string' && rule.type !== 'boolean')
        throw configError(`${at}.type`, '"number", "string" or "boolean"', rule.type);
      const min = rule.min ?? Number.NEGATIVE_INFINITY;
      const max = rule.max ?? Number.POSITIVE_INFINITY;
      if (typeof min !== 'number' || Number.isNaN(min)) throw configError(`${at}.min`, 'a number', rule.min);
      if (typeof max !== 'number' || Number.isNaN(max) || max < min)
        throw configError(`${at}.max`, `a number >= min (${min})`, rule.max);
      const mode = rule.onOutOfRange ?? 'reject';
      if (mode !== 'clamp' && mode !== 'reject')
        throw configError(`${at}.onOutOfRange`, '"clamp" or "reject"', rule.onOutOfRange);
      const target = rule.rename ?? path;
      if (typeof target !== 'string' || target === '' || isForbiddenKey(target))
        throw configError(`${at}.rename`, 'a non-empty key without prototype segments', rule.rename);
      if (rule.required === true) required++;
      this.rules.set(path, {
        path,
        type: rule.type,
        min,
        max,
        clamp: mode === 'clamp',
        target,
        required: rule.required === true,
      });
    }
    this.requiredCount = required;
  }

  /**
   * Check `data` against the data layer's `limits` and this schema; returns the checked, renamed
   * fields as one flat plain object, valid until the next call (a sink that keeps it copies it).
   * Throws `PayloadError` or `SourceRefusal` naming the field and the value.
   */
  apply(data: unknown, limits: ResolvedLimits): Readonly<Record<string, FieldValue>> {
    const shape = typeof data === 'object' && data !== null ? this.shapes.find(data) : undefined;
    if (shape !== undefined) {
      let fill = shape.fill;
      if (fill === null && this.compile) {
        // Found again: the shape repeats, worth compiling.
        try {
          fill = compileFill(shape);
          shape.fill = fill;
        } catch {
          this.compile = false; // the host refuses code generation: the generic fill is as right
        }
      }
      const ok =
        fill !== null
          ? fill(data as object, shape.out, shape.ranges)
          : fillGeneric(shape, data as object, shape.out);
      if (ok) return shape.out;
    }
    this.begin();
    flattenPayload(data, limits, this.visit);
    const out = this.end();
    this.learn(data as Readonly<Record<string, unknown>>);
    return out;
  }

  /** Start a payload. */
  begin(): void {
    this.out = {};
    this.seenRequired = 0;
  }

  /** One leaf of the payload (already checked by the data layer). Throws `SourceRefusal`. */
  field(path: string, value: FieldValue): void {
    const rule = this.rules.get(path);
    if (rule === undefined) {
      if (this.unknownFields === 'keep') this.out[path] = value;
      else if (this.unknownFields === 'reject')
        throw new SourceRefusal(
          'unknown-field',
          path,
          value,
          `field "${path}" is not in the schema, got ${describeValue(value)}`,
        );
      return;
    }
    if (typeof value !== rule.type)
      throw new SourceRefusal(
        'wrong-type',
        path,
        value,
        `field "${path}" must be a ${rule.type}, got ${describeValue(value)}`,
      );
    let v = value;
    if (typeof v === 'number' && (v < rule.min || v > rule.max)) {
      if (!rule.clamp)
        throw new SourceRefusal(
          'out-of-range',
          path,
          v,
          `field "${path}" must be in [${rule.min}, ${rule.max}], got ${v}`,
        );
      v = v < rule.min ? rule.min : rule.max;
    }
    if (rule.required) this.seenRequired++;
    this.out[rule.target] = v;
  }

  /**
   * After the checked walk accepted `data`: when it is flat and all numbers, and its shape can be
   * checked by rules alone (no field a rejecting `unknownFields` would refuse, every required field
   * present, no two fields written to one key), remember its shape.
   */
  private learn(data: Readonly<Record<string, unknown>>): void {
    // Known already (its fast check declined this payload): keep it, and its compiled check.
    if (this.shapes.find(data) !== undefined) return;
    const keys: string[] = [];
    const rules: (CompiledRule | undefined)[] = [];
    const targets: (string | null)[] = [];
    const written = new Set<string>();
    let required = 0;
    for (const key in data) {
      if (!Object.hasOwn(data, key) || typeof data[key] !== 'number' || keys.length >= MAX_SHAPE_KEYS) return;
      const rule = this.rules.get(key);
      if (rule !== undefined && rule.type !== 'number') return;
      if (rule === undefined && this.unknownFields === 'reject') return;
      const target = rule !== undefined ? rule.target : this.unknownFields === 'keep' ? key : null;
      if (target !== null) {
        if (written.has(target)) return;
        written.add(target);
      }
      if (rule?.required === true) required++;
      keys.push(key);
      rules.push(rule);
      targets.push(target);
    }
    if (keys.length === 0 || required < this.requiredCount) return;
    const ranges = new Float64Array(2 * keys.length);
    rules.forEach((rule, i) => {
      ranges[2 * i] = rule?.min ?? Number.NEGATIVE_INFINITY;
      ranges[2 * i + 1] = rule?.max ?? Number.POSITIVE_INFINITY;
    });
    // The object the sink gets: its keys set once, in the payload's order, so its shape is stable.
    const out: Record<string, number> = {};
    for (const target of targets) if (target !== null) out[target] = 0;
    this.shapes.set(keys, { keys, rules, targets, ranges, out, fill: null });
  }

  /** End the payload: the checked, renamed fields as one flat object. Throws on a missing field. */
  end(): Record<string, FieldValue> {
    if (this.seenRequired < this.requiredCount) {
      for (const rule of this.rules.values()) {
        if (rule.required && !(rule.target in this.out))
          throw new SourceRefusal('missing-field', rule.path, undefined, `field "${rule.path}" is required`);
      }
    }
    return this.out;
  }
}
