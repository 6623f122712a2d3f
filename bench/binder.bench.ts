/**
 * Binder benchmarks.
 *
 * `binder.point_to_param.ns_per_point`: a 4-field numeric point pushed into a `RingBuffer`, then at the
 * next tick 4 bindings (linear maps) and 2 triggers (a builder and a CEL expression) evaluated; one
 * tick per 1,000 points, the cost divided by 1,000. Parameters go to a host that only stores them,
 * so the figure is the data path's own cost.
 *
 * `peer.rxjs.point_to_param.ns_per_point`: the same 4 bindings and 2 triggers in RxJS, per point:
 * Subject -> map -> distinctUntilChanged -> subscribe for each binding, filter -> throttleTime for
 * each trigger. Same run, same points, same storing host.
 *
 * `binder.tick.1000_points_100_bindings_50_triggers.us`: one tick (`processTick`, then the coordination
 * `evaluate` that runs the data-trigger conditions) after 1,000 new 10-field points, with 100 bindings
 * and 50 triggers of mixed kinds (the push itself is not timed).
 *
 * `binder.expression_condition.ns_per_eval`: one evaluation of `cpu > 80 && mem > 85` (compiled once).
 */
import { distinctUntilChanged, filter, map, Subject, throttleTime } from 'rxjs';
import {
  above,
  type BinderAnimationHost,
  compileExpression,
  crosses,
  DataAnimationBinder,
  type DataTriggerContext,
  hysteresis,
  linear,
  type ParameterValue,
  RingBufferInput,
  setParameter,
  sustained,
} from '../src/binding/index.js';
import { type AnimationHost, CoordinationEngine } from '../src/coordination/index.js';
import { RingBuffer } from '../src/data/index.js';
import { type BenchContext, type BenchEntry, gc, percentiles, round, timePerOp } from './harness.js';

const FPS = 60;
const clock = { fps: FPS, timeOfTick: (n: number) => (n * 1000) / FPS };

/** Stores the last value written: the cheapest honest sink for both pipelines. */
class StoringHost implements BinderAnimationHost, AnimationHost {
  last: ParameterValue = 0;
  writes = 0;
  starts = 0;
  updateAnimationParameter(_id: string, _p: string, value: ParameterValue): void {
    this.last = value;
    this.writes++;
  }
  startAnimationAt(): void {
    this.starts++;
  }
  stopAnimationAt(): void {}
  hasAnimation(): boolean {
    return true;
  }
  stateAt(): 'defined' {
    return 'defined';
  }
  endTickOf(): undefined {
    return undefined;
  }
}

interface Rig {
  buffer: RingBuffer;
  binder: DataAnimationBinder;
  host: StoringHost;
  setTime(ms: number): void;
  /** One tick as the pipeline runs it: bindings, then coordination (data-trigger conditions). */
  tick(n: number): void;
}

function rig(fields: number, capacity: number): Rig {
  let now = 0;
  const fieldTypes: Record<string, 'number'> = {};
  for (let f = 0; f < fields; f++) fieldTypes[`k${f}`] = 'number';
  const buffer = new RingBuffer({ capacity, fields: fieldTypes, clock: () => now });
  const host = new StoringHost();
  const coordination = new CoordinationEngine(host);
  const binder = new DataAnimationBinder({
    clock,
    animation: host,
    coordination,
    input: new RingBufferInput(buffer),
    onError: (r) => {
      throw new Error(`binder bench: unexpected error ${String(r.error)}`);
    },
  });
  return {
    buffer,
    binder,
    host,
    setTime: (ms) => {
      now = ms;
    },
    tick: (n) => {
      binder.processTick(n);
      coordination.evaluate(n);
    },
  };
}

function pointToParam(ctx: BenchContext): number {
  const r = rig(4, 4096);
  const names = ['k0', 'k1', 'k2', 'k3'];
  for (const k of names) r.binder.bindDataToAnimation(k, 'a', k, linear([0, 100], [0, 1]));
  r.binder.addDataTrigger('k0', above(80), setParameter('a', 'alert', 1), { cooldown: 6 });
  r.binder.addDataTrigger({ cpu: 'k1', mem: 'k2' }, 'cpu > 80 && mem > 85', setParameter('a', 'alert', 2));
  let tick = 0;
  const POINTS = 1000;
  const t = timePerOp(
    () => {
      tick++;
      r.setTime(clock.timeOfTick(tick) - 1);
      const base = tick * 7;
      for (let i = 0; i < POINTS; i++) {
        const v = (base + i) % 100;
        r.buffer.addDataPoint({ k0: v, k1: 100 - v, k2: (v * 3) % 100, k3: v + 0.5 });
      }
      r.tick(tick);
    },
    { opsPerRound: 1, rounds: ctx.quick ? 40 : 300 },
  );
  if (r.host.writes === 0) throw new Error('binder bench: no parameter was written');
  return t.medianNs / POINTS;
}

