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
import type { GapMarker } from './sink.js';

export const RECORDING_VERSION = 1;

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
  const shown = JSON.stringify(value);
  throw new RecordingFormatError(
    `recording: field "${field}" must be ${expected}, got ${shown === undefined ? String(value) : shown.slice(0, 80)}`,
    field,
    value,
  );
}

/** Parse and check one line of a recording. Throws `RecordingFormatError` naming the field. */
export function parseRecordedEntry(line: string): RecordedEntry {
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
