import { describe, expect, it } from 'vitest';
import { CoordinationEngine, callAction } from '../../src/coordination/index.js';
import { FakeHost } from './fake-host.js';

function typesAndTicks(events: readonly { type: string; tick: number }[]): string[] {
  return events.map((e) => `${e.type}@${e.tick}`);
}

describe('sequence', () => {
  it('starts each step when the previous one ends, plus its gap', () => {
    const host = new FakeHost({ a: 10, b: 5, c: 3 });
    const engine = new CoordinationEngine(host);
    const seq = engine.sequence('s', {
      steps: [{ animation: 'a' }, { animation: 'b', gapTicks: 4 }, { animation: 'c' }],
      gapTicks: 1,
    });
    seq.triggerAt(2);
    const events = [];
    for (let t = 0; t <= 40; t++) events.push(...engine.evaluate(t));
    expect(host.calls).toEqual(['start a@2', 'start b@16', 'start c@22']);
    expect(typesAndTicks(events)).toEqual([
      'sequence.started@2',
      'sequence.step@2',
      'sequence.step@16',
      'sequence.step@22',
      'sequence.completed@25',
    ]);
    expect(seq.state).toBe('completed');
  });

  it('gives the same steps at the same ticks when evaluate jumps', () => {
    const host = new FakeHost({ a: 10, b: 5, c: 3 });
    const engine = new CoordinationEngine(host);
    engine.sequence('s', { steps: [{ animation: 'a' }, { animation: 'b' }, { animation: 'c' }], startAt: 2 });
    const events = engine.evaluate(1000);
    expect(host.calls).toEqual(['start a@2', 'start b@12', 'start c@17']);
    expect(typesAndTicks(events).at(-1)).toBe('sequence.completed@20');
  });

  it('starts steps at explicit offsets from its start, in offset order', () => {
    const host = new FakeHost({ a: 10, b: 5, c: 30 });
    const engine = new CoordinationEngine(host);
    const done: number[] = [];
    engine.sequence('s', {
      timing: 'offsets',
      steps: [
        { animation: 'a', offsetTicks: 0 },
        { animation: 'b', offsetTicks: 20 },
        { animation: 'c', offsetTicks: 3 },
      ],
      actions: [callAction(({ tick }) => done.push(tick))],
    });
    engine.getCoordinationPrimitive('s')?.triggerAt(10);
    for (let t = 0; t <= 60; t += 7) engine.evaluate(t);
    expect(host.calls).toEqual(['start a@10', 'start c@13', 'start b@30']);
    // Completes when every step has ended: c ends at 43.
    expect(done).toEqual([43]);
  });

  it('waits on a step that never ends', () => {
    const host = new FakeHost({ a: Number.POSITIVE_INFINITY, b: 5 });
    const engine = new CoordinationEngine(host);
    const seq = engine.sequence('s', { steps: [{ animation: 'a' }, { animation: 'b' }], startAt: 0 });
    engine.evaluate(500);
    expect(host.calls).toEqual(['start a@0']);
    expect(seq.state).toBe('running');
    expect(seq.currentStep).toBe(0);
  });

  it('restarts from the first step when fired again', () => {
    const host = new FakeHost({ a: 2, b: 2 });
    const engine = new CoordinationEngine(host);
    const seq = engine.sequence('s', { steps: [{ animation: 'a' }, { animation: 'b' }] });
    seq.triggerAt(0);
    seq.triggerAt(10);
    engine.evaluate(20);
    expect(host.calls).toEqual(['start a@0', 'start b@2', 'start a@10', 'start b@12']);
  });

  it('names the bad option at creation', () => {
    const engine = new CoordinationEngine(new FakeHost({ a: 2 }));
    expect(() => engine.sequence('s', { steps: [] })).toThrow(
      /sequence "s".steps: expected a non-empty array/,
    );
    expect(() => engine.sequence('s', { timing: 'offsets', steps: [{ animation: 'a' }] })).toThrow(
      'sequence "s".steps[0].offsetTicks: expected an integer tick >= 0, received undefined',
    );
    expect(() => engine.sequence('s', { steps: [{ animation: 'a', gapTicks: -1 }] })).toThrow(
      /steps\[0\].gapTicks/,
    );
    expect(() => engine.sequence('s', { steps: [{ animation: 'x' }] })).toThrow(
      'sequence "s".steps[0].animation: expected a known animation id, received "x"',
    );
  });
});
