import { describe, expect, it } from 'vitest';
import {
  above,
  ExpressionError,
  fireTrigger,
  hysteresis,
  linearMap,
  setParameter,
  sustained,
} from '../../src/binding/index.js';
import { firePrimitive, startAnimation } from '../../src/coordination/index.js';
import { makeDisplay } from './setup.js';

describe('end to end: a CPU stream drives a display', () => {
  it('drives the bar fill with a retarget transition that never jumps', () => {
    const d = makeDisplay();
    d.pipeline.binder.bindDataToAnimation('cpu', 'barFill', 'value', linearMap([0, 100], [0, 1]), {
      transition: { ticks: 10, easing: 'linear' },
    });
    d.pushAt(10, { cpu: 50 }); // applied at tick 1 (20 ms)
    d.runTo(5);
    // Tick 1 starts the transition from 0; four ticks later it is 4/10 of the way to 0.5.
    expect(d.valueAt(1, 'bar', 'fill')).toBe(0);
    expect(d.valueAt(5, 'bar', 'fill')).toBeCloseTo(0.2, 12);
    d.pushAt(110, { cpu: 100 }); // new target at tick 6, while the first transition runs
    d.runTo(16);
    const before = d.valueAt(5, 'bar', 'fill') as number;
    const at6 = d.valueAt(6, 'bar', 'fill') as number;
    // Retarget starts from the value on screen at tick 6 (0.25 on the old path), so no jump.
    expect(at6).toBeCloseTo(0.25, 12);
    expect(at6 - before).toBeLessThan(0.06);
    expect(d.valueAt(16, 'bar', 'fill')).toBeCloseTo(1, 12);
  });

  it('fires the alert sequence and a sync when cpu > 80, in the same tick, before the frame', () => {
    const d = makeDisplay();
    d.pipeline.binder.addDataTrigger(
      'cpu',
      'cpu > 80',
      [firePrimitive('alertSeq'), firePrimitive('alertSync')],
      {
        id: 'hot',
      },
    );
    d.pushAt(10, { cpu: 50 });
    d.pushAt(50, { cpu: 85 }); // tick 3
    d.runTo(8);
    const at3 = d.results.find((r) => r.tick === 3);
    expect(at3?.fired).toEqual(['hot']);
    expect(at3?.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['sequence.started', 'sync.fired']),
    );
    expect(d.valueAt(3, 'alert', 'opacity')).toBe(0);
    expect(d.valueAt(5, 'alert', 'opacity')).toBeCloseTo(0.5, 12);
    expect(d.valueAt(3, 'icon', 'on')).toBe(1);
    expect(d.results.filter((r) => r.fired.length > 0).map((r) => r.tick)).toEqual([3]);
  });

  it('applies cooldown, debounce, throttle and deadband in ticks', () => {
    const d = makeDisplay();
    const b = d.pipeline.binder;
    b.addDataTrigger('cpu', above(80), startAnimation('beep'), { id: 'cool', cooldown: { ms: 200 } }); // 10 ticks
    b.bindDataToAnimation('cpu', 'label', 'value', undefined, { id: 'debounced', debounce: 3 });
    b.bindDataToAnimation('cpu', 'barFill', 'value', linearMap([0, 100], [0, 1]), {
      id: 'throttled',
      throttle: 5,
    });
    b.bindDataToAnimation('mem', 'barColour', 'value', (v) => ((v as number) > 50 ? '#ff0000' : '#00ff00'), {
      id: 'banded',
      deadband: 10,
    });
    const cpu = [90, 10, 90, 10, 90, 10, 10, 10, 10, 10, 10, 90];
    cpu.forEach((v, i) => {
      d.pushAt(i * 20 + 5, { cpu: v, mem: 45 + i });
    });
    d.runTo(30);
    const m = b.metrics();
    // Rising edges at ticks 1, 3, 5, 12: 3 and 5 fall inside the 10-tick cooldown of 1.
    expect(m.firingsByTrigger.cool).toBe(2);
    expect(m.suppressedByTrigger.cool).toBe(2);
    // Debounce: the last change came at tick 12; applied 3 ticks later. Before that, tick 9's 10 was
    // held since tick 6 (10 repeated is no change) and applied at tick 9.
    expect(d.valueAt(8, 'label', 'value')).toBe(0);
    expect(d.valueAt(9, 'label', 'value')).toBe(10);
    expect(d.valueAt(14, 'label', 'value')).toBe(10);
    expect(d.valueAt(15, 'label', 'value')).toBe(90);
    // Throttle 5: tick 1 (leading), tick 6 (the window ended: the new value goes at once), tick 12.
    expect(m.updatesByBinding.throttled).toBe(3);
    // Deadband 10 on mem: 45 at tick 1 accepted, then 55 (tick 11) is the first 10 away.
    expect(m.updatesByBinding.banded).toBe(2);
    expect(d.valueAt(10, 'bar', 'colour')).toBe('#00ff00');
    expect(d.valueAt(11, 'bar', 'colour')).toBe('#ff0000');
  });

  it('latches with hysteresis and fires sustained conditions after N ticks', () => {
    const d = makeDisplay();
    const b = d.pipeline.binder;
    const fired: number[] = [];
    b.addDataTrigger('cpu', hysteresis(80, 60), [() => fired.push(d.pipeline.currentTick + 1)], {
      id: 'latch',
    });
    b.addDataTrigger('cpu', sustained(above(70), 5), startAnimation('beep'), { id: 'long' });
    [85, 75, 65, 85, 55, 85, 85, 85, 85, 85].forEach((v, i) => {
      d.pushAt(i * 20 + 5, { cpu: v });
    });
    d.runTo(12);
    // latch: on at tick 1 (85), stays on through 75 and 65, off at 55 (tick 5), on again at tick 6.
    expect(fired).toEqual([1, 6]);
    expect(b.metrics().firingsByTrigger.long).toBe(1);
    expect(d.results.find((r) => r.fired.includes('long'))?.tick).toBe(10);
  });

  it('runs a trigger chain at the real ticks of its links', () => {
    const d = makeDisplay();
    const b = d.pipeline.binder;
    b.addDataTrigger('cpu', 'cpu > 90', [firePrimitive('alertSync'), fireTrigger('step2', 4)], {
      id: 'step1',
    });
    b.addDataTrigger(
      'cpu',
      () => false,
      [setParameter('barColour', 'value', '#ff0000'), fireTrigger('step3', 2)],
      {
        id: 'step2',
      },
    );
    b.addDataTrigger('cpu', () => false, firePrimitive('alertSeq'), { id: 'step3' });
    d.pushAt(25, { cpu: 95 }); // tick 2
    d.runTo(10);
    const firedAt = d.results.flatMap((r) => r.fired.map((id) => `${r.tick}:${id}`));
    expect(firedAt).toEqual(['2:step1', '6:step2', '8:step3']);
    expect(d.valueAt(5, 'bar', 'colour')).toBe('#00ff00');
    expect(d.valueAt(6, 'bar', 'colour')).toBe('#ff0000');
    expect(d.results.find((r) => r.tick === 8)?.events.some((e) => e.type === 'sequence.started')).toBe(true);
  });

  it('falls back when the source goes stale, and recovers when it comes back', () => {
    const d = makeDisplay();
    const b = d.pipeline.binder;
    const id = b.bindDataToAnimation('cpu', 'barFill', 'value', linearMap([0, 100], [0, 1]), {
      staleAfter: { ms: 200 },
      onStale: { kind: 'decay', value: 0, ticks: 5 },
    });
    d.pushAt(5, { cpu: 80 });
    d.runTo(20);
    expect(d.valueAt(10, 'bar', 'fill')).toBeCloseTo(0.8, 12);
    expect(d.valueAt(11, 'bar', 'fill')).toBeCloseTo(0.8, 12); // stale at tick 11: decay starts
    expect(d.valueAt(13, 'bar', 'fill')).toBeCloseTo(0.48, 12);
    expect(d.valueAt(16, 'bar', 'fill')).toBe(0);
    expect(b.bindingState(id)).toBe('stale');
    d.pushAt(430, { cpu: 80 });
    d.runTo(22);
    expect(b.bindingState(id)).toBe('fresh');
    expect(d.valueAt(22, 'bar', 'fill')).toBeCloseTo(0.8, 12);
  });

  it('refuses hostile expressions at registration, with the position', () => {
    const { binder } = makeDisplay().pipeline;
    const refuse = (src: string) => () => binder.addDataTrigger(['cpu', 'mem'], src, startAnimation('beep'));
    expect(refuse('this.constructor')).toThrow(ExpressionError);
    expect(refuse('cpu.constructor.prototype')).toThrow(
      /unknown key "cpu.constructor.prototype" at position 0/,
    );
    expect(refuse('cpu["__proto__"] > 0')).toThrow(/refused at position/);
    expect(refuse(`cpu > 1 ${'|| mem > 1 '.repeat(200)}`)).toThrow(/the limit is 1000/);
    expect(refuse('cpu > 80 && disk > 1')).toThrow(/unknown key "disk" at position 12/);
  });

  it('keeps running when a map, a condition and an action throw, counting each', () => {
    const d = makeDisplay();
    const b = d.pipeline.binder;
    b.bindDataToAnimation('cpu', 'label', 'value', (v) => {
      if ((v as number) > 50) throw new Error('too big');
      return v as number;
    });
    b.addDataTrigger(
      'cpu',
      () => {
        throw new Error('bad condition');
      },
      startAnimation('beep'),
      { id: 'bad' },
    );
    b.addDataTrigger('cpu', above(60), setParameter('barFill', 'value', '#nope' as never), {
      id: 'badAction',
    });
    b.bindDataToAnimation('cpu', 'barFill', 'value', linearMap([0, 100], [0, 1]));
    d.pushAt(5, { cpu: 70 });
    d.pushAt(25, { cpu: 40 });
    d.runTo(3);
    const m = b.metrics();
    expect(m.errorsByBinding['cpu->label.value']).toBe(1);
    expect(m.conditionErrorsByTrigger.bad).toBe(3);
    expect(d.valueAt(2, 'label', 'value')).toBe(40);
    expect(d.valueAt(3, 'bar', 'fill')).toBeCloseTo(0.4, 12);
    expect(d.reports.map((r) => r.owner)).toEqual(['binding:cpu->label.value']);
    expect(d.reports[0]).toMatchObject({ key: 'cpu', value: 70, tick: 1 });
    // A data trigger's errors are its coordination trigger's: action.error events, counted.
    const errors = d.results.flatMap((r) =>
      r.events.flatMap((e) => (e.type === 'action.error' ? [`${e.tick}:${e.id}:${e.action}`] : [])),
    );
    expect(errors).toEqual(['1:bad:condition', '1:badAction:call', '2:bad:condition', '3:bad:condition']);
    expect(d.pipeline.coordination.stats.actionErrors).toBe(4);
  });
});
