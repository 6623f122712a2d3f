/**
 * `tinydisplay demo`: the embedded system monitor, live in the terminal and in the browser simulator;
 * or, with --gif, rendered headless to a GIF (no network needed).
 */
import { numberOption, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../usage-error.js';
import { durationOption } from './run-config.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'a 128x64 system monitor of this machine, in the terminal and the browser simulator',
  synopsis: 'demo [--gif FILE --seconds TIME] [--frames N] [--port N]',
  description: [
    "Runs the embedded demo config: this machine's CPU (bar, sparkline), memory, temperature and",
    'network on a 128x64 mono display, with an alert sequence when CPU goes above 80 %. It shows in the',
    'terminal and in the browser simulator at the printed local URL. With --gif FILE it renders',
    'headless into FILE for --seconds (default 10s) instead; no network is used either way.',
  ].join('\n'),
  options: {
    gif: { kind: 'value', placeholder: 'FILE', help: 'render headless into this GIF instead' },
    seconds: {
      kind: 'value',
      placeholder: 'TIME',
      help: 'how long to run (10s, 500ms; default 10s with --gif)',
    },
    frames: { kind: 'value', placeholder: 'N', help: 'stop after N frames were written' },
    port: { kind: 'value', placeholder: 'N', help: 'simulator port (default 4280; 0 picks a free one)' },
  },
  async run(args, io) {
    if (args.positionals.length > 0)
      throw new UsageError(
        `demo: unexpected argument ${JSON.stringify(args.positionals[0])}`,
        args.positionals[0] as string,
      );
    const gif = stringOption(args, 'gif');
    const seconds = await durationOption(stringOption(args, 'seconds'), 'seconds');
    const frames = numberOption(args, 'frames', { expected: 'a whole number > 0', min: 1, integer: true });
    const port = numberOption(args, 'port', {
      expected: 'a port 0..65535',
      min: 0,
      max: 65535,
      integer: true,
    });
    const { buildOutputs, checkInstall, printCheck, runConfig } = await import('../config-file.js');
    // Validated ahead (test/cli/demo-config.test.ts): the demo loads neither zod nor yaml.
    const { DEMO_CONFIG_CHECKED } = await import('../demo-config-checked.js');
    const check = checkInstall(DEMO_CONFIG_CHECKED, process.cwd());
    if (check.config === undefined) {
      printCheck(io, 'demo', check);
      return EXIT.runtime;
    }
    const outputs: unknown[] = gif
      ? [{ type: 'gif', file: gif }]
      : [{ type: 'terminal' }, { type: 'simulator', host: '127.0.0.1', port: port ?? 4280 }];
    const config = { ...check.config, outputs: outputs as typeof check.config.outputs };
    const built = buildOutputs(config, process.cwd(), io);
    const result = await runConfig({
      config,
      baseDir: process.cwd(),
      io,
      outputs: built,
      ...(seconds !== undefined || gif ? { durationMs: seconds ?? 10_000 } : {}),
      ...(frames !== undefined ? { maxFrames: frames } : {}),
      onStarted: ({ simulator }) => {
        if (simulator) io.stderr.write(`tinydisplay: simulator at ${simulator.url} (Ctrl-C to stop)\n`);
      },
    });
    if (gif && result.code === 0) io.stderr.write(`tinydisplay: wrote ${gif}\n`);
    return result.code;
  },
};
