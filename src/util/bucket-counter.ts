/**
 * Events counted into a fixed ring of time buckets, O(1) per event: the bucket in progress is a plain
 * counter, folded into the ring when time moves to a later bucket (the buckets skipped over are
 * zeroed, at most the whole ring however long the silence). The one implementation behind the
 * per-second rates of the data monitor, the source supervisor and the binder. Time is given by the
 * caller, in any unit (ms, ticks) >= 0 that never goes backwards; nothing here reads a clock.
 */
export class BucketCounter {
  /** Buckets in the ring: the bucket in progress plus `bucketCount - 1` complete ones. */
  readonly bucketCount: number;
  /** Width of one bucket, in the caller's unit of time. */
  readonly bucketWidth: number;
  private readonly buckets: Float64Array;
  /** The bucket (floor(time / width)) `current` counts for; -1 before the first event. */
  private bucket = -1;
  private current = 0;
  private folded = 0;
  /** Time at which `add` must fold `current` into the ring (start of the next bucket). */
  private nextRollAt = Number.NEGATIVE_INFINITY;

  constructor(bucketCount: number, bucketWidth = 1) {
    if (!Number.isSafeInteger(bucketCount) || bucketCount < 1) {
      throw new RangeError(
        `BucketCounter: "bucketCount" must be a positive integer, received ${String(bucketCount)}`,
      );
    }
    if (typeof bucketWidth !== 'number' || !Number.isFinite(bucketWidth) || bucketWidth <= 0) {
      throw new RangeError(
        `BucketCounter: "bucketWidth" must be a finite number > 0, received ${String(bucketWidth)}`,
      );
    }
    this.bucketCount = bucketCount;
    this.bucketWidth = bucketWidth;
    this.buckets = new Float64Array(bucketCount);
  }

  /** Every event ever added. */
  get total(): number {
    return this.folded + this.current;
  }

  /** Count `n` events at `time`. Times before the bucket in progress count into it (never backwards). */
  add(time: number, n = 1): void {
    if (time >= this.nextRollAt) this.roll(time);
    this.current += n;
  }

  /**
   * Events in the buckets `from` to `to - 1` (bucket numbers: floor(time / width)). Buckets older
   * than the ring, or later than the last event, count as zero.
   */
  sum(from: number, to: number): number {
    if (this.bucket < 0) return 0;
    const count = this.bucketCount;
    let sum = 0;
    for (let b = Math.max(0, from); b < to; b++) {
      if (b === this.bucket) sum += this.current;
      else if (b < this.bucket && this.bucket - b < count) sum += this.buckets[b % count] as number;
    }
    return sum;
  }

  /** The bucket number of `time`. */
  bucketOf(time: number): number {
    return Math.floor(time / this.bucketWidth);
  }

  private roll(time: number): void {
    const bucket = this.bucketOf(time);
    const count = this.bucketCount;
    if (this.bucket >= 0) {
      this.buckets[this.bucket % count] = this.current;
      this.folded += this.current;
      // Zero the buckets skipped over; at most the whole ring, however long the silence was.
      const skipped = Math.min(count, bucket - this.bucket - 1);
      for (let k = 1; k <= skipped; k++) this.buckets[(bucket - k) % count] = 0;
    }
    this.bucket = bucket;
    this.current = 0;
    this.nextRollAt = (bucket + 1) * this.bucketWidth;
  }
}
