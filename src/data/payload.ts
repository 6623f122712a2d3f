/**
 * Payload checking at the ingestion edge: walk what a source received, hand each leaf to a visitor
 * with its dotted path, and refuse what must never reach the buffer (prototype keys, non-finite
 * numbers, values that are not fields, payloads too deep or too large).
 *
 * Nothing here writes into an object keyed by a payload's key, so no prototype can be touched: the
 * walk only reads own properties and compares key names.
 */

/** A value a data point may hold in one field. */
export type FieldValue = number | string | boolean | null;

/** Why a payload, or one field of it, was refused. */
export type RejectReason =
  | 'forbidden-key'
  | 'non-finite'
  | 'wrong-type'
  | 'too-deep'
  | 'too-large'
  | 'too-many-fields'
  | 'not-an-object'
  | 'bad-json'
  | 'over-budget';

/** Every reason, in a fixed order (for counters indexed by reason). */
export const REJECT_REASONS: readonly RejectReason[] = [
  'forbidden-key',
  'non-finite',
  'wrong-type',
  'too-deep',
  'too-large',
  'too-many-fields',
  'not-an-object',
  'bad-json',
  'over-budget',
];

/** Thrown for a refused payload; names the field (dotted path, `''` for the whole payload) and the value. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  constructor(
    message: string,
    /** Dotted path of the refused field (`sensors.cpu.temp`), or `''` for the payload as a whole. */
    readonly path: string,
    /** The refused value (for `too-large` text payloads: its first 80 characters). */
    readonly value: unknown,
    readonly reason: RejectReason,
  ) {
    super(message);
  }
}

/** Limits applied to every payload. */
export interface PayloadLimits {
  /** Most path segments a leaf may have (`a.b.c` has 3). Default 8. */
  readonly maxDepth?: number;
  /** Most leaf fields in one payload. Default 256. */
  readonly maxFields?: number;
  /** Most UTF-8 bytes in one string value. Default 65,536 (64 KiB). */
  readonly maxStringBytes?: number;
  /** Most UTF-8 bytes of a text payload given to `parseJsonPayload`. Default 1,048,576 (1 MiB). */
  readonly maxPayloadBytes?: number;
}

/** `PayloadLimits` with every limit set. */
export type ResolvedLimits = Required<PayloadLimits>;

/**
 * The payload limits when none are given: depth 8, 256 fields, strings of 64 KiB, payloads of 1
 * MiB.
 */
export const DEFAULT_PAYLOAD_LIMITS: ResolvedLimits = Object.freeze({
  maxDepth: 8,
  maxFields: 256,
  maxStringBytes: 64 * 1024,
  maxPayloadBytes: 1024 * 1024,
});

/** Fill in defaults and check every limit; throws a `RangeError` naming the option and the value. */
export function resolvePayloadLimits(limits: PayloadLimits = {}): ResolvedLimits {
  const out = {
    maxDepth: limits.maxDepth ?? DEFAULT_PAYLOAD_LIMITS.maxDepth,
    maxFields: limits.maxFields ?? DEFAULT_PAYLOAD_LIMITS.maxFields,
    maxStringBytes: limits.maxStringBytes ?? DEFAULT_PAYLOAD_LIMITS.maxStringBytes,
    maxPayloadBytes: limits.maxPayloadBytes ?? DEFAULT_PAYLOAD_LIMITS.maxPayloadBytes,
  };
  for (const key of Object.keys(out) as (keyof ResolvedLimits)[]) {
    const v = out[key];
    if (!Number.isSafeInteger(v) || v < 1) {
      throw new RangeError(
        `payload limits: option "${key}" must be a positive integer, got ${describeValue(v)}`,
      );
    }
  }
  return Object.freeze(out);
}

/** A short, safe rendering of any value for error messages (never throws). */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return String(value) + (typeof value === 'bigint' ? 'n' : '');
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    case 'string':
      return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
    return `an instance of ${typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'a class'}`;
  }
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch (err) {
    return `an object (${err instanceof Error ? err.message : 'not serialisable'})`;
  }
}

const EXPECTED: Record<RejectReason, string> = {
  'forbidden-key': 'not be named (or have a dotted segment named) __proto__, constructor or prototype',
  'non-finite': 'be a finite number',
  'wrong-type': 'be a number, string, boolean, null or a nested plain object',
  'too-deep': 'be nested less deeply',
  'too-large': 'be smaller',
  'too-many-fields': 'have fewer fields',
  'not-an-object': 'be a plain object',
  'bad-json': 'be valid JSON',
  'over-budget': 'fit in the buffer',
};

/** Build a `PayloadError` with the house message: field, what was expected, what was received. */
export function payloadError(
  path: string,
  value: unknown,
  reason: RejectReason,
  expected: string = EXPECTED[reason],
): PayloadError {
  const where = path === '' ? 'payload' : `field "${path}"`;
  return new PayloadError(`${where} must ${expected}, got ${describeValue(value)}`, path, value, reason);
}

/** Receives one leaf field. Called in the payload's own key order. */
export type FieldVisitor = (path: string, value: FieldValue) => void;
/** Receives a refused field when the caller chose to drop bad fields and keep the rest. */
export type RejectVisitor = (error: PayloadError) => void;

function isForbiddenSegment(segment: string): boolean {
  return segment === '__proto__' || segment === 'constructor' || segment === 'prototype';
}

/**
 * The one check for prototype-reaching names: true when `key`, or any of its dotted segments
 * (`__proto__.polluted`, `a.constructor`), is `__proto__`, `constructor` or `prototype`. A flat key
 * with dots becomes a nested path when a recording is written back, so every segment counts.
 * Used at ingest (the payload walk), at replay (the same walk) and for configured keys.
 */
