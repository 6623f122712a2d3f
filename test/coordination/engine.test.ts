import { describe, expect, it } from 'vitest';
import {
  afterTicks,
  CoordinationEngine,
  type CoordinationEvent,
  callAction,
  firePrimitive,
  startAnimation,
  stopAnimation,
} from '../../src/coordination/index.js';
import { FakeHost } from './fake-host.js';

function brief(events: readonly CoordinationEvent[]): string[] {
  return events.map((e) => `${e.type}:${e.id}@${e.tick}`);
}

describe('CoordinationEngine chains', () => {
  it('runs a chain of fires within the tick, in order', () => {
    const host = new FakeHost({ a: 5, b: 5 });
    const engine = new CoordinationEngine(host);
    engine.trigger('t', { condition: ({ tick }) => tick === 3, actions: [firePrimitive('s')] });
    engine.sync('s', { animations: ['a'], actions: [firePrimitive('s2')] });
    engine.sync('s2', { animations: ['b'] });
    expect(brief(engine.evaluate(3))).toEqual(['trigger.fired:t@3', 'sync.fired:s@3', 'sync.fired:s2@3']);
    expect(host.calls).toEqual(['start a@3', 'start b@3']);
  });

  it('schedules delayed actions at their real tick, never early', () => {
    const host = new FakeHost({ a: 5, b: 5 });
    const engine = new CoordinationEngine(host);
    const seen: number[] = [];
    engine.trigger('t', {
      actions: [
        afterTicks(4, firePrimitive('s')),
        afterTicks(
          2,
          afterTicks(
            3,
            callAction(({ tick }) => seen.push(tick)),
          ),
        ),
        afterTicks(0, stopAnimation('b')),
      ],
    });
    engine.sync('s', { animations: ['a'] });
    engine.getCoordinationPrimitive('t')?.triggerAt(1);
    expect(brief(engine.evaluate(1))).toEqual(['trigger.fired:t@1']);
    expect(host.calls).toEqual(['stop b@1']);
    expect(engine.pendingCount).toBe(2);
    expect(engine.evaluate(4)).toEqual([]);
    expect(brief(engine.evaluate(50))).toEqual(['sync.fired:s@5']);
    expect(host.calls).toEqual(['stop b@1', 'start a@5']);
    expect(seen).toEqual([6]);
  });

  it('reports a same-tick cycle once as cycle.error and does not hang', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    engine.trigger('a', { mode: 'level', condition: () => true, actions: [firePrimitive('b')] });
    engine.trigger('b', { actions: [firePrimitive('c')] });
    engine.trigger('c', { actions: [firePrimitive('a')] });
    const events = engine.evaluate(0);
    expect(brief(events)).toEqual([
      'trigger.fired:a@0',
      'trigger.fired:b@0',
      'trigger.fired:c@0',
      'cycle.error:a@0',
    ]);
    expect(events[3]).toMatchObject({ path: ['a', 'b', 'c', 'a'], reason: 'cycle' });
    // The same cycle at the next tick is counted, not reported again.
    expect(brief(engine.evaluate(1))).toEqual([
      'trigger.fired:a@1',
      'trigger.fired:b@1',
      'trigger.fired:c@1',
    ]);
    expect(engine.stats.cycleErrors).toBe(2);
  });

  it('refuses a chain deeper than maxChainDepth', () => {
    const engine = new CoordinationEngine(new FakeHost({}), { maxChainDepth: 3 });
    for (let i = 0; i < 6; i++) engine.trigger(`t${i}`, { actions: [firePrimitive(`t${i + 1}`)] });
    engine.getCoordinationPrimitive('t0')?.triggerAt(0);
    const events = engine.evaluate(0);
    expect(events.filter((e) => e.type === 'trigger.fired')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'cycle.error', id: 't3', reason: 'depth' });
  });

  it('lets a chain through time (after N ticks) repeat without being called a cycle', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    engine.trigger('ping', { actions: [afterTicks(2, firePrimitive('ping'))] });
    engine.getCoordinationPrimitive('ping')?.triggerAt(0);
    const events = engine.evaluate(10);
    expect(events.map((e) => e.tick)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(events.map((e) => (e.type === 'trigger.fired' ? e.cause : ''))).toEqual([
      'external',
      'action',
      'action',
      'action',
      'action',
      'action',
    ]);
    expect(engine.stats.cycleErrors).toBe(0);
  });

  it('runs a triggerAt made from an action for the current tick in the same evaluate', () => {
    const host = new FakeHost({ a: 3 });
    const engine = new CoordinationEngine(host);
    const s = engine.sync('s', { animations: ['a'] });
    engine.trigger('t', { condition: () => true, actions: [callAction(({ tick }) => s.triggerAt(tick))] });
    expect(brief(engine.evaluate(2))).toEqual(['trigger.fired:t@2', 'sync.fired:s@2']);
  });
  it('lets an action create primitives mid-walk: the walk goes on, the new ones join from the next tick', () => {
    const host = new FakeHost({ a: 2 });
    const engine = new CoordinationEngine(host);
    const created: string[] = [];
    engine.trigger('maker', {
      priority: 1,
      condition: ({ tick }) => tick === 0,
      actions: [
        callAction(({ tick }) => {
          engine.trigger(`made${tick}`, { priority: 5, condition: () => true });
          engine.barrier('bar', { members: ['a'] });
          created.push(`made${tick}`);
        }),
      ],
    });
    engine.trigger('after', { condition: () => true });
    host.startAnimationAt('a', 0);
    expect(brief(engine.evaluate(0))).toEqual(['trigger.fired:maker@0', 'trigger.fired:after@0']);
    expect(created).toEqual(['made0']);
    // The barrier was armed at tick 0 (the tick it was made in); its member finishes at 2.
    expect(brief(engine.evaluate(5))).toEqual(['barrier.resolved:bar@2', 'trigger.fired:made0@5']);
    expect(engine.primitives().map((p) => p.id)).toEqual(['made0', 'maker', 'after', 'bar']);
  });
});

