/**
 * `tinydisplay replay <config> <rec.ndjson> --png-dir DIR | --gif FILE [--from T --to T]`: render a
 * recording through a config, headless, into PNG frames or a GIF. The output is a pure function of
 * the config and the recording: byte-identical across runs and machines. A progress bar (cli-progress)
 * shows on long renders when stderr is a terminal.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DisplayRuntime, parseRecording } from '../app/index.js';
import { durationTicks } from '../config/index.js';
import type { RecordedEntry } from '../data/index.js';
import { GifOutput, type Output, PngFolderOutput } from '../outputs/index.js';
import type { ReplayOptions } from './commands/replay.js';
import { loadConfigFile } from './config-check.js';
import { printCheck } from './config-file.js';
import type { CliIo } from './io.js';
import { EXIT, UsageError } from './usage-error.js';

function tickOption(text: string | undefined, name: string, fps: number): number | undefined {
  if (text === undefined) return undefined;
  const withUnit = /^\d+(\.\d+)?$/.test(text) ? `${text}s` : text;
  try {
    return durationTicks(withUnit, fps);
  } catch (e) {
    throw new UsageError(
      `--${name} ${JSON.stringify(text)}: expected a time in the recording such as 10s, 1500ms or 300ticks (${e instanceof Error ? e.message : String(e)})`,
      `--${name}`,
    );
  }
}

export async function replayRender(
  configFile: string,
  recording: string,
  options: ReplayOptions,
  io: CliIo,
): Promise<number> {
  const { pngDir, gif } = options;
  for (const [set, flag] of [
    [options.speed !== undefined, '--speed'],
    [options.fast === true, '--fast'],
    [options.fps !== undefined, '--fps'],
    [options.json === true, '--json'],
  ] as const)
    if (set)
      throw new UsageError(
        `replay <config> <recording>: ${flag} does not apply (the config sets the fps; rendering is not paced)`,
        flag,
      );
  if ((pngDir === undefined) === (gif === undefined))
    throw new UsageError(
      'replay <config> <recording>: give exactly one of --png-dir DIR or --gif FILE',
      '--png-dir',
    );
  const { check, baseDir } = loadConfigFile(configFile);
  printCheck(io, configFile, check);
  const config = check.config;
  if (config === undefined) return EXIT.runtime;
  const fps = config.display.fps;
  const fromTick = tickOption(options.from, 'from', fps);
  const untilTick = tickOption(options.to, 'to', fps);
  if (fromTick !== undefined && untilTick !== undefined && fromTick > untilTick)
    throw new UsageError(
      `replay: --from ${JSON.stringify(options.from)} is later than --to ${JSON.stringify(options.to)}: nothing to render`,
      '--from',
    );
  let entries: RecordedEntry[];
  try {
    entries = parseRecording(await readFile(recording, 'utf8'));
  } catch (e) {
    io.stderr.write(`tinydisplay: ${recording}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.runtime;
  }
  const output: Output =
    gif !== undefined
      ? new GifOutput({ path: resolve(gif) })
      : new PngFolderOutput({ dir: resolve(pngDir as string) });
  const runtime = new DisplayRuntime({
    config,
    baseDir,
    outputs: [output],
    log: (line) => io.stderr.write(`${line}\n`),
    createSource: () => {
      throw new Error('replay reads no source');
    },
  });
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let bar: { update(n: number): void; stop(): void; start(total: number, n: number): void } | undefined;
  const result = await runtime.replay(entries, {
    ...(fromTick !== undefined ? { fromTick } : {}),
    ...(untilTick !== undefined ? { untilTick } : {}),
    onProgress: async (done, total) => {
      if (!tty || total < fps * 30) return;
      if (bar === undefined) {
        const { default: progress } = await import('cli-progress');
        bar = new progress.SingleBar(
          { stream: io.stderr as never, format: 'replay [{bar}] {percentage}% {value}/{total} ticks' },
          progress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
  });
  bar?.stop();
  io.stderr.write(
    `tinydisplay: replayed ${result.entries} entries over ${result.ticks} ticks: ${runtime.frames} frames to ${gif ?? pngDir}\n`,
  );
  return EXIT.ok;
}
