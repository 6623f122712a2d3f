/**
 * `tinydisplay demo`: the embedded system monitor, live in the terminal and in the browser simulator;
 * or, with --gif, rendered headless to a GIF (no network needed).
 */
import { readdirSync } from 'node:fs';
import type { CliIo } from '../io.js';
import { EXIT } from '../usage-error.js';

/** Whether the OS exposes a thermal zone, the file the system source reads `temperature.cpu` from. */
function hasThermalZone(): boolean {
  try {
    return readdirSync('/sys/class/thermal').some((z) => z.startsWith('thermal_zone'));
  } catch {
    return false; // not Linux, or no sysfs: no temperature either way
  }
}

export interface DemoOptions {
  readonly gif?: string;
  /** ms. */
  readonly seconds?: number;
  readonly frames?: number;
  readonly port?: number;
}

export async function run(_args: readonly string[], options: DemoOptions, io: CliIo): Promise<number> {
  const { gif, seconds, frames, port } = options;
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
  // Temperature where the machine has a sensor: without one the line says so, and no key goes unseen.
  const widgets = hasThermalZone()
    ? check.config.widgets
    : check.config.widgets.map((w) => (w.id === 'tempText' ? { ...w, text: 'TEMP n/a' } : w));
  const config = { ...check.config, widgets, outputs: outputs as typeof check.config.outputs };
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
}
