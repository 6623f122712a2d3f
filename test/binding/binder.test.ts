import { describe, expect, it } from 'vitest';
import { TickAnimationEngine } from '../../src/animation/index.js';
import {
  above,
  crosses,
  DataAnimationBinder,
  fireTrigger,
  linearMap,
  setParameter,
  sustained,
} from '../../src/binding/index.js';
import { afterTicks, firePrimitive, startAnimation } from '../../src/coordination/index.js';
import { clock10, FakeEngine, setupBinder } from './fakes.js';

describe('DataAnimationBinder: tick boundaries', () => {
  it('applies a point arriving in (timeOfTick(N-1), timeOfTick(N)] at tick N', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill');
    input.push(100, { cpu: 1 }); // exactly at tick 1's boundary: tick 1
    input.push(100.5, { cpu: 2 }); // just after: tick 2
    input.push(300, { cpu: 3 }); // tick 3
    run(0, 3);
    expect(engine.values()).toEqual(['1:1', '2:2', '3:3']);
  });

  it('evaluates a binding once per tick, on the latest value that arrived for it', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill');
    input.push(110, { cpu: 5 });
    input.push(150, { cpu: 6 });
    input.push(190, { cpu: 7 });
    run(1, 2);
    expect(engine.values()).toEqual(['2:7']);
    expect(binder.metrics().pointsApplied).toBe(3);
  });

  it('does nothing when the mapped value did not change', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill', linearMap([0, 50], [0, 1]));
    input.push(10, { cpu: 60 });
    input.push(110, { cpu: 70 }); // clamps to 1 again
    input.push(210, { cpu: 25 });
    run(1, 3);
    expect(engine.values()).toEqual(['1:1', '3:0.5']);
  });

  it('refuses ticks that do not increase', () => {
    const { binder } = setupBinder();
    binder.processTick(5);
    expect(() => binder.processTick(5)).toThrow(/tick must be an integer > 5/);
  });
});

