/**
 * `tinydisplay monitor <source>`: runs the source into a ring buffer watched by a `DataLayerMonitor`
 * and prints the monitor's snapshot every interval (one JSON object per line), or the Prometheus text
 * with `--prometheus` (blocks separated by a blank line). A last snapshot is printed when the run ends.
 */

import { createMetricsExporter } from '../../app/index.js';
import { DataLayerMonitor, RingBuffer } from '../../data/index.js';
import { flagOption, numberOption, SECONDS } from '../args.js';
import type { Command } from '../command.js';
import { createSource } from '../create-source.js';
import { type LiveRun, liveRunFor, runClock } from '../live-run.js';
import { SOURCE_HELP } from '../source-help.js';
import { readSourceChoice, SOURCE_OPTIONS } from '../source-options.js';
import { EXIT } from '../usage-error.js';

export const monitorCommand: Command = {
  name: 'monitor',
  summary: 'run a source and print the data layer monitor (JSON lines or Prometheus text)',
  synopsis: 'monitor <source> [--interval SECONDS] [--prometheus] [--duration SECONDS] [options]',
  description: [
    'Runs <source> under a supervisor into a ring buffer with a monitor, and prints the monitor snapshot',
    '(ingest rates, latency, refusals, memory, and the source: state, reconnects, gaps...) every',
    '--interval seconds as one line of JSON, or as Prometheus text with --prometheus. A final snapshot',
    'is printed when the run ends (Ctrl-C / SIGTERM, --duration, or the end of the source).',
  ].join('\n'),
  options: {
    interval: { kind: 'value', placeholder: 'SECONDS', help: 'seconds between two snapshots (default 1)' },
    prometheus: { kind: 'flag', help: 'print Prometheus text instead of JSON' },
    ...SOURCE_OPTIONS,
  },
  epilogue: SOURCE_HELP,

  async run(args, io) {
    const choice = readSourceChoice(args, io, 'monitor');
    const intervalMs = (numberOption(args, 'interval', SECONDS) ?? 1) * 1000;
    const prometheus = flagOption(args, 'prometheus');
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
    // One print at a time, in order: a scrape is async (prom-client), the JSON form is not.
    let printing: Promise<void> = Promise.resolve();
    const print = (): Promise<void> => {
      printing = printing.then(async () => {
        io.stdout.write(
          exporter ? `${await exporter.metrics()}\n` : `${JSON.stringify(monitor.metrics())}\n`,
        );
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
    if (reason === 'failed') {
      io.stderr.write(
        `tinydisplay: source ${source.id} gave up: ${run.supervisor.metrics().lastError ?? 'unknown error'}\n`,
      );
      return EXIT.runtime;
    }
    return EXIT.ok;
  },
};
