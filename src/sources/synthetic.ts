/**
 * A seeded synthetic generator for demos and tests: sine, noise, steps and bursts. Pure: the value
 * of sample `index` depends only on (seed, field, index), so the same seed gives the same values
 * whatever the timer did, and any sample can be computed on its own. Periods are in samples; the
 * source takes one sample every `intervalMs` ms on the injected clock.
 */
import { isForbiddenKey } from '../data/index.js';
import { detMath } from '../math/index.js';
import { refuseRenamedOptions } from '../util/index.js';
import type { TimerHandle } from './clock.js';
import type { DeliveryGuarantee, Source, SourceContext } from './source.js';

/**
 * How a synthetic field varies with the sample index (periods in samples, not ms): a sine, uniform
 * noise, steps, or bursts.
 */
export type Waveform =
  /** `offset + amplitude * sin(2π (index / period) + phase)`. */
  | {
      readonly kind: 'sine';
      readonly period: number;
      readonly amplitude?: number;
      readonly offset?: number;
      readonly phase?: number;
    }
  /** Uniform noise in `offset ± amplitude`. */
  | { readonly kind: 'noise'; readonly amplitude?: number; readonly offset?: number }
  /** Holds each of `levels` for `every` samples, in turn; with `random: true` a seeded random level each time. */
  | {
      readonly kind: 'steps';
      readonly levels: readonly number[];
      readonly every: number;
      readonly random?: boolean;
    }
  /**
   * `base` most of the time; every `every` samples a burst of `length` samples at `peak`, plus
   * uniform noise of `jitter` around either.
   */
  | {
      readonly kind: 'bursts';
      readonly base: number;
      readonly peak: number;
      readonly every: number;
      readonly length: number;
      readonly jitter?: number;
    };

