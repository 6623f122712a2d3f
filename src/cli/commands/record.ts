/**
 * `tinydisplay record <source>`: every point and gap marker the source delivers, with the arrival
 * stamp the ring buffer gave it, as an NDJSON recording (the format `replay` and `file:` read).
 */
import { closeSync, createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { DataRecorder } from '../../app/index.js';
import { RingBuffer } from '../../data/index.js';
import { numberOption, type OptionSpec, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { createSource } from '../create-source.js';
import { LineWriter } from '../line-writer.js';
import { type LiveRun, liveRunFor } from '../live-run.js';
import { SOURCE_HELP } from '../source-help.js';
import { readSourceChoice, SOURCE_OPTIONS } from '../source-options.js';
import { EXIT, UsageError } from '../usage-error.js';

/** Points the recording buffer holds: the recorder reads each one as it lands, so few are needed. */
const RECORD_CAPACITY = 4096;

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
    'A summary goes to stderr.',
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
    const outPath = stringOption(args, 'out');
    if (outPath === '') throw new UsageError('--out: expected a file path, got ""', '--out');
    const source = createSource(choice.spec, choice.settings);
    const out = outPath === undefined ? io.stdout : openOut(outPath);
    const startedAt = performance.now();
    const buffer = new RingBuffer({
      capacity: RECORD_CAPACITY,
      clock: () => performance.now() - startedAt,
      onError: (message, err) => io.stderr.write(`tinydisplay: ${message}: ${String(err)}\n`),
    });
    let run: LiveRun | undefined;
    const writer = new LineWriter(out, () => run?.finish('output-error'));
    const recorder = new DataRecorder(buffer, writer.write);
    let points = 0;
    let markers = 0;
    buffer.addListener((seq) => {
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
    run = liveRunFor(choice, source, buffer, io);
    const reason = await run.run();
    recorder.stop();
    await writer.close(outPath !== undefined);
    const m = run.supervisor.metrics();
    const counts = recorder.stats;
    const extra = [
      m.refusedTotal > 0 ? `${m.refusedTotal} refused` : '',
      m.lostTotal > 0 ? `${m.lostTotal} lost` : '',
      writer.dropped > 0 ? `${writer.dropped} lines dropped (output too slow)` : '',
      counts.missed > 0 ? `${counts.missed} missed` : '',
    ].filter((s) => s !== '');
    io.stderr.write(
      `tinydisplay: recorded ${points} points and ${markers} gap markers from ${source.id} in ${(run.elapsedMs / 1000).toFixed(2)} s` +
        ` (${reason})${outPath === undefined ? '' : ` to ${outPath}`}${extra.length > 0 ? `; ${extra.join(', ')}` : ''}\n`,
    );
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
    return EXIT.ok;
  },
};