describe('CoordinationEngine errors', () => {
  it('counts a throwing action, reports its id and tick, and runs the rest', () => {
    const host = new FakeHost({ a: 3 });
    const engine = new CoordinationEngine(host);
    engine.trigger('t', {
      condition: () => true,
      actions: [
        callAction(() => {
          throw new Error('boom');
        }),
        startAnimation('a'),
        firePrimitive('missing'),
      ],
    });
    engine.trigger('after', { condition: () => true });
    const events = engine.evaluate(7);
    expect(events).toEqual([
      { type: 'trigger.fired', id: 't', tick: 7, cause: 'condition' },
      { type: 'action.error', id: 't', tick: 7, action: 'call', message: 'boom' },
      {
        type: 'action.error',
        id: 't',
        tick: 7,
        action: 'fire',
        message: 'no coordination primitive "missing"',
      },
      { type: 'trigger.fired', id: 'after', tick: 7, cause: 'condition' },
    ]);
    expect(host.calls).toEqual(['start a@7']);
    expect(engine.stats.actionErrors).toBe(2);
  });

  it('reports a host that throws on start as an action.error', () => {
    const host = new FakeHost({ a: 3 });
    const engine = new CoordinationEngine(host);
    engine.sync('s', { animations: ['a'], atTick: 1 });
    host.durations.delete('a');
    expect(brief(engine.evaluate(1))).toEqual(['action.error:s@1', 'sync.fired:s@1']);
  });

  it('refuses ticks that go back, and triggerAt for a tick already evaluated', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    const t = engine.trigger('t', {});
    engine.evaluate(5);
    expect(engine.evaluate(5)).toEqual([]);
    expect(() => engine.evaluate(4)).toThrow(
      'evaluate: ticks only move forward; last evaluated 5, received 4',
    );
    expect(() => engine.evaluate(1.5)).toThrow(/expected an integer tick >= 0, received 1.5/);
    expect(() => t.triggerAt(5)).toThrow('triggerAt("t"): tick 5 is already evaluated; expected a tick >= 6');
    expect(() => t.triggerAt(-1)).toThrow(RangeError);
  });

  it('refuses evaluate from inside evaluate, and reports it as an action error', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    engine.trigger('t', {
      condition: () => true,
      actions: [callAction(({ tick }) => engine.evaluate(tick + 1))],
    });
    const events = engine.evaluate(0);
    expect(events[1]).toMatchObject({ type: 'action.error', action: 'call' });
    expect(engine.lastTick).toBe(0);
  });

  it('rejects duplicate ids and bad options, naming them', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    engine.trigger('t', {});
    expect(() => engine.timeline('t', { entries: [] })).toThrow(
      'id: a coordination primitive "t" already exists',
    );
    expect(() => new CoordinationEngine(new FakeHost({}), { historyLimit: 0 })).toThrow(
      'historyLimit: expected an integer >= 1, received 0',
    );
    expect(() => new CoordinationEngine(new FakeHost({}), { maxChainDepth: 1.5 })).toThrow(/maxChainDepth/);
  });
  it('tells onError once per primitive and kind per interval, with the number withheld', () => {
    const reports: string[] = [];
    const engine = new CoordinationEngine(new FakeHost({}), {
      reportIntervalTicks: 10,
      onError: ({ event, suppressed }) => reports.push(`${event.id}@${event.tick}+${suppressed}`),
    });
    engine.trigger('t', {
      mode: 'level',
      condition: () => true,
      actions: [
        callAction(() => {
          throw new Error('always');
        }),
      ],
    });
    for (let t = 0; t < 25; t++) engine.evaluate(t);
    expect(reports).toEqual(['t@0+0', 't@10+9', 't@20+9']);
    expect(engine.stats.actionErrors).toBe(25);
    expect(engine.stats.reportsSuppressed).toBe(22);
    expect(engine.history.toArray().filter((e) => e.type === 'action.error')).toHaveLength(25);
  });

  it('counts an onError that throws and goes on', () => {
    const engine = new CoordinationEngine(new FakeHost({}), {
      onError: () => {
        throw new Error('logger down');
      },
    });
    engine.trigger('t', { condition: () => true, actions: [firePrimitive('nobody')] });
    engine.trigger('u', { condition: () => true });
    expect(engine.evaluate(0).map((e) => e.type)).toEqual(['trigger.fired', 'action.error', 'trigger.fired']);
    expect(engine.stats.reportFailures).toBe(1);
  });
});