describe('DataAnimationBinder: bindings', () => {
  it('ignores changes inside the deadband, measured from the last accepted value', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, { deadband: 2 });
    [50, 51, 51.9, 52, 50.5].forEach((v, i) => {
      input.push(i * 100, { cpu: v });
    });
    run(0, 4);
    expect(engine.values()).toEqual(['0:50', '3:52']);
  });

  it('debounces: applies a value once no change came for N ticks', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, { debounce: 3 });
    input.push(100, { cpu: 1 });
    input.push(200, { cpu: 2 });
    input.push(300, { cpu: 3 });
    input.push(900, { cpu: 4 });
    run(0, 13);
    expect(engine.values()).toEqual(['6:3', '12:4']);
  });

  it('throttles: at most one update per N ticks, leading and trailing', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, { throttle: { ms: 400 } });
    for (let t = 1; t <= 6; t++) input.push(t * 100, { cpu: t });
    run(0, 12);
    // 400 ms at 10 fps = 4 ticks: tick 1 (leading), tick 5 (latest then), tick 9 (trailing 6).
    expect(engine.values()).toEqual(['1:1', '5:5', '9:6']);
  });

  it('passes the retarget transition to the engine with ms converted to ticks once', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, {
      transition: { ticks: { ms: 250 }, easing: 'quadOut' },
    });
    input.push(0, { cpu: 3 });
    run(0, 0);
    expect(engine.params[0]?.transition).toEqual({ ticks: 3, easing: 'quadOut' });
  });

  it.each([
    ['hold', 'hold' as const, ['1:50']],
    ['default', { kind: 'default' as const, value: 0 }, ['1:50', '6:0']],
    ['mark', { kind: 'mark' as const, marker: '--' }, ['1:50', '6:--']],
  ])('falls back when the key goes stale: %s', (_name, onStale, expected) => {
    const { engine, input, binder, run } = setupBinder();
    const id = binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, { staleAfter: 5, onStale });
    expect(binder.bindingState(id)).toBe('no-data');
    input.push(100, { cpu: 50 });
    run(0, 8);
    expect(engine.values()).toEqual(expected);
    expect(binder.bindingState(id)).toBe('stale');
    input.push(850, { cpu: 50 });
    run(9, 9);
    expect(binder.bindingState(id)).toBe('fresh');
  });

  it('decays to the default over N ticks when stale', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, {
      staleAfter: 2,
      onStale: { kind: 'decay', value: 0, ticks: 10 },
    });
    input.push(0, { cpu: 9 });
    run(0, 3);
    expect(engine.params[1]).toEqual({
      tick: 2,
      id: 'bar',
      parameter: 'fill',
      value: 0,
      transition: { ticks: 10, easing: 'linear' },
    });
  });

  it('refuses bad options naming them', () => {
    const { binder } = setupBinder();
    expect(() => binder.bindDataToAnimation('cpu', 'nope', 'fill')).toThrow(
      /animationId: no animation "nope"/,
    );
    expect(() => binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, { deadband: -1 })).toThrow(
      /options.deadband must be a finite number >= 0 \(data units\), got -1/,
    );
    expect(() => binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, { debounce: 1.5 })).toThrow(
      /options.debounce must be a whole number of ticks/,
    );
    expect(() =>
      binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, { debounce: 1, throttle: 1 }),
    ).toThrow(/cannot both be set/);
    expect(() =>
      binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, {
        transition: { ticks: 5, easing: 'wobble' },
      }),
    ).toThrow(/options.transition.easing: unknown easing "wobble"/);
    binder.bindDataToAnimation('cpu', 'bar', 'fill');
    expect(() => binder.bindDataToAnimation('cpu', 'bar', 'fill')).toThrow(/exists already/);
  });

  it('refuses a parameter name the animation does not have, naming the valid ones', () => {
    const engine = new TickAnimationEngine();
    engine.addAnimation({ id: 'bar', target: 'bar', follow: { property: 'fill', initial: 0 } });
    const binder = new DataAnimationBinder({ clock: clock10, animation: engine });
    expect(() => binder.bindDataToAnimation('cpu', 'bar', 'valu')).toThrow(
      /bindDataToAnimation: parameter: animation "bar" has no parameter "valu"; valid parameters: "value"/,
    );
    expect(binder.bindDataToAnimation('cpu', 'bar', 'value')).toBe('cpu->bar.value');
    const { binder: onFake } = setupBinder();
    expect(() => onFake.addDataTrigger('cpu', above(1), setParameter('bar', 'colur', 'red'))).toThrow(
      /actions\[0\].parameter: animation "bar" has no parameter "colur"; valid parameters: "fill", "colour", "x"/,
    );
  });

  it('gives a key one staleness limit: a second binding with another limit is refused', () => {
    const { binder } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill', undefined, { staleAfter: 5 });
    binder.bindDataToAnimation('cpu', 'bar', 'x', undefined, { staleAfter: 5 });
    binder.bindDataToAnimation('cpu', 'flash', 'on');
    expect(() => binder.bindDataToAnimation('cpu', 'bar', 'colour', undefined, { staleAfter: 6 })).toThrow(
      /options.staleAfter: .*stale after 5 ticks already, got staleAfterTicks 6/,
    );
    expect(binder.store.staleAfterOf('cpu')).toBe(5);
  });
});

describe('DataAnimationBinder: errors', () => {
  it('counts a throwing map against its binding, reports it with key, value and tick, and goes on', () => {
    const { engine, input, binder, run, reports } = setupBinder();
    const id = binder.bindDataToAnimation('cpu', 'bar', 'fill', (v) => {
      if (v === 13) throw new Error('unlucky');
      return v as number;
    });
    binder.bindDataToAnimation('cpu', 'flash', 'on', (v) => (v as number) > 10);
    input.push(100, { cpu: 13 });
    input.push(200, { cpu: 14 });
    run(1, 2);
    expect(engine.values()).toEqual(['1:true', '2:14']);
    expect(binder.metrics().errorsByBinding[id]).toBe(1);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      owner: `binding:${id}`,
      stage: 'map',
      key: 'cpu',
      value: 13,
      tick: 1,
    });
  });

  it('rate-limits reports and counts the ones it held back', () => {
    const { input, binder, run, reports } = setupBinder({ reportInterval: 10 });
    binder.bindDataToAnimation('cpu', 'bar', 'fill', () => {
      throw new Error('always');
    });
    for (let t = 0; t < 25; t++) input.push(t * 100, { cpu: t });
    run(0, 24);
    expect(reports.map((r) => r.tick)).toEqual([0, 10, 20]);
    expect(reports[1]?.suppressed).toBe(9);
    expect(binder.metrics().errorsByBinding['cpu->bar.fill']).toBe(25);
    expect(binder.metrics().reportsSuppressed).toBe(22);
  });
});

