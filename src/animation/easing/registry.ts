import { backIn, backInOut, backOut } from './back.js';
import { bounceIn, bounceInOut, bounceOut } from './bounce.js';
import { circIn, circInOut, circOut } from './circ.js';
import { cubicBezier } from './cubic-bezier.js';
import { elasticIn, elasticInOut, elasticOut } from './elastic.js';
import { expoIn, expoInOut, expoOut } from './expo.js';
import { linear } from './linear.js';
import {
  cubicIn,
  cubicInOut,
  cubicOut,
  quadIn,
  quadInOut,
  quadOut,
  quartIn,
  quartInOut,
  quartOut,
  quintIn,
  quintInOut,
  quintOut,
} from './poly.js';
import { sineIn, sineInOut, sineOut } from './sine.js';
import { steps } from './steps.js';
import type { EasingFn } from './types.js';

/** An easing given by name (`'cubicOut'`, `'steps(4)'`, `'cubic-bezier(0.25,0.1,0.25,1)'`) or as a function. */
export type EasingSpec = string | EasingFn;

/**
 * Built-in easing names. One name per curve, camelCase `<family><In|Out|InOut>` as in d3-ease; the four
 * CSS keywords (`ease`, `ease-in`, `ease-out`, `ease-in-out`) are accepted as the cubic-bezier curves
 * CSS defines for them. Parameterised forms: `steps(n)` and `cubic-bezier(x1,y1,x2,y2)`.
 */
const builtins: ReadonlyMap<string, EasingFn> = new Map<string, EasingFn>([
  ['linear', linear],
  ['quadIn', quadIn],
  ['quadOut', quadOut],
  ['quadInOut', quadInOut],
  ['cubicIn', cubicIn],
  ['cubicOut', cubicOut],
  ['cubicInOut', cubicInOut],
  ['quartIn', quartIn],
  ['quartOut', quartOut],
  ['quartInOut', quartInOut],
  ['quintIn', quintIn],
  ['quintOut', quintOut],
  ['quintInOut', quintInOut],
  ['sineIn', sineIn],
  ['sineOut', sineOut],
  ['sineInOut', sineInOut],
  ['expoIn', expoIn],
  ['expoOut', expoOut],
  ['expoInOut', expoInOut],
  ['circIn', circIn],
  ['circOut', circOut],
  ['circInOut', circInOut],
  ['backIn', backIn],
  ['backOut', backOut],
  ['backInOut', backInOut],
  ['elasticIn', elasticIn],
  ['elasticOut', elasticOut],
  ['elasticInOut', elasticInOut],
  ['bounceIn', bounceIn],
  ['bounceOut', bounceOut],
  ['bounceInOut', bounceInOut],
  ['ease', cubicBezier(0.25, 0.1, 0.25, 1)],
  ['ease-in', cubicBezier(0.42, 0, 1, 1)],
  ['ease-out', cubicBezier(0, 0, 0.58, 1)],
  ['ease-in-out', cubicBezier(0.42, 0, 0.58, 1)],
]);

const number = '\\s*(-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*';
const stepsPattern = /^steps\(\s*(\d+)\s*\)$/;
const bezierPattern = new RegExp(`^cubic-bezier\\(${number},${number},${number},${number}\\)$`);
const namePattern = /^[A-Za-z][\w-]*$/;

/** Thrown for an easing name the registry does not know; `validNames` lists the ones it does. */
export class UnknownEasingError extends Error {
  override readonly name = 'UnknownEasingError';
  constructor(
    readonly easing: string,
    readonly validNames: readonly string[],
  ) {
    super(`unknown easing '${easing}'; valid names: ${validNames.join(', ')}`);
  }
}

/**
 * One place that turns easing names into functions: the built-ins plus custom easings registered by
 * name. Registering by name (rather than passing a function inline) keeps definitions JSON-safe, so an
 * engine using them can be serialised.
 */
export class EasingRegistry {
  private readonly custom = new Map<string, EasingFn>();

  /**
   * Add a custom easing under `name` (letters, digits, `_`, `-`; not a built-in name). For the same
   * frames on every platform, compute it with `+ - * /`, `Math.sqrt` and `detMath` (never `Math.sin`,
   * `Math.exp`, `Math.pow` or `**`, whose last bits differ between x86_64 and arm64).
   */
  register(name: string, fn: EasingFn): this {
    if (!namePattern.test(name)) {
      throw new RangeError(`EasingRegistry.register: name must match ${namePattern}, received '${name}'`);
    }
    if (builtins.has(name)) throw new RangeError(`EasingRegistry.register: '${name}' is a built-in easing`);
    if (typeof fn !== 'function') {
      throw new TypeError(
        `EasingRegistry.register: easing '${name}' must be a function, received ${typeof fn}`,
      );
    }
    this.custom.set(name, fn);
    return this;
  }

  /** Whether `name` resolves (built-in, registered, `steps(n)` or `cubic-bezier(...)`). */
  has(name: string): boolean {
    return builtins.has(name) || this.custom.has(name) || stepsPattern.test(name) || bezierPattern.test(name);
  }

  /** Every valid name, built-ins first, then the parameterised forms, then registered names. */
  names(): string[] {
    return [...builtins.keys(), 'steps(n)', 'cubic-bezier(x1,y1,x2,y2)', ...this.custom.keys()];
  }

  /** The function for `spec`; a function is returned as is. Unknown names throw `UnknownEasingError`. */
  resolve(spec: EasingSpec): EasingFn {
    if (typeof spec === 'function') return spec;
    if (typeof spec !== 'string') throw new UnknownEasingError(String(spec), this.names());
    const found = builtins.get(spec) ?? this.custom.get(spec);
    if (found) return found;
    const s = stepsPattern.exec(spec);
    if (s) return steps(Number(s[1]));
    const b = bezierPattern.exec(spec);
    if (b) return cubicBezier(Number(b[1]), Number(b[2]), Number(b[3]), Number(b[4]));
    throw new UnknownEasingError(spec, this.names());
  }
}

/** The built-in names only (no custom ones), for messages and docs. */
export function easingNames(): string[] {
  return new EasingRegistry().names();
}

const shared = new EasingRegistry();

/** Resolve a built-in easing name (or return a function as is). */
export function resolveEasing(spec: EasingSpec): EasingFn {
  return shared.resolve(spec);
}
