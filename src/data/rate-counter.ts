/**
 * Events per second over the last minute in O(1) per event: the second in progress is a plain
 * counter, folded into a fixed ring of one-second buckets when time moves to the next second.
 * Time is given by the caller (ms >= 0 on a monotonic clock); nothing here reads a clock.
 */

// 61 buckets: 60 complete seconds plus the one in progress.
export const RATE_BUCKETS = 61;

export class RateCounter {
  private readonly buckets = new Float64Array(RATE_BUCKETS);
  /** The second (floor(ms / 1000)) `current` counts for; -1 before the first event. */
  private second = -1;
  private current = 0;
  private folded = 0;
  /** Time at which `add` must fold `current` into the ring (start of the next second). */
  private nextRollAt = Number.NEGATIVE_INFINITY;

  /** Every event ever added. */
  get total(): number {
    return this.folded + this.current;
  }

  /** Count `n` events at `timeMs`. Times before the current second count into it (never backwards). */
  add(timeMs: number, n = 1): void {
    if (timeMs >= this.nextRollAt) this.roll(timeMs);
    this.current += n;
  }

  /**
   * Mean events per second over the `windowSeconds` complete seconds before `nowMs` (the second in
   * progress is left out so a fresh second does not read as a drop). `windowSeconds` in 1..60.
   */
  rate(nowMs: number, windowSeconds: number): number {
    const w = Math.min(RATE_BUCKETS - 1, Math.max(1, Math.floor(windowSeconds)));
    if (this.second < 0) return 0;
    const now = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let s = Math.max(0, now - w); s < now; s++) {
      if (s === this.second) sum += this.current;
      else if (s < this.second && this.second - s < RATE_BUCKETS)
        sum += this.buckets[s % RATE_BUCKETS] as number;
    }
    return sum / w;
  }

  private roll(timeMs: number): void {
    const second = Math.floor(timeMs / 1000);
    if (this.second >= 0) {
      this.buckets[this.second % RATE_BUCKETS] = this.current;
      this.folded += this.current;
      // Zero the seconds skipped over; at most the whole ring, however long the silence was.
      const skipped = Math.min(RATE_BUCKETS, second - this.second - 1);
      for (let k = 1; k <= skipped; k++) this.buckets[(second - k) % RATE_BUCKETS] = 0;
    }
    this.second = second;
    this.current = 0;
    this.nextRollAt = (second + 1) * 1000;
  }
}
