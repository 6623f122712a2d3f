/**
 * `DisplayPipeline`: one data-to-frame pipeline, wired in the order the design fixes. At each tick N:
 *
 *   1. the binder judges the data store at tick N, reads into it the points that arrived in
 *      (timeOfTick(N-1), timeOfTick(N)] from the ring buffer, and runs the bindings;
 *   2. coordination evaluates tick N: primitives by priority, among them the data triggers, whose
 *      conditions read the store (what they fire starts here, as a chain);
 *   3. the engine computes the frame of tick N.
 *
 * Time: the pipeline has one time base, in ms since it was created (`now() - createdAt`). The ring
 * buffer stamps arrivals on it and tick N is due at `N × 1000 / fps` on it, so a recording's stamps
 * replay to the same ticks (see `replay.ts`). The wall clock is read only through the injected `now`.
 */

import type { Frame } from '../animation/index.js';
import { TickAnimationEngine } from '../animation/index.js';
import { DataAnimationBinder, type DataAnimationBinderOptions, RingBufferInput } from '../binding/index.js';
import { TickClock, type TickScheduler } from '../clock/index.js';
import {
  CoordinationEngine,
  type CoordinationEngineOptions,
  type CoordinationEvent,
} from '../coordination/index.js';
import {
  batchClock,
  type DataLayerMonitor,
  DataStore,
  RingBuffer,
  type RingBufferOptions,
} from '../data/index.js';

/** What one tick produced. */
export interface TickResult {
  readonly tick: number;
  /** Data triggers (`addDataTrigger`) that fired at this tick, in firing order. */
  readonly fired: readonly string[];
  /** Coordination events of this tick, except the data triggers' `trigger.fired` (those are `fired`). */
  readonly events: readonly CoordinationEvent[];
  /** The frame of this tick. */
  readonly frame: Frame;
}

/** Options of a `DisplayPipeline`; only `fps` is required. */
export interface DisplayPipelineOptions {
  /** Ticks per second. Required. */
  readonly fps: number;
  /** Monotonic time in ms. Default `performance.now`. Read only to stamp arrivals and pace ticks. */
  readonly now?: () => number;
  /** Where the tick clock waits. Default `setTimeout`. */
  readonly scheduler?: TickScheduler;
  /** Ring buffer options (its clock is the pipeline's time base). */
  readonly buffer?: Omit<RingBufferOptions, 'clock' | 'monitor'>;
  /** The animation engine. Default: a new `TickAnimationEngine`. */
  readonly engine?: TickAnimationEngine;
  readonly coordination?: CoordinationEngineOptions;
  /** Binder options (its clock, engine, coordination, store and input are the pipeline's). */
  readonly binder?: Omit<
    DataAnimationBinderOptions,
    'clock' | 'animation' | 'coordination' | 'input' | 'monitor' | 'store'
  >;
  /** Most keys the data store tracks. Default 4,096. */
  readonly maxKeys?: number;
  /** Monitor for the buffer, the data store (`keys` section) and the binder. Default: none. */
  readonly monitor?: DataLayerMonitor;
  /**
   * Most ticks a late live loop runs to catch up (each skipped tick is processed, so live and replay
   * see the same ticks). Beyond it the loop jumps and counts `ticksJumped`. Default: 2 s of ticks.
   */
  readonly maxCatchUpTicks?: number;
  /** Called after each tick with what it produced. */
  readonly onTick?: (result: TickResult) => void;
}

const NONE: readonly string[] = Object.freeze([]);

/** `idle`: created; `running`: ticking live; `stopped`. */
export type PipelineState = 'idle' | 'running' | 'stopped';

/** One data-to-frame pipeline: ring buffer, data store, binder, coordination and animation engine on one tick clock (see the file comment for the order within a tick). */
export class DisplayPipeline {
  readonly fps: number;
  readonly clock: TickClock;
  readonly buffer: RingBuffer;
  /**
   * Each key's latest value and status (`fresh`, `stale`, `no-data`) with its age, judged at the last
   * processed tick: what bindings, data triggers, widgets and the monitor read.
   */
  readonly store: DataStore;
  readonly engine: TickAnimationEngine;
  readonly coordination: CoordinationEngine;
  readonly binder: DataAnimationBinder;
  private readonly onTick: ((result: TickResult) => void) | undefined;
  private readonly maxCatchUp: number;
  private readonly timeBase: () => number;
  private lastTick = -1;
  private stateValue: PipelineState = 'idle';
  /** Ticks a late loop jumped over without processing (beyond `maxCatchUpTicks`). */
  ticksJumped = 0;

