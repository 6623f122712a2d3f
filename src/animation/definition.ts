import type { EasingSpec } from './easing/registry.js';
import type { AnimatableValue } from './value.js';

/** A reference to a named parameter of the animation: `{ param: 'target' }`. */
export interface ParamRef {
  readonly param: string;
}

/** A keyframe of one property's track. */
export interface Keyframe {
  /** Tick offset from the start of an iteration (after the delay); >= 0, in order within a track. */
  readonly at: number;
  /** The value at `at`, or a reference to a parameter of the same type. */
  readonly value: AnimatableValue | ParamRef;
  /**
   * Easing of the segment that leads INTO this keyframe (from the previous one). Default `'linear'`.
   * Ignored on the first keyframe.
   */
  readonly easing?: EasingSpec;
}

/** `normal`: first to last keyframe; `reverse`: last to first; `alternate`: forward, back, forward... */
export type AnimationDirection = 'normal' | 'reverse' | 'alternate';

/** `hold`: after its end the animation keeps writing its end value; `none`: it writes nothing. */
export type AnimationFill = 'hold' | 'none';

/** Lower and upper bound applied to every channel of a property's value in frames. */
export interface ValueClamp {
  /** Default `-Infinity`. */
  readonly min?: number;
  /** Default `Infinity`. */
  readonly max?: number;
}

/** How a value moves to a new target. */
export interface Transition {
  /** Length in ticks (a whole number >= 0); 0 jumps. */
  readonly ticks: number;
  /** Default `'linear'`. */
  readonly easing?: EasingSpec;
}

interface DefinitionBase {
  /** Unique among the engine's animations. */
  readonly id: string;
  /** What the animation writes to: the first key of the frame (`frame[target][property]`). */
  readonly target: string;
  /** Per-property clamp of the values written (e.g. `{ fill: { min: 0, max: 1 } }`). */
  readonly clamp?: Readonly<Record<string, ValueClamp>>;
}

/**
 * A keyframe animation: per-property tracks; it writes only the properties it has tracks for.
 *
 * Timing, in ticks: after `startAnimationAt(id, s)` the animation waits `delay` ticks (writing
 * nothing), then plays `1 + repeat` iterations of `duration` ticks each at `speed`.
 */
export interface KeyframeAnimationDefinition extends DefinitionBase {
  /** Property name -> keyframes (at least one). Tracks may have different lengths. */
  readonly tracks: Readonly<Record<string, readonly Keyframe[]>>;
  /** Ticks between the start command and the first iteration (a whole number >= 0). Default 0. */
  readonly delay?: number;
  /** Extra iterations after the first: a whole number >= 0 or `Infinity`. Default 0 (play once). */
  readonly repeat?: number;
  /** Default `'normal'`. */
  readonly direction?: AnimationDirection;
  /** What an ended animation writes. Default `'hold'` (its end value). */
  readonly fill?: AnimationFill;
  /**
   * Length of one iteration in ticks (> 0), or a numeric parameter. Default: the last keyframe's `at`
   * over all tracks. Keyframe offsets are scaled to fit it.
   */
  readonly duration?: number | ParamRef;
  /** Playback rate (> 0; 2 plays twice as fast), or a numeric parameter. Default 1. */
  readonly speed?: number | ParamRef;
  /** Named parameters with their default values; keyframes, `duration` and `speed` may refer to them. */
  readonly parameters?: Readonly<Record<string, AnimatableValue>>;
}

/**
 * A value-following animation: it writes one property, which moves to each new target (parameter
 * `'value'`) from the value on screen at that tick, over `transition`. It writes from the moment it
 * is added (its `initial` value) until stopped; no start is needed.
 */
export interface FollowAnimationDefinition extends DefinitionBase {
  readonly follow: {
    /** The property written. */
    readonly property: string;
    /** The value shown before the first update. */
    readonly initial: AnimatableValue;
    /** Default transition of an update. Default `{ ticks: 0 }` (jump). */
    readonly transition?: Transition;
  };
}

/** What `addAnimation` takes: a keyframe animation or a follow animation (discriminated by `kind`). */
export type AnimationDefinition = KeyframeAnimationDefinition | FollowAnimationDefinition;
