import { describe } from './actions.js';
import type { CoordinationEnv } from './env.js';
import type { FireCause } from './events.js';
import { checkTick, PrimitiveBase, type PrimitiveOptions } from './primitive.js';
import type { FieldReader, PrimitiveFields } from './snapshot.js';

/**
 * - `idle`: waits for `triggerAt` or a `fire` action.
 * - `scheduled`: will start by itself at `startAt`.
 * - `running`: started; steps start at their ticks.
 * - `completed`: the last step finished; its actions ran. Firing again restarts it.
 */
export type SequenceState = 'idle' | 'scheduled' | 'running' | 'completed';

/**
 * - `chain`: each step starts when the previous one ends, plus its `gapTicks`.
 * - `offsets`: each step starts at its `offsetTicks` from the sequence's start.
 */
export type SequenceTiming = 'chain' | 'offsets';

/** One step of a sequence: the animation it starts and when. */
export interface SequenceStep {
  /** The animation this step starts. Must exist on the host. */
  readonly animation: string;
  /** `chain` timing: ticks between the previous step's end and this step's start. Default: the sequence's `gapTicks`. */
  readonly gapTicks?: number;
  /** `offsets` timing (required there): ticks from the sequence's start to this step's start. */
  readonly offsetTicks?: number;
}

/** Options of `engine.sequence`: the steps and their timing. */
export interface SequenceOptions extends PrimitiveOptions {
  readonly steps: readonly SequenceStep[];
  /** Default `chain`. */
  readonly timing?: SequenceTiming;
  /** `chain` timing: default gap between steps, in ticks (integer >= 0). Default 0. */
  readonly gapTicks?: number;
  /** Start by itself at this tick. Default: only when fired. */
  readonly startAt?: number;
}

/**
 * Runs animations one after another. A step ends at its host's `endTickOf`: a stopped step ends at
 * its stop tick (the next one follows), a step that never ends (infinite repeat, paused) holds the
 * rest. The sequence completes when its last step (in `offsets` timing: every step) ends.
 */
export class SequencePrimitive extends PrimitiveBase {
  readonly kind = 'sequence' as const;
  readonly timing: SequenceTiming;
  readonly steps: readonly SequenceStep[];
  readonly startAt: number | undefined;
  /** Per step: the gap (chain) or the offset (offsets), in ticks. */
  readonly #delay: Int32Array;
  /** Step indices in start order (offsets timing sorts them; stable). */
  readonly #order: Int32Array;
  #state: SequenceState;
  #startTick = 0;
  /** Position in `#order` of the next step to start. */
  #next = 0;

  constructor(id: string, options: SequenceOptions, env: CoordinationEnv) {
    const path = `sequence "${id}"`;
    super(id, options, env, path);
    const timing = options.timing ?? 'chain';
    if (timing !== 'chain' && timing !== 'offsets') {
      throw new TypeError(`${path}.timing: expected 'chain' | 'offsets', received ${describe(timing)}`);
    }
    this.timing = timing;
    if (!Array.isArray(options.steps) || options.steps.length === 0) {
      throw new TypeError(
        `${path}.steps: expected a non-empty array of steps, received ${describe(options.steps)}`,
      );
    }
    const defaultGap = checkTick(options.gapTicks ?? 0, `${path}.gapTicks`);
    this.steps = options.steps.map((s) => ({ ...s }));
    this.#delay = new Int32Array(this.steps.length);
    this.steps.forEach((s, i) => {
      const p = `${path}.steps[${i}]`;
      if (typeof s.animation !== 'string' || !env.host.hasAnimation(s.animation)) {
        throw new Error(`${p}.animation: expected a known animation id, received ${describe(s.animation)}`);
      }
      if (timing === 'chain') {
        this.#delay[i] = checkTick(s.gapTicks ?? defaultGap, `${p}.gapTicks`);
      } else {
        this.#delay[i] = checkTick(s.offsetTicks, `${p}.offsetTicks`);
      }
    });
    const order = this.steps.map((_, i) => i);
    if (timing === 'offsets') order.sort((a, b) => this.#delay[a]! - this.#delay[b]! || a - b);
    this.#order = Int32Array.from(order);
    this.startAt = options.startAt === undefined ? undefined : checkTick(options.startAt, `${path}.startAt`);
    this.#state = this.startAt === undefined ? 'idle' : 'scheduled';
  }

  get state(): SequenceState {
    return this.#state;
  }

  /** Index (in `steps`) of the last step started, or -1. */
  get currentStep(): number {
    return this.#next === 0 ? -1 : this.#order[this.#next - 1]!;
  }

  override nextDue(): number {
    if (this.#state === 'scheduled') return this.startAt as number;
    if (this.#state !== 'running') return Number.POSITIVE_INFINITY;
    const n = this.#order.length;
    if (this.timing === 'offsets') {
      if (this.#next < n) return this.#startTick + this.#delay[this.#order[this.#next]!]!;
      let end = this.#startTick;
      for (const s of this.steps) {
        const e = this.env.host.endTickOf(s.animation);
        if (e === undefined) return Number.POSITIVE_INFINITY;
        if (e > end) end = e;
      }
      return end;
    }
    if (this.#next === 0) return this.#startTick;
    const prev = this.steps[this.#order[this.#next - 1]!]!;
    const end = this.env.host.endTickOf(prev.animation);
    if (end === undefined) return Number.POSITIVE_INFINITY;
    return this.#next < n ? end + this.#delay[this.#order[this.#next]!]! : end;
  }

  override advance(tick: number): void {
    if (this.#state === 'scheduled' && (this.startAt as number) <= tick) {
      this.#state = 'idle';
      this.env.fire(this.id, this.startAt as number, 'schedule');
      return;
    }
    const n = this.#order.length;
    // Bounded: each pass starts one step or completes.
    for (let guard = 0; guard <= n && this.#state === 'running'; guard++) {
      const due = this.nextDue();
      if (due > tick) return;
      if (this.#next < n) {
        const index = this.#order[this.#next++]!;
        const animation = this.steps[index]!.animation;
        try {
          this.env.host.startAnimationAt(animation, due);
        } catch (err) {
          this.env.reportError(this.id, due, 'start', err);
        }
        this.env.emit({ type: 'sequence.step', id: this.id, tick: due, step: index, animation });
      } else {
        this.#state = 'completed';
        this.env.emit({ type: 'sequence.completed', id: this.id, tick: due });
        this.env.runActions(this.actions, due, this.id);
      }
    }
  }

  override saveFields(): PrimitiveFields {
    return { state: this.#state, startTick: this.#startTick, next: this.#next };
  }

  override loadFields(r: FieldReader): void {
    this.#state = r.oneOf<SequenceState>('state', ['idle', 'scheduled', 'running', 'completed']);
    this.#startTick = r.int('startTick');
    this.#next = Math.min(Math.max(0, r.int('next')), this.steps.length);
  }

  override fire(tick: number, cause: FireCause): void {
    this.#state = 'running';
    this.#startTick = tick;
    this.#next = 0;
    this.env.emit({ type: 'sequence.started', id: this.id, tick, cause });
    this.advance(tick);
  }
}
