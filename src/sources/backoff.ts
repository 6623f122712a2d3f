/**
 * Reconnect delays: capped exponential backoff with full jitter.
 *
 * Full jitter (`random() * min(maxDelay, initialDelay * factor ** attempt)`) spreads the reconnects of
 * many displays that lost the same broker at the same moment, so they do not all come back in step.
 */

/** Options of the reconnect backoff. All durations in ms. */
export interface BackoffOptions {
  /** Ceiling of the first delay (attempt 0), in ms. Default 250. */
  readonly initialDelay?: number;
  /** No delay ceiling grows past this, in ms. Default 30_000. */
  readonly maxDelay?: number;
  /** Growth of the ceiling per failed attempt. Default 2. */
  readonly factor?: number;
  /**
   * A connection that stayed up this long (ms) resets the attempt count to 0, so the next drop
   * reconnects fast again. Default 5_000.
   */
  readonly resetAfter?: number;
  /** Give up (state `failed`) after this many consecutive failed attempts. Default Infinity. */
  readonly maxAttempts?: number;
}

export interface ResolvedBackoff {
  readonly initialDelay: number;
  readonly maxDelay: number;
  readonly factor: number;
  readonly resetAfter: number;
  readonly maxAttempts: number;
}

export const DEFAULT_BACKOFF: ResolvedBackoff = {
  initialDelay: 250,
  maxDelay: 30_000,
  factor: 2,
  resetAfter: 5_000,
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
  const r: ResolvedBackoff = {
    initialDelay: checkNumber('initialDelay', options.initialDelay ?? DEFAULT_BACKOFF.initialDelay, 0),
    maxDelay: checkNumber('maxDelay', options.maxDelay ?? DEFAULT_BACKOFF.maxDelay, 0),
    factor: checkNumber('factor', options.factor ?? DEFAULT_BACKOFF.factor, 1),
    resetAfter: checkNumber('resetAfter', options.resetAfter ?? DEFAULT_BACKOFF.resetAfter, 0),
    maxAttempts: checkNumber('maxAttempts', options.maxAttempts ?? DEFAULT_BACKOFF.maxAttempts, 1, true),
  };
  if (r.maxDelay < r.initialDelay)
    throw new RangeError(`backoff.maxDelay: expected >= initialDelay (${r.initialDelay}), got ${r.maxDelay}`);
  return r;
}

/** The ceiling of the delay before attempt `attempt` (0-based): `min(maxDelay, initialDelay * factor^attempt)`. */
export function delayCeiling(attempt: number, options: ResolvedBackoff): number {
  // factor ** attempt overflows to Infinity for large attempts; min() then caps it.
  return Math.min(options.maxDelay, options.initialDelay * options.factor ** Math.max(0, attempt));
}

/**
 * The delay in ms before reconnect attempt `attempt` (0 = first retry after a drop). Pure: `random`
 * returns a number in [0, 1) and is the only source of variation.
 */
export function nextDelay(attempt: number, options: ResolvedBackoff, random: () => number): number {
  return Math.floor(random() * delayCeiling(attempt, options));
}