describe('DataAnimationBinder: triggers', () => {
  it('fires on the rising edge only, in edge mode', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.addDataTrigger('cpu', above(80), startAnimation('alert'));
    [70, 85, 90, 70, 95].forEach((v, i) => {
      input.push(i * 100, { cpu: v });
    });
    run(0, 5);
    expect(engine.starts).toEqual([
      { tick: 1, id: 'alert' },
      { tick: 4, id: 'alert' },
    ]);
  });

  it('fires at every tick the condition holds, in level mode', () => {
    const { engine, input, binder, run } = setupBinder();
    binder.addDataTrigger('cpu', above(80), startAnimation('alert'), { mode: 'level' });
    input.push(0, { cpu: 90 });
    input.push(300, { cpu: 10 });
    run(0, 4);
    expect(engine.starts.map((s) => s.tick)).toEqual([0, 1, 2]);
  });

  it('holds back firings inside the cooldown and counts them', () => {
    const { engine, input, binder, run } = setupBinder();
    const id = binder.addDataTrigger('cpu', above(80), startAnimation('alert'), { cooldown: 5 });
    [90, 10, 90, 10, 10, 90].forEach((v, i) => {
      input.push(i * 100, { cpu: v });
    });
    run(0, 6);
    expect(engine.starts.map((s) => s.tick)).toEqual([0, 5]);
    expect(binder.metrics().suppressedByTrigger[id]).toBe(1);
  });

  it('fires by priority, highest first, equal priorities in registration order', () => {
    const { input, binder, run, fired } = setupBinder();
    binder.addDataTrigger('cpu', above(1), startAnimation('bar'), { id: 'low', priority: 0 });
    binder.addDataTrigger('cpu', above(1), startAnimation('bar'), { id: 'high', priority: 5 });
    binder.addDataTrigger('cpu', above(1), startAnimation('bar'), { id: 'low2', priority: 0 });
    input.push(0, { cpu: 2 });
    run(0, 0);
    expect(fired).toEqual(['0:high', '0:low', '0:low2']);
  });

  it('runs every kind of action at the firing tick', () => {
    const { engine, events, input, binder, run } = setupBinder();
    binder.addDataTrigger({ cpu: 'sensors.cpu', mem: 'sensors.mem' }, 'cpu > 80 && mem > 85', [
      afterTicks(2, startAnimation('alert')),
      firePrimitive('alertSeq'),
      firePrimitive('sync1'),
      setParameter('bar', 'colour', 'red', { ticks: 4, easing: 'linear' }),
    ]);
    input.push(100, { 'sensors.cpu': 90, 'sensors.mem': 80 });
    input.push(200, { 'sensors.mem': 90 });
    run(0, 4);
    expect(engine.starts).toEqual([{ tick: 4, id: 'alert' }]); // the delayed start runs at its tick
    const primitivesFired = events.filter((e) => e.type === 'trigger.fired' && !binder.hasTrigger(e.id));
    expect(primitivesFired.map((e) => `${e.tick}:${e.id}`)).toEqual(['2:alertSeq', '2:sync1']);
    expect(engine.params).toEqual([
      { tick: 2, id: 'bar', parameter: 'colour', value: 'red', transition: { ticks: 4, easing: 'linear' } },
    ]);
  });

  it('fires a chained trigger N ticks later, at its real tick', () => {
    const { input, binder, run, fired } = setupBinder();
    binder.addDataTrigger('cpu', above(80), [startAnimation('alert'), fireTrigger('second', 3)], {
      id: 'first',
    });
    binder.addDataTrigger('cpu', () => false, [startAnimation('flash'), fireTrigger('third')], {
      id: 'second',
    });
    binder.addDataTrigger('cpu', () => false, startAnimation('bar'), { id: 'third' });
    input.push(100, { cpu: 90 });
    run(0, 6);
    expect(fired).toEqual(['1:first', '4:second', '4:third']);
  });

  it('runs a loop of delayed chained triggers one link per tick, as a timeline that restarts itself', () => {
    const { input, binder, coordination, run, fired } = setupBinder();
    binder.addDataTrigger('cpu', above(80), fireTrigger('b', 1), { id: 'a' });
    binder.addDataTrigger('cpu', () => false, fireTrigger('a', 1), { id: 'b' });
    input.push(0, { cpu: 90 });
    run(0, 5);
    expect(fired).toEqual(['0:a', '1:b', '2:a', '3:b', '4:a', '5:b']);
    expect(coordination.stats.cycleErrors).toBe(0);
    expect(coordination.pendingCount).toBe(1);
  });

  it('bounds the queue of delayed firings and counts what it dropped', () => {
    const { input, binder, coordination, events, run } = setupBinder({}, { pendingLimit: 2 });
    binder.addDataTrigger(
      'cpu',
      above(0),
      [fireTrigger('t', 100), fireTrigger('t', 100), fireTrigger('t', 100)],
      {
        id: 'src',
        mode: 'level',
      },
    );
    binder.addDataTrigger('cpu', () => false, startAnimation('bar'), { id: 't' });
    input.push(0, { cpu: 1 });
    run(0, 1);
    expect(coordination.pendingCount).toBe(2);
    expect(coordination.stats.pendingDropped).toBe(4);
    expect(events.filter((e) => e.type === 'pending.dropped').map((e) => `${e.tick}:${e.id}`)).toEqual([
      '0:src',
      '1:src',
      '1:src',
      '1:src',
    ]);
  });

  it('counts a throwing condition (as false) or action against its trigger, reports it and keeps running', () => {
    const { engine, input, binder, coordination, run, errors } = setupBinder();
    const bad = binder.addDataTrigger('cpu', 'cpu > 1', startAnimation('alert'), { id: 'bad' });
    const boom = binder.addDataTrigger(
      'cpu',
      above(1),
      [
        () => {
          throw new Error('action failed');
        },
        startAnimation('flash'),
      ],
      { id: 'boom' },
    );
    input.push(0, { cpu: 'text' });
    input.push(100, { cpu: 5 });
    run(0, 1);
    const m = binder.metrics();
    expect(m.conditionErrorsByTrigger[bad]).toBe(1);
    expect(m.conditionErrorsByTrigger[boom]).toBe(1); // 'text' fails above()
    expect(coordination.stats.actionErrors).toBe(3); // and the action throws at tick 1
    expect(engine.starts).toEqual([
      { tick: 1, id: 'alert' },
      { tick: 1, id: 'flash' },
    ]);
    expect(errors.map((r) => `${r.event.id}/${r.event.type}/${r.event.tick}`)).toEqual([
      'bad/action.error/0',
      'boom/action.error/0',
      'boom/action.error/1',
    ]);
    expect(errors[1]?.event).toMatchObject({
      action: 'condition',
      message: expect.stringMatching(/data trigger "boom": cpu = "text": /),
    });
    expect(errors[2]?.event).toMatchObject({ action: 'call', message: 'action failed' });
  });

  it('refuses hostile expressions and unknown primitives at registration', () => {
    const { binder } = setupBinder();
    expect(() => binder.addDataTrigger('cpu', 'this.constructor', startAnimation('alert'))).toThrow(
      /unknown key/,
    );
    expect(() => binder.addDataTrigger('cpu', 'cpu.__proto__ != null', startAnimation('alert'))).toThrow(
      /unknown key/,
    );
    expect(() => binder.addDataTrigger('cpu', 'x'.repeat(5000), startAnimation('alert'))).toThrow(
      /limit is 1000/,
    );
    expect(() => binder.addDataTrigger('cpu', above(1), firePrimitive('ghost'))).toThrow(
      /no coordination primitive "ghost"/,
    );
    expect(() => binder.addDataTrigger('cpu', above(1), [])).toThrow(/at least one action/);
  });

  it('waits until every key of a trigger has a value', () => {
    const { binder, input, run } = setupBinder();
    const id = binder.addDataTrigger(['cpu', 'mem'], 'cpu > 1 && mem > 1', startAnimation('alert'));
    input.push(0, { cpu: 5 });
    run(0, 0);
    expect(binder.triggerState(id)).toBe('waiting');
    input.push(100, { mem: 5 });
    run(1, 1);
    expect(binder.triggerState(id)).toBe('active');
  });
});

