/** What a `SourceSupervisor` is configured with (user configuration, apart from its run-time state). */
import type { DataSink, PayloadLimits } from '../data/index.js';
import type { BackoffOptions } from './backoff.js';
import type { SourceClock } from './clock.js';
import type { SourceErrorReport } from './reporter.js';
import type { SourceSchema } from './schema.js';

/** Options of a `SourceSupervisor`: its sink, backoff, connection timeouts, edge checks and reports. */
export interface SupervisorOptions {
  /** Where points and gap markers go (a `RingBuffer`). Required. */
  readonly sink: DataSink;
  /** Reconnect backoff (ms). Defaults: 250 initial, x2, 30 s cap, reset after 5 s up, no attempt limit. */
  readonly backoff?: BackoffOptions;
  /**
   * A live connection with no data for this many ms is `silent` (connected, nothing comes). Default
   * Infinity (never). This is the connection's state; a key's staleness is the data layer's
   * (`staleAfterTicks` in the `DataStore`).
   */
  readonly silentAfterMs?: number;
  /** A connection attempt that has not resolved after this many ms fails. Default 10_000. */
  readonly connectTimeoutMs?: number;
  /** Field types, ranges, renames, required fields. Default: none (generic checks only). */
  readonly schema?: SourceSchema;
  /** Payload size, depth and field limits. Default: the data layer's `DEFAULT_PAYLOAD_LIMITS`. */
  readonly limits?: PayloadLimits;
  /** Time and timers. Default: `performance.now()` and the global timers. */
  readonly clock?: SourceClock;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /**
   * Dotted path of a sequence number the publisher puts in every payload (`seq`, `meta.n`): numbers
   * it skips are counted as lost (`sequence-gap`), numbers seen again as duplicates. Default none
   * (loss is then only what the transport can tell: see `Source.delivery`).
   */
  readonly sequenceField?: string;
  /** Where refusals, losses and errors are reported (rate-limited per kind). Default `console.warn`. */
  readonly onError?: (report: SourceErrorReport) => void;
  /** Minimum ms between two reports of the same kind. Default 10_000. */
  readonly reportIntervalMs?: number;
}

/** `value` (or `fallback`) checked to be a number of ms > 0; the error names the option. */
export function positiveMs(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v <= 0)
    throw new RangeError(`SourceSupervisor option "${name}": expected a number of ms > 0, got ${String(v)}`);
  return v;
}

/** Supervisor options renamed before 1.0: an old key is refused, naming the new one. */
export const RENAMED_SUPERVISOR_OPTIONS: Readonly<Record<string, string>> = {
  staleAfter: 'silentAfterMs',
  connectTimeout: 'connectTimeoutMs',
  reportInterval: 'reportIntervalMs',
  report: 'onError',
};
