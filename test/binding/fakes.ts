/** Small stand-ins for the engine, coordination and input, recording what the binder asks of them. */
import {
  type BinderAnimationHost,
  type BinderClock,
  type BinderCoordinationHost,
  type BinderErrorReport,
  DataAnimationBinder,
  type DataAnimationBinderOptions,
  type FirablePrimitive,
  type ParameterTransition,
  type ParameterValue,
  type TickInput,
  type TickInputSink,
} from '../../src/binding/index.js';

export interface ParamCall {
  readonly tick: number;
  readonly id: string;
  readonly parameter: string;
  readonly value: ParameterValue;
  readonly transition?: ParameterTransition;
}

export class FakeEngine implements BinderAnimationHost {
  readonly params: ParamCall[] = [];
  readonly starts: { tick: number; id: string }[] = [];
  constructor(readonly known: readonly string[] = ['bar', 'alert', 'flash']) {}
  updateAnimationParameter(
    id: string,
    parameter: string,
    value: ParameterValue,
    tick: number,
    transition?: ParameterTransition,
  ): void {
    this.params.push(
      transition ? { tick, id, parameter, value, transition } : { tick, id, parameter, value },
    );
  }
  startAnimationAt(id: string, tick: number): void {
    this.starts.push({ tick, id });
  }
  hasAnimation(id: string): boolean {
    return this.known.includes(id);
  }
  /** `tick:value` for each parameter write, for compact assertions. */
  values(): string[] {
    return this.params.map((p) => `${p.tick}:${String(p.value)}`);
  }
}

export class FakeCoordination implements BinderCoordinationHost {
  readonly fired: { tick: number; id: string }[] = [];
  private readonly prims = new Map<string, FirablePrimitive>();
  constructor(ids: readonly string[] = ['alertSeq', 'sync1']) {
    for (const id of ids) this.prims.set(id, { triggerAt: (tick) => this.fired.push({ tick, id }) });
  }
  getCoordinationPrimitive(id: string): FirablePrimitive | undefined {
    return this.prims.get(id);
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
      for (const [k, v] of Object.entries(p.fields)) sink.field(k, v);
      this.next++;
    }
  }
}

/** A binder on the fakes, with its reports and firings collected; `run(a, b)` processes ticks a..b. */
export function setupBinder(options: Partial<DataAnimationBinderOptions> = {}) {
  const engine = new FakeEngine();
  const coordination = new FakeCoordination();
  const input = new ArrayInput();
  const reports: BinderErrorReport[] = [];
  const fired: string[] = [];
  const binder = new DataAnimationBinder({
    clock: clock10,
    animation: engine,
    coordination,
    input,
    onError: (r) => reports.push(r),
    onTriggerFired: (id, tick) => fired.push(`${tick}:${id}`),
    ...options,
  });
  const run = (from: number, to: number) => {
    for (let t = from; t <= to; t++) binder.processTick(t);
  };
  return { engine, coordination, input, reports, fired, binder, run };
}
