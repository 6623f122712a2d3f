/** `tinydisplay run <config>`: run a config live, reloading it when the file changes. */
import type { CliIo } from '../io.js';
import { EXIT } from '../usage-error.js';

export interface RunOptions {
  /** ms. */
  readonly duration?: number;
  /** false with --no-watch. */
  readonly watch: boolean;
}

export async function run([file]: readonly string[], options: RunOptions, io: CliIo): Promise<number> {
  // Checked in a child process: the display that runs for days never loads zod and yaml.
  const { loadConfigFileInChild } = await import('../config-check-child.js');
  const { printCheck, runConfig } = await import('../config-file.js');
  const { check, baseDir } = await loadConfigFileInChild(file as string);
  printCheck(io, file as string, check);
  if (check.config === undefined) return EXIT.runtime;
  const result = await runConfig({
    config: check.config,
    baseDir,
    io,
    ...(options.watch ? { watchFile: file as string } : {}),
    ...(options.duration !== undefined ? { durationMs: options.duration } : {}),
    onStarted: ({ simulator }) => {
      if (simulator) io.stderr.write(`tinydisplay: simulator at ${simulator.url}\n`);
    },
  });
  return result.code;
}
