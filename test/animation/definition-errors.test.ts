import { describe, expect, it } from 'vitest';
import {
  type AnimationDefinition,
  AnimationDefinitionError,
  TickAnimationEngine,
} from '../../src/animation/index.js';

function add(def: unknown): () => void {
  return () => new TickAnimationEngine().addAnimation(def as AnimationDefinition);
}

const x = (frames: unknown[]) => ({ id: 'spin', target: 't', tracks: { angle: frames } });

describe('addAnimation rejects invalid definitions, naming the animation, the field and the value', () => {
  it.each([
    [
      'an unknown easing',
      x([
        { at: 0, value: 0 },
        { at: 5, value: 1, easing: 'wobble' },
      ]),
      /addAnimation\('spin'\): track 'angle' keyframe 1 easing: unknown easing 'wobble'; valid names: linear, quadIn/,
    ],
    [
      'keyframes out of order',
      x([
        { at: 10, value: 0 },
        { at: 5, value: 1 },
      ]),
      /addAnimation\('spin'\): track 'angle' keyframe 1: 'at' 5 is before the previous keyframe's 10/,
    ],
    [
      'mixed types in a track',
      x([
        { at: 0, value: 0 },
        { at: 5, value: '#fff' },
      ]),
      /addAnimation\('spin'\): track 'angle' keyframe 1: mixed value types in one track: colour '#fff' after number/,
    ],
    [
      'tuples of different length',
      x([
        { at: 0, value: [0, 0] },
        { at: 5, value: [1, 1, 1] },
      ]),
      /mixed value types in one track: tuple of 3 \[1,1,1\] after tuple of 2/,
    ],
    [
      'a negative keyframe offset',
      x([{ at: -1, value: 0 }]),
      /keyframe 0: 'at' must be a finite number of ticks >= 0, received -1/,
    ],
    [
      'a bad value',
      x([{ at: 0, value: 'red' }]),
      /keyframe 0: 'value' expected a colour '#rrggbb' or '#rgb', received 'red'/,
    ],
    ['an empty track', x([]), /track 'angle': expected a non-empty array of keyframes, received \[\]/],
    [
      'a negative duration',
      { ...x([{ at: 0, value: 0 }]), duration: -5 },
      /addAnimation\('spin'\): 'duration': expected a number of ticks > 0 or \{ param \}, received -5/,
    ],
    [
      'a fractional delay',
      { ...x([{ at: 0, value: 0 }]), delay: 1.5 },
      /'delay': expected a whole number of ticks >= 0, received 1.5/,
    ],
    [
      'a bad repeat',
      { ...x([{ at: 0, value: 0 }]), repeat: -1 },
      /'repeat': expected a whole number >= 0 or Infinity, received -1/,
    ],
    [
      'a bad direction',
      { ...x([{ at: 0, value: 0 }]), direction: 'sideways' },
      /'direction': expected one of normal, reverse, alternate, received 'sideways'/,
    ],
    [
      'a bad fill',
      { ...x([{ at: 0, value: 0 }]), fill: 'forwards' },
      /'fill': expected one of hold, none, received 'forwards'/,
    ],
    [
      'a zero speed',
      { ...x([{ at: 0, value: 0 }]), speed: 0 },
      /'speed': expected a number > 0 or \{ param \}, received 0/,
    ],
    [
      'an unknown parameter',
      x([{ at: 0, value: { param: 'top' } }]),
      /keyframe 0: unknown parameter 'top'; declared parameters: \(none declared\)/,
    ],
    [
      'a non-numeric speed parameter',
      { ...x([{ at: 0, value: 0 }]), parameters: { c: '#fff' }, speed: { param: 'c' } },
      /'speed': parameter 'c' must be a number/,
    ],
    [
      'a missing target',
      { id: 'spin', tracks: { a: [{ at: 0, value: 0 }] } },
      /addAnimation\('spin'\): 'target': expected a non-empty string, received undefined/,
    ],
    [
      'both tracks and follow',
      { ...x([{ at: 0, value: 0 }]), follow: { property: 'p', initial: 0 } },
      /expected exactly one of 'tracks'/,
    ],
    [
      'a bad follow initial value',
      { id: 'spin', target: 't', follow: { property: 'p', initial: 'high' } },
      /'follow.initial': expected a colour/,
    ],
    [
      'a bad follow transition',
      { id: 'spin', target: 't', follow: { property: 'p', initial: 0, transition: { ticks: 2.5 } } },
      /'follow.transition': expected \{ ticks: whole number >= 0, easing\? \}, received \{"ticks":2.5\}/,
    ],
    [
      'a clamp for a property it does not write',
      { ...x([{ at: 0, value: 0 }]), clamp: { angel: { max: 1 } } },
      /addAnimation\('spin'\): clamp 'angel': not a property this animation writes \(it writes 'angle'\)/,
    ],
    [
      'a clamp with min > max',
      { ...x([{ at: 0, value: 0 }]), clamp: { angle: { min: 2, max: 1 } } },
      /clamp 'angle': expected numbers with min <= max, received \{"min":2,"max":1\}/,
    ],
    [
      'a target that cannot be a frame key',
      { id: 'spin', target: '__proto__', tracks: { a: [{ at: 0, value: 0 }] } },
      /addAnimation\('spin'\): 'target': '__proto__' cannot be a frame key/,
    ],
    [
      'a property that cannot be a frame key',
      JSON.parse('{"id":"spin","target":"t","tracks":{"__proto__":[{"at":0,"value":0}]}}'),
      /addAnimation\('spin'\): track '__proto__': '__proto__' cannot be a frame key/,
    ],
    [
      'a missing id',
      { target: 't', tracks: {} },
      /addAnimation: 'id' must be a non-empty string, received undefined/,
    ],
  ])('%s', (_, def, message) => {
    expect(add(def)).toThrow(AnimationDefinitionError);
    expect(add(def)).toThrow(message);
  });

  it('a duplicate id', () => {
    const e = new TickAnimationEngine();
    e.addAnimation(x([{ at: 0, value: 0 }]) as AnimationDefinition);
    expect(() => e.addAnimation(x([{ at: 0, value: 1 }]) as AnimationDefinition)).toThrow(
      "addAnimation('spin'): 'id': an animation with this id already exists",
    );
  });

  it('rejects ticks that are not integers and engine options out of range', () => {
    const e = new TickAnimationEngine();
    e.addAnimation(x([{ at: 0, value: 0 }]) as AnimationDefinition);
    expect(() => e.startAnimationAt('spin', 1.5)).toThrow(
      'startAnimationAt: tick must be an integer, received 1.5',
    );
    expect(() => e.frameAt(Number.NaN)).toThrow(/frameAt: tick must be an integer/);
    expect(() => e.predictFrames(5, 1)).toThrow(/toTick 1 is before fromTick 5/);
    expect(() => new TickAnimationEngine({ maxPredictedFrames: 10 }).predictFrames(0, 10)).toThrow(
      /11 frames asked/,
    );
    expect(() => new TickAnimationEngine({ maxCommandsPerAnimation: 0 })).toThrow(
      "TickAnimationEngine: option 'maxCommandsPerAnimation' must be a whole number >= 1, received 0",
    );
  });

  it('rejects a speed or duration parameter update that is not > 0', () => {
    const e = new TickAnimationEngine();
    e.addAnimation({
      ...x([{ at: 0, value: 0 }]),
      parameters: { rate: 1 },
      speed: { param: 'rate' },
    } as AnimationDefinition);
    expect(() => e.updateAnimationParameter('spin', 'rate', 0, 0)).toThrow(
      "updateAnimationParameter('spin', 'rate'): expected a number > 0, received 0",
    );
  });
});
