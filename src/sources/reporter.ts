/**
 * Rate-limited reports: a source that refuses a thousand bad payloads a second says so once per
 * interval per reason, with how many it did not repeat, instead of flooding the log.
 */
import { KeyedReportGate } from '../util/index.js';
import type { RefusalReason } from './refusal.js';

/** What a source report is about: a refusal reason, a connection or sink `error`, or points `lost`. */
export type SourceReportKind = RefusalReason | 'error' | 'lost';

/** One rate-limited report of a supervised source, handed to its `onError`. */
export interface SourceErrorReport {
  readonly sourceId: string;
  readonly kind: SourceReportKind;
  /** The field (path) concerned, or `''` when the whole payload or the connection is meant. */
  readonly field: string;
  /** The offending value, shortened for display. */
  readonly value: string;
  readonly message: string;
  /** How many reports of this kind were held back since the last one. */
  readonly suppressed: number;
}

/** Where reports go. Default: `console.warn` of the message. */
export type SourceErrorSink = (report: SourceErrorReport) => void;

/** The default `onError` of a supervisor: `console.warn` of the message, with how many were held back. */
export const defaultSourceErrorSink: SourceErrorSink = (r) => {
  console.warn(
    `[tinydisplay source ${r.sourceId}] ${r.message}${r.suppressed > 0 ? ` (${r.suppressed} more not shown)` : ''}`,
  );
};

/** Show a value in at most `max` characters. */
export function showValue(value: unknown, max = 80): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value.length > max ? value.slice(0, max) : value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value == null) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch (err) {
      text = `[unprintable: ${err instanceof Error ? err.message : String(err)}]`;
    }
  }
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

export class SourceReporter {
  private readonly gate: KeyedReportGate<SourceReportKind>;

  /**
   * @param intervalMs minimum ms between two reports of the same kind (default 10_000).
   */
  constructor(
    private readonly sink: SourceErrorSink,
    intervalMs = 10_000,
  ) {
    this.gate = new KeyedReportGate(intervalMs);
  }

  /** Reports held back by the rate limit, in total. */
  get suppressedTotal(): number {
    return this.gate.heldBackTotal;
  }

  /** Returns true when the report went out, false when it was held back (and counted). */
  report(now: number, report: Omit<SourceErrorReport, 'suppressed'>): boolean {
    const suppressed = this.gate.admit(report.kind, now);
    if (suppressed < 0) return false;
    this.sink({ ...report, suppressed });
    return true;
  }
}
