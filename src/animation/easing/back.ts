import type { EasingFn } from './types.js';

/** Back easings overshoot (anticipate) by `overshoot` (default 1.70158, about 10 %). */
export interface BackEasing extends EasingFn {
  /** The same curve with another overshoot `s` (>= 0). */
  overshoot(s: number): BackEasing;
}

const defaultOvershoot = 1.70158;

function checkOvershoot(s: number): number {
  if (!Number.isFinite(s) || s < 0)
    throw new RangeError(`back easing: overshoot must be >= 0, received ${s}`);
  return s;
}

function makeIn(s: number): BackEasing {
  const f = ((t: number) => t * t * (s * (t - 1) + t)) as BackEasing;
  f.overshoot = (x) => makeIn(checkOvershoot(x));
  return f;
}

function makeOut(s: number): BackEasing {
  const f = ((t: number) => {
    const u = t - 1;
    return u * u * ((u + 1) * s + u) + 1;
  }) as BackEasing;
  f.overshoot = (x) => makeOut(checkOvershoot(x));
  return f;
}

function makeInOut(s: number): BackEasing {
  const f = ((t: number) => {
    let u = t * 2;
    if (u < 1) return (u * u * ((s + 1) * u - s)) / 2;
    u -= 2;
    return (u * u * ((s + 1) * u + s) + 2) / 2;
  }) as BackEasing;
  f.overshoot = (x) => makeInOut(checkOvershoot(x));
  return f;
}

/** Back ease-in: pulls back below 0 before going to 1 (overshoot 1.70158); `backIn.overshoot(s)` for another. */
export const backIn = makeIn(defaultOvershoot);
/** Back ease-out: passes 1 and settles back (overshoot 1.70158); `backOut.overshoot(s)` for another. */
export const backOut = makeOut(defaultOvershoot);
/** Back ease-in-out (overshoot 1.70158 at both ends); `backInOut.overshoot(s)` for another. */
export const backInOut = makeInOut(defaultOvershoot);
