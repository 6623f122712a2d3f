/**
 * `npm run bench:pi [-- --seconds N] [-- --json]`: the Raspberry Pi Zero 2W budget (issue 10, item 4).
 *
 * Builds dist/, finds a broker (the one at 127.0.0.1:1883 when it answers, else an in-process aedes),
 * publishes 100 msg/s to it from this process, and runs the whole pipeline (bench/pi-pipeline.mjs:
 * system source at 1 Hz, MQTT, binder, six widgets, 60 fps on the real TickClock, an SSD1306 on a
 * null bus) in a child process pinned to one core (`taskset -c 0`) with PI_NODE_FLAGS (64 MB old
 * space, 1 MB semi-spaces, one V8 worker thread), for 60 s after a 3 s warm-up; then the floor
 * (bench/pi-floor.mjs: the same timer and socket wake-ups with nothing behind them) for 15 s.
 * Prints CPU time per second of display, frames composed vs ticks, peak RSS and heap, the projected
 * share of one Cortex-A53 core at 1 GHz with the factor and why, and the floor's CPU and share.
 * With `--json`, one JSON array of `{ name, value, unit }` on stdout (the `bench` format), with
 * `pi.cpu_share_of_a53_core.projected` and `pi.peak_rss_mb`.
 *
 * Not part of `npm run bench` (it takes a minute): that runner takes `*.bench.ts` files only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { localBroker } from '../scripts/local-broker.js';
import type { BenchEntry } from './harness.js';
import {
  A53_HZ,
  A53_IPC,
  ARM64_FACTOR,
  countPiInstructions,
  KERNEL_US_PER_WAKEUP,
  PI_NODE_FLAGS,
  type PiCount,
  valgrindVersion,
} from './pi-count.js';
import { sensorPayload } from './pi-display.mjs';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    /** The library entry the pipeline child imports (default dist/index.js): another build to compare. */
    lib: { type: 'string' },
    /** Seconds of the floor child (bench/pi-floor.mjs: wake-ups only, no pipeline); 0 skips it. */
    'floor-seconds': { type: 'string', default: '15' },
    /** Messages per second published (default 100, what item 4 asks; other rates only to split the costs). */
    rate: { type: 'string', default: '100' },
    'no-build': { type: 'boolean', default: false },
    /** Replace the child's V8 flags (default: PI_NODE_FLAGS, what docs/raspberry-pi.md's unit sets), space-separated. */
    'node-flags': { type: 'string' },
    /** Write a V8 CPU profile of the pipeline child into this directory (node --cpu-prof). */
    profile: { type: 'string' },
    /** Sampling interval of that profile in microseconds (node --cpu-prof-interval; default 1000). */
    'profile-interval': { type: 'string' },
    /** Write a sampling profile of the measured window's allocations (collected ones too) to this file. */
    'alloc-profile': { type: 'string' },
    /**
     * Count the display's instructions under callgrind (bench/pi-count.ts, a few more minutes) and
     * project from the count: `auto` (default) where perf cannot count the live child and valgrind is
     * installed, `yes` always, `no` never (the projection is then the time x 10 one).
     */
    instructions: { type: 'string', default: 'auto' },
    /** Seconds of simulated display counted, after how many of warm-up (see bench:pi:instructions). */
    'instructions-seconds': { type: 'string', default: '30' },
    'instructions-warmup': { type: 'string', default: '60' },
  },
});
const seconds = Number(opt.seconds);
const warmup = Number(opt.warmup);
if (!(seconds > 0)) throw new Error(`bench:pi: --seconds must be a number > 0, got ${opt.seconds}`);
if (!(warmup >= 0)) throw new Error(`bench:pi: --warmup must be a number >= 0, got ${opt.warmup}`);
if (!['auto', 'yes', 'no'].includes(opt.instructions))
  throw new Error(`bench:pi: --instructions must be auto, yes or no, got ${opt.instructions}`);
const countSeconds = Number(opt['instructions-seconds']);
const countWarmup = Number(opt['instructions-warmup']);
if (!Number.isInteger(countSeconds) || countSeconds < 1 || !Number.isInteger(countWarmup) || countWarmup < 1)
  throw new Error(
    `bench:pi: --instructions-seconds and --instructions-warmup must be whole numbers >= 1, got ${opt['instructions-seconds']} and ${opt['instructions-warmup']}`,
  );
