import type {
  AnimationDefinition,
  AnimationDirection,
  AnimationFill,
  FollowAnimationDefinition,
  KeyframeAnimationDefinition,
  ParamRef,
  ValueClamp,
} from './definition.js';
import type { EasingRegistry, EasingSpec } from './easing/registry.js';
import type { EasingFn } from './easing/types.js';
import { type AnimatableValue, describe, kindName, parseValue, type ValueKind } from './value.js';

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

/** Thrown by `addAnimation` for an invalid definition; the message names the animation and the field. */
export class AnimationDefinitionError extends Error {
  override readonly name = 'AnimationDefinitionError';
}

const directions: readonly AnimationDirection[] = ['normal', 'reverse', 'alternate'];
const fills: readonly AnimationFill[] = ['hold', 'none'];

/**
 * A deep, frozen copy of plain data (functions kept as they are): the engine keeps the definition as
 * it was when added, so a caller changing its object later changes neither frames nor snapshots.
 */
export function frozenCopy(v: unknown): unknown {
  if (Array.isArray(v)) return Object.freeze(v.map(frozenCopy));
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = frozenCopy(x);
    return Object.freeze(out);
  }
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isParamRef(v: unknown): v is ParamRef {
  return isRecord(v) && typeof v.param === 'string' && Object.keys(v).length === 1;
}

