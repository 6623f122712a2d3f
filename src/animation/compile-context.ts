/**
 * What every part of compiling a definition shares: the failure helper that names the animation and
 * the field, easing / clamp / transition resolution (which also notes where an inline easing function
 * sits), and the small shape guards. Separate so keyframe tracks, parameters and value-following
 * animations compile in their own files against one context instead of a long list of closures.
 */
import type { ParamRef, ValueClamp } from './definition.js';
import type { EasingRegistry, EasingSpec } from './easing/registry.js';
import type { EasingFn } from './easing/types.js';
import { describe } from './value.js';

/** Thrown by `addAnimation` for an invalid definition; the message names the animation and the field. */
export class AnimationDefinitionError extends Error {
  override readonly name = 'AnimationDefinitionError';
}

/** A transition after checking: whole ticks, resolved easing and the spec it came from. */
export interface CompiledTransition {
  readonly ticks: number;
  readonly easing: EasingFn;
  readonly spec: EasingSpec;
}

/** Helpers bound to one definition being compiled. */
export interface CompileContext {
  readonly id: string;
  readonly easings: EasingRegistry;
  /** Throw an `AnimationDefinitionError` naming the animation, `where` and `message`. */
  fail(where: string, message: string): never;
  /** Resolve an easing spec (noting the first inline function); failures name `where`. */
  easing(spec: unknown, where: string): EasingFn;
  /** The clamp of `property` (unbounded when none is given). */
  clampOf(property: string): { min: number; max: number };
  /** Fail when `clamp` names a property the animation does not write. */
  checkClampNames(written: readonly string[]): void;
  transitionOf(t: unknown, where: string): CompiledTransition;
  /** Where the definition holds an inline easing function, if it does so anywhere checked so far. */
  inlineFunctionAt(): string | undefined;
}

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

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isParamRef(v: unknown): v is ParamRef {
  return isRecord(v) && typeof v.param === 'string' && Object.keys(v).length === 1;
}

export function wholeTicks(v: number): boolean {
  return Number.isInteger(v) && v >= 0;
}

/** The context for compiling `input` (a record with a valid `id`). */
export function compileContext(
  input: Record<string, unknown>,
  id: string,
  easings: EasingRegistry,
): CompileContext {
  let inlineFunctionAt: string | undefined;
  const fail = (where: string, message: string): never => {
    throw new AnimationDefinitionError(`addAnimation('${id}'): ${where}: ${message}`);
  };
  const easing = (spec: unknown, where: string): EasingFn => {
    if (typeof spec === 'function' && inlineFunctionAt === undefined) inlineFunctionAt = where;
    try {
      return easings.resolve(spec as EasingSpec);
    } catch (error) {
      return fail(where, error instanceof Error ? error.message : String(error));
    }
  };
  return {
    id,
    easings,
    fail,
    easing,
    clampOf(property) {
      const all = input.clamp;
      if (all === undefined) return { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };
      if (!isRecord(all))
        return fail(
          "'clamp'",
          `expected an object of { min?, max? } per property, received ${describe(all)}`,
        );
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
    },
    checkClampNames(written) {
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
    },
    transitionOf(t, where) {
      if (t === undefined) return { ticks: 0, easing: easings.resolve('linear'), spec: 'linear' };
      if (!isRecord(t) || typeof t.ticks !== 'number' || !wholeTicks(t.ticks)) {
        return fail(where, `expected { ticks: whole number >= 0, easing? }, received ${describe(t)}`);
      }
      const spec = (t.easing ?? 'linear') as EasingSpec;
      return { ticks: t.ticks, easing: easing(spec, `${where}.easing`), spec };
    },
    inlineFunctionAt: () => inlineFunctionAt,
  };
}
