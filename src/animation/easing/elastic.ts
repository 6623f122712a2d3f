import { detMath } from '../../math/index.js';
import { tpmt } from './tpmt.js';
import type { EasingFn } from './types.js';

/** Elastic easings: a decaying sine; `amplitude` (>= 1, default 1) and `period` (> 0, default 0.3). */
export interface ElasticEasing extends EasingFn {
  amplitude(a: number): ElasticEasing;
  period(p: number): ElasticEasing;
}

const tau = 2 * Math.PI;

type Kind = 'in' | 'out' | 'inOut';

function make(kind: Kind, amplitudeIn: number, periodIn: number): ElasticEasing {
  if (!Number.isFinite(amplitudeIn))
    throw new RangeError(`elastic easing: amplitude must be finite, received ${amplitudeIn}`);
  if (!Number.isFinite(periodIn) || periodIn <= 0) {
    throw new RangeError(`elastic easing: period must be > 0, received ${periodIn}`);
  }
  const a = Math.max(1, amplitudeIn);
  const p = periodIn / tau;
  const s = detMath.asin(1 / a) * p;
  let f: ElasticEasing;
  if (kind === 'in') {
    f = ((t: number) => {
      const u = t - 1;
      return a * tpmt(-u) * detMath.sin((s - u) / p);
    }) as ElasticEasing;
  } else if (kind === 'out') {
    f = ((t: number) => 1 - a * tpmt(t) * detMath.sin((t + s) / p)) as ElasticEasing;
  } else {
    f = ((t: number) => {
      const u = t * 2 - 1;
      return (
        (u < 0 ? a * tpmt(-u) * detMath.sin((s - u) / p) : 2 - a * tpmt(u) * detMath.sin((s + u) / p)) / 2
      );
    }) as ElasticEasing;
  }
  f.amplitude = (x) => make(kind, x, periodIn);
  f.period = (x) => make(kind, amplitudeIn, x);
  return f;
}

/** Elastic ease-in (amplitude 1, period 0.3); `elasticIn.amplitude(a)` / `.period(p)` for others. */
export const elasticIn = make('in', 1, 0.3);
/** Elastic ease-out (amplitude 1, period 0.3); `elasticOut.amplitude(a)` / `.period(p)` for others. */
export const elasticOut = make('out', 1, 0.3);
/** Elastic ease-in-out (amplitude 1, period 0.3); `elasticInOut.amplitude(a)` / `.period(p)` for others. */
export const elasticInOut = make('inOut', 1, 0.3);
