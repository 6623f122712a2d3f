import { describe, expect, it } from 'vitest';
import {
  afterTicks,
  CoordinationEngine,
  type CoordinationEvent,
  callAction,
  firePrimitive,
  startAnimation,
} from '../../src/coordination/index.js';
import { FakeHost } from './fake-host.js';

/** The same definitions every time; `host` may be a copy of another engine's host. */
function build(host: FakeHost, log: number[]): CoordinationEngine<{ on: boolean }> {
  const engine = new CoordinationEngine<{ on: boolean }>(host);
  engine.sync('s', { animations: ['a', 'b'] });
  engine.barrier('bar', { members: ['a', 'b'], actions: [firePrimitive('seq')] });
  engine.sequence('seq', { steps: [{ animation: 'c' }, { animation: 'a', gapTicks: 3 }] });
  engine.timeline('tl', {
    startAt: 2,
    labels: { mid: 9 },
    entries: [
      { at: 1, actions: [firePrimitive('s')] },
      {
        at: 'mid',
        actions: [
          afterTicks(
            5,
            callAction(({ tick }) => log.push(tick)),
          ),
        ],
      },
      { at: 30, actions: [afterTicks(4, firePrimitive('tl'))] },
    ],
  });
  engine.trigger('t', {
    mode: 'edge',
    cooldownTicks: 6,
    condition: ({ input }) => input?.on === true,
    actions: [startAnimation('b'), afterTicks(2, firePrimitive('bar'))],
  });
  return engine;
}

const on = (tick: number): { on: boolean } => ({ on: tick % 13 < 4 });

function copyHost(host: FakeHost): FakeHost {
  const copy = new FakeHost(Object.fromEntries(host.durations));
  for (const [id, run] of host.runs) copy.runs.set(id, { ...run });
  return copy;
}

describe('CoordinationEngine snapshot', () => {
  it('continues from a JSON round trip exactly as the original does', () => {
    const durations = { a: 7, b: 11, c: 4 };
    const hostA = new FakeHost(durations);
    const logA: number[] = [];
    const original = build(hostA, logA);
    for (let t = 0; t <= 40; t++) original.evaluate(t, on(t));

    const snap = JSON.parse(JSON.stringify(original.snapshot()));
    expect(snap.pending.length).toBeGreaterThan(0);
    const hostB = copyHost(hostA);
    const logB: number[] = [];
    const restored = build(hostB, logB);
    restored.restore(snap);
    expect(restored.lastTick).toBe(40);
    expect(restored.snapshot()).toEqual(original.snapshot());

    const eventsA: CoordinationEvent[] = [];
    const eventsB: CoordinationEvent[] = [];
    for (let t = 41; t <= 200; t++) {
      eventsA.push(...original.evaluate(t, on(t)));
      eventsB.push(...restored.evaluate(t, on(t)));
    }
    expect(eventsB).toEqual(eventsA);
    expect(eventsA.length).toBeGreaterThan(20);
    expect(hostB.calls).toEqual(hostA.calls.slice(hostA.calls.length - hostB.calls.length));
    expect(logB).toEqual(logA.filter((t) => t > 40));
  });

  it('names what does not fit and changes nothing', () => {
    const engine = build(new FakeHost({ a: 7, b: 11, c: 4 }), []);
    engine.evaluate(3, on(3));
    const good = engine.snapshot();
    const before = JSON.stringify(good);
    const other = new CoordinationEngine(new FakeHost({ a: 1 }));
    other.trigger('s', {});
    expect(() => other.restore(good)).toThrow(
      'snapshot.primitives[0].kind: "s" is a trigger here, received "sync"',
    );
    const bad = JSON.parse(before);
    bad.primitives[4].fields.level = 'medium';
    expect(() => engine.restore(bad)).toThrow(
      `snapshot.primitives[4].fields.level: expected one of 'low' | 'high', received "medium"`,
    );
    bad.primitives[4].fields.level = 'low';
    bad.pending = [{ dueTick: 9, sourceId: 'tl', origin: 'action', action: 'entries[7].actions[0]' }];
    expect(() => engine.restore(bad)).toThrow(
      'snapshot.pending[0].action: "tl" has no action at "entries[7].actions[0]"',
    );
    expect(() => engine.restore({ ...good, format: 'v0' as 'tinydisplay.coordination/1' })).toThrow(
      /snapshot.format/,
    );
    expect(JSON.stringify(engine.snapshot())).toBe(before);
  });
});
