/** A small system-monitor display for the end-to-end tests: a CPU bar, an alert sequence and a sync. */
import { DisplayPipeline, type DisplayPipelineOptions, type TickResult } from '../../src/app/index.js';
import type { BinderErrorReport } from '../../src/binding/index.js';
import { ManualScheduler } from '../../src/clock/index.js';
import { ramp } from '../fixtures/ramp.js';

export const FPS = 50; // 20 ms ticks: boundaries fall on whole ms

export interface Display {
  readonly pipeline: DisplayPipeline;
  readonly scheduler: ManualScheduler;
  readonly results: TickResult[];
  readonly reports: BinderErrorReport[];
  /** Push a point stamped by the buffer's own clock at time `ms` (advancing fake time to it). */
  pushAt(ms: number, data: Record<string, unknown>): void;
  /** Process ticks from the next one up to `tick` inclusive. */
  runTo(tick: number): void;
  /** The frame value of `target.property` at `tick`. */
  valueAt(tick: number, target: string, property: string): unknown;
}

export function makeDisplay(options: Partial<DisplayPipelineOptions> = {}): Display {
  const scheduler = new ManualScheduler(1000);
  const results: TickResult[] = [];
  const reports: BinderErrorReport[] = [];
  const pipeline = new DisplayPipeline({
    fps: FPS,
    now: scheduler.now,
    scheduler,
    binder: { onError: (r) => reports.push(r) },
    onTick: (r) => results.push(r),
    ...options,
  });
  const { engine, coordination } = pipeline;
  engine.addAnimation({ id: 'barFill', target: 'bar', follow: { property: 'fill', initial: 0 } });
  engine.addAnimation({ id: 'barColour', target: 'bar', follow: { property: 'colour', initial: '#00ff00' } });
  engine.addAnimation({ id: 'label', target: 'label', follow: { property: 'value', initial: 0 } });
  engine.addAnimation(ramp('alertFlash', 'alert', 'opacity', 4, 0, 1));
  engine.addAnimation({
    id: 'alertShake',
    target: 'alert',
    tracks: {
      x: [
        { at: 0, value: 0 },
        { at: 2, value: 3 },
        { at: 4, value: 0 },
      ],
    },
  });
  engine.addAnimation(ramp('iconBlink', 'icon', 'on', 6, 1, 0));
  engine.addAnimation(ramp('beep', 'beeper', 'level', 3, 1, 0));
  coordination.sequence('alertSeq', { steps: [{ animation: 'alertFlash' }, { animation: 'alertShake' }] });
  coordination.sync('alertSync', { animations: ['iconBlink', 'beep'] });
  const base = 1000; // the scheduler's start: pipeline time 0
  return {
    pipeline,
    scheduler,
    results,
    reports,
    pushAt(ms, data) {
      scheduler.jumpTo(base + ms);
      pipeline.buffer.addDataPoint(data, 'cpu');
    },
    runTo(tick) {
      for (let t = pipeline.currentTick + 1; t <= tick; t++) pipeline.step(t);
    },
    valueAt(tick, target, property) {
      const r = results.find((x) => x.tick === tick);
      if (!r) throw new Error(`tick ${tick} was not processed`);
      return r.frame[target]?.[property];
    },
  };
}
