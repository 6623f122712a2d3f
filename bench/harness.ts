/**
 * The benchmark harness shared by every `bench/*.bench.ts` file.
 *
 * A bench file default-exports an async function that returns its entries. Entry names are the
 * contract with the issues (`engine.frameAt.100_active.ns`): keep them exactly as written there.
 * Timings are wall-clock on a shared, noisy machine: compare entries of the same run as ratios,
 * never against fixed thresholds.
 */

export interface BenchEntry {
  /** Dotted name, stable across runs. */
  readonly name: string;
  readonly value: number;
  /** `ns`, `us`, `bytes`, `points/s`, ... */
  readonly unit: string;
}

export interface BenchContext {
  /** Set by `--quick`: fewer rounds, for a smoke run. */
  readonly quick: boolean;
  /** Progress and notes: goes to stderr so `--json` stays clean on stdout. */
  log(message: string): void;
}

export type BenchFile = (ctx: BenchContext) => Promise<BenchEntry[]>;

export interface Timing {
  /** Median of the per-op time over all rounds, in ns. */
  readonly medianNs: number;
  readonly p99Ns: number;
  readonly minNs: number;
  readonly rounds: number;
  readonly opsPerRound: number;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx] as number;
}

/** Sorted copy, then the requested percentiles; q in [0, 1]. */
export function percentiles(samples: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = Float64Array.from(samples as ArrayLike<number>).sort();
  return qs.map((q) => percentile(sorted, q));
}

/**
 * Time `fn` in rounds of `opsPerRound` calls; each round yields one per-op figure. Warm-up rounds
 * run first and are discarded (JIT tiers). `fn` gets the running op index so it can vary its input
 * without allocating.
 */
export function timePerOp(
  fn: (i: number) => void,
  options: { opsPerRound?: number; rounds?: number; warmupRounds?: number } = {},
): Timing {
  const opsPerRound = options.opsPerRound ?? 1000;
  const rounds = options.rounds ?? 200;
  const warmup = options.warmupRounds ?? Math.max(5, Math.floor(rounds / 10));
  const samples = new Float64Array(rounds);
  let op = 0;
  for (let r = -warmup; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < opsPerRound; k++) fn(op++);
    const t1 = process.hrtime.bigint();
    if (r >= 0) samples[r] = Number(t1 - t0) / opsPerRound;
  }
  samples.sort();
  return {
    medianNs: percentile(samples, 0.5),
    p99Ns: percentile(samples, 0.99),
    minNs: samples[0] as number,
    rounds,
    opsPerRound,
  };
}

/** Force a full GC when node runs with --expose-gc (npm run bench does); no-op otherwise. */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

/** Heap used plus array buffers (typed arrays live outside the JS heap). */
export function heapBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