const log = (line: string) => process.stderr.write(`${line}\n`);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Messages per second the publisher sends. */
const RATE = Number(opt.rate);
if (!(RATE >= 0)) throw new Error(`bench:pi: --rate must be a number >= 0, got ${opt.rate}`);
/**
 * Cortex-A53 at 1 GHz vs one core of this machine, for the same JavaScript. DESIGN.md puts this
 * machine at 5-10x a Pi Zero 2W per core; we take the slow end, 10. Why that end: the A53 is in-order,
 * dual-issue, with a 512 KB L2 shared by four cores and LPDDR2 memory, and V8's JIT code is branchy,
 * pointer-chasing work where an in-order core stalls; published JS benchmark scores (Speedometer,
 * JetStream) of A53 boards at 1.2-1.4 GHz sit around a tenth of a desktop x86 core's, and ours runs
 * at 1 GHz. The projection of record only when instructions cannot be counted (neither `perf stat -e
 * instructions` on the live child nor callgrind on the simulated display); always printed as
 * `pi.cpu_share_of_a53_core.projected_from_time`.
 */
const A53_FACTOR = 10;

// ---- dist/ -------------------------------------------------------------------------------------------
if (!opt['no-build']) {
  log('bench:pi: building dist/ (npm run build)');
  const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (b.status !== 0) throw new Error('bench:pi: npm run build failed');
}

// ---- broker ------------------------------------------------------------------------------------------
/** The broker's `$SYS/broker/version`, or undefined when it does not say within 1 s. */
async function brokerVersion(url: string): Promise<string | undefined> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 2_000 });
  try {
    return await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 1_000);
      client.on('message', (_topic, payload) => {
        clearTimeout(timer);
        resolve(payload.toString('utf8'));
      });
      client.subscribe('$SYS/broker/version');
    });
  } finally {
    await client.endAsync();
  }
}

const broker = await localBroker();
const url = broker.url;
const closeBroker = () => broker.close();
const brokerName = broker.external
  ? `${(await brokerVersion(url).catch(() => undefined)) ?? 'the broker'} at 127.0.0.1:1883`
  : `in-process aedes at ${url.replace('mqtt://', '')} (nothing answered at 127.0.0.1:1883)`;
log(`bench:pi: broker: ${brokerName}`);

// ---- publisher: 100 msg/s, counted against elapsed time so the rate holds when timers are late ------
const topic = `tinydisplay-bench/${process.pid}/sensor`;
const publisher = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
let published = 0;
const publishStart = performance.now();
const publishTimer = setInterval(() => {
  const due = Math.floor(((performance.now() - publishStart) * RATE) / 1000);
  for (; published < due; published++) {
    publisher.publish(topic, sensorPayload(published, RATE));
  }
}, 10);

// ---- the pipeline, pinned -----------------------------------------------------------------------------
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const nodeFlags =
  opt['node-flags'] === undefined ? PI_NODE_FLAGS : opt['node-flags'].split(/\s+/).filter(Boolean);
