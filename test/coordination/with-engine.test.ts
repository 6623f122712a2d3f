import { describe, expect, it } from 'vitest';
import { TickAnimationEngine } from '../../src/animation/index.js';
import {
  CoordinationEngine,
  type CoordinationEvent,
  callAction,
  firePrimitive,
  startAnimation,
} from '../../src/coordination/index.js';
import { ramp } from '../fixtures/ramp.js';

/** Three animations on one widget: x over 10 ticks, y over 20, opacity over 5. */
function widgetEngine(): TickAnimationEngine {
  const engine = new TickAnimationEngine();
  engine.addAnimation(ramp('slide', 'w', 'x', 10, 0, 100));
  engine.addAnimation(ramp('drop', 'w', 'y', 20, 0, 40));
  engine.addAnimation(ramp('fade', 'w', 'opacity', 5, 0, 1));
  return engine;
}

function brief(events: readonly CoordinationEvent[]): string[] {
  return events.map((e) => `${e.type}:${e.id}@${e.tick}`);
}

describe('coordination on a TickAnimationEngine', () => {
  it('starts a sync set at one tick: every member is running from that frame', () => {
    const engine = widgetEngine();
    const coord = new CoordinationEngine(engine);
    coord.sync('intro', { animations: ['slide', 'drop'], atTick: 4 });
    for (let t = 0; t <= 4; t++) coord.evaluate(t);
    expect(engine.stateAt('slide', 4)).toBe('running');
    expect(engine.stateAt('drop', 4)).toBe('running');
    expect(engine.frameAt(4)).toEqual({ w: { x: 0, y: 0 } });
    expect(engine.frameAt(9)).toEqual({ w: { x: 50, y: 10 } });
  });

  it('resolves a barrier at the tick its last member finished, then runs its actions', () => {
    const engine = widgetEngine();
    const coord = new CoordinationEngine(engine);
    engine.startAnimationAt('slide', 0);
    engine.startAnimationAt('drop', 3);
    coord.barrier('both', { members: ['slide', 'drop'], actions: [startAnimation('fade')] });
    const events: CoordinationEvent[] = [];
    for (let t = 0; t <= 40; t++) events.push(...coord.evaluate(t));
    expect(brief(events)).toEqual(['barrier.resolved:both@23']);
    expect(engine.stateAt('drop', 23)).toBe('finished');
    expect(engine.frameAt(22).w?.opacity).toBeUndefined();
    expect(engine.frameAt(28)).toEqual({ w: { opacity: 1, x: 100, y: 40 } });
  });

  it('resolves a barrier created after its members finished', () => {
    const engine = widgetEngine();
    const coord = new CoordinationEngine(engine);
    engine.startAnimationAt('slide', 0);
    coord.evaluate(50);
    coord.barrier('late', { members: ['slide'] });
    expect(brief(coord.evaluate(51))).toEqual(['barrier.resolved:late@51']);
  });

  it('chains a sequence: each step starts at the previous end plus its gap, with no jump in frames', () => {
    const engine = widgetEngine();
    const coord = new CoordinationEngine(engine);
    coord.sequence('s', { steps: [{ animation: 'fade' }, { animation: 'slide', gapTicks: 2 }], startAt: 1 });
    const events = coord.evaluate(100);
    expect(brief(events)).toEqual([
      'sequence.started:s@1',
      'sequence.step:s@1',
      'sequence.step:s@8',
      'sequence.completed:s@18',
    ]);
    expect(engine.frameAt(7)).toEqual({ w: { opacity: 1 } });
    expect(engine.frameAt(8)).toEqual({ w: { opacity: 1, x: 0 } });
    expect(engine.frameAt(13)).toEqual({ w: { opacity: 1, x: 50 } });
  });

  it('moves a chained sequence on when a step is stopped early, from its stop tick', () => {
    const engine = widgetEngine();
    const coord = new CoordinationEngine(engine);
    coord.sequence('s', { steps: [{ animation: 'drop' }, { animation: 'fade', gapTicks: 1 }], startAt: 0 });
    coord.evaluate(2);
    engine.stopAnimationAt('drop', 6);
    const events: CoordinationEvent[] = [];
    for (let t = 3; t <= 30; t++) events.push(...coord.evaluate(t));
    expect(brief(events)).toEqual(['sequence.step:s@7', 'sequence.completed:s@12']);
  });

  it('runs timeline actions due at skipped ticks once, so frames match a stepped loop', () => {
    const build = () => {
      const engine = widgetEngine();
      const coord = new CoordinationEngine(engine);
      let calls = 0;
      coord.timeline('tl', {
        startAt: 0,
        entries: [
          { at: 3, actions: [startAnimation('slide'), callAction(() => calls++)] },
          { at: 7, actions: [firePrimitive('t')] },
        ],
      });
      coord.trigger('t', { actions: [startAnimation('drop')] });
      return { engine, coord, calls: () => calls };
    };
    const stepped = build();
    for (let t = 0; t <= 30; t++) stepped.coord.evaluate(t);
    const jumped = build();
    jumped.coord.evaluate(30);
    for (let t = 0; t <= 30; t++) expect(jumped.engine.frameAt(t)).toEqual(stepped.engine.frameAt(t));
    expect(jumped.calls()).toBe(1);
    expect(stepped.calls()).toBe(1);
  });

  it('reports an action on a removed animation as an error and keeps going', () => {
    const engine = widgetEngine();
    const coord = new CoordinationEngine(engine);
    coord.trigger('t', { condition: () => true, actions: [startAnimation('fade'), startAnimation('slide')] });
    engine.removeAnimation('fade');
    const events = coord.evaluate(0);
    expect(events[1]).toMatchObject({ type: 'action.error', id: 't', tick: 0, action: 'start' });
    expect(engine.stateAt('slide', 0)).toBe('running');
  });

  it('predicts what happens up to a later tick without touching the live engines', () => {
    const engine = widgetEngine();
    const coord = new CoordinationEngine(engine);
    let calls = 0;
    coord.sequence('s', { steps: [{ animation: 'fade' }, { animation: 'slide', gapTicks: 2 }], startAt: 4 });
    coord.barrier('b', {
      members: ['fade', 'slide'],
      actions: [startAnimation('drop'), callAction(() => calls++)],
    });
    coord.evaluate(3);
    const liveState = JSON.stringify(coord.snapshot());
    const liveFrames = JSON.stringify(engine.snapshot());

    const predicted = coord.predict(TickAnimationEngine.restore(engine.snapshot()), 60);
    expect(JSON.stringify(coord.snapshot())).toBe(liveState);
    expect(JSON.stringify(engine.snapshot())).toBe(liveFrames);
    expect(calls).toBe(0);
    expect(coord.history.size).toBe(0);
    expect(() => coord.predict(engine, 60)).toThrow(/copy of the animation engine/);

    const lived: CoordinationEvent[] = [];
    for (let t = 4; t <= 60; t++) lived.push(...coord.evaluate(t));
    expect(predicted).toEqual(lived);
    expect(brief(predicted).at(-1)).toBe('barrier.resolved:b@21');
    expect(calls).toBe(1);
  });
});
