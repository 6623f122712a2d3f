/**
 * What the CLI adds to a checked config: the dry install that finishes a check, the check printed,
 * sources and outputs built from their entries, and a live run with signals and hot reload. Reading
 * and validating the file is config-check.ts, which loads zod and yaml; this file loads neither, so
 * `demo`, whose embedded config was checked ahead (demo-config-checked.ts), starts without them, and
 * `run` and its reloads check in a child process (config-check-child.ts).
 */
import { watch } from 'node:fs';
import { resolve } from 'node:path';
import { DisplayPipeline, DisplayRuntime, dryInstall, type RunResult } from '../app/index.js';
import {
  type Config,
  type ConfigCheck,
  durationMs,
  formatIssues,
  type OutputConfig,
  type SourceConfig,
} from '../config/index.js';
import {
  FbdevOutput,
  GifOutput,
  type Output,
  PngFolderOutput,
  Sh1106Output,
  SimulatorOutput,
  type SimulatorStatus,
  SpiTftOutput,
  Ssd1306Output,
  TerminalOutput,
} from '../outputs/index.js';
import type { Source } from '../sources/index.js';
import { createSource } from './create-source.js';
import type { CliIo } from './io.js';
import { parseSourceSpec } from './source-spec.js';

/** A validated config installed on a scratch pipeline (easings, maps, keyframes): the last step of a check. */
export function checkInstall(
  config: Config,
  baseDir: string,
  warnings: ConfigCheck['warnings'] = [],
): ConfigCheck {
  const problem = dryInstall(config, { baseDir, makePipeline: (fps) => new DisplayPipeline({ fps }) });
  return problem === undefined
    ? { config, errors: [], warnings }
    : { config: undefined, errors: [problem], warnings };
}

/** Print a check's warnings and errors (`path: message`, one per line) on stderr. */
export function printCheck(io: CliIo, name: string, check: ConfigCheck): void {
  if (check.warnings.length > 0)
    io.stderr.write(
      `${formatIssues(check.warnings)
        .split('\n')
        .map((l) => `${name}: warning: ${l}`)
        .join('\n')}\n`,
    );
  if (check.errors.length > 0)
    io.stderr.write(
      `${formatIssues(check.errors)
        .split('\n')
        .map((l) => `${name}: ${l}`)
        .join('\n')}\n${name}: ${check.errors.length} error${check.errors.length > 1 ? 's' : ''}\n`,
    );
}

/**
 * The `Source` of a config entry. `record` asks for MQTT's persistent session and gives the config's
 * folder, which a `file:` path is read from.
 */
export function sourceFromConfig(
  s: SourceConfig,
  fps: number,
  io: CliIo,
  extra: { readonly baseDir?: string; readonly persistentSession?: boolean } = {},
): Source {
  const spec = parseSourceSpec(s.url);
  return createSource(
    spec.kind === 'file' && extra.baseDir !== undefined
      ? { ...spec, path: resolve(extra.baseDir, spec.path) }
      : spec,
    {
      ...(extra.persistentSession === undefined ? {} : { persistentSession: extra.persistentSession }),
      id: s.id,
      intervalMs: s.interval === undefined ? undefined : durationMs(s.interval, fps),
      key: s.key,
      format: s.format,
      speed: s.speed,
      stdin: io.stdin,
    },
  );
}

/** The file a `file:` source reads, resolved against the config's folder. */
export function sourceFile(s: SourceConfig): string | undefined {
  const spec = parseSourceSpec(s.url);
  return spec.kind === 'file' ? spec.path : undefined;
}

/**
 * What the simulator page asks of the running display, bound once the runtime exists (outputs are
 * built before it): Prometheus text, the figures beside the panel, and what happened at a tick.
 */
export interface OutputHooks {
  metrics?: () => Promise<string>;
  status?: () => SimulatorStatus;
  describeTick?: (tick: number) => unknown;
}

export interface BuiltOutputs {
  readonly outputs: Output[];
  readonly clearOnExit: Output[];
  readonly simulator: SimulatorOutput | undefined;
  readonly hooks: OutputHooks;
}

/**
 * Outputs of a config; the simulator reads `hooks` (filled by `runConfig`) for its page. None is given
 * `display.rotation`: the runtime turns every frame to the panel's orientation before outputs see it.
 */
