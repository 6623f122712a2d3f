/**
 * Compiling an animation definition: the compiled shapes the engine runs on, and the entry point that
 * checks the top-level fields (id, target, one of tracks / follow, timing) and assembles the result.
 * The parts live beside it: `compile-context` (failure, easing, clamp, transition helpers),
 * `compile-params` (parameters, duration, speed), `compile-tracks` (keyframes), `compile-follow`.
 */
import {
  AnimationDefinitionError,
  compileContext,
  frozenCopy,
  isRecord,
  wholeTicks,
} from './compile-context.js';
import { compileFollow } from './compile-follow.js';
import { compileParams, resolveDuration, resolveSpeed } from './compile-params.js';
import { compileTracks } from './compile-tracks.js';
import type {
  AnimationDefinition,
  AnimationDirection,
  AnimationFill,
  FollowAnimationDefinition,
  KeyframeAnimationDefinition,
} from './definition.js';
import type { EasingRegistry, EasingSpec } from './easing/registry.js';
import type { EasingFn } from './easing/types.js';
import { type AnimatableValue, describe, type ValueKind } from './value.js';

export { AnimationDefinitionError, frozenCopy };

/** A named parameter after parsing. */
export interface CompiledParam {
  readonly name: string;
  readonly kind: ValueKind;
  readonly arity: number;
  readonly initial: Float64Array;
}

/** One property's keyframes in typed arrays, ready for the frame loop. */
export interface CompiledTrack {
  readonly property: string;
  readonly kind: ValueKind;
  readonly arity: number;
  readonly count: number;
  /** Keyframe offsets (unscaled ticks), non-decreasing. */
  readonly times: Float64Array;
  /** `count × arity` literal channels (unused where `refs[i] >= 0`). */
  readonly values: Float64Array;
  /** Parameter index per keyframe, or -1 for a literal value. */
  readonly refs: Int32Array;
  /** Easing of the segment into keyframe i (index 0 unused). */
  readonly easings: readonly EasingFn[];
  readonly min: number;
  readonly max: number;
}

/** An animation definition checked and compiled. */
export interface CompiledAnimation {
  readonly id: string;
  readonly target: string;
  readonly type: 'keyframes' | 'follow';
  readonly definition: AnimationDefinition;
  readonly params: readonly CompiledParam[];
  readonly paramIndex: ReadonlyMap<string, number>;
  /** Sorted by property name (frames list properties in that order). */
  readonly tracks: readonly CompiledTrack[];
  readonly delay: number;
  /** `1 + repeat`; may be `Infinity`. */
  readonly iterations: number;
  readonly direction: AnimationDirection;
  readonly fill: AnimationFill;
  /** Last keyframe offset over all tracks. */
  readonly natural: number;
  /** Fixed iteration length (ticks), used when `durationParam` is -1. */
  readonly duration: number;
  readonly durationParam: number;
  readonly speed: number;
  readonly speedParam: number;
  /** Default transition of updates (follow animations; keyframe parameters jump by default). */
  readonly transitionTicks: number;
  readonly transitionEasing: EasingFn;
  readonly transitionEasingSpec: EasingSpec;
  /** Where the definition holds an inline function (so it cannot be serialised), if anywhere. */
  readonly inlineFunctionAt: string | undefined;
}

const directions: readonly AnimationDirection[] = ['normal', 'reverse', 'alternate'];
const fills: readonly AnimationFill[] = ['hold', 'none'];

/** Check and compile `input`; every error names the animation id and the offending field and value. */
export function compileAnimation(input: unknown, easings: EasingRegistry): CompiledAnimation {
  if (!isRecord(input))
    throw new AnimationDefinitionError(
      `addAnimation: expected a definition object, received ${describe(input)}`,
    );
  const id = input.id;
  if (typeof id !== 'string' || id.length === 0) {
    throw new AnimationDefinitionError(
      `addAnimation: 'id' must be a non-empty string, received ${describe(id)}`,
    );
  }
  const cx = compileContext(input, id, easings);
  const { fail } = cx;
  if (typeof input.target !== 'string' || input.target.length === 0) {
    fail("'target'", `expected a non-empty string, received ${describe(input.target)}`);
  }
  if (input.target === '__proto__') fail("'target'", "'__proto__' cannot be a frame key");
  const hasTracks = 'tracks' in input;
  const hasFollow = 'follow' in input;
  if (hasTracks === hasFollow) {
    fail(
      'definition',
      "expected exactly one of 'tracks' (keyframe animation) or 'follow' (value-following animation)",
    );
  }
  if (hasFollow) return compileFollow(input as unknown as FollowAnimationDefinition, cx);

  const def = input as unknown as KeyframeAnimationDefinition;
  // Parameters first: keyframes, duration and speed refer to them.
  const table = compileParams(def, cx);
  const { tracks, natural } = compileTracks(def, table, cx);

  const delay = def.delay ?? 0;
  if (typeof delay !== 'number' || !wholeTicks(delay))
    fail("'delay'", `expected a whole number of ticks >= 0, received ${describe(delay)}`);
  const repeat = def.repeat ?? 0;
  if (typeof repeat !== 'number' || !(repeat === Number.POSITIVE_INFINITY || wholeTicks(repeat))) {
    fail("'repeat'", `expected a whole number >= 0 or Infinity, received ${describe(repeat)}`);
  }
  const direction = def.direction ?? 'normal';
  if (!directions.includes(direction))
    fail("'direction'", `expected one of ${directions.join(', ')}, received ${describe(direction)}`);
  const fill = def.fill ?? 'hold';
  if (!fills.includes(fill))
    fail("'fill'", `expected one of ${fills.join(', ')}, received ${describe(fill)}`);
  const duration = resolveDuration(def, table, natural, cx);
  const speed = resolveSpeed(def, table, cx);
  return {
    id,
    target: def.target,
    type: 'keyframes',
    definition: frozenCopy(def) as AnimationDefinition,
    params: table.params,
    paramIndex: table.paramIndex,
    tracks,
    delay,
    iterations: 1 + repeat,
    direction,
    fill,
    natural,
    duration: duration.value,
    durationParam: duration.param,
    speed: speed.value,
    speedParam: speed.param,
    transitionTicks: 0,
    transitionEasing: easings.resolve('linear'),
    transitionEasingSpec: 'linear',
    inlineFunctionAt: cx.inlineFunctionAt(),
  };
}

export type { AnimatableValue };
