/**
 * The NDJSON recording format: one ingested point (or gap marker) per line, with its arrival stamp.
 *
 *   {"v":1,"seq":12,"t":1534.25,"src":"cpu","data":{"cpu":{"load":41.5}}}
 *   {"v":1,"seq":13,"t":1600,"src":"cpu","marker":"gap-start"}
 *
 * `t` is the arrival time in ms on the recording buffer's monotonic clock; `seq` its sequence number.
 * The recorder writes it, the replayer and the file source read it. Parsing is strict: a bad line is an
 * error that names the line's field and value.
 */
import { describeValue } from './payload.js';
import type { GapMarker } from './sink.js';

/** The version (`v`) written on every line of an NDJSON recording; a reader refuses any other. */
export const RECORDING_VERSION = 1;

/**
 * Deepest bracket nesting a recording line may have: the line's own object plus the payload, far
 * above any payload depth limit. Checked by a linear scan before `JSON.parse`, so nothing later
 * (`JSON.stringify` in a message, a recursive walk) can exhaust the stack on a hostile line.
 */
export const MAX_RECORDING_DEPTH = 64;

/**
 * One line of an NDJSON recording: a point (`data`) or a gap `marker`, with its sequence, arrival
 * time in ms and source id.
 */
export type RecordedEntry =
  | {
      readonly v: 1;
      readonly seq: number;
      readonly t: number;
      readonly src: string;
      readonly data: Readonly<Record<string, unknown>>;
    }
  | {
      readonly v: 1;
      readonly seq: number;
      readonly t: number;
      readonly src: string;
      readonly marker: GapMarker;
    };

/** Thrown for a recording line that is not a valid entry; `field` and `value` name what is wrong. */
export class RecordingFormatError extends Error {
  override readonly name = 'RecordingFormatError';
  constructor(
    message: string,
    readonly field: string,
    readonly value: unknown,
  ) {
    super(message);
  }
}

/** One line of NDJSON (no trailing newline). */
export function encodeRecordedEntry(entry: RecordedEntry): string {
  return JSON.stringify(entry);
}

function fail(field: string, value: unknown, expected: string): never {
  throw new RecordingFormatError(
    `recording: field "${field}" must be ${expected}, got ${describeValue(value)}`,
    field,
    value,
  );
}

/** The index where `text` nests deeper than `max` brackets (strings skipped), or -1. Linear. */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return -1;
}

/** Parse and check one line of a recording. Throws `RecordingFormatError` naming the field. */
export function parseRecordedEntry(line: string): RecordedEntry {
  const deep = tooDeepAt(line, MAX_RECORDING_DEPTH);
  if (deep >= 0)
    throw new RecordingFormatError(
      `recording: line must nest at most ${MAX_RECORDING_DEPTH} levels deep, got more at character ${deep}`,
      'line',
      line.slice(0, 80),
    );
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    throw new RecordingFormatError(
      `recording: line is not JSON (${err instanceof Error ? err.message : String(err)})`,
      'line',
      line.slice(0, 80),
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('line', raw, 'a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.v !== RECORDING_VERSION) fail('v', o.v, `${RECORDING_VERSION}`);
  if (typeof o.seq !== 'number' || !Number.isInteger(o.seq) || o.seq < 0)
    fail('seq', o.seq, 'a non-negative integer');
  if (typeof o.t !== 'number' || !Number.isFinite(o.t)) fail('t', o.t, 'a finite number (ms)');
  if (typeof o.src !== 'string') fail('src', o.src, 'a string');
  if ('marker' in o) {
    if (o.marker !== 'gap-start' && o.marker !== 'gap-end')
      fail('marker', o.marker, '"gap-start" or "gap-end"');
    return { v: 1, seq: o.seq, t: o.t, src: o.src, marker: o.marker };
  }
  if (typeof o.data !== 'object' || o.data === null || Array.isArray(o.data))
    fail('data', o.data, 'a JSON object');
  return { v: 1, seq: o.seq, t: o.t, src: o.src, data: o.data as Record<string, unknown> };
}
