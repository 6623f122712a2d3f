/**
 * Value-following animations: one property, one parameter (`'value'`) and a default transition; no
 * keyframes, timing or repeat. Separate because it shares only the context with keyframe compiling.
 */
import type { CompiledAnimation, CompiledTrack } from './compile.js';
import { type CompileContext, frozenCopy, isRecord } from './compile-context.js';
import type { AnimationDefinition, FollowAnimationDefinition } from './definition.js';
import { describe, parseValue } from './value.js';

/** Check and compile a definition that has `follow`. */
export function compileFollow(def: FollowAnimationDefinition, cx: CompileContext): CompiledAnimation {
  const { fail } = cx;
  const f = def.follow as unknown;
  if (!isRecord(f))
    return fail("'follow'", `expected { property, initial, transition? }, received ${describe(f)}`);
  if (typeof f.property !== 'string' || f.property.length === 0) {
    fail("'follow.property'", `expected a non-empty string, received ${describe(f.property)}`);
  }
  const property = f.property as string;
  if (property === '__proto__') fail("'follow.property'", "'__proto__' cannot be a frame key");
  const parsed = parseValue(f.initial);
  if (typeof parsed === 'string') return fail("'follow.initial'", `expected ${parsed}`);
  const t = cx.transitionOf(f.transition, "'follow.transition'");
  const { min, max } = cx.clampOf(property);
  cx.checkClampNames([property]);
  const arity = parsed.channels.length;
  const track: CompiledTrack = {
    property,
    kind: parsed.kind,
    arity,
    count: 1,
    times: new Float64Array(1),
    values: new Float64Array(arity),
    refs: Int32Array.of(0),
    easings: [t.easing],
    min,
    max,
  };
  const params = [{ name: 'value', kind: parsed.kind, arity, initial: parsed.channels }];
  return {
    id: cx.id,
    target: def.target,
    type: 'follow',
    definition: frozenCopy(def) as AnimationDefinition,
    params,
    paramIndex: new Map([['value', 0]]),
    tracks: [track],
    delay: 0,
    iterations: 1,
    direction: 'normal',
    fill: 'hold',
    natural: 0,
    duration: 0,
    durationParam: -1,
    speed: 1,
    speedParam: -1,
    transitionTicks: t.ticks,
    transitionEasing: t.easing,
    transitionEasingSpec: t.spec,
    inlineFunctionAt: cx.inlineFunctionAt(),
  };
}
