/**
 * The playback state of one animation as a fold over its commands. `frameAt(tick)` folds the commands
 * at ticks <= tick from a base state; nothing here reads a clock or mutates a state it was given.
 */
import type { CompiledAnimation } from './compile.js';
import type { EasingSpec } from './easing/registry.js';
import type { EasingFn } from './easing/types.js';
import { lerpInto } from './value.js';

/**
 * `defined`: never started (a follow animation starts in `playing`); `playing`: started, position
 * advancing (scheduled, running or finished is derived from the position); `paused`: position frozen;
 * `stopped`: writes nothing.
 */
export type RunPhase = 'defined' | 'playing' | 'paused' | 'stopped';

/** A parameter's value over time: `from` at `start`, eased to `to` over `ticks`. */
export interface ParamState {
  readonly from: Float64Array;
  readonly to: Float64Array;
  /** Tick the transition started; `-Infinity` for the default value. */
  readonly start: number;
  readonly ticks: number;
  readonly easing: EasingFn;
  readonly easingSpec: EasingSpec;
}

export interface RunState {
  readonly phase: RunPhase;
  /** Position (ticks of animation time; negative while in the delay) at `anchorTick`. */
  readonly anchorPos: number;
  readonly anchorTick: number;
  /** Playback rate at and after `anchorTick`. */
  readonly speed: number;
  /** Length of one iteration, in ticks of animation time. */
  readonly iterLen: number;
  /** Tick of the stop command, when `phase` is `stopped`. */
  readonly stopTick: number;
  /** Follow animations: the value frozen by a pause. */
  readonly pausedValue: Float64Array | undefined;
  readonly params: readonly ParamState[];
  /** `finishTick` of this state, computed once (frames ask for it every tick). */
  readonly finish: number;
}

export type Command =
  | { readonly kind: 'start' | 'stop' | 'pause' | 'resume'; readonly tick: number }
  | {
      readonly kind: 'param';
      readonly tick: number;
      readonly index: number;
      readonly value: Float64Array;
      /** As given, for serialisation. */
      readonly raw: unknown;
      readonly ticks: number;
      readonly easing: EasingFn;
      readonly easingSpec: EasingSpec;
    };

/** The state before any command. */
export function initialState(def: CompiledAnimation): RunState {
  const params = def.params.map(
    (p): ParamState => ({
      from: p.initial,
      to: p.initial,
      start: Number.NEGATIVE_INFINITY,
      ticks: 0,
      easing: def.transitionEasing,
      easingSpec: def.transitionEasingSpec,
    }),
  );
  const speed = def.speedParam >= 0 ? ((params[def.speedParam]?.to[0] as number) ?? 1) : def.speed;
  const iterLen = def.durationParam >= 0 ? (params[def.durationParam]?.to[0] as number) : def.duration;
  return withFinish(def, {
    phase: def.type === 'follow' ? 'playing' : 'defined',
    anchorPos: 0,
    anchorTick: 0,
    speed,
    iterLen,
    stopTick: 0,
    pausedValue: undefined,
    params,
    finish: 0,
  });
}

/** Position at `tick` (ticks of animation time; negative during the delay, which runs at speed 1). */
export function positionAt(s: RunState, tick: number): number {
  if (s.phase !== 'playing') return s.anchorPos;
  let pos = s.anchorPos;
  let dt = tick - s.anchorTick;
  if (dt <= 0) return pos;
  if (pos < 0) {
    const d = Math.min(dt, -pos);
    pos += d;
    dt -= d;
  }
  return pos + dt * s.speed;
}

/** Channels of parameter `p` at `tick` into `out` (length >= arity). */
export function paramValueInto(p: ParamState, tick: number, out: Float64Array, arity: number): void {
  const elapsed = tick - p.start;
  if (p.ticks <= 0 || elapsed >= p.ticks) {
    for (let i = 0; i < arity; i++) out[i] = p.to[i] as number;
  } else if (elapsed <= 0) {
    for (let i = 0; i < arity; i++) out[i] = p.from[i] as number;
  } else {
    const e = p.easing(elapsed / p.ticks);
    // Only a custom easing can return this; the engine counts it and leaves the animation out.
    if (!Number.isFinite(e)) {
      throw new RangeError(`transition easing returned ${e} at progress ${elapsed / p.ticks}`);
    }
    lerpInto(out, p.from, 0, p.to, 0, arity, e);
  }
}

function paramValue(p: ParamState, tick: number): Float64Array {
  const out = new Float64Array(p.to.length);
  paramValueInto(p, tick, out, out.length);
  return out;
}

/**
 * A follow animation retargets from the value on screen, which is the clamped one: an overshooting
 * transition clamped at 1 restarts from 1, not from 1.08.
 */
