/**
 * `tinydisplay record <source>`: every point and gap marker the source delivers, with the arrival
 * stamp the ring buffer gave it, as an NDJSON recording (the format `replay` and `file:` read).
 */
import { closeSync, createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { DataRecorder } from '../../app/index.js';
import { RingBuffer } from '../../data/index.js';
import type { SourceMetrics } from '../../sources/index.js';
import { numberOption, type OptionSpec, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { createSource } from '../create-source.js';
import { LineWriter } from '../line-writer.js';
import { type LiveRun, liveRunFor, runClock } from '../live-run.js';
import { SOURCE_HELP } from '../source-help.js';
import { readSourceChoice, SOURCE_OPTIONS } from '../source-options.js';
import { EXIT, UsageError } from '../usage-error.js';

/** Points the recording buffer holds: the recorder reads each one as it lands, so few are needed. */
const RECORD_CAPACITY = 4096;

/** What the summary says about loss the run could not count, or undefined when it counted all. */
export function lossNotice(m: SourceMetrics, sequenceField: string | undefined): string | undefined {
  switch (m.delivery) {
    case 'sequenced':
      return `loss counted from the sequence field ${JSON.stringify(sequenceField)}`;
    case 'complete':
      return undefined;
    case 'at-least-once':
      return (
        `loss not knowable: the broker's session kept what came while disconnected (${m.gaps} gap${m.gaps === 1 ? '' : 's'}), ` +
        'but not beyond its own queue limit; --seq-field FIELD counts every loss'
      );
    default:
      return (
        `loss not knowable: a ${m.kind} source keeps nothing sent while it is disconnected (${m.gaps} gap${m.gaps === 1 ? '' : 's'}); ` +
        '--seq-field FIELD counts every loss'
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

export const recordCommand: Command = {
  name: 'record',
  summary: 'record a source to an NDJSON file (or stdout)',
  synopsis: 'record <source> [--out FILE] [--duration SECONDS] [--max-points N] [options]',
  description: [
    'Connects <source> under a supervisor (reconnects with backoff, gap markers on drops) into a ring',
    'buffer and writes every point and gap marker as one NDJSON line with its arrival time in ms since',
    'the start. Stops on Ctrl-C / SIGTERM, after --duration, at --max-points, or when the source ends.',
    'A summary goes to stderr: what was recorded, refused, lost, duplicated and dropped, and whether loss',
    'could be counted at all. MQTT records with QoS 1 and a persistent session unless the spec says',
    'otherwise. A slow output pauses the sources that can pause; lines dropped anyway, or points lost,',
    'make the exit status 3.',
  ].join('\n'),
  options: {
    out: {
      kind: 'value',
      short: 'o',
      placeholder: 'FILE',
      help: 'write the recording here (default: stdout)',
    },
    duration: SOURCE_OPTIONS.duration as OptionSpec,
    'max-points': { kind: 'value', placeholder: 'N', help: 'stop after N data points (default: no limit)' },
    'output-buffer': {
      kind: 'value',
      placeholder: 'BYTES',
      help: 'most bytes held for a slow output before lines are dropped (default 16 MiB)',
    },
    interval: { kind: 'value', placeholder: 'SECONDS', help: 'sampling / polling interval (as --sample)' },
    ...SOURCE_OPTIONS,
  },
  epilogue: SOURCE_HELP,

  async run(args, io) {
    const choice = readSourceChoice(args, io, 'record', 'interval');
    const maxPoints = numberOption(args, 'max-points', {
      expected: 'an integer >= 1',
      min: 1,
      integer: true,
    });
    const outputBuffer =
      numberOption(args, 'output-buffer', { expected: 'an integer >= 1024', min: 1024, integer: true }) ??
      16 * 1024 * 1024;
    const outPath = stringOption(args, 'out');
    if (outPath === '') throw new UsageError('--out: expected a file path, got ""', '--out');
    const source = createSource(choice.spec, { ...choice.settings, persistentSession: true });
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
        if (full) run?.supervisor.pause();
        else run?.supervisor.resume();
      },
      // Ask the source to pause well before lines would be dropped.
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
    run = liveRunFor(choice, source, buffer, io, runClock(now));
    const reason = await run.run();
    recorder.stop();
    // On the recording's time base (the stamps in the file), so every stamp is at most this.
    const recordedMs = now();
    await writer.close(outPath !== undefined);
    const m = run.supervisor.metrics();
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
      `tinydisplay: recorded ${points} points and ${markers} gap markers from ${source.id} in ${(recordedMs / 1000).toFixed(2)} s` +
        ` (${reason})${outPath === undefined ? '' : ` to ${outPath}`}${extra.length > 0 ? `; ${extra.join(', ')}` : ''}\n`,
    );
    const notice = lossNotice(m, choice.sequenceField);
    if (notice !== undefined) io.stderr.write(`tinydisplay: ${notice}\n`);
    const incomplete = writer.dropped + writer.unwritten + counts.missed + m.lostTotal > 0;
    if (reason === 'failed') {
      io.stderr.write(`tinydisplay: source ${source.id} gave up: ${m.lastError ?? 'unknown error'}\n`);
      return EXIT.runtime;
    }
    if (writer.error !== undefined) {
      // A reader that went away (`record ... | head`) is a normal way to stop.
      if ((writer.error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok;
      io.stderr.write(`tinydisplay: writing the recording failed: ${writer.error.message}\n`);
      return EXIT.runtime;
    }
    return incomplete ? EXIT.incomplete : EXIT.ok;
  },
};
