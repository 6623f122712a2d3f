/**
 * `npm run bench:pi:instructions [-- --json] [-- --seconds N] [-- --warmup W]`: the Raspberry Pi Zero 2W
 * budget of issue 10 (item 4) from an instruction count, where `perf stat -e instructions` is not
 * available: valgrind's callgrind counts the user-space instructions of the bench:pi display run in
 * simulated time (bench/pi-sim.mjs: the system source at 1 Hz, 100 MQTT packets per second through
 * our MQTT client and a source context, the six-widget scene at 60 ticks per second, an SSD1306 on a null bus).
 *
 * The counting is bench/pi-count.ts's (`npm run bench:pi` runs the same after its live run);
 * docs/pi-projection.md gives the method, the assumptions and why they are what they are.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countPiInstructions, valgrindVersion } from './pi-count.js';

const { values: opt } = parseArgs({
  options: {
    /** Seconds of display counted. */
    seconds: { type: 'string', default: '30' },
    /**
     * Seconds of display before them. The first ~50 s cost several times the steady state (V8 compiles
     * and re-optimizes as the ticks go: 69, 38, 26, 16, 12 then ~10 ms of CPU per display second in
     * blocks of 10 s, natively); a Pi runs for days, so the steady state is what counts.
     */
    warmup: { type: 'string', default: '60' },
    json: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const seconds = Number(opt.seconds);
const warmup = Number(opt.warmup);
if (!Number.isInteger(seconds) || seconds < 1)
  throw new Error(`bench:pi:instructions: --seconds must be a whole number >= 1, got ${opt.seconds}`);
if (!Number.isInteger(warmup) || warmup < 1)
  throw new Error(`bench:pi:instructions: --warmup must be a whole number >= 1, got ${opt.warmup}`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---- dist/ --------------------------------------------------------------------------------------------
if (!opt['no-build']) {
  log('bench:pi:instructions: building dist/ (npm run build)');
  const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (b.status !== 0) throw new Error('bench:pi:instructions: npm run build failed');
}
const version = valgrindVersion();
if (version === undefined)
  throw new Error(
    'bench:pi:instructions: valgrind is not installed (apt-get install valgrind); npm run bench:pi projects from CPU time instead',
  );
log(`bench:pi:instructions: ${version}, node ${process.version} ${process.arch}`);
const count = await countPiInstructions({
  root,
  warmup,
  seconds,
  log: (line) => log(`bench:pi:instructions: ${line}`),
});
// The text goes to stderr in both modes; with --json the entries go to stdout, and nothing else.
if (opt.json) process.stdout.write(`${JSON.stringify(count.entries)}\n`);
log(`bench:pi:instructions: ${count.lines[0]}`);
for (const line of count.lines.slice(1)) log(line);
