import { describe, expect, it } from 'vitest';
import { CoordinationEngine, startAnimation } from '../../src/coordination/index.js';
import { FakeHost } from './fake-host.js';

describe('barrier', () => {
  it('resolves at the tick the last member finishes', () => {
    const host = new FakeHost({ a: 10, b: 25 });
    const engine = new CoordinationEngine(host);
    host.startAnimationAt('a', 0);
    host.startAnimationAt('b', 0);
    const barrier = engine.barrier('both', { members: ['a', 'b'] });
    for (let t = 0; t < 25; t++) expect(engine.evaluate(t)).toEqual([]);
    expect(barrier.state).toBe('waiting');
    expect(engine.evaluate(25)).toEqual([{ type: 'barrier.resolved', id: 'both', tick: 25 }]);
    expect(barrier.state).toBe('resolved');
    expect(engine.evaluate(26)).toEqual([]);
  });

  it('resolves a barrier whose members finished before it existed', () => {
    const host = new FakeHost({ a: 3, b: 4 });
    const engine = new CoordinationEngine(host);
    host.startAnimationAt('a', 0);
    host.startAnimationAt('b', 1);
    engine.evaluate(10);
    engine.barrier('late', { members: ['a', 'b'], actions: [startAnimation('a')] });
    expect(engine.evaluate(11)).toEqual([{ type: 'barrier.resolved', id: 'late', tick: 11 }]);
    expect(host.calls.at(-1)).toBe('start a@11');
  });

  it('resolves at the real tick when evaluate jumps past it', () => {
    const host = new FakeHost({ a: 10, b: 17 });
    const engine = new CoordinationEngine(host);
    host.startAnimationAt('a', 0);
    host.startAnimationAt('b', 0);
    engine.barrier('both', { members: ['a', 'b'], actions: [startAnimation('a')] });
    expect(engine.evaluate(100)).toEqual([{ type: 'barrier.resolved', id: 'both', tick: 17 }]);
    expect(host.calls.at(-1)).toBe('start a@17');
  });

  it('waits while a member never finishes (stopped, infinite or never scheduled)', () => {
    const host = new FakeHost({ a: 5, forever: Number.POSITIVE_INFINITY, idle: 5 });
    const engine = new CoordinationEngine(host);
    host.startAnimationAt('a', 0);
    host.stopAnimationAt('a', 2);
    host.startAnimationAt('forever', 0);
    engine.barrier('stopped', { members: ['a'] });
    engine.barrier('infinite', { members: ['forever'] });
    engine.barrier('never', { members: ['idle'] });
    expect(engine.evaluate(1000)).toEqual([]);
    expect(engine.getCoordinationPrimitive('stopped')?.state).toBe('waiting');
    // A jump over a waiting barrier costs one processed tick, not one per skipped tick.
    expect(engine.stats.ticksProcessed).toBe(1);
  });

  it('is armed again by triggerAt and resolves once its members finish again', () => {
    const host = new FakeHost({ a: 5 });
    const engine = new CoordinationEngine(host);
    host.startAnimationAt('a', 0);
    const barrier = engine.barrier('b', { members: ['a'] });
    expect(engine.evaluate(5).map((e) => e.tick)).toEqual([5]);
    host.startAnimationAt('a', 8);
    barrier.triggerAt(8);
    expect(engine.evaluate(12)).toEqual([]);
    expect(barrier.state).toBe('waiting');
    expect(engine.evaluate(20)).toEqual([{ type: 'barrier.resolved', id: 'b', tick: 13 }]);
  });

  it('rejects an unknown member id at creation', () => {
    const engine = new CoordinationEngine(new FakeHost({ a: 5 }));
    expect(() => engine.barrier('b', { members: ['a', 'ghost'] })).toThrow(
      'barrier "b".members[1]: expected a known animation id, received "ghost"',
    );
  });
});
