/**
 * Events per second over the last minute in O(1) per event: a fixed ring of 61 one-second buckets.
 * Time is given by the caller (ms >= 0 on a monotonic clock); nothing here reads a clock.
 */
// 61 buckets: 60 complete seconds plus the one in progress.
export const RATE_BUCKETS = 61;

export class RateCounter {
  private readonly buckets = new Float64Array(RATE_BUCKETS);
  /** The second (floor(ms / 1000)) the newest bucket stands for; -1 before the first event. */
  private currentSecond = -1;
  /** Every event ever added. */
  total = 0;

  /** Count `n` events at `timeMs`. Times before the newest bucket count into it (never backwards). */
  add(timeMs: number, n = 1): void {
    const second = Math.floor(timeMs / 1000);
    if (second > this.currentSecond) this.advance(second);
    const b = this.currentSecond % RATE_BUCKETS;
    this.buckets[b] = (this.buckets[b] as number) + n;
    this.total += n;
  }

  /**
   * Mean events per second over the `windowSeconds` complete seconds before `nowMs` (the second in
   * progress is left out so a fresh second does not read as a drop). `windowSeconds` in 1..60.
   */
  rate(nowMs: number, windowSeconds: number): number {
    const w = Math.min(RATE_BUCKETS - 1, Math.max(1, Math.floor(windowSeconds)));
    const now = Math.floor(nowMs / 1000);
    if (this.currentSecond < 0) return 0;
    let sum = 0;
    for (let s = now - w; s < now; s++) {
      if (s < 0 || s > this.currentSecond || this.currentSecond - s >= RATE_BUCKETS) continue;
      sum += this.buckets[s % RATE_BUCKETS] as number;
    }
    return sum / w;
  }

  private advance(second: number): void {
    // Zero the buckets skipped over; at most the whole ring, however long the silence was.
    const steps = this.currentSecond < 0 ? 0 : Math.min(RATE_BUCKETS, second - this.currentSecond);
    for (let k = 1; k <= steps; k++) this.buckets[(second - steps + k) % RATE_BUCKETS] = 0;
    this.currentSecond = second;
  }
}
