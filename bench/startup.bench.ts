/**
 * Start-up, from the built package (`dist/`, built first when missing or older than `src/`): what a
 * user of the published package waits for. Each figure is the median of several fresh processes.
 *
 * - `startup.import_ms`: `import('tinydisplay')` inside a fresh node process (process start excluded).
 * - `startup.import_peak_rss_mb`: that process's peak RSS once the import is done (the Pi budget is
 *   64 MB for a whole running display; an empty `node` process is about 40 MB of it here).
 * - `startup.cli_help_ms`: `tinydisplay --help`, spawn to exit.
 * - `startup.demo_first_frame_ms`: `tinydisplay demo --gif FILE --frames 1`, spawn to exit: the first
 *   frame composed and written headless (the GIF encoded and closed with it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchEntry, type BenchFile, percentiles, round } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt(log: (m: string) => void): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist', 'index.js')).mtimeMs;
  } catch {}
  if (built > newest(join(root, 'src'))) return;
  log('  building dist/ (npm run build)');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

function median(samples: number[]): number {
  return percentiles(samples, [0.5])[0] as number;
}

const run: BenchFile = async (ctx) => {
  ensureBuilt(ctx.log);
  const n = ctx.quick ? 3 : 7;
  const index = join(root, 'dist', 'index.js');
  const cli = join(root, 'dist', 'cli', 'main.js');
  const imports: number[] = [];
  const rss: number[] = [];
  const helps: number[] = [];
  const firsts: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'td-startup-'));
  try {
    for (let i = 0; i < n; i++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = performance.now(); await import(${JSON.stringify(index)}); process.stdout.write(\`\${performance.now() - t} \${process.resourceUsage().maxRSS / 1024}\`);`,
        ],
        { encoding: 'utf8' },
      );
      const [ms, mb] = out.split(' ').map(Number);
      imports.push(ms as number);
      rss.push(mb as number);
      let t = performance.now();
      const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
      helps.push(performance.now() - t);
      if (help.status !== 0) throw new Error(`--help exited ${help.status}: ${help.stderr}`);
      t = performance.now();
      const demo = spawnSync(
        process.execPath,
        [cli, 'demo', '--gif', join(dir, `d${i}.gif`), '--frames', '1'],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      firsts.push(performance.now() - t);
      if (demo.status !== 0) throw new Error(`demo --frames 1 exited ${demo.status}: ${demo.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const entries: BenchEntry[] = [
    { name: 'startup.import_ms', value: round(median(imports)), unit: 'ms' },
    { name: 'startup.import_peak_rss_mb', value: round(median(rss)), unit: 'MB' },
    { name: 'startup.cli_help_ms', value: round(median(helps)), unit: 'ms' },
    { name: 'startup.demo_first_frame_ms', value: round(median(firsts)), unit: 'ms' },
  ];
  return entries;
};

export default run;