describe('CoordinationEngine bounds', () => {
  it('keeps a bounded history and counts what it dropped', () => {
    const engine = new CoordinationEngine(new FakeHost({}), { historyLimit: 4 });
    engine.trigger('t', { mode: 'level', condition: () => true });
    for (let t = 0; t < 10; t++) engine.evaluate(t);
    expect(engine.history.size).toBe(4);
    expect(engine.history.dropped).toBe(6);
    expect(engine.history.toArray().map((e) => e.tick)).toEqual([6, 7, 8, 9]);
    expect(engine.stats.events).toBe(10);
  });

  it('refuses pending actions past its limit and reports each drop', () => {
    const engine = new CoordinationEngine(new FakeHost({}), { pendingLimit: 2 });
    const seen: number[] = [];
    const cb = callAction(({ tick }) => seen.push(tick));
    engine.trigger('t', { actions: [afterTicks(1, cb), afterTicks(2, cb), afterTicks(3, cb)] });
    engine.getCoordinationPrimitive('t')?.triggerAt(0);
    const events = engine.evaluate(0);
    expect(events.at(-1)).toEqual({ type: 'pending.dropped', id: 't', tick: 0, dueTick: 3 });
    engine.evaluate(10);
    expect(seen).toEqual([1, 2]);
    expect(engine.stats.pendingDropped).toBe(1);
  });

  it('reads no clock: evaluation never touches Date.now or performance.now', () => {
    const engine = new CoordinationEngine(new FakeHost({ a: 2 }));
    engine.timeline('tl', { startAt: 0, entries: [{ at: 3, actions: [startAnimation('a')] }] });
    const now = Date.now;
    const perf = performance.now;
    let reads = 0;
    Date.now = () => {
      reads++;
      return now();
    };
    performance.now = () => {
      reads++;
      return perf.call(performance);
    };
    try {
      engine.evaluate(100);
    } finally {
      Date.now = now;
      performance.now = perf;
    }
    expect(reads).toBe(0);
    expect(engine.history.size).toBe(3);
  });
});