describe('DataAnimationBinder: data triggers are coordination triggers', () => {
  it('is a coordination trigger with the given mode, cooldown and priority', () => {
    const { binder, coordination } = setupBinder();
    binder.addDataTrigger('cpu', above(1), startAnimation('alert'), {
      id: 'hot',
      mode: 'level',
      cooldown: { ms: 450 },
      priority: 3,
    });
    const p = coordination.getCoordinationPrimitive('hot');
    expect(p).toMatchObject({ kind: 'trigger', mode: 'level', cooldownTicks: 5, priority: 3 });
    expect(binder.hasTrigger('hot')).toBe(true);
    expect(binder.hasTrigger('alertSeq')).toBe(false);
    expect(() => binder.addDataTrigger('cpu', above(1), startAnimation('alert'), { id: 'alertSeq' })).toThrow(
      /a coordination primitive with id "alertSeq" exists already/,
    );
  });

  it('needs the coordination engine to add a trigger', () => {
    const { engine } = setupBinder();
    const binder = new DataAnimationBinder({ clock: clock10, animation: engine });
    expect(() => binder.addDataTrigger('cpu', above(1), startAnimation('alert'))).toThrow(
      /needs its 'coordination' option/,
    );
  });

  it('leaves a data condition’s state alone in a prediction', () => {
    const live = setupBinder();
    const control = setupBinder();
    for (const s of [live, control]) {
      let evaluations = 0; // a condition with its own state: true at its 5th evaluation
      s.binder.addDataTrigger('cpu', () => ++evaluations === 5, startAnimation('alert'), { id: 'fifth' });
      s.binder.addDataTrigger('cpu', sustained(above(50), 4), startAnimation('alert'), { id: 'held' });
      s.binder.addDataTrigger('cpu', crosses(50, 'up'), startAnimation('flash'), { id: 'cross' });
      [40, 60, 60, 60, 60, 60].forEach((v, i) => {
        s.input.push(i * 100, { cpu: v });
      });
      s.run(0, 2);
    }
    live.coordination.predict(new FakeEngine(), 9);
    live.coordination.predict(new FakeEngine(), 4);
    for (const s of [live, control]) s.run(3, 6);
    expect(live.fired).toEqual(control.fired);
    expect(live.fired).toEqual(['1:cross', '4:fifth', '4:held']);
  });

  it('removes a trigger from coordination; a delayed firing aimed at it is an error when due', () => {
    const { binder, coordination, input, run, fired, events } = setupBinder();
    binder.addDataTrigger('cpu', above(1), fireTrigger('later', 3), { id: 'first' });
    binder.addDataTrigger('cpu', () => false, startAnimation('flash'), { id: 'later' });
    input.push(0, { cpu: 5 });
    run(0, 1);
    expect(binder.removeTrigger('later')).toBe(true);
    expect(binder.removeTrigger('later')).toBe(false);
    expect(coordination.getCoordinationPrimitive('later')).toBeUndefined();
    run(2, 4);
    expect(fired).toEqual(['0:first']);
    expect(events.filter((e) => e.type === 'action.error')).toEqual([
      {
        type: 'action.error',
        id: 'first',
        tick: 3,
        action: 'fire',
        message: 'no coordination primitive "later"',
      },
    ]);
  });
});

