/**
 * The edge check every delivered payload goes through before the sink: the data layer's generic
 * checks (size, depth, forbidden keys, non-finite numbers, types), then the source's schema.
 *
 * Untrusted text is measured before anything reads it, and nothing here runs a regular expression
 * over it: a plain number is recognised by one forward scan (`number-text.ts`).
 */
import {
  describeValue,
  type FieldValue,
  flattenPayload,
  PayloadError,
  type PayloadLimits,
  parseJsonPayload,
  type ResolvedLimits,
  resolvePayloadLimits,
} from '../data/index.js';
import { parsePlainNumber } from './number-text.js';
import { SourceRefusal } from './refusal.js';
import { CompiledSchema, type SourceSchema } from './schema.js';

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

export class PayloadGate {
  readonly limits: ResolvedLimits;
  private readonly schema: CompiledSchema | undefined;
  private readonly visit: (path: string, value: FieldValue) => void;
  private readonly sequenceField: string | undefined;
  /** Leaves with a value (not null) in the payload being checked. */
  private valued = 0;
  private sequenceValue: number | undefined;

  /**
   * @param sequenceField dotted path of a publisher's sequence number: its value in each checked
   *   payload is kept in `sequence` (read in the same walk).
   */
  constructor(limits: PayloadLimits = {}, schema?: SourceSchema, sequenceField?: string) {
    this.limits = resolvePayloadLimits(limits);
    this.schema = schema === undefined ? undefined : new CompiledSchema(schema);
    this.sequenceField = sequenceField;
    const compiled = this.schema;
    // Bound once per gate, not per payload.
    this.visit =
      compiled === undefined
        ? (path, value) => this.leaf(path, value)
        : (path, value) => {
            this.leaf(path, value);
            compiled.field(path, value);
          };
  }

  /** The sequence field's value in the last payload `check` accepted, or undefined. */
  get sequence(): number | undefined {
    return this.sequenceValue;
  }

  private leaf(path: string, value: FieldValue): void {
    if (value !== null) this.valued++;
    if (path === this.sequenceField && typeof value === 'number') this.sequenceValue = value;
  }

  /** Check a decoded payload. Returns what to write. Throws `PayloadError` or `SourceRefusal`. */
  check(data: unknown): Readonly<Record<string, unknown>> {
    this.valued = 0;
    this.sequenceValue = undefined;
    if (this.schema === undefined) {
      flattenPayload(data, this.limits, this.visit);
      if (this.valued === 0) throw noValue(data);
      return data as Readonly<Record<string, unknown>>;
    }
    this.schema.begin();
    flattenPayload(data, this.limits, this.visit);
    const out = this.schema.end();
    for (const k in out) if (out[k] !== null) return out;
    throw noValue(data);
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
