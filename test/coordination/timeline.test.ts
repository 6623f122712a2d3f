import { describe, expect, it } from 'vitest';
import {
  CoordinationEngine,
  type CoordinationEvent,
  callAction,
  startAnimation,
} from '../../src/coordination/index.js';
import { FakeHost } from './fake-host.js';

function timelineBuild(engine: CoordinationEngine, calls: number[]): void {
  engine.timeline('show', {
    startAt: 10,
    labels: { intro: 0, middle: 25 },
    entries: [
      { at: 'middle', actions: [callAction(({ tick }) => calls.push(tick))] },
      { at: 5, actions: [startAnimation('a'), callAction(({ tick }) => calls.push(tick))] },
      { at: 40, actions: [callAction(({ tick }) => calls.push(tick))] },
    ],
  });
}

function brief(events: readonly CoordinationEvent[]): string[] {
  return events.map((e) => `${e.type}@${e.tick}`);
}

describe('timeline', () => {
  it('runs labels and entries at start + offset, each once', () => {
    const engine = new CoordinationEngine(new FakeHost({ a: 5 }));
    const calls: number[] = [];
    timelineBuild(engine, calls);
    const events: CoordinationEvent[] = [];
    for (let t = 0; t <= 100; t++) events.push(...engine.evaluate(t));
    expect(calls).toEqual([15, 35, 50]);
    expect(brief(events)).toEqual([
      'timeline.started@10',
      'timeline.label@10',
      'timeline.action@15',
      'timeline.label@35',
      'timeline.action@35',
      'timeline.action@50',
      'timeline.completed@50',
    ]);
  });

  it('runs actions due at skipped ticks once, with their own tick, when evaluate jumps', () => {
    const host = new FakeHost({ a: 5 });
    const stepped = new CoordinationEngine(new FakeHost({ a: 5 }));
    const jumped = new CoordinationEngine(host);
    const steppedCalls: number[] = [];
    const jumpedCalls: number[] = [];
    timelineBuild(stepped, steppedCalls);
    timelineBuild(jumped, jumpedCalls);
    const steppedEvents: CoordinationEvent[] = [];
    for (let t = 0; t <= 100; t++) steppedEvents.push(...stepped.evaluate(t));
    const jumpedEvents = [...jumped.evaluate(12), ...jumped.evaluate(36), ...jumped.evaluate(100)];
    expect(jumpedCalls).toEqual(steppedCalls);
    expect(jumpedEvents).toEqual(steppedEvents);
    expect(host.calls).toEqual(['start a@15']);
  });

  it('restarts from offset 0 when fired again', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    const calls: number[] = [];
    const tl = engine.timeline('t', {
      entries: [{ at: 2, actions: [callAction(({ tick }) => calls.push(tick))] }],
    });
    tl.triggerAt(0);
    tl.triggerAt(1);
    engine.evaluate(10);
    expect(calls).toEqual([3]);
    expect(tl.state).toBe('completed');
  });

  it('rejects an entry at an unknown label', () => {
    const engine = new CoordinationEngine(new FakeHost({}));
    expect(() => engine.timeline('t', { labels: { a: 1 }, entries: [{ at: 'b', actions: [] }] })).toThrow(
      'timeline "t".entries[0].at: expected a label of ["a"], received "b"',
    );
    expect(() => engine.timeline('t', { labels: { a: -1 }, entries: [] })).toThrow(/timeline "t".labels.a/);
  });
});