/** A uniform number in [0, 1) from (seed, stream, index): a stateless hash (mulberry32's finaliser). */
export function seededUnit(seed: number, stream: number, index: number): number {
  let t = (seed ^ Math.imul(stream + 1, 0x9e3779b9) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  t = (t + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function checkWave(name: string, w: Waveform): void {
  const bad = (what: string, v: unknown): never => {
    throw new RangeError(`synthetic field "${name}": ${what}, got ${String(v)}`);
  };
  switch (w?.kind) {
    case 'sine':
      if (!(w.period > 0)) bad('sine period must be a number of samples > 0', w.period);
      break;
    case 'noise':
      break;
    case 'steps':
      if (!Array.isArray(w.levels) || w.levels.length === 0) bad('steps need at least one level', w.levels);
      if (!Number.isInteger(w.every) || w.every < 1) bad('steps "every" must be an integer >= 1', w.every);
      break;
    case 'bursts':
      if (!Number.isInteger(w.every) || w.every < 1) bad('bursts "every" must be an integer >= 1', w.every);
      if (!Number.isInteger(w.length) || w.length < 0 || w.length > w.every)
        bad('bursts "length" must be an integer in [0, every]', w.length);
      break;
    default:
      bad('kind must be "sine", "noise", "steps" or "bursts"', (w as { kind?: unknown } | undefined)?.kind);
  }
}

/**
 * The pure, seeded value generator behind `SyntheticSource`: the value of sample `index` depends
 * only on the seed, the field and the index.
 */
export class SyntheticGenerator {
  private readonly names: string[];
  private readonly waves: Waveform[];

  constructor(
    fields: Readonly<Record<string, Waveform>>,
    readonly seed: number,
  ) {
    if (!Number.isInteger(seed))
      throw new RangeError(`synthetic seed: expected an integer, got ${String(seed)}`);
    this.names = Object.keys(fields);
    if (this.names.length === 0) throw new RangeError('synthetic fields: expected at least one field');
    for (const n of this.names)
      if (n === '' || isForbiddenKey(n))
        throw new RangeError(`synthetic fields: "${n}" cannot be a field name`);
    this.waves = this.names.map((n) => fields[n] as Waveform);
    this.names.forEach((n, i) => {
      checkWave(n, this.waves[i] as Waveform);
    });
  }

  /** The value of field number `f` at sample `index`. */
  valueAt(f: number, index: number): number {
    const w = this.waves[f] as Waveform;
    switch (w.kind) {
      case 'sine':
        return (
          (w.offset ?? 0) +
          (w.amplitude ?? 1) * detMath.sin((2 * Math.PI * index) / w.period + (w.phase ?? 0))
        );
      case 'noise':
        return (w.offset ?? 0) + (w.amplitude ?? 1) * (2 * seededUnit(this.seed, f, index) - 1);
      case 'steps': {
        const step = Math.floor(index / w.every);
        const pick =
          w.random === true
            ? Math.floor(seededUnit(this.seed, f, step) * w.levels.length)
            : step % w.levels.length;
        return w.levels[pick] as number;
      }
      case 'bursts': {
        const inBurst = index % w.every < w.length;
        const jitter = (w.jitter ?? 0) * (2 * seededUnit(this.seed, f, index) - 1);
        return (inBurst ? w.peak : w.base) + jitter;
      }
    }
  }

  /** Sample `index` of every field. */
  at(index: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (let f = 0; f < this.names.length; f++) out[this.names[f] as string] = this.valueAt(f, index);
    return out;
  }
}

/** Options of a `SyntheticSource`. */
export interface SyntheticSourceOptions {
  /** Source id written with every point. */
  readonly id: string;
  /** Fields and their waveforms. */
  readonly fields: Readonly<Record<string, Waveform>>;
  /** Seed; the same seed gives the same values. Default 1. */
  readonly seed?: number;
  /** ms between samples. Default 1_000. */
  readonly intervalMs?: number;
  /** Stop (end) after this many samples. Default: never. */
  readonly count?: number;
}

/**
 * Seeded synthetic data for demos and tests: one sample of its `Waveform` fields every
 * `intervalMs` (default 1 s) on the injected clock, optionally `count` samples only.
 */
export class SyntheticSource implements Source {
  readonly kind = 'synthetic';
  /** It makes its own data: nothing can be lost before it. */
  readonly delivery: DeliveryGuarantee = 'complete';
  readonly id: string;
  readonly generator: SyntheticGenerator;
  private readonly intervalMs: number;
  private readonly count: number;
  /** Next sample index; keeps counting across restarts so values never repeat by accident. */
  private index = 0;
  private timer: TimerHandle | null = null;
  private ctx: SourceContext | undefined;

  constructor(options: SyntheticSourceOptions) {
    if (typeof options?.id !== 'string' || options.id === '')
      throw new TypeError(
        `SyntheticSource option "id": expected a non-empty string, got ${String(options?.id)}`,
      );
    this.id = options.id;
    this.generator = new SyntheticGenerator(options.fields, options.seed ?? 1);
    refuseRenamedOptions('SyntheticSource', options, { interval: 'intervalMs' });
    this.intervalMs = options.intervalMs ?? 1_000;
    if (!(this.intervalMs > 0) || !Number.isFinite(this.intervalMs))
      throw new RangeError(
        `SyntheticSource option "intervalMs": expected a number of ms > 0, got ${String(options.intervalMs)}`,
      );
    this.count = options.count ?? Number.POSITIVE_INFINITY;
    if (!(this.count >= 0))
      throw new RangeError(`SyntheticSource option "count": expected >= 0, got ${String(options.count)}`);
  }

  async start(ctx: SourceContext): Promise<void> {
    this.ctx = ctx;
    this.schedule(ctx);
  }

  private schedule(ctx: SourceContext): void {
    this.timer = ctx.clock.setTimeout(() => {
      this.timer = null;
      if (this.index >= this.count) {
        ctx.ended();
        return;
      }
      ctx.deliver(this.generator.at(this.index++), 0);
      this.schedule(ctx);
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) this.ctx?.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
