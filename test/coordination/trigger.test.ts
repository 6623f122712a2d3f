import { describe, expect, it } from 'vitest';
import { CoordinationEngine, startAnimation } from '../../src/coordination/index.js';
import { FakeHost } from './fake-host.js';

interface Input {
  readonly temp: number;
}

function run(engine: CoordinationEngine<Input>, temps: readonly number[]): number[] {
  const fired: number[] = [];
  temps.forEach((temp, tick) => {
    for (const e of engine.evaluate(tick, { temp })) if (e.type === 'trigger.fired') fired.push(e.tick);
  });
  return fired;
}

describe('trigger', () => {
  const temps = [20, 31, 32, 33, 20, 35, 36, 10, 40];

  it('fires on false -> true by default (edge mode)', () => {
    const engine = new CoordinationEngine<Input>(new FakeHost({}));
    const trig = engine.trigger('hot', { condition: ({ input }) => (input?.temp ?? 0) > 30 });
    expect(trig.mode).toBe('edge');
    expect(run(engine, temps)).toEqual([1, 5, 8]);
  });

  it('fires at every tick the condition holds in level mode', () => {
    const engine = new CoordinationEngine<Input>(new FakeHost({}));
    engine.trigger('hot', { mode: 'level', condition: ({ input }) => (input?.temp ?? 0) > 30 });
    expect(run(engine, temps)).toEqual([1, 2, 3, 5, 6, 8]);
  });

  it('refuses fires during its cooldown and counts them', () => {
    const engine = new CoordinationEngine<Input>(new FakeHost({}));
    const trig = engine.trigger('hot', {
      mode: 'level',
      cooldownTicks: 3,
      condition: ({ input }) => (input?.temp ?? 0) > 30,
    });
    expect(run(engine, temps)).toEqual([1, 5, 8]);
    expect(engine.stats.suppressedFires).toBe(3);
    expect(trig.firedTick).toBe(8);
    expect(trig.state).toBe('cooling');
  });

  it('counts its own firings and the fires its cooldown refused', () => {
    const engine = new CoordinationEngine<Input>(new FakeHost({}));
    const trig = engine.trigger('hot', {
      mode: 'level',
      cooldownTicks: 3,
      condition: ({ input }) => (input?.temp ?? 0) > 30,
    });
    const other = engine.trigger('other', {});
    run(engine, temps);
    expect([trig.firings, trig.suppressedFires]).toEqual([3, 3]);
    expect([other.firings, other.suppressedFires]).toEqual([0, 0]);
  });

  it('evaluates every condition before primitives run what is due: a sequence fired at its step tick restarts first', () => {
    const host = new FakeHost({ a: 2, b: 2 });
    const engine = new CoordinationEngine<Input>(host);
    engine.sequence('seq', { steps: [{ animation: 'a' }, { animation: 'b' }] });
    engine.trigger('hot', {
      condition: ({ input }) => (input?.temp ?? 0) > 30,
      actions: [{ kind: 'fire', primitive: 'seq' }],
    });
    engine.getCoordinationPrimitive('seq')?.triggerAt(0);
    const types: string[] = [];
    [20, 20, 40].forEach((temp, tick) => {
      for (const e of engine.evaluate(tick, { temp })) types.push(`${e.tick}:${e.type}:${e.id}`);
    });
    // At tick 2 step b of the first run is due; the trigger's restart comes first, so b is not taken.
    expect(types).toEqual([
      '0:sequence.started:seq',
      '0:sequence.step:seq',
      '2:trigger.fired:hot',
      '2:sequence.started:seq',
      '2:sequence.step:seq',
    ]);
    expect(host.calls).toEqual(['start a@0', 'start a@2']);
  });

  it('is fired by triggerAt without a condition, and runs its actions at that tick', () => {
    const host = new FakeHost({ a: 5 });
    const engine = new CoordinationEngine(host);
    const trig = engine.trigger('manual', { actions: [startAnimation('a')] });
    trig.triggerAt(4);
    const events = engine.evaluate(4);
    expect(events).toEqual([{ type: 'trigger.fired', id: 'manual', tick: 4, cause: 'external' }]);
    expect(host.calls).toEqual(['start a@4']);
  });

  it('evaluates conditions in priority order, ties in creation order', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    const order: string[] = [];
    const cond = (name: string) => () => {
      order.push(name);
      return true;
    };
    engine.trigger('low', { priority: -1, condition: cond('low') });
    engine.trigger('first', { condition: cond('first') });
    engine.trigger('high', { priority: 5, condition: cond('high') });
    engine.trigger('second', { condition: cond('second') });
    const events = engine.evaluate(0);
    expect(order).toEqual(['high', 'first', 'second', 'low']);
    expect(events.map((e) => e.id)).toEqual(['high', 'first', 'second', 'low']);
  });

  it('counts a throwing condition as false, reports it with its id and tick, and goes on', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    engine.trigger('bad', {
      condition: ({ tick }) => {
        if (tick === 1) throw new Error('sensor gone');
        return tick >= 2;
      },
    });
    engine.trigger('good', { condition: () => true });
    expect(engine.evaluate(0).map((e) => e.type)).toEqual(['trigger.fired']);
    expect(engine.evaluate(1)).toEqual([
      { type: 'action.error', id: 'bad', tick: 1, action: 'condition', message: 'sensor gone' },
    ]);
    expect(engine.evaluate(2)).toEqual([{ type: 'trigger.fired', id: 'bad', tick: 2, cause: 'condition' }]);
    expect(engine.stats.actionErrors).toBe(1);
  });

  it('names the bad option at creation', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    expect(() => engine.trigger('t', { mode: 'sometimes' as 'edge' })).toThrow(
      `trigger "t".mode: expected 'edge' | 'level', received "sometimes"`,
    );
    expect(() => engine.trigger('t', { cooldownTicks: 2.5 })).toThrow(/trigger "t".cooldownTicks/);
    expect(() => engine.trigger('t', { actions: [startAnimation('ghost')] })).toThrow(
      'trigger "t".actions[0].animation: expected a known animation id, received "ghost"',
    );
  });
});
