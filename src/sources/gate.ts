/**
 * The edge check every delivered payload goes through before the sink: the data layer's generic
 * checks (size, depth, forbidden keys, non-finite numbers, types), then the source's schema, in one
 * pass (schema.ts). Without a schema, a flat numeric payload of a shape seen before is checked by
 * its shape (one walk of its keys, named loads) and handed on as it is.
 *
 * Untrusted text is measured before anything reads it, and nothing here runs a regular expression
 * over it: a plain number is recognised by one forward scan (`number-text.ts`).
 */
import {
  describeValue,
  type FieldValue,
  flattenPayload,
  MAX_SHAPE_KEYS,
  PayloadError,
  type PayloadLimits,
  parseJsonPayload,
  type ResolvedLimits,
  resolvePayloadLimits,
  ShapeCache,
  type ShapeColumn,
} from '../data/index.js';
import { parsePlainNumber } from './number-text.js';
import { SourceRefusal } from './refusal.js';
import { CompiledSchema, type SourceSchema } from './schema.js';

/** A leaf as the shape cache learns it. */
function leafColumn(path: string, value: FieldValue): ShapeColumn {
  return { key: path, type: typeof value === 'number' ? 'number' : 'any' };
}
/**
 * How a text payload is read:
 * - `json`: a JSON value (an object, or with a key any JSON value nested under it);
 * - `number`: a plain number (`23.5`), written under the key;
 * - `string`: the text as it is, written under the key (`ON`);
 * - `auto`: a plain number if it is one, JSON if it starts like JSON (`{`, `[`, `"`) or is
 *   `true`/`false`/`null`, otherwise the text (trimmed) as a string.
 */
export type PayloadFormat = 'json' | 'number' | 'string' | 'auto';

export const PAYLOAD_FORMATS: readonly PayloadFormat[] = ['json', 'number', 'string', 'auto'];

/** How one text payload becomes fields: under which key, in which format, named how in refusals. */
export interface TextShape {
  /** Write the decoded value under this key. Default: none (the payload must be a JSON object). */
  readonly key?: string | undefined;
  /** Default `auto` with a key, `json` without (the only format that needs no key). */
  readonly format?: PayloadFormat | undefined;
  /** Where the payload came from (`topic "home/light"`), named in refusal messages. */
  readonly origin?: string | undefined;
}

