/**
 * Soft errors inside the loop are counted by the caller and reported here at most once per interval,
 * with the number held back since the last report, so a listener throwing on every point cannot flood
 * the log (or slow ingestion down with formatting).
 */

import { type ErrorSink, ReportWindow } from '../util/index.js';

export type { ErrorSink } from '../util/index.js';

/**
 * Reports soft errors to an `ErrorSink` at most once per interval (ms), saying how many were held
 * back since the last report.
 */
export class RateLimitedReporter {
  private readonly window: ReportWindow;

  constructor(
    private readonly sink: ErrorSink,
    /** Least time between two reports, ms (same clock as the `timeMs` given to `report`). */
    intervalMs: number,
  ) {
    this.window = new ReportWindow(intervalMs);
  }

  /** Report now, or count it for the next report. Returns true when the sink was called. */
  report(timeMs: number, message: string, error: unknown): boolean {
    const heldBack = this.window.admit(timeMs);
    if (heldBack < 0) return false;
    const suffix = heldBack > 0 ? ` (${heldBack} more since the last report)` : '';
    this.sink(message + suffix, error);
    return true;
  }
}

/** The ring buffer's default `onError`: `console.warn` of the message and the error. */
export const defaultErrorSink: ErrorSink = (message, error) => {
  console.warn(`tinydisplay: ${message}`, error);
};
