import { describe, expect, it } from 'vitest';
import {
  type Frame,
  type KeyframeAnimationDefinition,
  TickAnimationEngine,
} from '../../src/animation/index.js';

/** `frame[target][property]` at each tick in [from, to]. */
function series(engine: TickAnimationEngine, target: string, property: string, from: number, to: number) {
  return engine.predictFrames(from, to).map((f: Frame) => f[target]?.[property]);
}

function engineWith(def: Omit<KeyframeAnimationDefinition, 'id' | 'target'>, startAt = 0) {
  const engine = new TickAnimationEngine();
  engine.addAnimation({ id: 'a', target: 't', ...def } as KeyframeAnimationDefinition);
  engine.startAnimationAt('a', startAt);
  return engine;
}

const ramp = {
  x: [
    { at: 0, value: 0 },
    { at: 4, value: 100 },
  ],
};

describe('keyframe tracks', () => {
  it('interpolates linearly between keyframes by default and holds the end value', () => {
    expect(series(engineWith({ tracks: ramp }), 't', 'x', 0, 6)).toEqual([0, 25, 50, 75, 100, 100, 100]);
  });

  it('uses the easing of the keyframe a segment leads into', () => {
    const engine = engineWith({
      tracks: {
        x: [
          { at: 0, value: 0 },
          { at: 2, value: 4, easing: 'quadIn' },
          { at: 4, value: 8, easing: 'steps(2)' },
        ],
      },
    });
    expect(series(engine, 't', 'x', 0, 4)).toEqual([0, 1, 4, 6, 8]);
  });

  it('writes only the properties it animates, each track with its own length', () => {
    const engine = engineWith({
      tracks: {
        x: [
          { at: 0, value: 0 },
          { at: 2, value: 2 },
        ],
        y: [
          { at: 0, value: 10 },
          { at: 4, value: 14 },
        ],
      },
    });
    expect(engine.frameAt(1)).toEqual({ t: { x: 1, y: 11 } });
    expect(engine.frameAt(3)).toEqual({ t: { x: 2, y: 13 } });
    expect(Object.keys(engine.frameAt(3).t ?? {})).toEqual(['x', 'y']);
  });

  it('interpolates tuples per element and colours per channel, emitting #rrggbb', () => {
    const engine = engineWith({
      tracks: {
        pos: [
          { at: 0, value: [0, 10] },
          { at: 2, value: [20, 30] },
        ],
        colour: [
          { at: 0, value: '#000' },
          { at: 2, value: '#FF8000' },
        ],
      },
    });
    expect(engine.frameAt(1)).toEqual({ t: { colour: '#804000', pos: [10, 20] } });
    expect(engine.frameAt(2)).toEqual({ t: { colour: '#ff8000', pos: [20, 30] } });
  });

  it('clamps written values where the definition asks (overshooting easings included)', () => {
    const engine = engineWith({
      tracks: {
        fill: [
          { at: 0, value: 0 },
          { at: 10, value: 1, easing: 'backOut' },
        ],
      },
      clamp: { fill: { min: 0, max: 1 } },
    });
    const values = series(engine, 't', 'fill', 0, 10) as number[];
    expect(Math.max(...values)).toBe(1);
    expect(values[7]).toBe(1); // backOut overshoots here; clamped
  });

  it('merges animations writing one target, the later one winning a shared property', () => {
    const engine = new TickAnimationEngine();
    engine.addAnimation({
      id: 'first',
      target: 'box',
      tracks: { x: [{ at: 0, value: 1 }], y: [{ at: 0, value: 1 }] },
    });
    engine.addAnimation({
      id: 'second',
      target: 'box',
      tracks: { a: [{ at: 0, value: 2 }], x: [{ at: 0, value: 2 }] },
    });
    engine.startAnimationAt('second', 0);
    engine.startAnimationAt('first', 0);
    const frame = engine.frameAt(0);
    expect(frame).toEqual({ box: { a: 2, x: 2, y: 1 } });
    expect(Object.keys(frame.box ?? {})).toEqual(['a', 'x', 'y']);
  });

  it('emits targets in sorted order whatever the order of adding or starting', () => {
    const engine = new TickAnimationEngine();
    for (const target of ['zeta', 'alpha', 'mid']) {
      engine.addAnimation({ id: target, target, tracks: { v: [{ at: 0, value: 1 }] } });
    }
    engine.startAnimationAt('mid', 0);
    engine.startAnimationAt('zeta', 0);
    engine.startAnimationAt('alpha', 0);
    expect(Object.keys(engine.frameAt(0))).toEqual(['alpha', 'mid', 'zeta']);
  });
});

