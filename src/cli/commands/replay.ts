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
import { flagOption, numberOption } from '../args.js';
import type { Command } from '../command.js';
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

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay a recording and print a summary (points per source, gaps, time span)',
  synopsis:
    'replay FILE [--speed X | --fast] [--fps N] [--json]\n       tinydisplay replay <config> <recording> --png-dir DIR | --gif FILE [--from TIME] [--to TIME]',
  description: [
    'Reads an NDJSON recording (FILE, or - for stdin), checks every line, and replays it through a',
    'display pipeline at its recorded arrival times: as fast as possible (--fast, the default) or at',
    '--speed times the recorded pace. Prints the points and gaps per source, the time span, the ticks',
    'the recording covers at --fps, and what the ring buffer did with the points.',
    '',
    'With a <config> first, renders the recording through it, headless, into PNG frames (--png-dir)',
    'or a GIF (--gif), from --from to --to (times in the recording: 10s, 1500ms, 300ticks). The output',
    'is byte-identical across runs. A progress bar shows on long renders when stderr is a terminal.',
  ].join('\n'),
  options: {
    speed: {
      kind: 'value',
      placeholder: 'X',
      help: 'replay paced, X times the recorded speed (2 = twice as fast)',
    },
    fast: { kind: 'flag', help: 'replay as fast as possible (default)' },
    fps: { kind: 'value', placeholder: 'N', help: 'ticks per second of the replay pipeline (default 30)' },
    json: { kind: 'flag', help: 'print the summary as one JSON object' },
    'png-dir': {
      kind: 'value',
      placeholder: 'DIR',
      help: 'with <config>: write each frame as DIR/NNNNNN.png',
    },
    gif: { kind: 'value', placeholder: 'FILE', help: 'with <config>: write the frames into FILE' },
    from: { kind: 'value', placeholder: 'TIME', help: 'with <config>: first tick to render (10s, 300ticks)' },
    to: { kind: 'value', placeholder: 'TIME', help: 'with <config>: last tick to render' },
  },

  async run(args, io) {
    if (args.positionals.length === 2) return (await import('../replay-render.js')).replayRender(args, io);
    const [file, ...extra] = args.positionals;
    if (file === undefined)
      throw new UsageError('replay: expected a recording FILE (or - for stdin), got nothing', 'FILE');
    if (extra.length > 0)
      throw new UsageError(
        `replay: expected one FILE, got extra argument ${JSON.stringify(extra[0])}`,
        extra[0] as string,
      );
    const speed = numberOption(args, 'speed', { expected: 'a speed factor > 0', min: 0, exclusiveMin: true });
    if (speed !== undefined && flagOption(args, 'fast'))
      throw new UsageError('replay: give --speed or --fast, not both', '--fast');
    const fps =
      numberOption(args, 'fps', {
        expected: 'a number of frames per second > 0',
        min: 0,
        exclusiveMin: true,
      }) ?? 30;
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
    io.stdout.write(flagOption(args, 'json') ? `${JSON.stringify(report)}\n` : formatReport(report));
    return refusedLines > 0 ? EXIT.incomplete : EXIT.ok;
  },
};
