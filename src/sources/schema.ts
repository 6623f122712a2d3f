/**
 * A per-source schema: field types, ranges (clamp or reject), renames, required fields and what to do
 * with fields it does not know. Fields are named by their dotted path in the payload (`cpu.load`).
 */
import { describeValue, type FieldValue, isForbiddenKey } from '../data/index.js';
import { SourceRefusal } from './refusal.js';

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

/** A schema checked once at construction; `apply` then runs per payload. */
export class CompiledSchema {
  private readonly rules = new Map<string, CompiledRule>();
  private readonly requiredCount: number;
  private readonly unknownFields: 'keep' | 'drop' | 'reject';
  // Per-payload scratch (the schema is used by one supervisor, one payload at a time).
  private out: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
  private seenRequired = 0;

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

  /** Start a payload. */
  begin(): void {
    this.out = Object.create(null) as Record<string, FieldValue>;
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
