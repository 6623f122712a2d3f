/**
 * Soft errors inside the loop are counted by the caller and reported here at most once per interval,
 * with the number held back since the last report, so a listener throwing on every point cannot flood
 * the log (or slow ingestion down with formatting).
 */

/** Where reports go: `(message, error)`. Default `console.warn`. */
export type ErrorSink = (message: string, error: unknown) => void;

export class RateLimitedReporter {
  private lastReport = Number.NEGATIVE_INFINITY;
  private heldBack = 0;

  constructor(
    private readonly sink: ErrorSink,
    /** Least time between two reports, ms (same clock as the `timeMs` given to `report`). */
    private readonly intervalMs: number,
  ) {}

  /** Report now, or count it for the next report. Returns true when the sink was called. */
  report(timeMs: number, message: string, error: unknown): boolean {
    if (timeMs - this.lastReport < this.intervalMs) {
      this.heldBack++;
      return false;
    }
    const suffix = this.heldBack > 0 ? ` (${this.heldBack} more since the last report)` : '';
    this.heldBack = 0;
    this.lastReport = timeMs;
    this.sink(message + suffix, error);
    return true;
  }
}

export const defaultErrorSink: ErrorSink = (message, error) => {
  console.warn(`tinydisplay: ${message}`, error);
};