function clampShown(def: CompiledAnimation, v: Float64Array): Float64Array {
  const tr = def.tracks[0];
  if (tr === undefined || tr.kind === 'colour') return v;
  let out = v;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    const c = Math.max(tr.min, Math.min(tr.max, x));
    if (c !== x) {
      if (out === v) out = Float64Array.from(v);
      out[i] = c;
    }
  }
  return out;
}

/** The state after applying `cmd` (at `cmd.tick`) to `s`; `s` is not changed. */
export function applyCommand(def: CompiledAnimation, s: RunState, cmd: Command): RunState {
  const next = apply(def, s, cmd);
  if (next === s) return s;
  // `apply` builds every state it returns other than `s` afresh, and nothing else holds it yet: set its
  // cached finish in place instead of copying it once more (a retarget per message on a busy key).
  (next as { finish: number }).finish = computeFinishTick(def, next);
  return next;
}

/** `s` with its `finish` field computed. */
export function withFinish(def: CompiledAnimation, s: RunState): RunState {
  return { ...s, finish: computeFinishTick(def, s) };
}

function apply(def: CompiledAnimation, s: RunState, cmd: Command): RunState {
  const tick = cmd.tick;
  switch (cmd.kind) {
    case 'start':
      if (def.type === 'follow') {
        // Restarting a follow animation only makes it write again; its value keeps its history.
        return s.phase === 'stopped' ? { ...s, phase: 'playing', pausedValue: undefined } : s;
      }
      return { ...s, phase: 'playing', anchorTick: tick, anchorPos: -def.delay, pausedValue: undefined };
    case 'stop':
      return s.phase === 'defined' ? s : { ...s, phase: 'stopped', stopTick: tick, pausedValue: undefined };
    case 'pause': {
      if (s.phase !== 'playing') return s;
      const pausedValue = def.type === 'follow' ? paramValue(s.params[0] as ParamState, tick) : undefined;
      return { ...s, phase: 'paused', anchorPos: positionAt(s, tick), anchorTick: tick, pausedValue };
    }
    case 'resume': {
      if (s.phase !== 'paused') return s;
      if (def.type === 'follow') {
        // Move from the frozen value to the latest target over the default transition.
        const p = s.params[0] as ParamState;
        const from = s.pausedValue ?? p.to;
        const moved: ParamState = {
          from,
          to: p.to,
          start: tick,
          ticks: def.transitionTicks,
          easing: def.transitionEasing,
          easingSpec: def.transitionEasingSpec,
        };
        return { ...s, phase: 'playing', anchorTick: tick, pausedValue: undefined, params: [moved] };
      }
      return { ...s, phase: 'playing', anchorTick: tick };
    }
    case 'param': {
      const old = s.params[cmd.index] as ParamState;
      let shown =
        def.type === 'follow' && s.phase === 'paused' ? (s.pausedValue ?? old.to) : paramValue(old, tick);
      if (def.type === 'follow') shown = clampShown(def, shown);
      const next: ParamState = {
        from: shown,
        to: cmd.value,
        start: tick,
        ticks: cmd.ticks,
        easing: cmd.easing,
        easingSpec: cmd.easingSpec,
      };
      const params = s.params.slice();
      params[cmd.index] = next;
      let out: RunState = { ...s, params };
      if (cmd.index === def.speedParam) {
        // Keep the position continuous: re-anchor at `tick` with the old speed, then change speed.
        out = { ...out, anchorPos: positionAt(s, tick), anchorTick: tick, speed: cmd.value[0] as number };
      }
      if (cmd.index === def.durationParam) {
        // Keep the progress (fraction of the iteration): scale the position to the new length.
        const pos = positionAt(out, tick);
        const len = cmd.value[0] as number;
        const scaled = pos > 0 && out.iterLen > 0 ? (pos * len) / out.iterLen : pos;
        out = { ...out, anchorPos: scaled, anchorTick: tick, iterLen: len };
      }
      return out;
    }
  }
}

/** Total animation time of all iterations (`Infinity` for an infinite repeat). */
export function totalLength(def: CompiledAnimation, s: RunState): number {
  return s.iterLen <= 0 ? 0 : s.iterLen * def.iterations;
}

/**
 * The first tick at which a playing animation is finished: when its position reaches its total
 * length. `Infinity` for an infinite repeat. Cached on the state.
 */
export function finishTick(_def: CompiledAnimation, s: RunState): number {
  return s.finish;
}

function computeFinishTick(def: CompiledAnimation, s: RunState): number {
  const total = totalLength(def, s);
  if (total === Number.POSITIVE_INFINITY) return total;
  let tick = s.anchorTick;
  let pos = s.anchorPos;
  if (pos < 0) {
    tick += -pos;
    pos = 0;
  }
  return Math.ceil(tick + (total - pos) / s.speed - 1e-9);
}
