/**
 * `tinydisplay replay FILE`: reads a recording line by line (a line that is not a recording entry, or
 * whose data the buffer would refuse, is refused and counted, and reading goes on), replays it through a
 * `DisplayPipeline` (`replayFast`, or `replayRealTime` paced at --speed), and prints what it holds:
 * points and gaps per source, the time span, the ticks it covers and what the buffer did with it.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DisplayPipeline, type ReplayResult, replayFast, replayRealTime } from '../../app/index.js';
import type { TickScheduler } from '../../clock/index.js';
import {
  DEFAULT_PAYLOAD_LIMITS,
  flattenPayload,
  parseRecordedEntry,
  type RecordedEntry,
  type RingBufferStats,
} from '../../data/index.js';
import type { CliIo } from '../io.js';
import { type RecordingSummary, summarizeRecording } from '../recording-summary.js';
import { EXIT, UsageError } from '../usage-error.js';

export interface ReplayReport extends RecordingSummary {
  readonly file: string;
  readonly fps: number;
  /** `fast`: as fast as possible; `paced`: at `speed` times the recorded pace. */
  readonly mode: 'fast' | 'paced';
  readonly speed: number | null;
  readonly ticks: number;
  readonly firstTick: number;
  readonly lastTick: number;
  /** Lines refused: not a recording entry, or data the buffer refuses (a forbidden key...). */
  readonly refusedLines: number;
  /** What the pipeline's ring buffer counted while the recording went through it. */
  readonly buffer: RingBufferStats;
  /** Wall-clock time the replay took, ms. */
  readonly wallMs: number;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A clock `speed` times faster than the wall clock, starting at `fromMs`, and a scheduler to match. */
function scaledTime(speed: number, fromMs: number): { now: () => number; scheduler: TickScheduler } {
  const t0 = performance.now();
  return {
    now: () => fromMs + (performance.now() - t0) * speed,
    scheduler: {
      schedule: (callback, delayMs) => setTimeout(callback, Math.max(0, delayMs / speed)),
      cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  };
}

/** Lines shown on stderr for refused lines; the rest are only counted. */
const SHOWN_REFUSALS = 5;

/**
 * Every entry of a recording that can be replayed, and the lines refused: each line is checked as a
 * recording entry and its data with the buffer's own payload check, so the replay itself never fails
 * on what the file holds.
 */
function readEntries(text: string, refused: (line: number, message: string) => void): RecordedEntry[] {
  const out: RecordedEntry[] = [];
  let n = 0;
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    n++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    try {
      const entry = parseRecordedEntry(line);
      if ('data' in entry) flattenPayload(entry.data, DEFAULT_PAYLOAD_LIMITS, () => undefined);
      out.push(entry);
    } catch (err) {
      refused(n, err instanceof Error ? err.message : String(err));
    }
  }
  return out;
}

function ms(n: number): string {
  return `${(n / 1000).toFixed(3)} s`;
}

function formatReport(r: ReplayReport): string {
  const ids = Object.keys(r.sources);
  const width = Math.max(6, ...ids.map((id) => id.length));
  const lines = [
    `recording ${r.file}`,
    `  entries   ${r.entries} (${r.points} points, ${r.entries - r.points} gap markers)`,
    `  time span ${ms(r.firstMs)} .. ${ms(r.lastMs)} (${ms(r.spanMs)})`,
    `  gaps      ${r.gaps}${r.missingSeqs > 0 ? `; ${r.missingSeqs} sequence numbers missing` : ''}${
      r.timeReversals > 0 ? `; ${r.timeReversals} times going backwards` : ''
    }`,
    `  ${'source'.padEnd(width)}  points    gaps  span`,
    ...ids.map((id) => {
      const s = r.sources[id] as RecordingSummary['sources'][string];
      return `  ${id.padEnd(width)}  ${String(s.points).padStart(6)}  ${String(s.gaps).padStart(6)}  ${ms(s.firstMs)} .. ${ms(s.lastMs)}`;
    }),
    `replayed ticks ${r.firstTick}..${r.lastTick} (${r.ticks} tick${r.ticks === 1 ? '' : 's'} at ${r.fps} fps, ${
      r.mode === 'fast' ? 'fast' : `speed ${r.speed}`
    }) in ${ms(r.wallMs)}`,
    `  buffer    ${r.buffer.ingested} ingested, ${r.buffer.rejectedPoints} refused, ${r.buffer.evictions} evicted`,
  ];
  if (r.refusedLines > 0) lines.splice(2, 0, `  refused   ${r.refusedLines} lines (not replayed)`);
  return `${lines.join('\n')}\n`;
}

