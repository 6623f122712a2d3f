import { describe, expect, it } from 'vitest';
import { CoordinationEngine, callAction } from '../../src/coordination/index.js';
import { FakeHost } from './fake-host.js';

describe('sync', () => {
  it('starts every animation at the tick it fires, then reports sync.fired', () => {
    const host = new FakeHost({ a: 10, b: 20, c: 5 });
    const engine = new CoordinationEngine(host);
    const sync = engine.sync('intro', { animations: ['a', 'b', 'c'] });
    expect(sync.state).toBe('idle');
    sync.triggerAt(7);
    engine.evaluate(6);
    expect(host.calls).toEqual([]);
    const events = engine.evaluate(7);
    expect(host.calls).toEqual(['start a@7', 'start b@7', 'start c@7']);
    expect(events).toEqual([
      { type: 'sync.fired', id: 'intro', tick: 7, animations: ['a', 'b', 'c'], cause: 'external' },
    ]);
    expect(sync.state).toBe('fired');
  });

  it('fires by itself at atTick, at that tick even when evaluate jumps past it', () => {
    const host = new FakeHost({ a: 10 });
    const engine = new CoordinationEngine(host);
    engine.sync('s', { animations: ['a'], atTick: 5 });
    const events = engine.evaluate(40);
    expect(host.calls).toEqual(['start a@5']);
    expect(events.map((e) => [e.type, e.tick])).toEqual([['sync.fired', 5]]);
  });

  it('fires once per tick however often it is asked', () => {
    const host = new FakeHost({ a: 10 });
    const engine = new CoordinationEngine(host);
    const sync = engine.sync('s', { animations: ['a'] });
    sync.triggerAt(3);
    sync.triggerAt(3);
    engine.evaluate(3);
    expect(host.calls).toEqual(['start a@3']);
    expect(engine.stats.duplicateFires).toBe(1);
  });

  it('runs its actions with the fire tick in their context', () => {
    const host = new FakeHost({ a: 10 });
    const engine = new CoordinationEngine(host);
    const seen: number[] = [];
    engine.sync('s', { animations: ['a'], atTick: 2, actions: [callAction(({ tick }) => seen.push(tick))] });
    engine.evaluate(9);
    expect(seen).toEqual([2]);
  });

  it('rejects an unknown animation id at creation, naming the option and the id', () => {
    const engine = new CoordinationEngine(new FakeHost({ a: 10 }));
    expect(() => engine.sync('s', { animations: ['a', 'nope'] })).toThrow(
      'sync "s".animations[1]: expected a known animation id, received "nope"',
    );
    expect(() => engine.sync('s', { animations: [] })).toThrow(
      /sync "s".animations: expected a non-empty array/,
    );
    expect(() => engine.sync('s', { animations: ['a'], atTick: 1.5 })).toThrow(/sync "s".atTick/);
    expect(engine.getCoordinationPrimitive('s')).toBeUndefined();
  });
});
