/**
 * What one supervised source delivered, refused and lost, with the rate-limited reports about it:
 * the counting half of the supervisor (the connection state machine is in supervisor.ts). O(1) per
 * point: counters, two per-second rate counters, counts by reason in typed arrays.
 */
import { RateCounter, ReasonCounts } from '../util/index.js';
import type { SourceMetrics } from './metrics.js';
import { LOSS_REASONS, type LossReason, REFUSAL_REASONS, type RefusalReason } from './refusal.js';
import { type SourceErrorSink, SourceReporter, showValue } from './reporter.js';

/** Rates in the metrics are means over this many complete seconds. */
const RATE_WINDOW_SECONDS = 5;

/** The part of `SourceMetrics` a tally fills in. */
export type TallyMetrics = Pick<
  SourceMetrics,
  | 'lastError'
  | 'lastErrorAt'
  | 'messages'
  | 'bytes'
  | 'messagesPerSecond'
  | 'bytesPerSecond'
  | 'refused'
  | 'refusedTotal'
  | 'lost'
  | 'lostTotal'
  | 'reportsSuppressed'
>;

export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export class SourceTally {
  private messages = 0;
  private bytes = 0;
  private readonly messageRate = new RateCounter();
  private readonly byteRate = new RateCounter();
  private readonly refusedCounts = new ReasonCounts(REFUSAL_REASONS);
  private readonly lostCounts = new ReasonCounts(LOSS_REASONS);
  private readonly reporter: SourceReporter;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;

  /** @param reportIntervalMs least ms between two reports of the same kind. */
  constructor(
    private readonly sourceId: string,
    sink: SourceErrorSink,
    reportIntervalMs: number,
  ) {
    this.reporter = new SourceReporter(sink, reportIntervalMs);
  }

  /** `bytes` received at `now`, whether the payload is accepted or refused. */
  received(now: number, bytes: number): void {
    this.bytes += bytes;
    this.byteRate.add(now, bytes);
  }

  /** One point accepted into the sink at `now`. */
  accepted(now: number): void {
    this.messages++;
    this.messageRate.add(now);
  }

  refusal(now: number, reason: RefusalReason, field: string, value: unknown, message: string): void {
    this.refusedCounts.add(reason, 1);
    this.reporter.report(now, {
      sourceId: this.sourceId,
      kind: reason,
      field,
      value: showValue(value),
      message: `refused (${reason}): ${message}`,
    });
  }

  loss(now: number, reason: LossReason, count: number): void {
    this.lostCounts.add(reason, count);
    this.reporter.report(now, {
      sourceId: this.sourceId,
      kind: 'lost',
      field: '',
      value: String(count),
      message: `lost ${count} point(s): ${reason}`,
    });
  }

  /** Remember `error` as the last one and report it, prefixed with the transport `kind`. */
  error(now: number, error: Error, kind: string): void {
    this.lastError = error.message;
    this.lastErrorAt = now;
    this.reporter.report(now, {
      sourceId: this.sourceId,
      kind: 'error',
      field: '',
      value: '',
      message: `${kind}: ${error.message}`,
    });
  }

  /** The tally's part of the metrics; a fresh object per call (cold path). */
  metrics(now: number): TallyMetrics {
    return {
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      messages: this.messages,
      bytes: this.bytes,
      messagesPerSecond: this.messageRate.rate(now, RATE_WINDOW_SECONDS),
      bytesPerSecond: this.byteRate.rate(now, RATE_WINDOW_SECONDS),
      refused: this.refusedCounts.snapshot(),
      refusedTotal: this.refusedCounts.total,
      lost: this.lostCounts.snapshot(),
      lostTotal: this.lostCounts.total,
      reportsSuppressed: this.reporter.suppressedTotal,
    };
  }
}
