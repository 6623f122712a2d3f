/**
 * Reconnect delays: capped exponential backoff with full jitter.
 *
 * Full jitter (`random() * min(maxDelayMs, initialDelayMs * factor ** attempt)`) spreads the reconnects of
 * many displays that lost the same broker at the same moment, so they do not all come back in step.
 */
import { refuseRenamedOptions } from '../util/index.js';

/** Options of the reconnect backoff. All durations in ms. */
export interface BackoffOptions {
  /** Ceiling of the first delay (attempt 0), in ms. Default 250. */
  readonly initialDelayMs?: number;
  /** No delay ceiling grows past this, in ms. Default 30_000. */
  readonly maxDelayMs?: number;
  /** Growth of the ceiling per failed attempt. Default 2. */
  readonly factor?: number;
  /**
   * A connection that stayed up this long (ms) resets the attempt count to 0, so the next drop
   * reconnects fast again. Default 5_000.
   */
  readonly resetAfterMs?: number;
  /** Give up (state `failed`) after this many consecutive failed attempts. Default Infinity. */
  readonly maxAttempts?: number;
}

/**
 * `BackoffOptions` with every default filled in and checked (durations in ms), as `resolveBackoff`
 * returns it.
 */
export interface ResolvedBackoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
  readonly resetAfterMs: number;
  readonly maxAttempts: number;
}

/**
 * The reconnect backoff when none is given: 250 ms first ceiling, x2 per failed attempt, 30 s cap,
 * attempts reset after 5 s up, no attempt limit.
 */
export const DEFAULT_BACKOFF: ResolvedBackoff = {
  initialDelayMs: 250,
  maxDelayMs: 30_000,
  factor: 2,
  resetAfterMs: 5_000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

function checkNumber(name: string, value: unknown, min: number, allowInfinity = false): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < min ||
    (!allowInfinity && !Number.isFinite(value))
  )
    throw new RangeError(
      `backoff.${name}: expected a ${allowInfinity ? '' : 'finite '}number >= ${min}, got ${String(value)}`,
    );
  return value;
}

/** Fill defaults and check every option; throws a `RangeError` naming the option. */
export function resolveBackoff(options: BackoffOptions = {}): ResolvedBackoff {
  refuseRenamedOptions('backoff', options, {
    initialDelay: 'initialDelayMs',
    maxDelay: 'maxDelayMs',
    resetAfter: 'resetAfterMs',
  });
  const r: ResolvedBackoff = {
    initialDelayMs: checkNumber(
      'initialDelayMs',
      options.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs,
      0,
    ),
    maxDelayMs: checkNumber('maxDelayMs', options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs, 0),
    factor: checkNumber('factor', options.factor ?? DEFAULT_BACKOFF.factor, 1),
    resetAfterMs: checkNumber('resetAfterMs', options.resetAfterMs ?? DEFAULT_BACKOFF.resetAfterMs, 0),
    maxAttempts: checkNumber('maxAttempts', options.maxAttempts ?? DEFAULT_BACKOFF.maxAttempts, 1, true),
  };
  if (r.maxDelayMs < r.initialDelayMs)
    throw new RangeError(
      `backoff.maxDelayMs: expected >= initialDelayMs (${r.initialDelayMs}), got ${r.maxDelayMs}`,
    );
  return r;
}

/** The ceiling of the delay before attempt `attempt` (0-based): `min(maxDelayMs, initialDelayMs * factor^attempt)`. */
export function delayCeiling(attempt: number, options: ResolvedBackoff): number {
  // factor ** attempt overflows to Infinity for large attempts; min() then caps it.
  return Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** Math.max(0, attempt));
}

/**
 * The delay in ms before reconnect attempt `attempt` (0 = first retry after a drop). Pure: `random`
 * returns a number in [0, 1) and is the only source of variation.
 */
export function nextDelay(attempt: number, options: ResolvedBackoff, random: () => number): number {
  return Math.floor(random() * delayCeiling(attempt, options));
}
