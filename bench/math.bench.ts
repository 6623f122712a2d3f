/**
 * The cost of platform-independent math: each `detMath` function next to V8's `Math` one, on the same
 * 1,024 inputs (typical easing arguments: [0, 1] scaled to each function's usual range).
 *
 * - `math.det.<fn>.ns` / `math.native.<fn>.ns`: batched median per call (`timePerOp`).
 */
import { detMath } from '../src/math/index.js';
import { type BenchContext, type BenchEntry, gc, round, timePerOp } from './harness.js';

const N = 1024;
const unit = Float64Array.from({ length: N }, (_, i) => (i + 0.5) / N);

type Unary = (x: number) => number;
const cases: [string, Unary, Unary][] = [
  ['sin', (x) => detMath.sin(x * 3), (x) => Math.sin(x * 3)],
  ['cos', (x) => detMath.cos(x * 3), (x) => Math.cos(x * 3)],
  ['tan', (x) => detMath.tan(x), (x) => Math.tan(x)],
  ['asin', (x) => detMath.asin(x), (x) => Math.asin(x)],
  ['atan2', (x) => detMath.atan2(x, 1 - x), (x) => Math.atan2(x, 1 - x)],
  ['exp', (x) => detMath.exp(x * 10 - 5), (x) => Math.exp(x * 10 - 5)],
  ['log', (x) => detMath.log(x * 100), (x) => Math.log(x * 100)],
  ['pow_2_x', (x) => detMath.pow(2, -10 * x), (x) => 2 ** (-10 * x)],
  ['pow', (x) => detMath.pow(x, 2.5), (x) => x ** 2.5],
];

export default async function mathBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const rounds = ctx.quick ? 20 : 200;
  const entries: BenchEntry[] = [];
  let sink = 0;
  for (const [name, det, native] of cases) {
    for (const [kind, fn] of [
      ['det', det],
      ['native', native],
    ] as const) {
      const timing = timePerOp(
        (i) => {
          sink += fn(unit[i & (N - 1)] as number);
        },
        { opsPerRound: 1000, rounds },
      );
      entries.push({ name: `math.${kind}.${name}.ns`, value: round(timing.medianNs, 1), unit: 'ns' });
    }
    gc();
  }
  if (Number.isNaN(sink)) throw new Error('math bench: a function returned NaN on a valid input');
  return entries;
}
