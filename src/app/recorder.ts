/**
 * `DataRecorder`: writes every point a ring buffer ingests, with the arrival stamp the buffer gave
 * it, as one NDJSON line (`src/data/recording.ts`). It listens to the buffer, so points from any
 * source are recorded, gap markers included, in sequence order. Field paths are written back as
 * nested objects (`{"cpu":{"load":41.5}}`), the shape sources push.
 */
import { encodeRecordedEntry, type FieldValue, type RecordedEntry, type RingBuffer } from '../data/index.js';

/** What a `DataRecorder` wrote and missed (`recorder.stats`). */
export interface DataRecorderStats {
  /** Lines written. */
  readonly lines: number;
  /** UTF-16 characters written (newlines included). */
  readonly chars: number;
  /** Writes that threw (each is rethrown, so the buffer counts and reports it as a listener error). */
  readonly writeErrors: number;
  /** Points overwritten before the recorder could read them (should stay 0: it reads at once). */
  readonly missed: number;
}

/** Rebuild the nested payload from dotted paths (`a.b` = 1 -> `{ a: { b: 1 } }`). */
export function unflattenFields(fields: Readonly<Record<string, FieldValue>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of Object.keys(fields)) {
    const parts = path.split('.');
    let node = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      // Own properties only: a path part named "__proto__" must not reach Object.prototype.
      let next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (typeof next !== 'object' || next === null) {
        next = {};
        Object.defineProperty(node, part, {
          value: next,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      node = next as Record<string, unknown>;
    }
    Object.defineProperty(node, parts[parts.length - 1] as string, {
      value: fields[path],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Records every point a ring buffer ingests as NDJSON lines (see the file comment); `stats` counts what it wrote and missed. */
export class DataRecorder {
  private readonly counters = { lines: 0, chars: 0, writeErrors: 0, missed: 0 };
  private state: 'recording' | 'stopped' = 'recording';
  private lastSeq: number;
  private readonly listener = (seq: number): void => this.record(seq);

  /**
   * @param buffer the buffer to record
   * @param write receives each line, newline included (a file stream's write, an array's push, ...)
   */
  constructor(
    private readonly buffer: RingBuffer,
    private readonly write: (line: string) => void,
  ) {
    if (typeof write !== 'function')
      throw new TypeError(`DataRecorder: write must be a function, got ${typeof write}`);
    this.lastSeq = buffer.newestSeq;
    buffer.addListener(this.listener);
  }

  get stats(): DataRecorderStats {
    return { ...this.counters };
  }

  /** Stop listening; later points are not recorded. */
  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.buffer.removeListener(this.listener);
  }

  private record(seq: number): void {
    if (seq > this.lastSeq + 1) this.counters.missed += seq - this.lastSeq - 1;
    this.lastSeq = seq;
    const p = this.buffer.getBySequence(seq);
    if (!p) {
      this.counters.missed++;
      return;
    }
    const entry: RecordedEntry =
      p.kind === 'data'
        ? { v: 1, seq, t: p.time, src: p.sourceId, data: unflattenFields(p.fields) }
        : { v: 1, seq, t: p.time, src: p.sourceId, marker: p.kind };
    const line = `${encodeRecordedEntry(entry)}\n`;
    try {
      this.write(line);
    } catch (err) {
      this.counters.writeErrors++;
      throw err;
    }
    this.counters.lines++;
    this.counters.chars += line.length;
  }
}