describe('timing: delay, repeat, direction, fill', () => {
  it('writes nothing before its start and during its delay', () => {
    const engine = engineWith({ tracks: ramp, delay: 2 }, 3);
    expect(series(engine, 't', 'x', 0, 10)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      0,
      25,
      50,
      75,
      100,
      100,
    ]);
  });

  it('repeats a count of extra iterations, restarting from the first keyframe', () => {
    const engine = engineWith({ tracks: ramp, repeat: 2 });
    expect(series(engine, 't', 'x', 0, 13)).toEqual([0, 25, 50, 75, 0, 25, 50, 75, 0, 25, 50, 75, 100, 100]);
    expect(engine.endTickOf('a')).toBe(12);
  });

  it('repeats forever with repeat: Infinity', () => {
    const engine = engineWith({ tracks: ramp, repeat: Number.POSITIVE_INFINITY });
    expect(series(engine, 't', 'x', 4000, 4004)).toEqual([0, 25, 50, 75, 0]);
    expect(engine.stateAt('a', 1_000_000)).toBe('running');
    expect(engine.endTickOf('a')).toBe(Number.POSITIVE_INFINITY);
  });

  it('plays last to first with direction reverse and holds the first keyframe at the end', () => {
    const engine = engineWith({ tracks: ramp, direction: 'reverse' });
    expect(series(engine, 't', 'x', 0, 5)).toEqual([100, 75, 50, 25, 0, 0]);
  });

  it('goes back and forth with direction alternate', () => {
    const engine = engineWith({ tracks: ramp, direction: 'alternate', repeat: 1 });
    expect(series(engine, 't', 'x', 0, 9)).toEqual([0, 25, 50, 75, 100, 75, 50, 25, 0, 0]);
    const odd = engineWith({ tracks: ramp, direction: 'alternate', repeat: 2 });
    expect(odd.frameAt(100)).toEqual({ t: { x: 100 } });
  });

  it('writes nothing after its end with fill none', () => {
    const engine = engineWith({ tracks: ramp, fill: 'none' });
    expect(series(engine, 't', 'x', 3, 5)).toEqual([75, undefined, undefined]);
    expect(engine.stateAt('a', 4)).toBe('finished');
  });
});

describe('named parameters', () => {
  it('lets keyframes, duration and speed refer to parameters with defaults', () => {
    const engine = engineWith({
      parameters: { top: 80, len: 8, rate: 2 },
      tracks: {
        x: [
          { at: 0, value: 0 },
          { at: 4, value: { param: 'top' } },
        ],
      },
      duration: { param: 'len' },
      speed: { param: 'rate' },
    });
    // 8 ticks of animation time at speed 2: 4 ticks; keyframe offsets scaled 4 -> 8.
    expect(series(engine, 't', 'x', 0, 5)).toEqual([0, 20, 40, 60, 80, 80]);
  });

  it('scales keyframe offsets to a fixed duration', () => {
    const engine = engineWith({ tracks: ramp, duration: 8 });
    expect(series(engine, 't', 'x', 0, 8)).toEqual([0, 12.5, 25, 37.5, 50, 62.5, 75, 87.5, 100]);
  });

  it('applies an updated keyframe parameter from its tick, over a transition if given', () => {
    const engine = engineWith({
      parameters: { top: 100 },
      tracks: { x: [{ at: 0, value: { param: 'top' } }] },
    });
    engine.updateAnimationParameter('a', 'top', 200, 3);
    engine.updateAnimationParameter('a', 'top', 0, 6, { ticks: 2 });
    expect(series(engine, 't', 'x', 0, 9)).toEqual([100, 100, 100, 200, 200, 200, 200, 100, 0, 0]);
  });

  it('keeps the position continuous when speed changes mid-run', () => {
    const engine = engineWith({
      parameters: { rate: 1 },
      tracks: {
        x: [
          { at: 0, value: 0 },
          { at: 8, value: 8 },
        ],
      },
      speed: { param: 'rate' },
    });
    engine.updateAnimationParameter('a', 'rate', 2, 2);
    expect(series(engine, 't', 'x', 0, 6)).toEqual([0, 1, 2, 4, 6, 8, 8]);
    expect(engine.endTickOf('a')).toBe(5);
  });

  it('keeps the progress when duration changes mid-run', () => {
    const engine = engineWith({ parameters: { len: 4 }, tracks: ramp, duration: { param: 'len' } });
    engine.updateAnimationParameter('a', 'len', 8, 2); // halfway at tick 2, stays halfway
    expect(series(engine, 't', 'x', 0, 7)).toEqual([0, 25, 50, 62.5, 75, 87.5, 100, 100]);
  });
});
