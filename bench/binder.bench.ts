/**
 * Binder benchmarks.
 *
 * Both point-to-parameter entries do the same work, PER TICK: 1,000 4-field numeric points arrive
 * during a tick, then 4 bindings (linear maps, a parameter written only when its value changed) and
 * 2 edge-triggered triggers with a 6-tick cooldown (`k0 > 80`; `k1 > 80 && k2 > 85`) are evaluated
 * once, on the tick's latest values; the cost of the tick (points included) divided by 1,000.
 * Parameters go to a host that only stores them, so the figure is the data path's own cost.
 *
 * `binder.point_to_param.ns_per_point`: the points pushed into a `RingBuffer` (checked, stored,
 * stamped), the tick (`processTick`, then the coordination `evaluate` that runs the trigger conditions).
 *
 * `peer.rxjs.point_to_param.ns_per_point`: the points pushed into a Subject; each binding is
 * `sample(tick$) -> map -> distinctUntilChanged -> subscribe`, each trigger `sample(tick$) -> map ->
 * distinctUntilChanged -> filter -> throttle(6 ticks of tick$)`, and `tick$` emits once per tick
 * (RxJS's own way to take the latest value per frame; no checks, no storage). Same run, same
 * points, same storing host, rounds alternating.
 *
 * `binder.tick.1000_points_100_bindings_50_triggers.us`: one tick (`processTick`, then the coordination
 * `evaluate` that runs the data-trigger conditions) after 1,000 new 10-field points, with 100 bindings
 * and 50 triggers of mixed kinds (the push itself is not timed).
 *
 * `binder.expression_condition.ns_per_eval`: one evaluation of `cpu > 80 && mem > 85` (compiled once).
 */
import { distinctUntilChanged, filter, map, Subject, sample, share, skip, take, throttle } from 'rxjs';
import {
  above,
  type BinderAnimationHost,
  compileExpression,
  crosses,
  DataAnimationBinder,
  type DataTriggerContext,
  hysteresis,
  linearMap,
  type ParameterValue,
  RingBufferInput,
  setParameter,
  sustained,
} from '../src/binding/index.js';
import { type AnimationHost, CoordinationEngine } from '../src/coordination/index.js';
import { RingBuffer } from '../src/data/index.js';
import {
  type BenchContext,
  type BenchEntry,
  type Contender,
  compareRounds,
  gc,
  percentiles,
  round,
  timePerOp,
} from './harness.js';

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

const POINTS_PER_TICK = 1000;
/** The unit says how the work is counted, the same for both entries. */
const PER_TICK = 'ns (per point; bindings and triggers per tick of 1,000 points)';

function pointToParam(): { c: Contender; check: () => void } {
  const r = rig(4, 4096);
  const names = ['k0', 'k1', 'k2', 'k3'];
  for (const k of names) r.binder.bindDataToAnimation(k, 'a', k, linearMap([0, 100], [0, 1]));
  r.binder.addDataTrigger('k0', above(80), setParameter('a', 'alert', 1), { cooldown: 6 });
  r.binder.addDataTrigger({ cpu: 'k1', mem: 'k2' }, 'cpu > 80 && mem > 85', setParameter('a', 'alert', 2), {
    cooldown: 6,
  });
  let tick = 0;
  return {
    c: {
      name: 'binder.point_to_param.ns_per_point',
      does: 'per tick: 1,000 points into a RingBuffer, then 4 bindings and 2 triggers once',
      fn: () => {
        tick++;
        r.setTime(clock.timeOfTick(tick) - 1);
        const base = tick * 7;
        for (let i = 0; i < POINTS_PER_TICK; i++) {
          const v = (base + i) % 100;
          r.buffer.addDataPoint({ k0: v, k1: 100 - v, k2: (v * 3) % 100, k3: v + 0.5 });
        }
        r.tick(tick);
      },
    },
    check: () => {
      if (r.host.writes === 0) throw new Error('binder bench: no parameter was written');
    },
  };
}

interface Point4 {
  k0: number;
  k1: number;
  k2: number;
  k3: number;
}

function rxjsPointToParam(): { c: Contender; check: () => void; stop: () => void } {
  const host = new StoringHost();
  const subject = new Subject<Point4>();
  const tick$ = new Subject<number>();
  const latest = subject.pipe(sample(tick$), share());
  const binding = (key: keyof Point4) =>
    latest
      .pipe(
        map((p) => p[key] / 100),
        distinctUntilChanged(),
      )
      .subscribe((v) => host.updateAnimationParameter('a', key, v));
  // Edge-triggered (false -> true) with a cooldown of 6 ticks, as the binder's triggers.
  const trigger = (cond: (p: Point4) => boolean, value: number) =>
    latest
      .pipe(
        map(cond),
        distinctUntilChanged(),
        filter((held) => held),
        throttle(() => tick$.pipe(skip(5), take(1))),
      )
      .subscribe(() => host.updateAnimationParameter('a', 'alert', value));
  const subs = [
    binding('k0'),
    binding('k1'),
    binding('k2'),
    binding('k3'),
    trigger((p) => p.k0 > 80, 1),
    trigger((p) => p.k1 > 80 && p.k2 > 85, 2),
  ];
  let tick = 0;
  return {
    c: {
      name: 'peer.rxjs.point_to_param.ns_per_point',
      does: 'per tick: 1,000 points into a Subject, then sample(tick$) -> 4 maps and 2 edge triggers once',
      fn: () => {
        tick++;
        const base = tick * 7;
        for (let i = 0; i < POINTS_PER_TICK; i++) {
          const v = (base + i) % 100;
          subject.next({ k0: v, k1: 100 - v, k2: (v * 3) % 100, k3: v + 0.5 });
        }
        tick$.next(tick);
      },
    },
    check: () => {
      if (host.writes === 0) throw new Error('rxjs bench: no parameter was written');
      if (host.starts !== 0) throw new Error('rxjs bench: unexpected start');
    },
    stop: () => {
      for (const s of subs) s.unsubscribe();
    },
  };
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
      linearMap([0, 100], [i, i + 1]),
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
    const t0 = performance.now();
    r.tick(tick);
    const t1 = performance.now();
    if (round >= 0) samples[round] = (t1 - t0) * 1000;
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
  const binder = pointToParam();
  const rx = rxjsPointToParam();
  const [oursT, peerT] = compareRounds([binder.c, rx.c], {
    opsPerRound: 1,
    rounds: ctx.quick ? 40 : 300,
    warmupRounds: 20,
  });
  binder.check();
  rx.check();
  rx.stop();
  const ours = (oursT?.medianNs ?? Number.NaN) / POINTS_PER_TICK;
  const peer = (peerT?.medianNs ?? Number.NaN) / POINTS_PER_TICK;
  for (const c of [binder.c, rx.c]) ctx.log(`  ${c.name}: ${c.does}`);
  ctx.log(`  binder / rxjs per point: ${round(ours / peer, 2)}`);
  gc();
  const tick = bigTick(ctx);
  ctx.log(`  big tick p99: ${round(tick.p99Us, 1)} us`);
  gc();
  const expr = expressionEval(ctx);
  return [
    { name: 'binder.point_to_param.ns_per_point', value: round(ours, 1), unit: PER_TICK },
    { name: 'peer.rxjs.point_to_param.ns_per_point', value: round(peer, 1), unit: PER_TICK },
    {
      name: 'binder.tick.1000_points_100_bindings_50_triggers.us',
      value: round(tick.medianUs, 1),
      unit: 'us',
    },
    { name: 'binder.expression_condition.ns_per_eval', value: round(expr, 1), unit: 'ns' },
  ];
}
