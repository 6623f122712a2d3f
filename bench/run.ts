/**
 * `npm run bench [-- --json] [-- --quick] [-- filter...]`
 *
 * Runs every `bench/*.bench.ts` (or those whose file name contains one of the filters) and prints a
 * table, or with `--json` one JSON array of `{ name, value, unit }` on stdout and nothing else.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchContext, BenchEntry, BenchFile } from './harness.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
  .sort();

const ctx: BenchContext = {
  quick,
  log: (message) => process.stderr.write(`${message}\n`),
};

const entries: BenchEntry[] = [];
let failed = 0;
for (const file of files) {
  ctx.log(`# ${file}`);
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: BenchFile };
    const got = await mod.default(ctx);
    for (const e of got) {
      entries.push(e);
      if (!json) ctx.log(`  ${e.name.padEnd(56)} ${String(e.value).padStart(14)} ${e.unit}`);
    }
  } catch (err) {
    failed++;
    ctx.log(`  FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

if (json) {
  process.stdout.write(`${JSON.stringify(entries)}\n`);
} else {
  const width = Math.max(10, ...entries.map((e) => e.name.length));
  const lines = entries.map((e) => `${e.name.padEnd(width)}  ${String(e.value).padStart(14)}  ${e.unit}`);
  process.stdout.write(`\n${'name'.padEnd(width)}  ${'value'.padStart(14)}  unit\n${lines.join('\n')}\n`);
}
// Sources and workers may leave handles behind; a benchmark run ends here.
process.exit(failed > 0 ? 1 : 0);
