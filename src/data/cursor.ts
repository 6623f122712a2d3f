import type { RingBuffer } from './ring-buffer.js';
import type { DataPoint } from './ring-reads.js';

/**
 * A reader's position in a buffer: each `read` returns what arrived since the last one and adds the
 * points it could not see (overwritten first) to `gapCount`, so a loss is always a number.
 */
export class DataCursor {
  /** Points this reader missed because they were overwritten before it read them. */
  gapCount = 0;
  constructor(
    private readonly buffer: RingBuffer,
    /** Sequence number of the last point read (or skipped). */
    public position: number,
  ) {}

  /** Points since the last read, at most `max`. */
  read(max?: number): DataPoint[] {
    const r = this.buffer.readSince(this.position, max);
    this.gapCount += r.missed;
    this.position = r.lastSeq;
    return r.points;
  }

  /** Points that arrived up to `time` (inclusive) and not read yet, oldest first. */
  readUntil(time: number): DataPoint[] {
    const end = this.buffer.seqAtOrAfter(time);
    // seqAtOrAfter finds the first point at or after `time`; include those stamped exactly `time`.
    let last = end - 1;
    while (last + 1 <= this.buffer.newestSeq && this.buffer.timeOf(last + 1) === time) last++;
    // Count from where reading will start: points already overwritten are skipped (and counted) first.
    const start = Math.max(this.position, this.buffer.oldestSeq - 1);
    return this.read(Math.max(0, last - start));
  }
}
