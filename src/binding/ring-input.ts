/**
 * Reads a `RingBuffer` for the binder, tick by tick, without building point objects: arrival times
 * come from the buffer's time column, and for each key the binder reads only the latest value among
 * the points of the tick, found in O(1) from the column's last write (`RingBuffer.latestSeq`).
 * Points overwritten before they were read are counted (`gapCount`) and reported to the binder as lost.
 */
import { FLAG_GAP_END, FLAG_GAP_START, type RingBuffer } from '../data/index.js';
import type { TickInput, TickInputSink } from './hosts.js';

const MARKER_FLAGS = FLAG_GAP_START | FLAG_GAP_END;

/**
 * Reads a `RingBuffer` for the binder tick by tick without building point objects: each key's
 * latest value of the tick in O(1); points overwritten unread are counted in `gapCount`.
 */
export class RingBufferInput implements TickInput {
  /** Sequence number of the last point delivered (or skipped). */
  private position: number;
  /** Points overwritten before this reader reached them. */
  gapCount = 0;

  /**
   * @param start `next` (default): only points added from now on; `oldest`: everything held.
   */
  constructor(
    private readonly buffer: RingBuffer,
    start: 'oldest' | 'next' = 'next',
  ) {
    this.position = start === 'oldest' ? buffer.oldestSeq - 1 : buffer.newestSeq;
  }

  deliverUntil(untilMs: number, sink: TickInputSink): void {
    const b = this.buffer;
    const newest = b.newestSeq;
    let from = this.position + 1;
    if (from < b.oldestSeq) {
      const missed = b.oldestSeq - from;
      this.gapCount += missed;
      sink.lost(missed);
      from = b.oldestSeq;
    }
    const times = b.times;
    const flags = b.flags;
    let last = from - 1;
    // Arrival times never decrease in a ring buffer, so the tick's points are a prefix.
    while (last < newest) {
      const slot = b.slotOf(last + 1);
      const t = times[slot] as number;
      if (t > untilMs) break;
      if (((flags[slot] as number) & MARKER_FLAGS) === 0)
        sink.point(t, b.sourceIdOf(b.sources[slot] as number));
      last++;
    }
    if (last < from) return;
    this.position = last;
    const keys = sink.keys;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      const s = b.latestSeq(key, from, last);
      if (s > 0) sink.field(key, b.fieldValue(s, key), b.timeOf(s));
    }
  }
}
