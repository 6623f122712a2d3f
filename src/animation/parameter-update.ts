/** Checking a parameter update and turning it into a command (cold path: once per update). */
import { type CompiledAnimation, frozenCopy } from './compile.js';
import type { Transition } from './definition.js';
import type { EasingRegistry, EasingSpec } from './easing/registry.js';
import type { Command } from './run-state.js';
import { describe, kindName, parseValue } from './value.js';

/**
 * The `param` command for `updateAnimationParameter(def.id, parameter, value, tick, transition)`.
 * Throws, naming the animation and parameter, for an unknown parameter (listing the valid ones), a
 * value of the wrong type, a speed or duration not > 0, or a malformed transition.
 */
export function parameterCommand(
  def: CompiledAnimation,
  easings: EasingRegistry,
  parameter: string,
  value: unknown,
  tick: number,
  transition: Transition | undefined,
): Command {
  const id = def.id;
  const index = def.paramIndex.get(parameter);
  if (index === undefined) {
    const valid = def.params.map((p) => `'${p.name}'`).join(', ') || '(none)';
    throw new RangeError(
      `updateAnimationParameter('${id}'): unknown parameter ${describe(parameter)}; valid parameters: ${valid}`,
    );
  }
  const where = `updateAnimationParameter('${id}', '${parameter}')`;
  const p = def.params[index] as CompiledAnimation['params'][number];
  const parsed = parseValue(value);
  if (typeof parsed === 'string') throw new TypeError(`${where}: expected ${parsed}`);
  if (parsed.kind !== p.kind || parsed.channels.length !== p.arity) {
    throw new TypeError(`${where}: expected a ${kindName(p.kind, p.arity)}, received ${describe(value)}`);
  }
  if ((index === def.speedParam || index === def.durationParam) && !((parsed.channels[0] as number) > 0)) {
    throw new RangeError(`${where}: expected a number > 0, received ${describe(value)}`);
  }
  let ticks = def.transitionTicks;
  let easingSpec: EasingSpec = def.transitionEasingSpec;
  let easing = def.transitionEasing;
  if (transition !== undefined) {
    if (
      typeof transition !== 'object' ||
      transition === null ||
      !Number.isInteger(transition.ticks) ||
      transition.ticks < 0
    ) {
      throw new RangeError(
        `${where}: transition must be { ticks: whole number >= 0, easing? }, received ${describe(transition)}`,
      );
    }
    ticks = transition.ticks;
    easingSpec = transition.easing ?? 'linear';
    try {
      easing = easings.resolve(easingSpec);
    } catch (error) {
      throw new RangeError(
        `${where}: transition easing: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return {
    kind: 'param',
    tick,
    index,
    value: parsed.channels,
    raw: frozenCopy(value),
    ticks,
    easing,
    easingSpec,
  };
}
