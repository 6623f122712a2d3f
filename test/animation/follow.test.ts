import { describe, expect, it } from 'vitest';
import { TickAnimationEngine } from '../../src/animation/index.js';

function bar(ticks = 4, easing = 'linear') {
  const e = new TickAnimationEngine();
  e.addAnimation({
    id: 'cpu',
    target: 'cpuBar',
    follow: { property: 'fill', initial: 0, transition: { ticks, easing } },
    clamp: { fill: { min: 0, max: 100 } },
  });
  return e;
}

const fills = (e: TickAnimationEngine, from: number, to: number) =>
  e.predictFrames(from, to).map((f) => f.cpuBar?.fill);

describe('value-following animations', () => {
  it('shows its initial value from the moment it is added, without a start', () => {
    const e = bar();
    expect(e.frameAt(0)).toEqual({ cpuBar: { fill: 0 } });
    expect(e.stateAt('cpu', 0)).toBe('finished');
    expect(e.endTickOf('cpu')).toBeUndefined();
  });

  it('moves to a new value over its transition', () => {
    const e = bar();
    e.updateAnimationParameter('cpu', 'value', 80, 2);
    expect(fills(e, 0, 7)).toEqual([0, 0, 0, 20, 40, 60, 80, 80]);
    expect(e.stateAt('cpu', 3)).toBe('running');
    expect(e.stateAt('cpu', 6)).toBe('finished');
    expect(e.endTickOf('cpu')).toBe(6);
  });

  it('retargets mid-transition from the value on screen at that tick: no jump', () => {
    const e = bar();
    e.updateAnimationParameter('cpu', 'value', 80, 0);
    e.updateAnimationParameter('cpu', 'value', 0, 2); // on screen at 2: 40
    expect(fills(e, 0, 7)).toEqual([0, 20, 40, 30, 20, 10, 0, 0]);
  });

  it('retargets from an eased value on screen too', () => {
    const e = bar(10, 'cubicOut');
    e.updateAnimationParameter('cpu', 'value', 100, 0);
    const shown = e.frameAt(3).cpuBar?.fill as number;
    e.updateAnimationParameter('cpu', 'value', 50, 3);
    expect(e.frameAt(3).cpuBar?.fill).toBeCloseTo(shown, 12);
    expect(e.frameAt(13).cpuBar?.fill).toBe(50);
  });

  it('takes a transition per update; ticks 0 jumps', () => {
    const e = bar();
    e.updateAnimationParameter('cpu', 'value', 50, 1, { ticks: 0 });
    e.updateAnimationParameter('cpu', 'value', 100, 3, { ticks: 2, easing: 'quadIn' });
    expect(fills(e, 0, 6)).toEqual([0, 50, 50, 50, 62.5, 100, 100]);
  });

  it('applies the last of several updates at one tick, each starting from the value on screen', () => {
    const e = bar();
    e.updateAnimationParameter('cpu', 'value', 40, 0);
    e.updateAnimationParameter('cpu', 'value', 80, 2);
    e.updateAnimationParameter('cpu', 'value', 20, 2);
    expect(fills(e, 2, 6)).toEqual([20, 20, 20, 20, 20]);
  });

  it('follows colours and tuples', () => {
    const e = new TickAnimationEngine();
    e.addAnimation({
      id: 'c',
      target: 'led',
      follow: { property: 'colour', initial: '#000000', transition: { ticks: 2 } },
    });
    e.addAnimation({
      id: 'p',
      target: 'dot',
      follow: { property: 'pos', initial: [0, 0], transition: { ticks: 2 } },
    });
    e.updateAnimationParameter('c', 'value', '#ffffff', 0);
    e.updateAnimationParameter('p', 'value', [10, -10], 0);
    expect(e.frameAt(1)).toEqual({ dot: { pos: [5, -5] }, led: { colour: '#808080' } });
  });

  it('freezes while paused and moves to the latest target when resumed', () => {
    const e = bar();
    e.updateAnimationParameter('cpu', 'value', 80, 0);
    e.pauseAnimationAt('cpu', 2); // shows 40
    e.updateAnimationParameter('cpu', 'value', 0, 4);
    e.resumeAnimationAt('cpu', 6);
    expect(fills(e, 0, 11)).toEqual([0, 20, 40, 40, 40, 40, 40, 30, 20, 10, 0, 0]);
    expect(e.stateAt('cpu', 5)).toBe('paused');
  });

  it('writes nothing once stopped, and again when started', () => {
    const e = bar();
    e.updateAnimationParameter('cpu', 'value', 10, 0, { ticks: 0 });
    e.stopAnimationAt('cpu', 2);
    e.startAnimationAt('cpu', 4);
    expect(fills(e, 1, 4)).toEqual([10, undefined, undefined, 10]);
  });

  it('retargets from the clamped value on screen when a transition overshoots', () => {
    const e = bar(10, 'backOut');
    e.updateAnimationParameter('cpu', 'value', 100, 0);
    expect(e.frameAt(7).cpuBar?.fill).toBe(100); // backOut overshoots past 100 here: clamped
    e.updateAnimationParameter('cpu', 'value', 0, 7, { ticks: 4 });
    expect(fills(e, 7, 11)).toEqual([100, 75, 50, 25, 0]);
  });

  it('clamps the written value', () => {
    const e = bar();
    e.updateAnimationParameter('cpu', 'value', 250, 0, { ticks: 0 });
    expect(e.frameAt(0)).toEqual({ cpuBar: { fill: 100 } });
  });

  it('rejects unknown parameters naming the valid ones, and values of the wrong type', () => {
    const e = bar();
    expect(() => e.updateAnimationParameter('cpu', 'level', 1, 0)).toThrow(
      "updateAnimationParameter('cpu'): unknown parameter 'level'; valid parameters: 'value'",
    );
    expect(() => e.updateAnimationParameter('cpu', 'value', '#fff', 0)).toThrow(
      /expected a number, received '#fff'/,
    );
    expect(() => e.updateAnimationParameter('cpu', 'value', Number.NaN, 0)).toThrow(
      /a finite number, received NaN/,
    );
    expect(() => e.updateAnimationParameter('cpu', 'value', 1, 0, { ticks: -1 })).toThrow(
      /transition must be/,
    );
    expect(() => e.updateAnimationParameter('cpu', 'value', 1, 0, { ticks: 1, easing: 'nope' })).toThrow(
      /unknown easing 'nope'; valid names/,
    );
    expect(() => e.updateAnimationParameter('gpu', 'value', 1, 0)).toThrow(/unknown animation 'gpu'/);
  });
});