function wholeTicks(v: number): boolean {
  return Number.isInteger(v) && v >= 0;
}

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
  const fail = (where: string, message: string): never => {
    throw new AnimationDefinitionError(`addAnimation('${id}'): ${where}: ${message}`);
  };
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
  let inlineFunctionAt: string | undefined;
  const easing = (spec: unknown, where: string): EasingFn => {
    if (typeof spec === 'function' && inlineFunctionAt === undefined) inlineFunctionAt = where;
    try {
      return easings.resolve(spec as EasingSpec);
    } catch (error) {
      return fail(where, error instanceof Error ? error.message : String(error));
    }
  };
  const clampOf = (property: string): { min: number; max: number } => {
    const all = input.clamp;
    if (all === undefined) return { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };
    if (!isRecord(all))
      return fail("'clamp'", `expected an object of { min?, max? } per property, received ${describe(all)}`);
    const c = all[property] as ValueClamp | undefined;
    if (c === undefined) return { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };
    const min = c.min ?? Number.NEGATIVE_INFINITY;
    const max = c.max ?? Number.POSITIVE_INFINITY;
    if (
      typeof min !== 'number' ||
      typeof max !== 'number' ||
      Number.isNaN(min) ||
      Number.isNaN(max) ||
      min > max
    ) {
      fail(`clamp '${property}'`, `expected numbers with min <= max, received ${describe(c)}`);
    }
    return { min, max };
  };
  const checkClampNames = (written: readonly string[]): void => {
    const all = input.clamp;
    if (!isRecord(all)) return;
    for (const key of Object.keys(all)) {
      if (!written.includes(key)) {
        fail(
          `clamp '${key}'`,
          `not a property this animation writes (it writes ${written.map((w) => `'${w}'`).join(', ')})`,
        );
      }
    }
  };
  const transitionOf = (t: unknown, where: string): { ticks: number; easing: EasingFn; spec: EasingSpec } => {
    if (t === undefined) return { ticks: 0, easing: easings.resolve('linear'), spec: 'linear' };
    if (!isRecord(t) || typeof t.ticks !== 'number' || !wholeTicks(t.ticks)) {
      return fail(where, `expected { ticks: whole number >= 0, easing? }, received ${describe(t)}`);
    }
    const spec = (t.easing ?? 'linear') as EasingSpec;
    return { ticks: t.ticks, easing: easing(spec, `${where}.easing`), spec };
  };

  if (hasFollow)
    return compileFollow(
      input as unknown as FollowAnimationDefinition,
      id,
      fail,
      clampOf,
      checkClampNames,
      transitionOf,
      () => inlineFunctionAt,
    );

  const def = input as unknown as KeyframeAnimationDefinition;
  // Parameters first: keyframes, duration and speed refer to them.
  const params: CompiledParam[] = [];
  const paramIndex = new Map<string, number>();
  if (def.parameters !== undefined) {
    if (!isRecord(def.parameters))
      fail("'parameters'", `expected an object of name -> value, received ${describe(def.parameters)}`);
    for (const [name, raw] of Object.entries(def.parameters)) {
      const parsed = parseValue(raw);
      if (typeof parsed === 'string') fail(`parameter '${name}'`, `expected ${parsed}`);
      const p = parsed as Exclude<typeof parsed, string>;
      paramIndex.set(name, params.length);
      params.push({ name, kind: p.kind, arity: p.channels.length, initial: p.channels });
    }
  }
  const validParams = () => (params.length ? params.map((p) => `'${p.name}'`).join(', ') : '(none declared)');
  const numericParam = (ref: ParamRef, where: string): number => {
    const idx = paramIndex.get(ref.param);
    if (idx === undefined)
      return fail(where, `unknown parameter '${ref.param}'; declared parameters: ${validParams()}`);
    if (params[idx]?.kind !== 'number') fail(where, `parameter '${ref.param}' must be a number`);
    return idx;
  };

  if (!isRecord(def.tracks) || Object.keys(def.tracks).length === 0) {
    fail(
      "'tracks'",
      `expected an object of property -> keyframes with at least one track, received ${describe(def.tracks)}`,
    );
  }
  const tracks: CompiledTrack[] = [];
  let natural = 0;
  for (const property of Object.keys(def.tracks).sort()) {
    const frames = def.tracks[property];
    const where = `track '${property}'`;
    if (property === '__proto__') fail(where, "'__proto__' cannot be a frame key");
    if (!Array.isArray(frames) || frames.length === 0) {
      fail(where, `expected a non-empty array of keyframes, received ${describe(frames)}`);
    }
    const list = frames as readonly unknown[];
    const count = list.length;
    const times = new Float64Array(count);
    const refs = new Int32Array(count).fill(-1);
    const trackEasings: EasingFn[] = [];
    let kind: ValueKind | undefined;
    let arity = 0;
    let values = new Float64Array(0);
    for (let i = 0; i < count; i++) {
      const kf = list[i];
      const kwhere = `${where} keyframe ${i}`;
      if (!isRecord(kf)) return fail(kwhere, `expected { at, value, easing? }, received ${describe(kf)}`);
      const at = kf.at;
      if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) {
        fail(kwhere, `'at' must be a finite number of ticks >= 0, received ${describe(at)}`);
      }
      const atN = at as number;
      if (i > 0 && atN < (times[i - 1] as number)) {
        fail(
          kwhere,
          `'at' ${atN} is before the previous keyframe's ${times[i - 1]} (keyframes must be in tick order)`,
        );
      }
      times[i] = atN;
      let vKind: ValueKind;
      let vArity: number;
      let channels: Float64Array | undefined;
      if (isParamRef(kf.value)) {
        const idx = paramIndex.get(kf.value.param);
        if (idx === undefined)
          return fail(kwhere, `unknown parameter '${kf.value.param}'; declared parameters: ${validParams()}`);
        const p = params[idx] as CompiledParam;
        refs[i] = idx;
        vKind = p.kind;
        vArity = p.arity;
      } else {
        const parsed = parseValue(kf.value);
        if (typeof parsed === 'string') return fail(kwhere, `'value' expected ${parsed}`);
        vKind = parsed.kind;
        vArity = parsed.channels.length;
        channels = parsed.channels;
      }
      if (kind === undefined) {
        kind = vKind;
        arity = vArity;
        values = new Float64Array(count * arity);
      } else if (kind !== vKind || arity !== vArity) {
        fail(
          kwhere,
          `mixed value types in one track: ${kindName(vKind, vArity)} ${describe(kf.value)} after ${kindName(kind, arity)}`,
        );
      }
      if (channels) values.set(channels, i * arity);
      trackEasings.push(
        i === 0 && kf.easing === undefined
          ? easings.resolve('linear')
          : easing(kf.easing ?? 'linear', `${kwhere} easing`),
      );
    }
    natural = Math.max(natural, times[count - 1] as number);
    const { min, max } = clampOf(property);
    tracks.push({
      property,
      kind: kind as ValueKind,
      arity,
      count,
      times,
      values,
      refs,
      easings: trackEasings,
      min,
      max,
    });
  }

  checkClampNames(tracks.map((t) => t.property));

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

  let duration = natural;
  let durationParam = -1;
  if (def.duration !== undefined) {
    if (isParamRef(def.duration)) {
      durationParam = numericParam(def.duration, "'duration'");
      const v = params[durationParam]?.initial[0] as number;
      if (!(v > 0))
        fail("'duration'", `parameter '${def.duration.param}' default must be > 0 ticks, received ${v}`);
    } else if (typeof def.duration !== 'number' || !Number.isFinite(def.duration) || def.duration <= 0) {
      fail("'duration'", `expected a number of ticks > 0 or { param }, received ${describe(def.duration)}`);
    } else {
      duration = def.duration;
    }
  }
  let speed = 1;
  let speedParam = -1;
  if (def.speed !== undefined) {
    if (isParamRef(def.speed)) {
      speedParam = numericParam(def.speed, "'speed'");
      const v = params[speedParam]?.initial[0] as number;
      if (!(v > 0)) fail("'speed'", `parameter '${def.speed.param}' default must be > 0, received ${v}`);
    } else if (typeof def.speed !== 'number' || !Number.isFinite(def.speed) || def.speed <= 0) {
      fail("'speed'", `expected a number > 0 or { param }, received ${describe(def.speed)}`);
    } else {
      speed = def.speed;
    }
  }
  const linear = easings.resolve('linear');
  return {
    id,
    target: def.target,
    type: 'keyframes',
    definition: frozenCopy(def) as AnimationDefinition,
    params,
    paramIndex,
    tracks,
    delay,
    iterations: 1 + repeat,
    direction,
    fill,
    natural,
    duration,
    durationParam,
    speed,
    speedParam,
    transitionTicks: 0,
    transitionEasing: linear,
    transitionEasingSpec: 'linear',
    inlineFunctionAt,
  };
}

function compileFollow(
  def: FollowAnimationDefinition,
  id: string,
  fail: (where: string, message: string) => never,
  clampOf: (property: string) => { min: number; max: number },
  checkClampNames: (written: readonly string[]) => void,
  transitionOf: (t: unknown, where: string) => { ticks: number; easing: EasingFn; spec: EasingSpec },
  inlineAt: () => string | undefined,
): CompiledAnimation {
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
  const t = transitionOf(f.transition, "'follow.transition'");
  const { min, max } = clampOf(property);
  checkClampNames([property]);
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
    id,
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
    inlineFunctionAt: inlineAt(),
  };
}

export type { AnimatableValue };
