/**
 * `RingBuffer` options: what each one means (unit, default), and the checks that make a bad
 * configuration fail at construction with a message naming the option, the expectation and the value.
 */
import {
  columnBytesPerPoint,
  type FieldType,
  type NumberPrecision,
  POINT_OVERHEAD_BYTES,
} from './columns.js';
import type { DataLayerMonitor } from './monitor.js';
import { type PayloadLimits, type ResolvedLimits, resolvePayloadLimits } from './payload.js';
import type { ErrorSink } from './reporter.js';

/** Options of a `RingBuffer`: capacity, byte budget, fields, payload limits, reporting. */
export interface RingBufferOptions {
  /** Points held. Default 10,000. */
  readonly capacity?: number;
  /** Byte budget for every column, slot and string held, in bytes. Default 20,971,520 (20 MiB). */
  readonly maxBytes?: number;
  /** Fields known up front, by dotted path. Others are discovered on first sight (see `unknownFields`). */
  readonly fields?: Readonly<Record<string, FieldType>>;
  /** `discover` (default): an unknown field gets a column typed by its first value; `reject`: refused. */
  readonly unknownFields?: 'discover' | 'reject';
  /** Most columns (declared plus discovered). Default 256. */
  readonly maxColumns?: number;
  /** Numeric column precision. Default `float64`. */
  readonly precision?: NumberPrecision;
  /** At the capacity or byte limit: `overwrite-oldest` (default) or `reject-newest`; both counted. */
  readonly overflow?: 'overwrite-oldest' | 'reject-newest';
  /** A bad field refuses the whole point (`reject-point`, default) or is dropped (`drop-field`). */
  readonly badField?: 'reject-point' | 'drop-field';
  /** Payload limits (depth, fields, string bytes). Defaults as in `PayloadLimits`. */
  readonly payloadLimits?: PayloadLimits;
  /** Monotonic clock, ms. Default: the monitor's clock, else `performance.now`. */
  readonly clock?: () => number;
  /** Monitor to count into. Default none (counters on the buffer still work). */
  readonly monitor?: DataLayerMonitor;
  /** Ingest latency is measured on one point in this many (a power of two). Default 64. */
  readonly latencySampleEvery?: number;
  /** Source id used when `addDataPoint` is given none. Default `'default'`. */
  readonly defaultSourceId?: string;
  /** Most distinct source ids. Default 1,024 (more is an error naming the id). */
  readonly maxSources?: number;
  /** Where listener errors are reported (rate-limited). Default `console.warn`. */
  readonly onError?: ErrorSink;
  /** Least time between two error reports, ms. Default 10,000. */
  readonly reportIntervalMs?: number;
  /**
   * Compile a fast reader for each flat numeric payload shape (code generated with `new Function`).
   * Default true. `false` keeps every point on the checked path (same results, slower), for hosts
   * that refuse code generation from strings; a refusal is also detected at the first compile,
   * reported once through `onError`, counted in `readerCompileFailures`, and compiling stays off.
   */
  readonly compileReaders?: boolean;
}

/** Options after defaults and checks. */
export interface ResolvedRingOptions {
  readonly capacity: number;
  readonly maxBytes: number;
  readonly precision: NumberPrecision;
  readonly discover: boolean;
  readonly overwrite: boolean;
  readonly dropFields: boolean;
  readonly maxColumns: number;
  readonly maxSources: number;
  readonly sampleEvery: number;
  readonly limits: ResolvedLimits;
  readonly reportIntervalMs: number;
  readonly declared: readonly (readonly [string, FieldType])[];
  readonly compileReaders: boolean;
}

function positiveInteger(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new RangeError(
      `RingBuffer: option "${name}" must be an integer in 1..${max}, got ${String(value)}`,
    );
  }
  return value;
}

const FIELD_TYPES: readonly FieldType[] = ['number', 'string', 'boolean', 'any'];

