import { describe, expect, it } from 'vitest';
import { TickAnimationEngine } from '../../src/animation/index.js';
import { ramp } from '../fixtures/ramp.js';

function follow(max: number) {
  const e = new TickAnimationEngine({ maxCommandsPerAnimation: max });
  e.addAnimation({ id: 'v', target: 't', follow: { property: 'x', initial: 0 } });
  return e;
}

describe('bounded command history', () => {
  it('keeps at most maxCommandsPerAnimation commands and counts what it dropped', () => {
    const e = follow(4);
    for (let t = 1; t <= 10; t++) e.updateAnimationParameter('v', 'value', t * 10, t);
    expect(e.stats.droppedCommands).toBe(6);
    expect(e.snapshot().animations[0]?.commands).toHaveLength(4);
  });

  it('answers exactly for ticks from the oldest kept command on', () => {
    const e = follow(4);
    for (let t = 1; t <= 10; t++) e.updateAnimationParameter('v', 'value', t * 10, t);
    expect(e.predictFrames(7, 12).map((f) => f.t?.x)).toEqual([70, 80, 90, 100, 100, 100]);
  });

  it('answers a tick before the oldest kept command from the state the dropped commands left', () => {
    const e = follow(4);
    for (let t = 1; t <= 10; t++) e.updateAnimationParameter('v', 'value', t * 10, t);
    // Commands at ticks 1..6 were folded into the base: ticks before 7 show their end result (60).
    expect(e.frameAt(2)).toEqual({ t: { x: 60 } });
  });

  it('keeps a frame of the present exact however long the history', () => {
    const e = follow(8);
    e.addAnimation(ramp('k', 'k', 'y', 100, 0, 100));
    e.startAnimationAt('k', 0);
    for (let t = 0; t < 1000; t++) {
      e.updateAnimationParameter('v', 'value', t, t);
      e.pauseAnimationAt('k', t);
      e.resumeAnimationAt('k', t);
    }
    expect(e.frameAt(999)).toEqual({ k: { y: 100 }, t: { x: 999 } });
    expect(e.frameAt(50)).toEqual({ k: { y: 100 }, t: { x: 991 } }); // before the kept history: last dropped
  });
});