  constructor(options: DisplayPipelineOptions) {
    const fps = options.fps;
    if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0)
      throw new RangeError(`DisplayPipeline: option 'fps' must be a finite number > 0, got ${String(fps)}`);
    this.fps = fps;
    const now = options.now ?? (() => performance.now());
    const createdAt = now();
    this.timeBase = () => now() - createdAt;
    this.maxCatchUp = options.maxCatchUpTicks ?? Math.ceil(fps * 2);
    if (!Number.isInteger(this.maxCatchUp) || this.maxCatchUp < 0)
      throw new RangeError(
        `DisplayPipeline: option 'maxCatchUpTicks' must be a whole number >= 0, got ${String(options.maxCatchUpTicks)}`,
      );
    this.clock = new TickClock(
      options.scheduler
        ? { fps, now: this.timeBase, scheduler: options.scheduler }
        : { fps, now: this.timeBase },
    );
    this.buffer = new RingBuffer({
      ...options.buffer,
      // Arrivals of one synchronous batch (one socket read) share one clock read; a given `now`
      // (a test's stepped clock) is read per point.
      clock: options.now === undefined ? batchClock(this.timeBase) : this.timeBase,
      ...(options.monitor ? { monitor: options.monitor } : {}),
    });
    this.engine = options.engine ?? new TickAnimationEngine();
    this.coordination = new CoordinationEngine(this.engine, options.coordination);
    this.store = new DataStore({
      ...(options.maxKeys !== undefined ? { maxKeys: options.maxKeys } : {}),
      ...(options.monitor ? { monitor: options.monitor } : {}),
    });
    this.binder = new DataAnimationBinder({
      ...options.binder,
      clock: this.clock,
      animation: this.engine,
      coordination: this.coordination,
      store: this.store,
      input: new RingBufferInput(this.buffer, 'oldest'),
      ...(options.monitor ? { monitor: options.monitor } : {}),
    });
    this.onTick = options.onTick;
  }

  get state(): PipelineState {
    return this.stateValue;
  }

  /** Ms since the pipeline was created: the time base of arrivals and ticks. */
  now(): number {
    return this.timeBase();
  }

  /** The last tick processed (-1 before the first). */
  get currentTick(): number {
    return this.lastTick;
  }

  /**
   * Process tick `tick` (bindings, triggers, coordination, frame) and return what it produced. Ticks
   * must increase. `nowMs` (time base) is used only for the monitor's arrival-to-apply delay.
   */
  step(tick: number, nowMs?: number): TickResult {
    this.binder.processTick(tick, nowMs);
    const all = this.coordination.evaluate(tick);
    const frame = this.engine.frameAt(tick);
    this.lastTick = tick;
    let fired: readonly string[] = NONE;
    let events = all;
    if (all.length > 0) {
      const binder = this.binder;
      const dataFired = (e: CoordinationEvent) => e.type === 'trigger.fired' && binder.hasTrigger(e.id);
      fired = all.filter(dataFired).map((e) => e.id);
      if (fired.length > 0) events = all.filter((e) => !dataFired(e));
    }
    const result: TickResult = { tick, fired, events, frame };
    this.onTick?.(result);
    return result;
  }

  /** Tick live: each due tick is processed (skipped ones too, up to `maxCatchUpTicks`). */
  start(): void {
    if (this.stateValue === 'running') throw new Error('DisplayPipeline.start: already running');
    this.stateValue = 'running';
    const fromTick = Math.max(this.lastTick + 1, this.clock.tickForArrival(this.timeBase()));
    // The loop joins at fromTick: points that arrived before it are applied there, as in a replay
    // that starts at the same tick.
    this.lastTick = fromTick - 1;
    this.clock.start(
      (tick) => {
        let first = this.lastTick + 1;
        if (tick - first > this.maxCatchUp) {
          this.ticksJumped += tick - this.maxCatchUp - first;
          first = tick - this.maxCatchUp;
        }
        const t = this.timeBase();
        for (let n = first; n <= tick; n++) this.step(n, t);
      },
      { originMs: 0, fromTick },
    );
  }

  stop(): void {
    if (this.stateValue !== 'running') return;
    this.clock.stop();
    this.stateValue = 'stopped';
  }
}
