import { describe, expect, it } from 'vitest';
import { EasingRegistry, type EngineSnapshot, TickAnimationEngine } from '../../src/animation/index.js';

function viaJson(e: TickAnimationEngine): EngineSnapshot {
  return JSON.parse(JSON.stringify(e.snapshot())) as EngineSnapshot;
}

describe('snapshot and restore', () => {
  it('produces a JSON-safe snapshot (an infinite repeat included)', () => {
    const e = new TickAnimationEngine();
    e.addAnimation({
      id: 'spin',
      target: 't',
      repeat: Number.POSITIVE_INFINITY,
      tracks: {
        a: [
          { at: 0, value: 0 },
          { at: 9, value: 360 },
        ],
      },
    });
    e.startAnimationAt('spin', 2);
    const snap = e.snapshot();
    expect(viaJson(e)).toEqual(snap);
    expect(snap.animations[0]?.definition).toMatchObject({ repeat: 'Infinity' });
    const back = TickAnimationEngine.restore(snap);
    expect(back.getAnimation('spin')).toMatchObject({ repeat: Number.POSITIVE_INFINITY });
    expect(back.frameAt(1000)).toEqual(e.frameAt(1000));
  });

  it('restores the current tick, histories and dropped counts', () => {
    const e = new TickAnimationEngine({ maxCommandsPerAnimation: 2 });
    e.addAnimation({
      id: 'v',
      target: 't',
      follow: { property: 'x', initial: 0, transition: { ticks: 3, easing: 'sineOut' } },
    });
    for (let t = 0; t < 6; t++) {
      e.updateAnimationParameter('v', 'value', t * 7, t);
      e.advanceTick();
    }
    const back = TickAnimationEngine.restore(viaJson(e));
    expect(back.getCurrentTick()).toBe(6);
    expect(back.stats).toEqual(e.stats);
    for (let t = 0; t < 12; t++) expect(back.frameAt(t)).toEqual(e.frameAt(t));
  });

  it('restores custom easings registered by name', () => {
    const easings = new EasingRegistry().register('half', (t) => t / 2 + (t >= 1 ? 0.5 : 0));
    const e = new TickAnimationEngine({ easings });
    e.addAnimation({
      id: 'a',
      target: 't',
      tracks: {
        x: [
          { at: 0, value: 0 },
          { at: 2, value: 10, easing: 'half' },
        ],
      },
    });
    e.startAnimationAt('a', 0);
    const snap = viaJson(e);
    expect(() => TickAnimationEngine.restore(snap)).toThrow(/unknown easing 'half'/);
    expect(TickAnimationEngine.restore(snap, { easings }).frameAt(1)).toEqual({ t: { x: 2.5 } });
  });

  it('refuses to serialise an inline easing function, naming where it is', () => {
    const e = new TickAnimationEngine();
    e.addAnimation({
      id: 'a',
      target: 't',
      tracks: {
        x: [
          { at: 0, value: 0 },
          { at: 2, value: 1, easing: (t) => t },
        ],
      },
    });
    expect(() => e.snapshot()).toThrow(
      "snapshot: animation 'a' track 'x' keyframe 1 easing is an inline easing function; register it by name in an EasingRegistry",
    );
    const f = new TickAnimationEngine();
    f.addAnimation({ id: 'b', target: 't', follow: { property: 'x', initial: 0 } });
    f.updateAnimationParameter('b', 'value', 1, 3, { ticks: 2, easing: (t) => t });
    expect(() => f.snapshot()).toThrow(/animation 'b' update at tick 3 uses an inline easing function/);
  });

  it('rejects something that is not a snapshot', () => {
    expect(() => TickAnimationEngine.restore({ format: 'other' } as unknown as EngineSnapshot)).toThrow(
      /expected a snapshot with format 'tinydisplay.engine' version 1/,
    );
  });
});