export function buildOutputs(config: Config, baseDir: string, io: CliIo): BuiltOutputs {
  const hooks: OutputHooks = {};
  const outputs: Output[] = [];
  const clearOnExit: Output[] = [];
  let simulator: SimulatorOutput | undefined;
  const report = (line: string) => io.stderr.write(`tinydisplay: ${line}\n`);
  for (const o of config.outputs as readonly OutputConfig[]) {
    switch (o.type) {
      case 'terminal':
        outputs.push(
          new TerminalOutput({
            stream: io.stdout as never,
            // The simulator's address stays on screen (a line printed once would be drawn over).
            status: () => {
              const url = simulator?.openUrl;
              return url === undefined ? '' : `simulator ${url}`;
            },
            ...(o.zoom !== undefined ? { zoom: o.zoom } : {}),
            ...(o.border !== undefined ? { border: o.border } : {}),
          }),
        );
        break;
      case 'simulator':
        simulator = new SimulatorOutput({
          host: o.host,
          port: o.port,
          ...(o.zoom !== undefined ? { zoom: o.zoom } : {}),
          ...(config.monitoring.prometheus
            ? { metrics: () => (hooks.metrics ? hooks.metrics() : Promise.resolve('')) }
            : {}),
          status: () => hooks.status?.() ?? {},
          describeTick: (tick) => hooks.describeTick?.(tick) ?? null,
          onError: (message, e) =>
            report(`simulator: ${message}: ${e instanceof Error ? e.message : String(e)}`),
        });
        outputs.push(simulator);
        break;
      case 'png-dir':
        outputs.push(new PngFolderOutput({ dir: resolve(baseDir, o.dir) }));
        break;
      case 'gif':
        outputs.push(
          new GifOutput({
            path: resolve(baseDir, o.file),
            ...(o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}),
          }),
        );
        break;
      case 'ssd1306':
      case 'sh1106': {
        const opts = {
          bus: o.bus,
          address: o.address,
          ...(o.contrast !== undefined ? { contrast: o.contrast } : {}),
        };
        const out = o.type === 'ssd1306' ? new Ssd1306Output(opts) : new Sh1106Output(opts);
        outputs.push(out);
        if (o.clearOnExit) clearOnExit.push(out);
        break;
      }
      case 'spi-tft': {
        const out = new SpiTftOutput({
          controller: o.controller,
          spi: { bus: o.bus, device: o.device, ...(o.speedHz !== undefined ? { speedHz: o.speedHz } : {}) },
          dc: o.dc,
        });
        outputs.push(out);
        if (o.clearOnExit) clearOnExit.push(out);
        break;
      }
      case 'fbdev': {
        const out = new FbdevOutput({ device: o.device });
        outputs.push(out);
        if (o.clearOnExit) clearOnExit.push(out);
        break;
      }
    }
  }
  return { outputs, clearOnExit, simulator, hooks };
}

export interface LiveConfigRun {
  readonly runtime: DisplayRuntime;
  readonly simulator: SimulatorOutput | undefined;
}

export interface RunConfigOptions {
  readonly config: Config;
  readonly baseDir: string;
  readonly io: CliIo;
  /** Replace the config's outputs. */
  readonly outputs?: BuiltOutputs;
  /** Watch this file and reload on change. */
  readonly watchFile?: string;
  /** Stop after this long (ms). */
  readonly durationMs?: number;
  readonly maxFrames?: number;
  /** Called once the outputs are open and the loop runs. */
  readonly onStarted?: (run: LiveConfigRun) => void;
}

/** Run a validated config until a signal, `durationMs`, `maxFrames` or a failure; resolves with how it ended. */
export async function runConfig(options: RunConfigOptions): Promise<RunResult> {
  const { config, baseDir, io } = options;
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const built = options.outputs ?? buildOutputs(config, baseDir, io);
  const runtime = new DisplayRuntime({
    config,
    baseDir,
    log,
    outputs: built.outputs,
    clearOnExit: built.clearOnExit,
    createSource: (s) => sourceFromConfig(s, config.display.fps, io, { baseDir }),
    sourceFile: (s) => {
      const f = sourceFile(s);
      return f === undefined ? undefined : resolve(baseDir, f);
    },
    ...(options.maxFrames !== undefined ? { maxFrames: options.maxFrames } : {}),
  });
  if (config.monitoring.prometheus) {
    const { createMetricsExporter } = await import('../app/prometheus.js');
    const exporter = createMetricsExporter(runtime.monitor);
    built.hooks.metrics = () => exporter.metrics();
  }
  if (built.simulator !== undefined) {
    const { inspectRuntime } = await import('./inspect.js');
    Object.assign(built.hooks, inspectRuntime(runtime));
  }
  const offSignal = io.onSignal(() => void runtime.stop());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    await runtime.start();
    if (options.durationMs !== undefined) timer = setTimeout(() => void runtime.stop(), options.durationMs);
    const file = options.watchFile;
    if (file !== undefined) {
      let debounce: ReturnType<typeof setTimeout> | undefined;
      // Checks run in a child and may overlap: only the latest edit's check is applied.
      let edits = 0;
      watcher = watch(file, () => {
        if (debounce !== undefined) clearTimeout(debounce);
        debounce = setTimeout(async () => {
          const edit = ++edits;
          let loaded: Awaited<ReturnType<typeof import('./config-check-child.js').loadConfigFileInChild>>;
          try {
            // In a child process, as `run` checked it first: the running display loads no validator.
            const { loadConfigFileInChild } = await import('./config-check-child.js');
            loaded = await loadConfigFileInChild(file);
          } catch (e) {
            if (edit === edits) log(`tinydisplay: reload: ${e instanceof Error ? e.message : String(e)}`);
            return;
          }
          // A later edit's check is on its way, or the run ended while this one was.
          if (edit !== edits || runtime.state !== 'running') return;
          printCheck(io, file, loaded.check);
          if (loaded.check.config === undefined)
            log('tinydisplay: reload refused: the display goes on with the config it has');
          else runtime.reload(loaded.check.config);
        }, 200);
        debounce.unref?.();
      });
      watcher.unref?.();
    }
    options.onStarted?.({ runtime, simulator: built.simulator });
    return await runtime.result;
  } catch (e) {
    await runtime.stop();
    throw e;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    watcher?.close();
    offSignal();
  }
}