export interface ReplayOptions {
  readonly speed?: number;
  readonly fast?: boolean;
  readonly fps?: number;
  readonly json?: boolean;
  readonly pngDir?: string;
  readonly gif?: string;
  readonly from?: string;
  readonly to?: string;
}

/** The options that only rendering through a config takes. */
const RENDER_ONLY = [
  ['pngDir', '--png-dir'],
  ['gif', '--gif'],
  ['from', '--from'],
  ['to', '--to'],
] as const;

export async function run(
  [file, recording]: readonly (string | undefined)[],
  options: ReplayOptions,
  io: CliIo,
): Promise<number> {
  if (recording !== undefined)
    return (await import('../replay-render.js')).replayRender(file as string, recording, options, io);
  if (file === undefined)
    throw new UsageError('replay: expected a recording FILE (or - for stdin), got nothing', 'FILE');
  for (const [key, flag] of RENDER_ONLY)
    if (options[key] !== undefined)
      throw new UsageError(
        `replay: ${flag} renders through a config: replay <config> <recording> ${flag} ...`,
        flag,
      );
  const { speed } = options;
  if (speed !== undefined && options.fast === true)
    throw new UsageError('replay: give --speed or --fast, not both', '--fast');
  const fps = options.fps ?? 30;
  let text: string;
  try {
    text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
  } catch (err) {
    io.stderr.write(
      `tinydisplay: cannot read ${JSON.stringify(file)}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return EXIT.runtime;
  }
  let refusedLines = 0;
  const entries = readEntries(text, (line, message) => {
    if (++refusedLines <= SHOWN_REFUSALS)
      io.stderr.write(`tinydisplay: ${file}: line ${line} refused: ${message}\n`);
  });
  if (refusedLines > SHOWN_REFUSALS)
    io.stderr.write(`tinydisplay: ${file}: ${refusedLines - SHOWN_REFUSALS} more lines refused\n`);
  const summary = summarizeRecording(entries);
  const paced = speed !== undefined && Number.isFinite(speed);
  const time = paced
    ? scaledTime(speed, summary.firstMs)
    : { now: () => summary.firstMs, scheduler: undefined };
  // The pipeline's time base starts at 0 whatever `now` reads, and recorded stamps are on that base.
  const pipeline = new DisplayPipeline({
    fps,
    now: time.now,
    ...(time.scheduler ? { scheduler: time.scheduler } : {}),
    buffer: { onError: (message, err) => io.stderr.write(`tinydisplay: ${message}: ${String(err)}\n`) },
  });
  const firstTick = entries.length === 0 ? 0 : Math.max(0, pipeline.clock.tickForArrival(summary.firstMs));
  const started = performance.now();
  let result: ReplayResult;
  try {
    result = paced
      ? await replayRealTime(pipeline, entries, {
          fromTick: firstTick,
          now: time.now,
          ...(time.scheduler ? { scheduler: time.scheduler } : {}),
        })
      : replayFast(pipeline, entries, { fromTick: firstTick });
  } catch (err) {
    io.stderr.write(
      `tinydisplay: replaying ${file} failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return EXIT.runtime;
  }
  const report: ReplayReport = {
    file,
    ...summary,
    fps,
    mode: paced ? 'paced' : 'fast',
    speed: paced ? speed : null,
    ticks: result.ticks,
    firstTick,
    lastTick: result.lastTick,
    refusedLines,
    buffer: pipeline.buffer.stats,
    wallMs: performance.now() - started,
  };
  io.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : formatReport(report));
  return refusedLines > 0 ? EXIT.incomplete : EXIT.ok;
}