const nodeArgs = [
  ...nodeFlags,
  ...(opt.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${opt.profile}`]),
  ...(opt['profile-interval'] === undefined ? [] : [`--cpu-prof-interval=${opt['profile-interval']}`]),
  join(root, 'bench/pi-pipeline.mjs'),
  '--url',
  url,
  '--topic',
  topic,
  '--seconds',
  String(seconds),
  '--warmup',
  String(warmup),
  ...(opt['alloc-profile'] === undefined ? [] : ['--alloc-profile', opt['alloc-profile']]),
  ...(opt.lib === undefined ? [] : ['--lib', pathToFileURL(resolvePath(opt.lib)).href]),
];
const [cmd, args] = pinned
  ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]]
  : [process.execPath, nodeArgs];
log(
  `bench:pi: pipeline child ${pinned ? 'pinned to core 0 (taskset -c 0)' : 'NOT pinned (no taskset)'}, ` +
    `node ${nodeFlags.join(' ')}, ${warmup} s warm-up + ${seconds} s measured`,
);
// Where perf counts instructions, it counts the child's for the measured window only (from the
// child's "# measuring" line to its report).
const perfProbe = spawnSync('perf', ['stat', '-x', ',', '-e', 'instructions', 'true'], { encoding: 'utf8' });
const perfProbeLine = (perfProbe.stderr ?? '').split('\n').find((l) => l.includes('instructions')) ?? '';
const countable = perfProbe.status === 0 && /^\d+,/.test(perfProbeLine);
const child = spawn(cmd as string, args as string[], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let stdout = '';
let perfRun: ReturnType<typeof spawn> | undefined;
let perfOut = '';
child.stdout.on('data', (d: Buffer) => {
  stdout += d.toString('utf8');
  if (countable && perfRun === undefined && stdout.includes('# measuring\n') && child.pid !== undefined) {
    perfRun = spawn('perf', ['stat', '-x', ',', '-e', 'instructions', '-p', String(child.pid)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    perfRun.stderr?.on('data', (e: Buffer) => {
      perfOut += e.toString('utf8');
    });
  }
  if (perfRun !== undefined && stdout.includes('"cpuMsPerSecond"')) perfRun.kill('SIGINT');
});
const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
if (perfRun !== undefined && perfRun.exitCode === null)
  await new Promise((resolve) => perfRun?.on('close', resolve));
if (code !== 0) throw new Error(`bench:pi: the pipeline child exited with ${code}`);

// ---- the floor: the same wake-ups with nothing behind them ---------------------------------------
interface FloorReport {
  seconds: number;
  cpuMsPerSecond: number;
  ticks: number;
  reads: number;
  peakRssBytes: number;
}
const floorSeconds = Number(opt['floor-seconds']);
let floor: FloorReport | undefined;
if (floorSeconds > 0) {
  const floorArgs = [
    ...nodeFlags.filter((f) => !f.startsWith('--cpu-prof') && !f.startsWith('--prof')),
    join(root, 'bench/pi-floor.mjs'),
    '--url',
    url,
    '--topic',
    topic,
    '--seconds',
    String(floorSeconds),
    '--warmup',
    String(Math.min(warmup, 3)),
  ];
  // Not spawnSync: the publisher in this process keeps publishing meanwhile.
  const f = pinned
    ? spawn('taskset', ['-c', '0', process.execPath, ...floorArgs], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : spawn(process.execPath, floorArgs, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  f.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const status = await new Promise<number | null>((resolve) => f.on('close', resolve));
  if (status !== 0) throw new Error(`bench:pi: the floor child exited with ${status}`);
  floor = JSON.parse(out.trim().split('\n').pop() ?? '{}') as FloorReport;
}
clearInterval(publishTimer);
await publisher.endAsync();
await closeBroker();

interface ChildReport {
  node: string;
  arch: string;
  seconds: number;
  cpuUserUs: number;
  cpuSystemUs: number;
  cpuMsPerSecond: number;
  ticks: number;
  ticksProcessed: number;
  framesComposed: number;
  writesDeferred: number;
  busBytes: number;
  points: number;
  lateTicks: number;
  skippedTicks: number;
  ticksJumped: number;
  peakRssBytes: number;
  peakRssSampledBytes: number;
  peakRssMbByMinute: number[];
  peakHeapUsedBytes: number;
  peakHeapTotalBytes: number;
  outputErrors: number;
  sources: { id: string; state: string; messages: number; refused: number; lost: number }[];
  heapSpacesMb: Record<string, number>;
}
const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildReport;

// ---- projection -----------------------------------------------------------------------------------
// In order of preference: perf's count of the live child's instructions (user and kernel); callgrind's
// count of the same display in simulated time (user space, the kernel's wake-ups estimated apart:
// bench/pi-count.ts); the x86 CPU time x A53_FACTOR. The time is always reported too.
const x86Share = r.cpuMsPerSecond / 1000;
const fromTime = x86Share * A53_FACTOR;
const instructions = Number(/^(\d+),/m.exec(perfOut)?.[1] ?? Number.NaN);
const perfWhy = perfProbe.error
  ? 'perf not installed'
  : countable
    ? 'no count for the child'
    : 'not supported on this machine';
let count: PiCount | undefined;
let countSkipped: string | undefined;
const wantCount =
  opt.instructions === 'yes' || (opt.instructions === 'auto' && !Number.isFinite(instructions));
if (wantCount) {
  const version = valgrindVersion();
  if (version === undefined) countSkipped = 'valgrind is not installed';
  else {
    log(
      `bench:pi: counting instructions of the same display in simulated time (${version}; --instructions no skips this)`,
    );
    count = await countPiInstructions({
      root,
      warmup: countWarmup,
      seconds: countSeconds,
      log: (line) => log(`bench:pi: ${line}`),
    });
  }
} else countSkipped = opt.instructions === 'no' ? '--instructions no' : 'perf counted the live child';
const timeHow =
  `x86 CPU time x ${A53_FACTOR} (${A53_FACTOR} = the slow end of DESIGN.md's 5-10x per-core ratio for an in-order dual-issue A53 at 1 GHz ` +
  'against this x86 core on JIT-compiled JavaScript)';
let projected: number;
let how: string;
if (countable && Number.isFinite(instructions)) {
  projected = instructions / r.seconds / (A53_IPC * A53_HZ);
  how = `${Math.round(instructions / r.seconds)} instructions/s of the live child (perf stat) / (A53 IPC ${A53_IPC} x 1 GHz)`;
} else if (count !== undefined) {
  projected = count.central.total;
  how =
    `callgrind's count of the same display in simulated time (perf stat -e instructions: ${perfWhy}): ` +
    `${Math.round(count.instructionsPerSecond)} x86-64 user-space instructions per display second x ${ARM64_FACTOR} (AArch64) / (IPC ${A53_IPC} x 1 GHz) ` +
    `+ ${Math.round(count.wakeupsPerSecond)} kernel wake-ups/s x ${KERNEL_US_PER_WAKEUP} us (the lines above; docs/pi-projection.md says why)`;
} else {
  projected = fromTime;
  how = `${timeHow}; perf stat -e instructions: ${perfWhy}; callgrind: ${countSkipped ?? 'not run'}`;
}

const mb = (b: number) => b / 1048576;
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const mqttSource = r.sources.find((s) => s.id === 'mqtt');
const entries: BenchEntry[] = [
  { name: 'pi.cpu_share_of_a53_core.projected', value: round(projected, 4), unit: 'share (0..1)' },
  { name: 'pi.peak_rss_mb', value: round(mb(r.peakRssBytes), 1), unit: 'MB' },
  { name: 'pi.cpu_share_of_a53_core.projected_from_time', value: round(fromTime, 4), unit: 'share (0..1)' },
  { name: 'pi.cpu_ms_per_s', value: round(r.cpuMsPerSecond, 2), unit: 'ms CPU / s display (x86)' },
  { name: 'pi.ticks_per_s', value: round(r.ticksProcessed / r.seconds, 1), unit: 'ticks/s' },
  { name: 'pi.frames_composed_per_s', value: round(r.framesComposed / r.seconds, 1), unit: 'frames/s' },
  { name: 'pi.peak_heap_used_mb', value: round(mb(r.peakHeapUsedBytes), 1), unit: 'MB' },
  { name: 'pi.peak_heap_total_mb', value: round(mb(r.peakHeapTotalBytes), 1), unit: 'MB' },
  { name: 'pi.bus_bytes_per_s', value: Math.round(r.busBytes / r.seconds), unit: 'bytes/s' },
  ...(floor === undefined
    ? []
    : [
        { name: 'pi.floor_cpu_ms_per_s', value: round(floor.cpuMsPerSecond, 2), unit: 'ms CPU / s (x86)' },
        {
          name: 'pi.floor_cpu_share_of_a53_core.projected',
          value: round((floor.cpuMsPerSecond / 1000) * A53_FACTOR, 4),
          unit: 'share (0..1)',
        },
      ]),
  { name: 'pi.points_per_s', value: round(r.points / r.seconds, 1), unit: 'points/s' },
  ...(count?.entries ?? []),
];

log(`bench:pi: node ${r.node} ${r.arch}, ${round(r.seconds, 1)} s measured, broker: ${brokerName}`);
log(
  `  CPU: ${round(r.cpuMsPerSecond)} ms per second of display (user ${round(r.cpuUserUs / 1000 / r.seconds)} + system ${round(r.cpuSystemUs / 1000 / r.seconds)}), ${round(x86Share * 100)} % of this x86 core`,
);
log(
  `  ticks: ${r.ticksProcessed} processed (${round(r.ticksProcessed / r.seconds, 1)}/s, target 60), ${r.ticks} clock callbacks, ` +
    `${r.lateTicks} late, ${r.skippedTicks} caught up, ${r.ticksJumped} jumped`,
);
log(
  `  frames: ${r.framesComposed} composed of ${r.ticksProcessed} ticks (${round((100 * r.framesComposed) / Math.max(1, r.ticksProcessed), 1)} %), ` +
    `${r.writesDeferred} writes deferred behind a pending one, ${r.busBytes} bytes on the (null) I2C bus (${Math.round(r.busBytes / r.seconds)}/s), ${r.outputErrors} output errors`,
);
log(
  `  data: ${r.points} points (${round(r.points / r.seconds, 1)}/s; published ${RATE}/s + system 1/s); ` +
    `mqtt ${mqttSource ? `${mqttSource.messages} accepted, ${mqttSource.refused} refused, ${mqttSource.lost} lost` : 'missing'}`,
);
log(
  `  memory: peak RSS ${round(mb(r.peakRssBytes), 1)} MB (getrusage maxrss; sampled every second: ${round(mb(r.peakRssSampledBytes), 1)} MB), ` +
    `peak heap used ${round(mb(r.peakHeapUsedBytes), 1)} MB, heap total ${round(mb(r.peakHeapTotalBytes), 1)} MB`,
);
if (r.peakRssMbByMinute.length > 1)
  log(`  peak RSS sampled in each minute from the start (MB): ${r.peakRssMbByMinute.join(', ')}`);
log(
  `  heap spaces at the end (MB): ${Object.entries(r.heapSpacesMb)
    .map(([k, v]) => `${k.replace(/_space$/, '')} ${v}`)
    .join(', ')}`,
);
if (count !== undefined) {
  log(`  instructions (bench/pi-count.ts): ${count.lines[0]}`);
  for (const line of count.lines.slice(1)) log(`  ${line}`);
}
log(
  `  projected share of one Cortex-A53 core at 1 GHz: ${round(projected * 100, 1)} % (target < 25 %: ${projected < 0.25 ? 'holds' : 'MISSED'})`,
);
log(`    how: ${how}`);
if (projected !== fromTime)
  log(
    `  from the time instead (pi.cpu_share_of_a53_core.projected_from_time): ${round(fromTime * 100, 1)} % (${timeHow}; ` +
      'on a virtual machine whose timer wake-ups cost hundreds of microseconds this counts the VM, not the A53: see the floor below and docs/performance.md)',
  );
if (floor !== undefined)
  log(
    `  floor (bench/pi-floor.mjs, same flags and core, ${round(floor.seconds, 1)} s): ${round(floor.cpuMsPerSecond)} ms per second ` +
      `for ${floor.ticks} timer wake-ups (${round(floor.ticks / floor.seconds, 1)}/s) and ${floor.reads} socket reads ` +
      `(${round(floor.reads / floor.seconds, 1)}/s) of the same MQTT stream, nothing done with them; ` +
      `x ${A53_FACTOR} (the time factor above) = ${round((floor.cpuMsPerSecond / 1000) * A53_FACTOR * 100, 1)} % of an A53 core; peak RSS ${round(mb(floor.peakRssBytes), 1)} MB`,
  );
log(
  `  peak RSS ${round(mb(r.peakRssBytes), 1)} MB (target < 64 MB: ${mb(r.peakRssBytes) < 64 ? 'holds' : 'MISSED'})`,
);

if (opt.json) process.stdout.write(`${JSON.stringify(entries)}\n`);
else
  for (const e of entries)
    process.stdout.write(`${e.name.padEnd(40)} ${String(e.value).padStart(12)} ${e.unit}\n`);
process.exit(0);
