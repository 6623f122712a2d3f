import { describe, expect, it } from 'vitest';
import { TickAnimationEngine } from '../../src/animation/index.js';
import type { AnimationHost } from '../../src/coordination/host.js';
import { ramp } from '../fixtures/ramp.js';

function engine() {
  const e = new TickAnimationEngine();
  e.addAnimation({ ...ramp('a', 't', 'x', 4, 0, 40), delay: 1 });
  return e;
}

describe('lifecycle and state', () => {
  it('goes defined -> scheduled -> running -> finished', () => {
    const e = engine();
    expect(e.stateAt('a', 0)).toBe('defined');
    expect(e.endTickOf('a')).toBeUndefined();
    e.startAnimationAt('a', 5);
    expect(e.stateAt('a', 0)).toBe('scheduled'); // a start is set for a later tick
    expect(e.stateAt('a', 5)).toBe('scheduled'); // in its delay
    expect(e.stateAt('a', 6)).toBe('running');
    expect(e.stateAt('a', 9)).toBe('running');
    expect(e.stateAt('a', 10)).toBe('finished');
    expect(e.endTickOf('a')).toBe(10);
  });

  it('writes nothing from the tick it is stopped, and reports the stop tick as its end', () => {
    const e = engine();
    e.startAnimationAt('a', 0);
    e.stopAnimationAt('a', 3);
    expect(e.frameAt(2)).toEqual({ t: { x: 10 } });
    expect(e.frameAt(3)).toEqual({});
    expect(e.stateAt('a', 3)).toBe('stopped');
    expect(e.endTickOf('a')).toBe(3);
  });

  it('restarts from the first keyframe when started again', () => {
    const e = engine();
    e.startAnimationAt('a', 0);
    e.startAnimationAt('a', 3);
    expect(e.frameAt(4)).toEqual({ t: { x: 0 } });
    expect(e.frameAt(5)).toEqual({ t: { x: 10 } });
    expect(e.endTickOf('a')).toBe(8);
  });

  it('holds the paused frame and continues from it when resumed', () => {
    const e = engine();
    e.startAnimationAt('a', 0); // delay 1: x = 0 at tick 1, 10 at tick 2
    e.pauseAnimationAt('a', 3);
    expect(e.endTickOf('a')).toBeUndefined(); // paused: end unknown
    e.resumeAnimationAt('a', 10);
    const xs = e.predictFrames(2, 13).map((f) => f.t?.x);
    expect(xs).toEqual([10, 20, 20, 20, 20, 20, 20, 20, 20, 30, 40, 40]);
    expect(e.stateAt('a', 5)).toBe('paused');
    expect(e.stateAt('a', 11)).toBe('running');
    expect(e.endTickOf('a')).toBe(12);
  });

  it('ignores pause when not playing and resume when not paused', () => {
    const e = engine();
    e.pauseAnimationAt('a', 0);
    e.resumeAnimationAt('a', 1);
    expect(e.stateAt('a', 2)).toBe('defined');
    e.startAnimationAt('a', 2);
    e.resumeAnimationAt('a', 3);
    expect(e.frameAt(4)).toEqual({ t: { x: 10 } });
  });

  it('advances its current tick one at a time', () => {
    const e = new TickAnimationEngine({ startTick: 7 });
    expect(e.getCurrentTick()).toBe(7);
    expect(e.advanceTick()).toBe(8);
    expect(e.getCurrentTick()).toBe(8);
  });

  it('applies commands given in any order by their tick', () => {
    const inOrder = engine();
    inOrder.startAnimationAt('a', 0);
    inOrder.pauseAnimationAt('a', 2);
    inOrder.resumeAnimationAt('a', 4);
    const shuffled = engine();
    shuffled.resumeAnimationAt('a', 4);
    shuffled.startAnimationAt('a', 0);
    shuffled.pauseAnimationAt('a', 2);
    expect(shuffled.predictFrames(0, 10)).toEqual(inOrder.predictFrames(0, 10));
  });

  it('predicts frames without changing live state', () => {
    const e = engine();
    e.startAnimationAt('a', 0);
    const before = JSON.stringify(e.snapshot());
    e.predictFrames(0, 100);
    expect(JSON.stringify(e.snapshot())).toBe(before);
    expect(e.getCurrentTick()).toBe(0);
  });

  it('satisfies the AnimationHost contract of the coordination layer', () => {
    const host: AnimationHost = engine();
    expect(host.hasAnimation('a')).toBe(true);
    expect(host.hasAnimation('b')).toBe(false);
    host.startAnimationAt('a', 0);
    expect(host.stateAt('a', 6)).toBe('finished');
    expect(() => host.startAnimationAt('b', 0)).toThrow(/unknown animation 'b'/);
    expect(() => host.stopAnimationAt('b', 0)).toThrow(/unknown animation 'b'/);
  });

  it('forgets a removed animation', () => {
    const e = engine();
    e.startAnimationAt('a', 0);
    expect(e.removeAnimation('a')).toBe(true);
    expect(e.removeAnimation('a')).toBe(false);
    expect(e.getAnimation('a')).toBeUndefined();
    expect(e.frameAt(3)).toEqual({});
    expect(e.stats).toMatchObject({ animations: 0, listed: 0 });
  });

  it('returns the definition as it was added, unaffected by later changes to the caller object', () => {
    const e = new TickAnimationEngine();
    const frames = [{ at: 0, value: 1 }];
    const def = { id: 'a', target: 't', tracks: { x: frames } };
    e.addAnimation(def);
    frames.push({ at: 5, value: 9 });
    expect(e.getAnimation('a')).toEqual({ id: 'a', target: 't', tracks: { x: [{ at: 0, value: 1 }] } });
    expect(Object.isFrozen(e.getAnimation('a'))).toBe(true);
    expect(e.animationIds()).toEqual(['a']);
    const pos = [1, 2];
    e.addAnimation({ id: 'p', target: 'p', follow: { property: 'pos', initial: [0, 0] } });
    e.updateAnimationParameter('p', 'value', pos, 0);
    pos[0] = 100;
    expect(e.snapshot().animations[1]?.commands[0]).toMatchObject({ value: [1, 2] });
  });
});

