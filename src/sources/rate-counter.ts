/**
 * Events per second over a sliding window, O(1) per event and allocation-free: a ring of one-second
 * buckets in a typed array, cleared lazily as time moves on.
 */
export class RateCounter {
  private readonly counts: Float64Array;
  private readonly bucketMs: number;
  /** Index (in whole buckets since time 0) of the newest bucket written. */
  private head = -1;
  private total = 0;

  /**
   * @param windowMs length of the window in ms (default 5_000).
   * @param buckets number of buckets the window is cut into (default 5).
   */
  constructor(windowMs = 5_000, buckets = 5) {
    if (!(windowMs > 0) || !Number.isFinite(windowMs))
      throw new RangeError(`RateCounter windowMs: expected a finite number > 0, got ${windowMs}`);
    if (!Number.isInteger(buckets) || buckets < 1)
      throw new RangeError(`RateCounter buckets: expected an integer >= 1, got ${buckets}`);
    this.counts = new Float64Array(buckets);
    this.bucketMs = windowMs / buckets;
  }

  private advance(now: number): number {
    const index = Math.floor(now / this.bucketMs);
    if (this.head < 0) {
      this.head = index;
      return index;
    }
    const n = this.counts.length;
    if (index > this.head) {
      const steps = Math.min(n, index - this.head);
      for (let k = 1; k <= steps; k++) {
        const slot = (this.head + k) % n;
        this.total -= this.counts[slot] as number;
        this.counts[slot] = 0;
      }
      this.head = index;
    }
    return this.head;
  }

  /** Count `amount` (default 1) at time `now` (ms). */
  add(now: number, amount = 1): void {
    const index = this.advance(now);
    const slot = index % this.counts.length;
    this.counts[slot] = (this.counts[slot] as number) + amount;
    this.total += amount;
  }

  /** Events per second over the window that ends at `now` (ms). */
  perSecond(now: number): number {
    if (this.head < 0) return 0;
    this.advance(now);
    return (this.total * 1000) / (this.bucketMs * this.counts.length);
  }
}
