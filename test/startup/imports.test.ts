/**
 * Start-up on a small board: `import 'tinydisplay'` loads no dependency a program does not use. On a
 * Raspberry Pi Zero 2W, zod and yaml take seconds to import and mqtt about as long, and every module
 * counts against the board's memory. Each check runs a fresh Node process on the sources (through
 * tsx) with test/startup/load-trace.cjs preloaded, which lists every script V8 compiled.
 *
 * The same holds for the built package, import and require, with the network built-ins too
 * (test/package.test.ts: tsx itself loads node:net, so the built-ins are checked there).
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAVY_PACKAGES, traceLoads } from './load-trace.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = (file: string) => JSON.stringify(pathToFileURL(`${root}src/${file}`).href);
const esm = ['--import', 'tsx', '--input-type=module'];
const heavyIn = (packages: readonly string[]) => packages.filter((p) => HEAVY_PACKAGES.includes(p));

describe('what importing the package loads', () => {
  it('tinydisplay and tinydisplay/advanced: none of the heavy dependencies', () => {
    const run = traceLoads(`await import(${entry('index.ts')}); await import(${entry('advanced.ts')});`, {
      cwd: root,
      execArgv: esm,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(heavyIn(run.packages)).toEqual([]);
  }, 60_000);

  it('creating network sources and outputs loads nothing either: a client loads when it starts or opens', () => {
    const run = traceLoads(
      `const t = await import(${entry('index.ts')});
       new t.MqttSource({ id: 'm', url: 'mqtt://127.0.0.1:1883', topics: ['a/#'] });
       new t.WebSocketSource({ id: 'w', url: 'ws://127.0.0.1:1' });
       new t.HttpPollSource({ id: 'h', url: 'https://127.0.0.1:1/x' });
       new t.TcpNdjsonSource({ id: 't', mode: 'client', port: 1 });
       new t.SimulatorOutput({ port: 0 });
       new t.GifOutput({ path: 'x.gif' });
       new t.Ssd1306Output({ bus: 1 });
       new t.PngFolderOutput({ dir: '.' });
       new t.DisplayPipeline({ fps: 30 });`,
      { cwd: root, execArgv: esm },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(heavyIn(run.packages)).toEqual([]);
  }, 60_000);

  it('tinydisplay/config loads the validator: zod and yaml (the trace sees a dependency that is loaded)', () => {
    const run = traceLoads(`await import(${entry('config.ts')});`, { cwd: root, execArgv: esm });
    expect(run.status, run.stderr).toBe(0);
    expect(heavyIn(run.packages)).toEqual(['yaml', 'zod']);
  }, 60_000);

  it('tinydisplay demo renders its first frame without zod and yaml (its config was checked ahead)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-demo-trace-'));
    try {
      const gif = join(dir, 'demo.gif');
      const argv = ['demo', '--gif', gif, '--frames', '1'];
      const run = traceLoads(
        `process.argv = [process.execPath, "tinydisplay", ...${JSON.stringify(argv)}]; await import(${entry('cli/main.ts')});`,
        { cwd: root, execArgv: esm },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(statSync(gif).size).toBeGreaterThan(0);
      expect(run.packages).not.toContain('zod');
      expect(run.packages).not.toContain('yaml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('tinydisplay run draws from a config file without zod and yaml in its process (a child checked it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-run-trace-'));
    try {
      const config = join(dir, 'display.yaml');
      copyFileSync(join(root, 'test/fixtures/config/synthetic.yaml'), config);
      const argv = ['run', config, '--duration', '500ms', '--no-watch'];
      const run = traceLoads(
        `process.argv = [process.execPath, "tinydisplay", ...${JSON.stringify(argv)}]; await import(${entry('cli/main.ts')});`,
        { cwd: root, execArgv: esm },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(readdirSync(join(dir, 'frames')).length).toBeGreaterThan(0);
      expect(run.packages).not.toContain('zod');
      expect(run.packages).not.toContain('yaml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
