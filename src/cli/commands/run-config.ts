/** `tinydisplay run <config>`: run a config live, reloading it when the file changes. */
import { flagOption, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../usage-error.js';

/** `--seconds 10s` / `--duration 500ms`: a duration with its unit, in ms. */
export async function durationOption(text: string | undefined, name: string): Promise<number | undefined> {
  if (text === undefined) return undefined;
  const { parseDuration } = await import('../../config/index.js');
  const withUnit = /^\d+(\.\d+)?$/.test(text) ? `${text}s` : text;
  try {
    const d = parseDuration(withUnit);
    if (typeof d === 'number') throw new RangeError('ticks are not a wall-clock duration');
    return d.ms;
  } catch (e) {
    throw new UsageError(
      `--${name} ${JSON.stringify(text)}: expected a duration such as 10s, 500ms or 2min (${e instanceof Error ? e.message : String(e)})`,
      `--${name}`,
    );
  }
}

export const runConfigCommand: Command = {
  name: 'run',
  summary: 'run a config: sources -> bindings -> animations -> widgets -> outputs, with hot reload',
  synopsis: 'run <config> [--duration TIME] [--no-watch]',
  description: [
    'Validates <config> (every error printed, exit 1 if invalid), then runs it until Ctrl-C / SIGTERM,',
    '--duration, or a failure that cannot heal (a missing file source, a source out of retries: exit 1).',
    'When the file changes it is validated again: a valid config is swapped in at a tick boundary',
    '(the ring buffer, its history and unchanged source connections are kept); an invalid one is',
    'reported and the display goes on.',
  ].join('\n'),
  options: {
    duration: { kind: 'value', placeholder: 'TIME', help: 'stop after this long (10s, 500ms, 2min)' },
    'no-watch': { kind: 'flag', help: 'do not reload the config when the file changes' },
  },
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('run: expected a config file', 'config');
    if (extra.length > 0)
      throw new UsageError(`run: unexpected argument ${JSON.stringify(extra[0])}`, extra[0] as string);
    const durationMs = await durationOption(stringOption(args, 'duration'), 'duration');
    const { loadConfigFile } = await import('../config-check.js');
    const { printCheck, runConfig } = await import('../config-file.js');
    const { check, baseDir } = loadConfigFile(file);
    printCheck(io, file, check);
    if (check.config === undefined) return EXIT.runtime;
    const result = await runConfig({
      config: check.config,
      baseDir,
      io,
      ...(flagOption(args, 'no-watch') ? {} : { watchFile: file }),
      ...(durationMs !== undefined ? { durationMs } : {}),
      onStarted: ({ simulator }) => {
        if (simulator) io.stderr.write(`tinydisplay: simulator at ${simulator.url}\n`);
      },
    });
    return result.code;
  },
};
