/**
 * Counters by reason (a fixed list of names) in a typed array: O(1) per count, one object per
 * snapshot (cold path). Used for what the data layer refused and dropped, and what sources refused
 * and lost.
 */
export class ReasonCounts<R extends string> {
  private readonly counts: Float64Array;
  private readonly index: Readonly<Record<R, number>>;
  /** Sum over every reason. */
  total = 0;

  constructor(private readonly reasons: readonly R[]) {
    this.counts = new Float64Array(reasons.length);
    this.index = Object.fromEntries(reasons.map((r, i) => [r, i])) as Record<R, number>;
  }

  add(reason: R, n: number): void {
    const i = this.index[reason];
    this.counts[i] = (this.counts[i] as number) + n;
    this.total += n;
  }

  get(reason: R): number {
    return this.counts[this.index[reason]] as number;
  }

  snapshot(): Record<R, number> {
    const out = {} as Record<R, number>;
    this.reasons.forEach((r, i) => {
      out[r] = this.counts[i] as number;
    });
    return out;
  }
}
