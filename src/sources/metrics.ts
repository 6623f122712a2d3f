/** The monitor's view of one supervised source, and of all of them. */
import type { LossReason, RefusalReason } from './refusal.js';
import type { DeliveryGuarantee, SourceState } from './source.js';

/**
 * What the monitor shows of one supervised source: connection state and time in each state,
 * reconnects, gaps, message and byte counts and rates, refusals and losses by reason.
 */
export interface SourceMetrics {
  readonly id: string;
  /** Transport name (`mqtt`, `websocket`, `tcp-ndjson`, ...). */
  readonly kind: string;
  readonly state: SourceState;
  /** ms spent in the current state so far. */
  readonly stateAge: number;
  /** ms spent in each state since the supervisor was created (the current one included). */
  readonly timeInState: Readonly<Record<SourceState, number>>;
  /** Connection attempts made after the first one. */
  readonly reconnects: number;
  /** Consecutive failed attempts (the backoff exponent); 0 once a connection was stable. */
  readonly failedAttempts: number;
  /** Interruptions of a live stream (each wrote a `gap-start` marker). */
  readonly gaps: number;
  readonly lastError: string | null;
  /** Supervisor clock time (ms) of `lastError`, or null. */
  readonly lastErrorAt: number | null;
  /** Points accepted into the sink, in total. */
  readonly messages: number;
  /** Bytes received with accepted and refused payloads, in total. */
  readonly bytes: number;
  /** Accepted points per second, mean over the last 5 complete seconds. */
  readonly messagesPerSecond: number;
  /** Received bytes per second, mean over the last 5 complete seconds. */
  readonly bytesPerSecond: number;
  readonly refused: Readonly<Record<RefusalReason, number>>;
  readonly refusedTotal: number;
  readonly lost: Readonly<Record<LossReason, number>>;
  readonly lostTotal: number;
  /** Messages received twice: redeliveries recognised (and not written) plus repeated sequence numbers. */
  readonly duplicates: number;
  /** Times the sequence field fell far below its highest value (a publisher that restarted). */
  readonly sequenceResets: number;
  /**
   * How far `lost` can be trusted: `sequenced` (a sequence field counts every gap), or what the
   * transport guarantees (`complete`; `at-least-once` and `at-most-once` lose what they cannot count).
   */
  readonly delivery: DeliveryGuarantee | 'sequenced';
  /** Reports held back by the rate limit. */
  readonly reportsSuppressed: number;
  /** Exceptions thrown by event listeners (counted, the loop went on). */
  readonly listenerErrors: number;
}

/** The `sources` section of the data layer monitor's snapshot. */
export interface SourcesMetrics {
  readonly sources: readonly SourceMetrics[];
}