export function isForbiddenKey(key: string): boolean {
  if (isForbiddenSegment(key)) return true;
  // Cheap exit for the common key without a dot (a scan, no allocation).
  if (key.indexOf('.') < 0) return false;
  let start = 0;
  for (;;) {
    const dot = key.indexOf('.', start);
    const end = dot < 0 ? key.length : dot;
    const len = end - start;
    // Only the lengths of the three names can match: avoid a slice for every other segment.
    if ((len === 9 || len === 11) && isForbiddenSegment(key.slice(start, end))) return true;
    if (dot < 0) return false;
    start = dot + 1;
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Walk a payload, calling `visit(path, value)` per leaf; nested objects are addressed as `a.b.c`.
 * Throws `PayloadError` for the first refused field, or, when `onReject` is given, reports refused
 * fields there and goes on with the rest (a payload that is not an object, or has too many fields,
 * always throws). Refuses `__proto__`/`constructor`/`prototype` keys without touching any prototype,
 * and non-finite numbers. Arrays, `undefined`, bigints, functions and class instances are `wrong-type`.
 */
export function flattenPayload(
  data: unknown,
  limits: ResolvedLimits | PayloadLimits,
  visit: FieldVisitor,
  onReject?: RejectVisitor,
): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !isPlainObject(data)) {
    throw payloadError('', data, 'not-an-object');
  }
  walk(
    data as Readonly<Record<string, unknown>>,
    '',
    1,
    0,
    limits.maxDepth ?? DEFAULT_PAYLOAD_LIMITS.maxDepth,
    limits.maxFields ?? DEFAULT_PAYLOAD_LIMITS.maxFields,
    limits.maxStringBytes ?? DEFAULT_PAYLOAD_LIMITS.maxStringBytes,
    visit,
    onReject,
  );
}

function walk(
  obj: Readonly<Record<string, unknown>>,
  prefix: string,
  depth: number,
  counted: number,
  maxDepth: number,
  maxFields: number,
  maxStringBytes: number,
  visit: FieldVisitor,
  onReject: RejectVisitor | undefined,
): number {
  // Returns the running leaf count; threading it through keeps the walk re-entrant without a state object.
  let fieldCount = counted;
  for (const key in obj) {
    if (!hasOwn.call(obj, key)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isForbiddenKey(key)) {
      const own = Object.getOwnPropertyDescriptor(obj, key);
      reject(payloadError(path, own?.value, 'forbidden-key'), onReject);
      continue;
    }
    const value = obj[key];
    switch (typeof value) {
      case 'number':
        if (value - value !== 0) {
          // NaN - NaN and Infinity - Infinity are NaN: one cheap test for both.
          reject(payloadError(path, value, 'non-finite'), onReject);
          continue;
        }
        break;
      case 'string':
        if (value.length * 3 > maxStringBytes && Buffer.byteLength(value, 'utf8') > maxStringBytes) {
          reject(
            payloadError(path, value, 'too-large', `be at most ${maxStringBytes} UTF-8 bytes`),
            onReject,
          );
          continue;
        }
        break;
      case 'boolean':
        break;
      case 'object':
        if (value === null) break;
        if (Array.isArray(value) || !isPlainObject(value)) {
          reject(payloadError(path, value, 'wrong-type'), onReject);
          continue;
        }
        if (depth + 1 > maxDepth) {
          reject(
            payloadError(path, value, 'too-deep', `hold leaves at most ${maxDepth} levels deep`),
            onReject,
          );
          continue;
        }
        fieldCount = walk(
          value as Readonly<Record<string, unknown>>,
          path,
          depth + 1,
          fieldCount,
          maxDepth,
          maxFields,
          maxStringBytes,
          visit,
          onReject,
        );
        continue;
      default:
        reject(payloadError(path, value, 'wrong-type'), onReject);
        continue;
    }
    if (++fieldCount > maxFields) {
      throw payloadError('', `${fieldCount}+ fields`, 'too-many-fields', `have at most ${maxFields} fields`);
    }
    visit(path, value);
  }
  return fieldCount;
}

function reject(error: PayloadError, onReject: RejectVisitor | undefined): void {
  if (onReject === undefined) throw error;
  onReject(error);
}

/**
 * Size-checked `JSON.parse` for text payloads. Checks the UTF-8 byte length BEFORE parsing, and the
 * bracket nesting (a linear scan, strings skipped) so a hostile payload can neither exhaust memory
 * nor the stack. Throws `PayloadError` (`too-large`, `too-deep`, `bad-json`).
 */
export function parseJsonPayload(text: string, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): unknown {
  const maxBytes = limits.maxPayloadBytes ?? DEFAULT_PAYLOAD_LIMITS.maxPayloadBytes;
  const maxDepth = limits.maxDepth ?? DEFAULT_PAYLOAD_LIMITS.maxDepth;
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) {
      throw new PayloadError(
        `payload must be at most ${maxBytes} UTF-8 bytes, got ${bytes} bytes`,
        '',
        text.slice(0, 80),
        'too-large',
      );
    }
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) {
        throw new PayloadError(
          `payload must nest at most ${maxDepth} levels deep, got more at character ${i}`,
          '',
          text.slice(0, 80),
          'too-deep',
        );
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PayloadError(
      `payload must be valid JSON (${err instanceof Error ? err.message : String(err)}), got ${describeValue(text)}`,
      '',
      text.slice(0, 80),
      'bad-json',
    );
  }
}
