/**
 * A stand-in for the animation engine that records what the binder and coordination ask of it and
 * refuses what `TickAnimationEngine` refuses (an unknown animation, a parameter the animation does not
 * have); the binder runs on it with a real `CoordinationEngine`, as in the pipeline.
 */
import type { AnimationState } from '../../src/animation/index.js';
import {
  type BinderAnimationHost,
  type BinderClock,
  type BinderErrorReport,
  DataAnimationBinder,
  type DataAnimationBinderOptions,
  type ParameterTransition,
  type ParameterValue,
  type TickInput,
  type TickInputSink,
} from '../../src/binding/index.js';
import {
  type AnimationHost,
  CoordinationEngine,
  type CoordinationEngineOptions,
  type CoordinationErrorReport,
  type CoordinationEvent,
} from '../../src/coordination/index.js';

export interface ParamCall {
  readonly tick: number;
  readonly id: string;
  readonly parameter: string;
  readonly value: ParameterValue;
  readonly transition?: ParameterTransition;
}

/** Animations of the fake and the parameters each declares (as keyframe animations declare theirs). */
const ANIMATIONS: Readonly<Record<string, readonly string[]>> = {
  bar: ['fill', 'colour', 'x'],
  alert: ['opacity'],
  flash: ['on'],
};

export class FakeEngine implements BinderAnimationHost, AnimationHost {
  readonly params: ParamCall[] = [];
  readonly starts: { tick: number; id: string }[] = [];
  readonly stops: { tick: number; id: string }[] = [];
  constructor(readonly animations: Readonly<Record<string, readonly string[]>> = ANIMATIONS) {}
  updateAnimationParameter(
    id: string,
    parameter: string,
    value: ParameterValue,
    tick: number,
    transition?: ParameterTransition,
  ): void {
    const names = this.known(id, 'updateAnimationParameter');
    if (!names.includes(parameter))
      throw new RangeError(
        `updateAnimationParameter('${id}'): unknown parameter "${parameter}"; valid parameters: ${names.map((n) => `'${n}'`).join(', ')}`,
      );
    this.params.push(
      transition ? { tick, id, parameter, value, transition } : { tick, id, parameter, value },
    );
  }
  startAnimationAt(id: string, tick: number): void {
    this.known(id, 'startAnimationAt');
    this.starts.push({ tick, id });
  }
  stopAnimationAt(id: string, tick: number): void {
    this.known(id, 'stopAnimationAt');
    this.stops.push({ tick, id });
  }
  stateAt(id: string, tick: number): AnimationState {
    this.known(id, 'stateAt');
    return this.starts.some((s) => s.id === id && s.tick <= tick) ? 'running' : 'defined';
  }
  endTickOf(_id: string): number | undefined {
    return undefined;
  }
  hasAnimation(id: string): boolean {
    return Object.hasOwn(this.animations, id);
  }
  parameterNames(id: string): readonly string[] | undefined {
    return this.hasAnimation(id) ? this.animations[id] : undefined;
  }
  /** `tick:value` for each parameter write, for compact assertions. */
  values(): string[] {
    return this.params.map((p) => `${p.tick}:${String(p.value)}`);
  }
  private known(id: string, where: string): readonly string[] {
    const names = this.parameterNames(id);
    if (names === undefined) throw new Error(`${where}: unknown animation id '${id}'`);
    return names;
  }
}

/** 10 fps: tick n is due at n * 100 ms. */
export const clock10: BinderClock = { fps: 10, timeOfTick: (n) => n * 100 };

/** Points pushed by hand with their arrival time; delivers every field of every point in order. */
export class ArrayInput implements TickInput {
  private readonly points: { t: number; fields: Record<string, unknown> }[] = [];
  private next = 0;
  push(t: number, fields: Record<string, unknown>): void {
    this.points.push({ t, fields });
  }
  deliverUntil(untilMs: number, sink: TickInputSink): void {
    while (this.next < this.points.length) {
      const p = this.points[this.next];
      if (!p || p.t > untilMs) break;
      sink.point(p.t, 'test');
      for (const [k, v] of Object.entries(p.fields)) sink.field(k, v, p.t);
      this.next++;
    }
  }
}

/**
 * A binder on the fake engine and a real coordination engine (with two condition-less triggers,
 * `alertSeq` and `sync1`, for `firePrimitive` actions), its reports, the coordination events and the
 * data triggers fired collected; `run(a, b)` processes ticks a..b as the pipeline does (binder, then
 * coordination).
 */
export function setupBinder(
  options: Partial<DataAnimationBinderOptions> = {},
  coordinationOptions: CoordinationEngineOptions = {},
) {
  const engine = new FakeEngine();
  const errors: CoordinationErrorReport[] = [];
  const coordination = new CoordinationEngine(engine, {
    onError: (r) => errors.push(r),
    ...coordinationOptions,
  });
  coordination.trigger('alertSeq', {});
  coordination.trigger('sync1', {});
  const input = new ArrayInput();
  const reports: BinderErrorReport[] = [];
  const fired: string[] = [];
  const events: CoordinationEvent[] = [];
  const binder = new DataAnimationBinder({
    clock: clock10,
    animation: engine,
    coordination,
    input,
    onError: (r) => reports.push(r),
    ...options,
  });
  const run = (from: number, to: number) => {
    for (let t = from; t <= to; t++) {
      binder.processTick(t);
      for (const e of coordination.evaluate(t)) {
        events.push(e);
        if (e.type === 'trigger.fired' && binder.hasTrigger(e.id)) fired.push(`${e.tick}:${e.id}`);
      }
    }
  };
  return { engine, coordination, input, reports, errors, events, fired, binder, run };
}
