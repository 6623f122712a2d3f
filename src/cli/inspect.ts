/**
 * What the browser simulator shows beside the panel of a running display: the monitor's figures
 * (ingest rate, trigger firings, frames per second, each source's connection state, stale keys) and,
 * for a tick the page scrubbed back to, the data values, the animated values the bindings drove and
 * the coordination events of that tick. Cold paths: called once a second and on a seek.
 */
import type { DisplayRuntime } from '../app/index.js';
import type { FieldValue } from '../data/index.js';
import type { SimulatorStatus } from '../outputs/index.js';

export interface RuntimeInspector {
  status(): SimulatorStatus;
  describeTick(tick: number): unknown;
}

export function inspectRuntime(runtime: DisplayRuntime): RuntimeInspector {
  let lastFrames = runtime.frames;
  let lastAt = performance.now();
  let fps = 0;
  return {
    status() {
      const m = runtime.monitor.metrics();
      const now = performance.now();
      if (now - lastAt >= 500) {
        fps = ((runtime.frames - lastFrames) * 1000) / (now - lastAt);
        lastFrames = runtime.frames;
        lastAt = now;
      }
      const keys = m.sections.keys;
      return {
        ingestPerSecond: m.ingest.perSecond1s,
        triggerFirings: m.sections.binder?.triggerFirings ?? 0,
        framesPerSecond: fps,
        sources: (m.sections.sources?.sources ?? []).map((s) => ({ id: s.id, state: s.state })),
        staleKeys: keys ? [...keys.stale, ...keys.noData.map((k) => `${k} (no data)`)] : [],
      };
    },
    describeTick(tick) {
      const { pipeline } = runtime;
      const { buffer, store, coordination } = pipeline;
      // The data as the tick saw it: each tracked key's latest value that had arrived by the tick's time.
      const upTo = buffer.seqAtOrAfter(pipeline.clock.timeOfTick(tick) + 1e-9) - 1;
      const data: Record<string, FieldValue> = {};
      for (const key of store.keys) {
        const seq = buffer.latestSeq(key, buffer.oldestSeq, upTo);
        const v = seq > 0 ? buffer.fieldValue(seq, key) : undefined;
        if (v !== undefined) data[key] = v;
      }
      return {
        tick,
        data,
        heldFrom: buffer.oldestSeq <= upTo ? 'buffer' : 'older than the buffer holds',
        animated: pipeline.engine.frameAt(tick),
        events: coordination.history.toArray().filter((e) => e.tick === tick),
      };
    },
  };
}