describe('the fake engine refuses what TickAnimationEngine refuses', () => {
  it.each([
    ['an unknown animation', 'nope', 'fill'],
    ['an unknown parameter', 'bar', 'valu'],
  ])('%s', (_name, id, parameter) => {
    const real = new TickAnimationEngine();
    real.addAnimation({
      id: 'bar',
      target: 'bar',
      tracks: { x: [{ at: 0, value: 0 }] },
      parameters: { fill: 0 },
    });
    const fake = new FakeEngine({ bar: ['fill'] });
    expect(() => real.updateAnimationParameter(id, parameter, 1, 0)).toThrow();
    expect(() => fake.updateAnimationParameter(id, parameter, 1, 0)).toThrow();
    expect(() => real.startAnimationAt('nope', 0)).toThrow();
    expect(() => fake.startAnimationAt('nope', 0)).toThrow();
    expect(real.parameterNames('bar')).toEqual(fake.parameterNames('bar'));
  });
});

describe('DataAnimationBinder: monitoring', () => {
  it('reports updates and firings per second and the arrival-to-apply delay', () => {
    const { input, binder, run } = setupBinder();
    binder.bindDataToAnimation('cpu', 'bar', 'fill');
    binder.addDataTrigger('cpu', above(0), startAnimation('alert'), { mode: 'level' });
    for (let t = 0; t < 20; t++) input.push(t * 100 - 30, { cpu: t });
    run(0, 19);
    const m = binder.metrics();
    expect(m.bindingUpdates).toBe(20);
    expect(m.bindingUpdatesPerSecond).toBe(10);
    expect(m.triggerFirings).toBe(19);
    expect(m.applyDelayMs.count).toBe(20);
    expect(m.applyDelayMs.p50).toBe(34);
    expect(m.applyDelayMs.max).toBe(30);
  });
});