describe('cost follows the animations that were started', () => {
  it('never evaluates an animation that was never started', () => {
    const e = new TickAnimationEngine();
    let calls = 0;
    const counting = (t: number) => {
      calls++;
      return t;
    };
    for (let i = 0; i < 50; i++) {
      e.addAnimation(ramp(`idle${i}`, `t${i}`, 'x', 10, 0, 1, counting));
    }
    e.addAnimation(ramp('live', 'live', 'x', 10, 0, 1, counting));
    e.startAnimationAt('live', 0);
    e.frameAt(5);
    expect(calls).toBe(1);
    expect(e.stats).toEqual({
      animations: 51,
      listed: 1,
      retired: 0,
      droppedCommands: 0,
      evaluationErrors: 0,
    });
  });

  it('stops visiting animations that write nothing any more, and brings them back when needed', () => {
    const e = new TickAnimationEngine();
    let calls = 0;
    const counting = (t: number) => {
      calls++;
      return t;
    };
    e.addAnimation({ ...ramp('once', 'a', 'x', 4, 0, 4, counting), fill: 'none' });
    e.addAnimation(ramp('cut', 'b', 'x', 40, 0, 40, counting));
    e.startAnimationAt('once', 0);
    e.startAnimationAt('cut', 0);
    e.stopAnimationAt('cut', 2);
    expect(e.frameAt(10)).toEqual({});
    expect(e.stats).toMatchObject({ listed: 0, retired: 2 });
    calls = 0;
    e.frameAt(11);
    expect(calls).toBe(0);
    // An earlier tick still answers exactly.
    expect(e.frameAt(1)).toEqual({ a: { x: 1 }, b: { x: 1 } });
    expect(e.frameAt(12)).toEqual({});
    // A new command brings one back.
    e.startAnimationAt('cut', 20);
    expect(e.frameAt(21)).toEqual({ b: { x: 1 } });
    expect(e.stats).toMatchObject({ listed: 1, retired: 1 });
  });
});
