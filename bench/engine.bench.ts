/**
 * Animation engine benchmarks: the cost of one frame.
 *
 * - `engine.frameAt.100_active.ns`: one `frameAt` with 100 active animations (80 keyframe animations,
 *   two tracks each, a number and a colour, infinite repeat; 20 value-following bars, each retargeted
 *   every 5 ticks inside the measured frames, so most frames have bars in a running transition).
 * - `engine.frameAt.1000_idle_100_active.ns`: the same 100 plus 1000 idle animations (500 never started,
 *   500 that ran and were stopped). The two should be close: cost follows active animations.
 */
import { TickAnimationEngine } from '../src/animation/index.js';
import { type BenchContext, type BenchEntry, gc, round, timePerOp } from './harness.js';

const easings = [
  'linear',
  'cubicOut',
  'quadInOut',
  'backOut',
  'elasticOut',
  'bounceOut',
  'sineInOut',
  'steps(4)',
];

function build(idle: number): TickAnimationEngine {
  const engine = new TickAnimationEngine();
  for (let i = 0; i < 80; i++) {
    engine.addAnimation({
      id: `spin${i}`,
      target: `widget${i}`,
      repeat: Number.POSITIVE_INFINITY,
      direction: i % 2 === 0 ? 'normal' : 'alternate',
      tracks: {
        angle: [
          { at: 0, value: 0 },
          { at: 30, value: 180, easing: easings[i % easings.length] },
          { at: 60, value: 360, easing: 'cubicInOut' },
        ],
        colour: [
          { at: 0, value: '#102030' },
          { at: 60, value: '#f0e0d0', easing: 'sineInOut' },
        ],
      },
    });
    engine.startAnimationAt(`spin${i}`, i);
  }
  for (let i = 0; i < 20; i++) {
    engine.addAnimation({
      id: `bar${i}`,
      target: `bar${i}`,
      follow: { property: 'fill', initial: 0, transition: { ticks: 12, easing: 'cubicOut' } },
      clamp: { fill: { min: 0, max: 1 } },
    });
    for (let t = 0; t < 100; t += 5)
      engine.updateAnimationParameter(`bar${i}`, 'value', ((t * 7 + i) % 100) / 100, t);
  }
  for (let i = 0; i < idle; i++) {
    engine.addAnimation({
      id: `idle${i}`,
      target: `idle${i}`,
      tracks: {
        x: [
          { at: 0, value: 0 },
          { at: 20, value: 1, easing: 'quadOut' },
        ],
      },
    });
    if (i % 2 === 1) {
      engine.startAnimationAt(`idle${i}`, 0);
      engine.stopAnimationAt(`idle${i}`, 10);
    }
  }
  return engine;
}

export default async function engineBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const rounds = ctx.quick ? 20 : 200;
  const entries: BenchEntry[] = [];
  for (const [name, idle] of [
    ['engine.frameAt.100_active.ns', 0],
    ['engine.frameAt.1000_idle_100_active.ns', 1000],
  ] as const) {
    const engine = build(idle);
    let sink = 0;
    let lastTick = 100;
    // Ticks 100 and on, one frame per tick: every 5 ticks each bar gets a new target at that tick
    // (inside the timed call, as a binding would), so its transition runs through the next frames.
    const timing = timePerOp(
      (i) => {
        const tick = 100 + i;
        lastTick = tick;
        if (tick % 5 === 0) {
          for (let b = 0; b < 20; b++)
            engine.updateAnimationParameter(`bar${b}`, 'value', ((tick * 7 + b * 13) % 100) / 100, tick);
        }
        const frame = engine.frameAt(tick);
        if (frame.bar0 !== undefined) sink++;
      },
      { opsPerRound: 100, rounds },
    );
    if (sink === 0) throw new Error('engine bench: frames came out empty');
    const frame = engine.frameAt(lastTick);
    ctx.log(
      `  ${name}: median ${round(timing.medianNs / 1000, 2)} us, p99 ${round(timing.p99Ns / 1000, 2)} us, ` +
        `${Object.keys(frame).length} targets per frame, stats ${JSON.stringify(engine.stats)}`,
    );
    entries.push({ name, value: round(timing.medianNs, 0), unit: 'ns' });
    gc();
  }
  return entries;
}
