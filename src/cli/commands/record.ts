/**
 * `tinydisplay record <source|config>`: every point and gap marker the source (or every source a config
 * declares) delivers, with the arrival stamp the ring buffer gave it, as one NDJSON recording (the
 * format `replay` and `file:` read).
 */
import { closeSync, createWriteStream, existsSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { DataRecorder } from '../../app/index.js';
import { RingBuffer } from '../../data/index.js';
import type { Source, SourceMetrics } from '../../sources/index.js';
import { ConfigReadError } from '../config-read-error.js';
import { createSource, liveMessage } from '../create-source.js';
import type { CliIo } from '../io.js';
import { LineWriter } from '../line-writer.js';
import { LiveRun, type LiveRunOptions, liveRunFor, runClock } from '../live-run.js';
import { readSourceChoice, type SourceChoice, type SourceOptionValues } from '../source-options.js';
import { parseSourceSpec } from '../source-spec.js';
import { EXIT, shown, UsageError } from '../usage-error.js';

export interface RecordOptions extends SourceOptionValues {
  readonly out?: string;
  readonly maxPoints?: number;
  readonly outputBuffer?: number;
}

/** Points the recording buffer holds: the recorder reads each one as it lands, so few are needed. */
const RECORD_CAPACITY = 4096;

/** What the summary says about loss the run could not count, or undefined when it counted all. */
export function lossNotice(
  m: SourceMetrics,
  sequenceField: string | undefined,
  fromConfig = false,
): string | undefined {
  // --seq-field is refused with a config: a config's sources have no sequence field to count with.
  const hint = fromConfig
    ? "the config's sources have no sequence field to count every loss"
    : '--seq-field FIELD counts every loss';
  switch (m.delivery) {
    case 'sequenced':
      return `loss counted from the sequence field ${JSON.stringify(sequenceField)}`;
    case 'complete':
      return undefined;
    case 'at-least-once':
      return (
        `loss not knowable: the broker's session kept what came while disconnected (${m.gaps} gap${m.gaps === 1 ? '' : 's'}), ` +
        `but not beyond its own queue limit; ${hint}`
      );
    default:
      return (
        `loss not knowable: a ${m.kind} source keeps nothing sent while it is disconnected (${m.gaps} gap${m.gaps === 1 ? '' : 's'}); ` +
        hint
      );
  }
}

function openOut(path: string): Writable {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new Error(
      `cannot write --out ${JSON.stringify(path)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    return createWriteStream('', { fd });
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** The source options a config sets per source itself, so they are refused with a config. */
const SOURCE_ONLY = [
  ['id', '--id'],
  ['sample', '--sample'],
  ['key', '--key'],
  ['format', '--format'],
  ['seqField', '--seq-field'],
  ['silentAfter', '--silent-after'],
  ['speed', '--speed'],
  ['fast', '--fast'],
  ['retries', '--retries'],
] as const;

/** What one recording reads: the source of the command line, or the sources of a config. */
interface RecordPlan {
  readonly sources: readonly Source[];
  /** The run of those sources into `buffer`, on the clock `now`. */
  readonly liveRun: (buffer: RingBuffer, now: () => number) => LiveRun;
  readonly sequenceField: string | undefined;
  /** The sources are a config's (which has no --seq-field). */
  readonly fromConfig: boolean;
}

function sourcePlan(choice: SourceChoice, io: CliIo): RecordPlan {
  const source = createSource(choice.spec, { ...choice.settings, persistentSession: true });
  return {
    sources: [source],
    liveRun: (buffer, now) => liveRunFor(choice, source, buffer, io, runClock(now)),
    sequenceField: choice.sequenceField,
    fromConfig: false,
  };
}

/**
 * The plan for `target`: a source spec, else a config file. A config that is not valid is reported
 * (every error) and gives the exit code instead; an argument that is neither is a usage error.
 */
async function planFor(target: string, options: RecordOptions, io: CliIo): Promise<RecordPlan | number> {
  let notASource: UsageError | undefined;
  try {
    parseSourceSpec(target);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    notASource = e;
  }
  if (notASource === undefined) return sourcePlan(readSourceChoice(target, options, io, 'record'), io);
  const { loadConfigFile } = await import('../config-check.js');
  const { printCheck, sourceFromConfig } = await import('../config-file.js');
  let loaded: ReturnType<typeof loadConfigFile>;
  try {
    loaded = loadConfigFile(target);
  } catch (e) {
    if (!(e instanceof ConfigReadError)) throw e;
    throw new UsageError(
      `record: ${shown(target)} is neither a source nor a readable config file: ${notASource.message}; ${e.message}`,
      target,
    );
  }
  for (const [key, flag] of SOURCE_ONLY)
    if (options[key] !== undefined)
      throw new UsageError(
        `record: ${flag} applies to a <source> only; a config sets its sources itself (${target})`,
        flag,
      );
  const { check, baseDir } = loaded;
  printCheck(io, target, check);
  const config = check.config;
  if (config === undefined) return EXIT.runtime;
  if (config.sources.length === 0) {
    io.stderr.write(`tinydisplay: ${target}: the config declares no sources: nothing to record\n`);
    return EXIT.runtime;
  }
  const sources: Source[] = [];
  const retries = new Map<Source, number | undefined>();
  // A server's port (`tcp-listen://…:0`) is known only once it listens: said then, like the source form.
  const liveMessages = new Map<string, () => string | undefined>();
  for (const s of config.sources) {
    const source = sourceFromConfig(s, config.display.fps, io, { baseDir, persistentSession: true });
    const spec = parseSourceSpec(s.url);
    if (spec.kind === 'file' && !existsSync(resolve(baseDir, spec.path))) {
      io.stderr.write(
        `tinydisplay: ${target}: source ${s.id}: file ${shown(resolve(baseDir, spec.path))} does not exist\n`,
      );
      return EXIT.runtime;
    }
    sources.push(source);
    retries.set(source, s.retries);
    liveMessages.set(source.id, () => liveMessage(spec, source));
  }
  return {
    sources,
    liveRun: (buffer, now) =>
      new LiveRun({
        source: sources,
        sink: buffer,
        io,
        durationMs: options.duration,
        maxAttemptsOf: (source) => retries.get(source),
        clock: runClock(now),
        onLive: (id) => {
          const message = liveMessages.get(id)?.();
          if (message !== undefined) io.stderr.write(`tinydisplay: source ${id}: ${message}\n`);
        },
      } satisfies LiveRunOptions),
    sequenceField: undefined,
    fromConfig: true,
  };
}

/** The metrics of several sources added up, for one summary line. */
function total(all: readonly SourceMetrics[]): Pick<
  SourceMetrics,
  'refusedTotal' | 'lostTotal' | 'duplicates'
> & {
  readonly lost: Record<string, number>;
} {
  const lost: Record<string, number> = {};
  for (const m of all) for (const [why, n] of Object.entries(m.lost)) lost[why] = (lost[why] ?? 0) + n;
  const sum = (f: (m: SourceMetrics) => number) => all.reduce((a, m) => a + f(m), 0);
  return {
    refusedTotal: sum((m) => m.refusedTotal),
    lostTotal: sum((m) => m.lostTotal),
    duplicates: sum((m) => m.duplicates),
    lost,
  };
}

export async function run([target]: readonly string[], options: RecordOptions, io: CliIo): Promise<number> {
  const plan = await planFor(target as string, options, io);
  if (typeof plan === 'number') return plan;
  const { maxPoints } = options;
  const outputBuffer = options.outputBuffer ?? 16 * 1024 * 1024;
  const outPath = options.out;
  const out = outPath === undefined ? io.stdout : openOut(outPath);
  const startedAt = performance.now();
  const now = (): number => performance.now() - startedAt;
  const buffer = new RingBuffer({
    capacity: RECORD_CAPACITY,
    clock: now,
    onError: (message, err) => io.stderr.write(`tinydisplay: ${message}: ${String(err)}\n`),
  });
  let run: LiveRun | undefined;
  const writer = new LineWriter(
    out,
    () => run?.finish('output-error'),
    outputBuffer,
    (full) => {
      for (const supervisor of run?.supervisors ?? []) {
        if (full) supervisor.pause();
        else supervisor.resume();
      }
    },
    // Ask the sources to pause well before lines would be dropped.
    Math.min(1024 * 1024, Math.floor(outputBuffer / 4)),
  );
  const recorder = new DataRecorder(buffer, writer.write);
  let points = 0;
  let markers = 0;
  let dropsSeen = 0;
  // Runs after the recorder's listener (added first): a drop counted since the last call is this line.
  buffer.addListener((seq) => {
    const dropped = writer.dropped !== dropsSeen;
    dropsSeen = writer.dropped;
    if (dropped) return;
    if (buffer.kindOf(seq) !== 'data') {
      markers++;
      return;
    }
    points++;
    if (maxPoints !== undefined && points >= maxPoints) {
      recorder.stop();
      run?.finish('max-points');
    }
  });
  run = plan.liveRun(buffer, now);
  const reason = await run.run();
  recorder.stop();
  // On the recording's time base (the stamps in the file), so every stamp is at most this.
  const recordedMs = now();
  await writer.close(outPath !== undefined);
  const each = run.supervisors.map((s) => s.metrics());
  const m = total(each);
  const counts = recorder.stats;
  const lostBy = Object.entries(m.lost)
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${n} ${why}`)
    .join(', ');
  const extra = [
    m.refusedTotal > 0 ? `${m.refusedTotal} refused` : '',
    m.lostTotal > 0 ? `${m.lostTotal} lost (${lostBy})` : '',
    m.duplicates > 0 ? `${m.duplicates} duplicates` : '',
    writer.dropped > 0 ? `${writer.dropped} lines dropped (output too slow)` : '',
    writer.unwritten > 0 ? `${writer.unwritten} bytes never written (output stuck)` : '',
    counts.missed > 0 ? `${counts.missed} missed` : '',
    writer.pauses > 0 ? `paused ${writer.pauses} times for the output` : '',
  ].filter((s) => s !== '');
  io.stderr.write(
    `tinydisplay: recorded ${points} points and ${markers} gap markers from ${each.map((e) => e.id).join(', ')} in ${(recordedMs / 1000).toFixed(2)} s` +
      ` (${reason})${outPath === undefined ? '' : ` to ${outPath}`}${extra.length > 0 ? `; ${extra.join(', ')}` : ''}\n`,
  );
  for (const e of each) {
    const notice = lossNotice(e, plan.sequenceField, plan.fromConfig);
    if (notice === undefined) continue;
    io.stderr.write(`tinydisplay: ${each.length > 1 ? `source ${e.id}: ` : ''}${notice}\n`);
  }
  const incomplete = writer.dropped + writer.unwritten + counts.missed + m.lostTotal > 0;
  if (reason === 'failed') {
    for (const e of each.filter((e) => run.failedIds.includes(e.id)))
      io.stderr.write(`tinydisplay: source ${e.id} gave up: ${e.lastError ?? 'unknown error'}\n`);
    return EXIT.runtime;
  }
  if (writer.error !== undefined) {
    // A reader that went away (`record ... | head`) is a normal way to stop.
    if ((writer.error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok;
    io.stderr.write(`tinydisplay: writing the recording failed: ${writer.error.message}\n`);
    return EXIT.runtime;
  }
  return incomplete ? EXIT.incomplete : EXIT.ok;
}