/** Check a format option; the error names the option and the value. */
export function checkPayloadFormat(where: string, format: unknown, key: string | undefined): void {
  if (format === undefined) return;
  if (!PAYLOAD_FORMATS.includes(format as PayloadFormat))
    throw new TypeError(
      `${where}: expected "json", "number", "string" or "auto", got ${describeValue(format)}`,
    );
  if (format !== 'json' && key === undefined)
    throw new TypeError(`${where}: format ${JSON.stringify(format)} needs a key to write the value under`);
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Does `text` start (after whitespace) like JSON, or is it one of JSON's three words? */
function looksLikeJson(text: string): boolean {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  if (c === 0x7b /* { */ || c === 0x5b /* [ */ || c === 0x22 /* " */) return true;
  const word = text.trim();
  return word === 'true' || word === 'false' || word === 'null';
}

/**
 * The edge check of one source: decodes text in a `PayloadFormat`, enforces the payload limits and
 * the schema in one walk, and reads the sequence field; refusals throw naming the field and the
 * value.
 */
export class PayloadGate {
  readonly limits: ResolvedLimits;
  private readonly schema: CompiledSchema | undefined;
  // Without a schema: flat numeric shapes already checked once (values land in `nums`, unused).
  private readonly known = new ShapeCache<ShapeColumn>();
  private readonly nums = new Float64Array(MAX_SHAPE_KEYS);
  private readonly leaves: ShapeColumn[] = [];
  private readonly sequenceField: string | undefined;
  /** Leaves with a value (not null) in the payload being checked. */
  private valued = 0;
  private sequenceValue: number | undefined;
  /** The slow walk's visitor: counts valued leaves, reads the sequence field, learns the shape. */
  private readonly visit = (path: string, value: FieldValue): void => {
    if (value !== null) this.valued++;
    if (path === this.sequenceField && typeof value === 'number') this.sequenceValue = value;
    if (this.leaves.length <= MAX_SHAPE_KEYS) this.leaves.push(leafColumn(path, value));
  };

  /**
   * @param sequenceField dotted path of a publisher's sequence number: its value in each checked
   *   payload is kept in `sequence` (read in the same walk).
   */
  constructor(limits: PayloadLimits = {}, schema?: SourceSchema, sequenceField?: string) {
    this.limits = resolvePayloadLimits(limits);
    this.schema = schema === undefined ? undefined : new CompiledSchema(schema);
    this.sequenceField = sequenceField;
  }

  /** The sequence field's value in the last payload `check` accepted, or undefined. */
  get sequence(): number | undefined {
    return this.sequenceValue;
  }

  /**
   * Check a decoded payload. Returns what to write (with a schema: an object valid until the next
   * call, see `CompiledSchema.apply`). Throws `PayloadError` or `SourceRefusal`.
   */
  check(data: unknown): Readonly<Record<string, unknown>> {
    this.sequenceValue = undefined;
    if (this.schema !== undefined) {
      if (this.sequenceField !== undefined) this.sequenceValue = numberAt(data, this.sequenceField);
      const out = this.schema.apply(data, this.limits);
      for (const k in out) if (out[k] !== null) return out;
      throw noValue(data);
    }
    const record = data as Readonly<Record<string, unknown>>;
    // A known flat numeric shape: every leaf is a number, so the payload has a value.
    if (this.known.read(record, this.nums) !== null) {
      if (this.sequenceField !== undefined) {
        const v = record[this.sequenceField];
        if (typeof v === 'number') this.sequenceValue = v;
      }
      return record;
    }
    this.valued = 0;
    this.leaves.length = 0;
    flattenPayload(data, this.limits, this.visit);
    if (this.valued === 0) throw noValue(data);
    this.known.learn(record, this.leaves, this.leaves.length);
    return record;
  }

  /**
   * Decode text into a payload (see `PayloadFormat`). The size is checked before anything reads the
   * text; depth is checked before JSON is parsed.
   */
  decode(text: string, key?: string, format?: PayloadFormat): unknown {
    const max = this.limits.maxPayloadBytes;
    if (text.length * 3 > max) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > max)
        throw new PayloadError(
          `payload must be at most ${max} UTF-8 bytes, got ${bytes} bytes`,
          key ?? '',
          text.slice(0, 80),
          'too-large',
        );
    }
    const as = format ?? (key === undefined ? 'json' : 'auto');
    if (key === undefined || as === 'json') {
      const parsed = parseJsonPayload(text, this.limits);
      return key === undefined ? parsed : { [key]: parsed };
    }
    if (as === 'string') return { [key]: text };
    const n = parsePlainNumber(text);
    if (n !== undefined) {
      if (!Number.isFinite(n))
        throw new SourceRefusal(
          'non-finite',
          key,
          n,
          `field "${key}" must be a finite number, got ${describeValue(text.trim())}`,
        );
      return { [key]: n };
    }
    if (as === 'number')
      throw new SourceRefusal(
        'wrong-type',
        key,
        text,
        `field "${key}" must be a number (format "number"), got ${describeValue(text)}`,
      );
    if (looksLikeJson(text)) return { [key]: parseJsonPayload(text, this.limits) };
    return { [key]: text.trim() };
  }
}

function noValue(data: unknown): SourceRefusal {
  return new SourceRefusal(
    'no-value',
    '',
    data,
    `payload must hold at least one field with a value (null is none), got ${describeValue(data)}`,
  );
}

/**
 * The number at a dotted path of a payload the schema is about to check (undefined when absent or
 * not a number). Bounded by the path's segments; the schema's own walk still checks the payload.
 */
function numberAt(data: unknown, path: string): number | undefined {
  let v: unknown = data;
  let from = 0;
  while (from <= path.length) {
    let to = path.indexOf('.', from);
    if (to < 0) to = path.length;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const key = path.slice(from, to);
    if (!Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
    from = to + 1;
  }
  return typeof v === 'number' ? v : undefined;
}
