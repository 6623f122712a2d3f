/**
 * At most one report per interval, counting what the interval held back: the one rule behind every
 * rate-limited error report in the library (data listeners, coordination actions, binder errors,
 * source refusals, tick callbacks). Unit-free: `interval` and `now` are on the caller's clock (ms or
 * ticks), and nothing here reads a clock.
 */
export class ReportWindow {
  /** Least time between two reports, in the unit of `now`. */
  readonly interval: number;
  private last = Number.NEGATIVE_INFINITY;
  private held = 0;
  private heldTotal = 0;

  constructor(interval: number) {
    if (typeof interval !== 'number' || Number.isNaN(interval) || interval < 0) {
      throw new RangeError(`ReportWindow: "interval" must be a number >= 0, received ${String(interval)}`);
    }
    this.interval = interval;
  }

  /**
   * A report at `now`: returns -1 when the interval holds it back (it is counted), otherwise the
   * number held back since the previous report, which goes out now. `force` lets it out whatever the
   * interval (a first report of its kind, say); the window then restarts at `now` like any report.
   */
  admit(now: number, force = false): number {
    if (!force && now - this.last < this.interval) {
      this.held++;
      this.heldTotal++;
      return -1;
    }
    const held = this.held;
    this.held = 0;
    this.last = now;
    return held;
  }

  /** Reports held back since the last one that went out. */
  get heldBack(): number {
    return this.held;
  }

  /** Reports held back since creation. */
  get heldBackTotal(): number {
    return this.heldTotal;
  }
}
