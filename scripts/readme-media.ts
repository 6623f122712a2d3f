/**
 * `npm run readme:media`: regenerates the README's pictures from committed files, with the CLI's
 * `replay` (the same frames, byte for byte, on every run and machine):
 *
 * - `docs/demo.gif`: the system-monitor example (the demo's screen, with memory and temperature bars in place of the network line) replayed from its committed
 *   recording: `tinydisplay replay examples/system-monitor/config.yaml
 *   examples/system-monitor/recording.ndjson --gif docs/demo.gif`;
 * - `docs/simulator.png`: the browser simulator showing the frames of that replay up to the CPU alert,
 *   screenshotted in headless Chromium (playwright-core, as test/outputs/simulator.browser.test.ts
 *   launches it; `CHROMIUM_PATH` or Debian's `chromium`). Without a Chromium it says so and keeps the
 *   committed screenshot. The screenshot is a browser's rendering: its bytes may differ between
 *   Chromium versions, unlike the GIF's and the frames'.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, Framebuffer, SimulatorOutput } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = join(root, 'examples/system-monitor/config.yaml');
const recording = join(root, 'examples/system-monitor/recording.ndjson');
/** The tick the screenshot shows: the CPU alert is on screen. */
const SCREENSHOT_TICK = 160;

function cli(...args: string[]): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status !== 0)
    throw new Error(`tinydisplay ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
}

cli('replay', config, recording, '--gif', join(root, 'docs/demo.gif'));
process.stderr.write('docs/demo.gif written\n');

const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => typeof p === 'string' && p !== '' && existsSync(p),
);
if (chromiumPath === undefined) {
  process.stderr.write(
    'docs/simulator.png kept: no Chromium (set CHROMIUM_PATH or apt-get install chromium)\n',
  );
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'tinydisplay-media-'));
try {
  cli('replay', config, recording, '--png-dir', dir, '--to', `${SCREENSHOT_TICK}ticks`);
  const frames = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  const display = { width: 128, height: 64, format: 'mono' as const, fps: 30 };
  const sim = new SimulatorOutput({ port: 0, zoom: 4, title: 'tinydisplay simulator: system monitor' });
  await sim.open(display);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 520 } });
    await page.goto(sim.url);
    await page.waitForFunction("document.getElementById('conn').className === 'live'", undefined, {
      timeout: 15_000,
    });
    let last = 0;
    for (const file of frames) {
      const tick = Number(/(\d+)\.png$/.exec(file)?.[1]);
      const image = decodePng(readFileSync(join(dir, file)));
      const fb = new Framebuffer(display);
      for (let y = 0; y < image.height; y++) {
        for (let x = 0; x < image.width; x++) {
          if ((image.data[(y * image.width + x) * 4] ?? 0) >= 128) fb.set(x, y, 1);
        }
      }
      await sim.write({ tick, framebuffer: fb, damage: [{ x: 0, y: 0, w: 128, h: 64 }] });
      last = tick;
    }
    await page.waitForFunction(`window.tinydisplay.state.liveTick === ${last}`, undefined, {
      timeout: 15_000,
    });
    await page.screenshot({ path: join(root, 'docs/simulator.png') });
    process.stderr.write(`docs/simulator.png written (tick ${last})\n`);
  } finally {
    await browser.close();
    await sim.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
