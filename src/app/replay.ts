/**
 * Replaying a recording through a pipeline on a simulated clock. Each recorded point is pushed into
 * the pipeline's buffer with its recorded arrival stamp, and tick N is processed once every point
 * stamped up to `timeOfTick(N)` is in, so the same stamps give the same ticks: the same parameter
 * values, events and frames as the live run.
 *
 * `fast`: as fast as possible, synchronously. `real`: paced by a `TickClock` on the given `now` and
 * scheduler (ticks the clock skips are caught up, as in a live pipeline).
 */
import { TickClock, type TickScheduler } from '../clock/index.js';
import { parseRecordedEntry, type RecordedEntry, RecordingFormatError } from '../data/index.js';
import type { DisplayPipeline } from './pipeline.js';

/** Which ticks a replay processes. */
export interface ReplayOptions {
  /** First tick to process. Default 0. */
  readonly fromTick?: number;
  /** Last tick to process. Default: the tick that applies the last recorded point. */
  readonly untilTick?: number;
}

/** Options of `replayRealTime`: the tick range, and the clock and scheduler that pace it. */
export interface RealTimeReplayOptions extends ReplayOptions {
  /** Monotonic time in ms. Default `performance.now`. */
  readonly now?: () => number;
  /** Default `setTimeout`. */
  readonly scheduler?: TickScheduler;
}

/** What a replay pushed and processed. */
export interface ReplayResult {
  /** Entries pushed (points and markers). */
  readonly entries: number;
  /** Ticks processed. */
  readonly ticks: number;
  readonly lastTick: number;
}

/** Parse NDJSON text (or lines) strictly; an error names the line number, the field and the value. */
export function parseRecording(input: string | Iterable<string>): RecordedEntry[] {
  const lines = typeof input === 'string' ? input.split('\n') : input;
  const out: RecordedEntry[] = [];
  let n = 0;
  for (const raw of lines) {
    n++;
    const line = raw.trim();
    if (line === '') continue;
    try {
      out.push(parseRecordedEntry(line));
    } catch (err) {
      if (err instanceof RecordingFormatError)
        throw new RecordingFormatError(`line ${n}: ${err.message}`, err.field, err.value);
      throw err;
    }
  }
  return out;
}

function push(pipeline: DisplayPipeline, e: RecordedEntry): void {
  if ('marker' in e) pipeline.buffer.addMarker(e.src, e.marker, { arrivalTime: e.t });
  else pipeline.buffer.addDataPoint(e.data, e.src, { arrivalTime: e.t });
}

function bounds(pipeline: DisplayPipeline, entries: readonly RecordedEntry[], options: ReplayOptions) {
  const from = options.fromTick ?? 0;
  const last = entries[entries.length - 1];
  const until = options.untilTick ?? (last ? pipeline.clock.tickForArrival(last.t) : from);
  if (!Number.isInteger(from) || from < 0)
    throw new RangeError(`replay: fromTick must be a whole number >= 0, got ${from}`);
  if (!Number.isInteger(until) || until < from)
    throw new RangeError(`replay: untilTick must be a whole number >= fromTick (${from}), got ${until}`);
  return { from, until };
}

/** Replay as fast as possible. The pipeline must be fresh (not started, nothing processed). */
export function replayFast(
  pipeline: DisplayPipeline,
  recording: string | Iterable<string> | readonly RecordedEntry[],
  options: ReplayOptions = {},
): ReplayResult {
  const entries = Array.isArray(recording)
    ? (recording as readonly RecordedEntry[])
    : parseRecording(recording as string);
  const { from, until } = bounds(pipeline, entries, options);
  const clock = pipeline.clock;
  let i = 0;
  let ticks = 0;
  for (let tick = from; tick <= until; tick++) {
    const boundary = clock.timeOfTick(tick);
    for (; i < entries.length && (entries[i] as RecordedEntry).t <= boundary; i++)
      push(pipeline, entries[i] as RecordedEntry);
    pipeline.step(tick, boundary);
    ticks++;
  }
  return { entries: i, ticks, lastTick: until };
}

/** Replay at the recording's own pace. Resolves when `untilTick` has been processed. */
export function replayRealTime(
  pipeline: DisplayPipeline,
  recording: string | Iterable<string> | readonly RecordedEntry[],
  options: RealTimeReplayOptions = {},
): Promise<ReplayResult> {
  const entries = Array.isArray(recording)
    ? (recording as readonly RecordedEntry[])
    : parseRecording(recording as string);
  const { from, until } = bounds(pipeline, entries, options);
  const clock = new TickClock({
    fps: pipeline.fps,
    ...(options.now ? { now: options.now } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  });
  let i = 0;
  let ticks = 0;
  let next = from;
  return new Promise<ReplayResult>((resolve, reject) => {
    clock.start(
      (due) => {
        try {
          for (; next <= Math.min(due, until); next++) {
            const boundary = pipeline.clock.timeOfTick(next);
            for (; i < entries.length && (entries[i] as RecordedEntry).t <= boundary; i++)
              push(pipeline, entries[i] as RecordedEntry);
            pipeline.step(next, boundary);
            ticks++;
          }
        } catch (err) {
          clock.stop();
          reject(err);
          return;
        }
        if (next > until) {
          clock.stop();
          resolve({ entries: i, ticks, lastTick: until });
        }
      },
      { fromTick: from },
    );
  });
}
