/**
 * What a Node process loads: runs `code` with test/startup/load-trace.cjs preloaded and returns the
 * packages (`zod`, `@scope/name`) and built-in modules (`node:https`) it compiled.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tracer = fileURLToPath(new URL('./load-trace.cjs', import.meta.url));

/**
 * The dependencies that must load only when what needs them is created: network clients and servers,
 * encoders, the config validator, native drivers, and the development tools that are never a runtime
 * dependency. `import 'tinydisplay'` (and `tinydisplay/advanced`) loads none of them.
 */
export const HEAVY_PACKAGES: readonly string[] = [
  'zod',
  'yaml',
  'mqtt',
  'ws',
  'prom-client',
  'pngjs',
  'gifenc',
  '@marcbachmann/cel-js',
  'cli-progress',
  'i2c-bus',
  'spi-device',
  'playwright-core',
  'aedes',
  '@napi-rs/canvas',
];

/** Built-in modules that only a network source or the simulator needs (TLS alone is ~10 % of a cold import). */
export const NETWORK_BUILTINS: readonly string[] = ['node:http', 'node:https', 'node:net', 'node:tls'];

export interface LoadTrace {
  /** Packages under node_modules, by name, each once, sorted. */
  readonly packages: readonly string[];
  /** Public built-in modules (`node:fs`; no `node:internal/...`), each once, sorted. */
  readonly builtins: readonly string[];
  readonly status: number | null;
  readonly stderr: string;
}

const PACKAGE = /[/\\]node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)[/\\]/;

/** Run `node [execArgv] -e code` in `cwd` and report what it loaded. */
export function traceLoads(code: string, options: { cwd: string; execArgv?: readonly string[] }): LoadTrace {
  const dir = mkdtempSync(join(tmpdir(), 'td-load-trace-'));
  const file = join(dir, 'trace.txt');
  try {
    const run = spawnSync(process.execPath, [...(options.execArgv ?? []), '-r', tracer, '-e', code], {
      cwd: options.cwd,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TINYDISPLAY_LOAD_TRACE: file },
    });
    let urls: string[] = [];
    try {
      urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    } catch {}
    const packages = new Set<string>();
    const builtins = new Set<string>();
    for (const url of urls) {
      if (url.startsWith('node:')) {
        if (!url.startsWith('node:internal/')) builtins.add(url);
        continue;
      }
      const m = PACKAGE.exec(url);
      if (m?.[1]) packages.add(m[1].replace(/\\/g, '/'));
    }
    return {
      packages: [...packages].sort(),
      builtins: [...builtins].sort(),
      status: run.status,
      stderr: run.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
