/**
 * Events per second over the last minute in O(1) per event: a `BucketCounter` of one-second buckets.
 * Time is given by the caller (ms >= 0 on a monotonic clock); nothing here reads a clock.
 */
import { BucketCounter } from './bucket-counter.js';

/** 61 buckets: 60 complete seconds plus the one in progress. */
export const RATE_BUCKETS = 61;

/**
 * Events per second over the last minute in O(1) per event (61 one-second buckets); time in ms is
 * given by the caller.
 */
export class RateCounter {
  private readonly counter = new BucketCounter(RATE_BUCKETS, 1000);

  /** Every event ever added. */
  get total(): number {
    return this.counter.total;
  }

  /** Count `n` events at `timeMs`. Times before the current second count into it (never backwards). */
  add(timeMs: number, n = 1): void {
    this.counter.add(timeMs, n);
  }

  /**
   * Mean events per second over the `windowSeconds` complete seconds before `nowMs` (the second in
   * progress is left out so a fresh second does not read as a drop). `windowSeconds` in 1..60.
   */
  rate(nowMs: number, windowSeconds: number): number {
    const w = Math.min(RATE_BUCKETS - 1, Math.max(1, Math.floor(windowSeconds)));
    const now = this.counter.bucketOf(nowMs);
    return this.counter.sum(now - w, now) / w;
  }
}