/** Fill in defaults and check every option; throws a `RangeError` naming the option. */
export function resolveRingOptions(options: RingBufferOptions): ResolvedRingOptions {
  const capacity = positiveInteger('capacity', options.capacity ?? 10_000, 2 ** 31 - 1);
  const maxBytes = positiveInteger('maxBytes', options.maxBytes ?? 20 * 1024 * 1024);
  const precision = options.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32') {
    throw new RangeError(
      `RingBuffer: option "precision" must be "float64" or "float32", got ${String(precision)}`,
    );
  }
  const unknownFields = options.unknownFields ?? 'discover';
  if (unknownFields !== 'discover' && unknownFields !== 'reject') {
    throw new RangeError(
      `RingBuffer: option "unknownFields" must be "discover" or "reject", got ${String(unknownFields)}`,
    );
  }
  const discover = unknownFields === 'discover';
  const overflow = options.overflow ?? 'overwrite-oldest';
  if (overflow !== 'overwrite-oldest' && overflow !== 'reject-newest') {
    throw new RangeError(
      `RingBuffer: option "overflow" must be "overwrite-oldest" or "reject-newest", got ${String(overflow)}`,
    );
  }
  const overwrite = overflow === 'overwrite-oldest';
  const badField = options.badField ?? 'reject-point';
  if (badField !== 'reject-point' && badField !== 'drop-field') {
    throw new RangeError(
      `RingBuffer: option "badField" must be "reject-point" or "drop-field", got ${String(badField)}`,
    );
  }
  const dropFields = badField === 'drop-field';
  const maxColumns = positiveInteger('maxColumns', options.maxColumns ?? 256);
  const maxSources = positiveInteger('maxSources', options.maxSources ?? 1024, 65_536);
  const sampleEvery = positiveInteger('latencySampleEvery', options.latencySampleEvery ?? 64, 2 ** 30);
  if ((sampleEvery & (sampleEvery - 1)) !== 0) {
    throw new RangeError(
      `RingBuffer: option "latencySampleEvery" must be a power of two, got ${sampleEvery}`,
    );
  }
  // Check the declared schema fits before allocating anything.
  const declared = Object.entries(options.fields ?? {});
  let perPoint = POINT_OVERHEAD_BYTES;
  let anySlots = false;
  for (const [key, type] of declared) {
    if (!FIELD_TYPES.includes(type)) {
      throw new RangeError(
        `RingBuffer: option "fields.${key}" must be one of ${FIELD_TYPES.join(', ')}, got ${String(type)}`,
      );
    }
    perPoint += columnBytesPerPoint(type, precision);
    if (type !== 'number') anySlots = true;
  }
  if (anySlots) perPoint += 4;
  if (declared.length > maxColumns) {
    throw new RangeError(
      `RingBuffer: option "fields" declares ${declared.length} fields, more than maxColumns ${maxColumns}`,
    );
  }
  const needed = perPoint * capacity;
  if (needed > maxBytes) {
    throw new RangeError(
      `RingBuffer: the declared fields need ${perPoint} bytes per point, ${needed} bytes for capacity ${capacity}, ` +
        `more than maxBytes ${maxBytes}; lower "capacity" to at most ${Math.floor(maxBytes / perPoint)} or raise "maxBytes"`,
    );
  }
  const reportIntervalMs = options.reportIntervalMs ?? 10_000;
  if (typeof reportIntervalMs !== 'number' || !(reportIntervalMs >= 0)) {
    throw new RangeError(
      `RingBuffer: option "reportIntervalMs" must be a number of ms >= 0, got ${String(reportIntervalMs)}`,
    );
  }
  const compileReaders = options.compileReaders ?? true;
  if (typeof compileReaders !== 'boolean') {
    throw new TypeError(
      `RingBuffer: option "compileReaders" must be true or false, got ${String(compileReaders)}`,
    );
  }
  return {
    capacity,
    maxBytes,
    precision,
    discover,
    overwrite,
    dropFields,
    maxColumns,
    maxSources,
    sampleEvery,
    limits: resolvePayloadLimits(options.payloadLimits),
    reportIntervalMs,
    declared,
    compileReaders,
  };
}
