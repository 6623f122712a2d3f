/**
 * A fixed-bucket histogram (no sample list): O(1) per record, bounded memory. Bucket `i` counts
 * values <= `bounds[i]`; the last bucket counts the rest.
 */
export interface HistogramSnapshot {
  /** Upper bounds of the buckets, in the histogram's unit; the last bucket is `+Inf`. */
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
  readonly count: number;
  readonly sum: number;
  readonly max: number;
  /** Upper bound of the bucket holding the median / 99th percentile (an upper estimate). */
  readonly p50: number;
  readonly p99: number;
}

export class Histogram {
  private readonly counts: Float64Array;
  private n = 0;
  private total = 0;
  private maxValue = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  record(value: number): void {
    const b = this.bounds;
    let i = 0;
    while (i < b.length && value > (b[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.n++;
    this.total += value;
    if (value > this.maxValue) this.maxValue = value;
  }

  private quantile(q: number): number {
    if (this.n === 0) return 0;
    const want = Math.ceil(q * this.n);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen >= want) return i < this.bounds.length ? (this.bounds[i] as number) : this.maxValue;
    }
    return this.maxValue;
  }

  snapshot(): HistogramSnapshot {
    return {
      bounds: [...this.bounds, Number.POSITIVE_INFINITY],
      counts: Array.from(this.counts),
      count: this.n,
      sum: this.total,
      max: this.maxValue,
      p50: this.quantile(0.5),
      p99: this.quantile(0.99),
    };
  }
}