function rxjsPointToParam(ctx: BenchContext): number {
  const host = new StoringHost();
  const subject = new Subject<{ k0: number; k1: number; k2: number; k3: number }>();
  const subs = [
    subject
      .pipe(
        map((p) => p.k0 / 100),
        distinctUntilChanged(),
      )
      .subscribe((v) => host.updateAnimationParameter('a', 'k0', v)),
    subject
      .pipe(
        map((p) => p.k1 / 100),
        distinctUntilChanged(),
      )
      .subscribe((v) => host.updateAnimationParameter('a', 'k1', v)),
    subject
      .pipe(
        map((p) => p.k2 / 100),
        distinctUntilChanged(),
      )
      .subscribe((v) => host.updateAnimationParameter('a', 'k2', v)),
    subject
      .pipe(
        map((p) => p.k3 / 100),
        distinctUntilChanged(),
      )
      .subscribe((v) => host.updateAnimationParameter('a', 'k3', v)),
    subject
      .pipe(
        filter((p) => p.k0 > 80),
        throttleTime(100),
      )
      .subscribe(() => host.updateAnimationParameter('a', 'alert', 1)),
    subject
      .pipe(
        filter((p) => p.k1 > 80 && p.k2 > 85),
        throttleTime(100),
      )
      .subscribe(() => host.updateAnimationParameter('a', 'alert', 2)),
  ];
  let tick = 0;
  const POINTS = 1000;
  const t = timePerOp(
    () => {
      tick++;
      const base = tick * 7;
      for (let i = 0; i < POINTS; i++) {
        const v = (base + i) % 100;
        subject.next({ k0: v, k1: 100 - v, k2: (v * 3) % 100, k3: v + 0.5 });
      }
    },
    { opsPerRound: 1, rounds: ctx.quick ? 40 : 300 },
  );
  for (const s of subs) s.unsubscribe();
  if (host.writes === 0) throw new Error('rxjs bench: no parameter was written');
  return t.medianNs / POINTS;
}

function bigTick(ctx: BenchContext): { medianUs: number; p99Us: number } {
  const FIELDS = 10;
  const r = rig(FIELDS, 4096);
  const b = r.binder;
  for (let i = 0; i < 100; i++) {
    const k = `k${i % FIELDS}`;
    b.bindDataToAnimation(
      k,
      'a',
      `p${i}`,
      linear([0, 100], [i, i + 1]),
      i % 4 === 0 ? { deadband: 0.5 } : {},
    );
  }
  for (let i = 0; i < 50; i++) {
    const k = `k${i % FIELDS}`;
    const action = setParameter('a', `t${i}`, i);
    switch (i % 5) {
      case 0:
        b.addDataTrigger(k, above(50 + (i % 40)), action, { cooldown: 3 });
        break;
      case 1:
        b.addDataTrigger(k, crosses(50, 'either'), action);
        break;
      case 2:
        b.addDataTrigger(k, hysteresis(70, 30), action);
        break;
      case 3:
        b.addDataTrigger(
          { x: k, y: `k${(i + 1) % FIELDS}` },
          'x > 60 && y < 40 || any(x > 95, y > 95)',
          action,
        );
        break;
      default:
        b.addDataTrigger(k, sustained(above(20), 3), action, { mode: 'level', cooldown: 5 });
    }
  }
  const rounds = ctx.quick ? 40 : 300;
  const samples = new Float64Array(rounds);
  const point: Record<string, number> = {};
  let tick = 0;
  for (let round = -20; round < rounds; round++) {
    tick++;
    r.setTime(clock.timeOfTick(tick) - 1);
    for (let i = 0; i < 1000; i++) {
      for (let f = 0; f < FIELDS; f++) point[`k${f}`] = (tick * 13 + i * (f + 1)) % 100;
      r.buffer.addDataPoint(point);
    }
    const t0 = process.hrtime.bigint();
    r.tick(tick);
    const t1 = process.hrtime.bigint();
    if (round >= 0) samples[round] = Number(t1 - t0) / 1000;
  }
  const [median, p99] = percentiles(samples, [0.5, 0.99]) as [number, number];
  return { medianUs: median, p99Us: p99 };
}

function expressionEval(ctx: BenchContext): number {
  const c = compileExpression('cpu > 80 && mem > 85', ['cpu', 'mem']);
  const values: Record<string, unknown> = { cpu: 0, mem: 0 };
  const tc: DataTriggerContext = { tick: 0, value: 0, values, previous: {} };
  let hits = 0;
  const t = timePerOp(
    (i) => {
      values.cpu = i % 100;
      values.mem = (i * 7) % 100;
      if (c.test(tc)) hits++;
    },
    { opsPerRound: 10_000, rounds: ctx.quick ? 20 : 100 },
  );
  if (hits === 0) throw new Error('expression bench: the condition never held');
  return t.medianNs;
}

export default async function binderBench(ctx: BenchContext): Promise<BenchEntry[]> {
  gc();
  const ours = pointToParam(ctx);
  gc();
  const peer = rxjsPointToParam(ctx);
  ctx.log(`  binder / rxjs per point: ${round(ours / peer, 2)}`);
  gc();
  const tick = bigTick(ctx);
  ctx.log(`  big tick p99: ${round(tick.p99Us, 1)} us`);
  gc();
  const expr = expressionEval(ctx);
  return [
    { name: 'binder.point_to_param.ns_per_point', value: round(ours, 1), unit: 'ns' },
    { name: 'peer.rxjs.point_to_param.ns_per_point', value: round(peer, 1), unit: 'ns' },
    {
      name: 'binder.tick.1000_points_100_bindings_50_triggers.us',
      value: round(tick.medianUs, 1),
      unit: 'us',
    },
    { name: 'binder.expression_condition.ns_per_eval', value: round(expr, 1), unit: 'ns' },
  ];
}
