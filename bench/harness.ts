/**
 * The benchmark harness shared by every `bench/*.bench.ts` file.
 *
 * A bench file default-exports an async function that returns its entries. Entry names are the
 * contract with the issues (`engine.frameAt.100_active.ns`): keep them exactly as written there.
 * Timings are wall-clock on a shared, noisy machine: compare entries of the same run as ratios,
 * never against fixed thresholds.
 *
 * Two ways to time an operation, and what their figures mean:
 *
 * - `timePerOp` (batched): runs rounds of `opsPerRound` calls and divides each round's time by
 *   `opsPerRound`. Its `medianNs` is the typical cost of one call in a steady stream (the `ns_per_op`
 *   entries); being a mean within each round, it carries its share of the rare slow calls, so it can
 *   sit above the single-call p50; its `p99Ns` is the 99th percentile of *round averages*, which hides any single slow
 *   call (a 20 us pause in a round of 1,000 adds only 20 ns). Never report it as a per-op p99.
 * - `samplePerOp` (single calls): reads the clock around every call, so each sample is one call.
 *   Its p50/p99/p999 are percentiles of individual calls (the `*.p99_ns` entries), including the
 *   occasional GC pause or cache miss a caller really sees. Each sample includes the cost of one
 *   clock read pair; the sampler times an empty call interleaved with the real ones in the same run.
 *   Its median is subtracted from the p50 only; every p99 is reported as measured, next to the
 *   empty call's p99 (`*.p99_ns.empty_call`), the floor the timer alone gives. The clock ticks in
 *   steps of tens of ns here: below ~50 ns the single-call figures are coarse, use the batched
 *   median for those.
 * - `compareRounds` (peers): the batched timing for several contenders at once, their rounds
 *   alternating so none is favoured by running first; each says what it does in its label.
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
  /** Median of the per-op time over all rounds, in ns: the typical cost of one call in a stream. */
  readonly medianNs: number;
  /** 99th percentile of the per-round *average*, in ns; not a per-op p99 (see `samplePerOp`). */
  readonly p99Ns: number;
  /** Fastest round's per-op average, in ns. */
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
    const t0 = performance.now();
    for (let k = 0; k < opsPerRound; k++) fn(op++);
    const t1 = performance.now();
    if (r >= 0) samples[r] = ((t1 - t0) * 1e6) / opsPerRound;
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

/** Percentiles of single calls, and of an empty call timed the same way (see `samplePerOp`). */
export interface OpSamples {
  /** Median single-call time, in ns, after subtracting `timerNs`. */
  readonly p50Ns: number;
  /**
   * 99th percentile single-call time, in ns, as measured: the timer's own cost and tail are inside.
   * Read it next to `emptyP99Ns`, the same percentile of an empty call.
   */
  readonly p99Ns: number;
  /** 99th percentile of an empty call timed the same way, in the same run (the timer's floor). */
  readonly emptyP99Ns: number;
  /** 99.9th percentile single-call time, in ns, as measured (see `emptyP999Ns`). */
  readonly p999Ns: number;
  /** 99.9th percentile of the empty call. */
  readonly emptyP999Ns: number;
  /** Slowest single call, in ns, as measured. */
  readonly maxNs: number;
  /** Median cost of timing an empty call in the same run, in ns (subtracted from `p50Ns` only). */
  readonly timerNs: number;
  /** Timed calls kept (warm-up calls excluded). */
  readonly samples: number;
}

function emptyCall(_i: number): void {}

/**
 * Time `samples` single calls of `fn`, each between two `performance.now()` reads stored straight
 * into a preallocated Float64Array (no allocation per sample, unlike `process.hrtime.bigint()`),
 * after `warmup` calls whose times are discarded (default a tenth of `samples`). An empty call is
 * timed the same way right before each real one, so the timer is measured under the same conditions
 * (cache, CPU frequency, neighbours): its median is subtracted from the p50 only, and its p99 and
 * p99.9 are reported beside the real ones rather than subtracted (a tail minus a median would leave
 * the timer's own tail inside the figure). `fn` gets the running op index.
 */
export function samplePerOp(
  fn: (i: number) => void,
  options: { samples?: number; warmup?: number } = {},
): OpSamples {
  const n = options.samples ?? 200_000;
  const warmup = options.warmup ?? Math.floor(n / 10);
  const real = new Float64Array(n);
  const empty = new Float64Array(n);
  const noop = emptyCall;
  const clock = performance;
  let op = 0;
  for (let s = -warmup; s < n; s++) {
    const e0 = clock.now();
    noop(op);
    const e1 = clock.now();
    const t0 = clock.now();
    fn(op++);
    const t1 = clock.now();
    if (s >= 0) {
      empty[s] = (e1 - e0) * 1e6;
      real[s] = (t1 - t0) * 1e6;
    }
  }
  empty.sort();
  real.sort();
  const timerNs = percentile(empty, 0.5);
  return {
    p50Ns: percentile(real, 0.5) - timerNs,
    p99Ns: percentile(real, 0.99),
    emptyP99Ns: percentile(empty, 0.99),
    p999Ns: percentile(real, 0.999),
    emptyP999Ns: percentile(empty, 0.999),
    maxNs: real[n - 1] ?? Number.NaN,
    timerNs,
    samples: n,
  };
}

/** One contender of `compareRounds`: a name, what it does (the label), and the call to time. */
export interface Contender {
  readonly name: string;
  /** What the call does, said plainly (checks, storage, clock reads): printed next to the figure. */
  readonly does: string;
  readonly fn: (i: number) => void;
}

/**
 * Time several contenders fairly: their rounds alternate (round r runs them in an order rotated by
 * r, so none always runs first or last, warm or cold), and every contender is called through the
 * same call site. Returns one `Timing` per contender, in the order given.
 */
export function compareRounds(
  contenders: readonly Contender[],
  options: { opsPerRound?: number; rounds?: number; warmupRounds?: number } = {},
): Timing[] {
  const opsPerRound = options.opsPerRound ?? 1000;
  const rounds = options.rounds ?? 200;
  const warmup = options.warmupRounds ?? Math.max(5, Math.floor(rounds / 10));
  const k = contenders.length;
  const samples = contenders.map(() => new Float64Array(rounds));
  const ops = new Float64Array(k);
  for (let r = -warmup; r < rounds; r++) {
    for (let j = 0; j < k; j++) {
      const c = (((r + j) % k) + k) % k;
      const fn = (contenders[c] as Contender).fn;
      let op = ops[c] as number;
      const t0 = performance.now();
      for (let m = 0; m < opsPerRound; m++) fn(op++);
      const t1 = performance.now();
      ops[c] = op;
      if (r >= 0) (samples[c] as Float64Array)[r] = ((t1 - t0) * 1e6) / opsPerRound;
    }
  }
  return samples.map((s) => {
    s.sort();
    return {
      medianNs: percentile(s, 0.5),
      p99Ns: percentile(s, 0.99),
      minNs: s[0] as number,
      rounds,
      opsPerRound,
    };
  });
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
