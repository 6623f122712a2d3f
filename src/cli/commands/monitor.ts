/**
 * `tinydisplay monitor <source>`: runs the source into a ring buffer watched by a `DataLayerMonitor`
 * and prints the monitor's snapshot every interval (one JSON object per line), or the Prometheus text
 * with `--prometheus` (blocks separated by a blank line). A last snapshot is printed when the run ends.
 */

import { createMetricsExporter } from '../../app/index.js';
import { DataLayerMonitor, RingBuffer } from '../../data/index.js';
import { createSource } from '../create-source.js';
import type { CliIo } from '../io.js';
import { type LiveRun, liveRunFor, runClock } from '../live-run.js';
import { readSourceChoice, type SourceOptionValues } from '../source-options.js';
import { EXIT } from '../usage-error.js';

export interface MonitorOptions extends SourceOptionValues {
  /** ms between two snapshots. */
  readonly interval?: number;
  readonly prometheus?: boolean;
}

export async function run(
  [specText]: readonly string[],
  options: MonitorOptions,
  io: CliIo,
): Promise<number> {
  const choice = readSourceChoice(specText as string, options, io, 'monitor');
  const intervalMs = options.interval ?? 1_000;
  const prometheus = options.prometheus === true;
  const source = createSource(choice.spec, choice.settings);
  const startedAt = performance.now();
  // One clock for the snapshot's stamp and every time the supervisor reports (`lastErrorAt`...).
  const now = (): number => performance.now() - startedAt;
  const monitor = new DataLayerMonitor({ clock: now });
  const buffer = new RingBuffer({
    monitor,
    onError: (message, err) => io.stderr.write(`tinydisplay: ${message}: ${String(err)}\n`),
  });
  const run = liveRunFor(choice, source, buffer, io, runClock(now));
  run.group.attachMonitor(monitor);
  const exporter = prometheus ? createMetricsExporter(monitor) : undefined;
  // A reader that went away (`monitor ... | head`) ends the run: nothing more can be shown.
  let outputError: NodeJS.ErrnoException | undefined;
  const onOutputError = (err: NodeJS.ErrnoException): void => {
    outputError ??= err;
    run.finish('output-error');
  };
  io.stdout.on('error', onOutputError);
  // One print at a time, in order: a scrape is async (prom-client), the JSON form is not.
  let printing: Promise<void> = Promise.resolve();
  const print = (): Promise<void> => {
    printing = printing.then(async () => {
      const text = exporter ? `${await exporter.metrics()}\n` : `${JSON.stringify(monitor.metrics())}\n`;
      if (outputError === undefined) io.stdout.write(text);
    });
    return printing;
  };
  const timer = setInterval(() => void print(), intervalMs);
  let reason: Awaited<ReturnType<LiveRun['run']>>;
  try {
    reason = await run.run();
  } finally {
    clearInterval(timer);
  }
  await print();
  io.stdout.off('error', onOutputError);
  if (reason === 'failed') {
    io.stderr.write(
      `tinydisplay: source ${source.id} gave up: ${run.supervisor.metrics().lastError ?? 'unknown error'}\n`,
    );
    return EXIT.runtime;
  }
  if (outputError !== undefined && outputError.code !== 'EPIPE') {
    io.stderr.write(`tinydisplay: writing the snapshots failed: ${outputError.message}\n`);
    return EXIT.runtime;
  }
  return EXIT.ok;
}
