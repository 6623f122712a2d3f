/**
 * The instruction count of the bench:pi display, and the share of one Cortex-A53 core it projects to:
 * what `npm run bench:pi` uses where `perf stat -e instructions` cannot count (and prints), and all that
 * `npm run bench:pi:instructions` does. docs/pi-projection.md gives the method and the assumptions.
 *
 * valgrind's callgrind counts the user-space instructions of the display run in simulated time
 * (bench/pi-sim.mjs: the system source at 1 Hz, 100 MQTT packets per second through the MQTT client and
 * a source context, the six-widget scene at 60 ticks per second, an SSD1306 on a null bus), twice: for W
 * and W+N seconds of display; (Ir(W+N) - Ir(W)) / N is the count per second of display, start-up,
 * module loading and JIT warm-up cancelling out. The same two lengths run without valgrind must report
 * the same work (ticks, frames, bus bytes, messages, hash of the last frame). The count is user space
 * only: the kernel's part (timer wake-ups, socket reads, /proc reads) is estimated from the wake-ups per
 * second and a stated cost per wake-up, and shown apart.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type A53Share, instructionsPerSecond, projectA53Share } from './a53-projection.js';
import { parseCallgrindCollected } from './callgrind.js';
import type { BenchEntry } from './harness.js';

/**
 * The V8 flags of the pipeline child: the ones docs/raspberry-pi.md's systemd unit sets (NODE_OPTIONS),
 * each measured here in 15 s runs of this bench (peak RSS, same CPU within the noise):
 * - `--max-old-space-size=64`: item 4's old-space cap;
 * - `--max-semi-space-size=1`: V8's young generation grows to 2 x 16 MB by default and keeps those
 *   pages; 1 MB semi-spaces: 97.1 -> 86.6 MB;
 * - `--v8-pool-size=1`: one V8 worker thread instead of one per core (each keeps its own malloc arena
 *   and stack): 85.3 -> 78.4 MB.
 * Tried and not kept: `--single-threaded` (78.9 MB, as pool size 1), `--single-threaded-gc`,
 * `--stack-size=256`, `--max-lazy`, `--optimize-for-size`, MALLOC_ARENA_MAX=2 (no change beyond noise).
 */
export const PI_NODE_FLAGS: readonly string[] = [
  '--max-old-space-size=64',
  '--max-semi-space-size=1',
  '--v8-pool-size=1',
];
/**
 * AArch64 instructions per x86-64 instruction for the same JavaScript compiled by V8. AArch64 has no
 * memory operands on arithmetic (x86's load-and-add is a load and an add), builds 64-bit constants
 * and far addresses in several instructions, and V8's tagged-value checks take about as many on both;
 * dynamic instruction counts of the same programs on the two usually differ by 1.0-1.3x. We take 1.2,
 * towards the high end, so the projection errs on the heavy side.
 */
export const ARM64_FACTOR = 1.2;
/**
 * Instructions per cycle of a Cortex-A53 on V8's JIT code: the figure bench:pi uses for `perf stat`
 * counts. The A53 is in-order and dual-issue (2 at best); branchy, pointer-chasing JIT code with cache
 * misses into a 512 KB L2 and LPDDR2 keeps it far below that: 0.5-0.8 is the plausible range, 0.6 the
 * figure taken, and the range is printed.
 */
export const A53_IPC = 0.6;
const IPC_RANGE = [0.5, 0.8] as const;
export const A53_HZ = 1e9;
/**
 * Kernel CPU per wake-up on the A53 at 1 GHz, µs: leaving epoll_wait, the timerfd or socket read (or a
 * /proc read), the scheduler's switch in and out and the interrupt that caused it. An assumption, not
 * a measurement (no A53 here): 10-20 µs, 15 taken; the range is printed.
 */
export const KERNEL_US_PER_WAKEUP = 15;
const KERNEL_US_RANGE = [10, 20] as const;

interface SimReport {
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly ticksProcessed: number;
  readonly framesComposed: number;
  readonly busBytes: number;
  readonly busWrites: number;
  readonly messages: number;
  readonly systemSamples: number;
  readonly points: number;
  readonly ticksJumped: number;
  readonly lastFrameHash: string | null;
}

/** What `countPiInstructions` measured and projected. */
export interface PiCount {
  /** x86-64 user-space instructions per second of display (after the warm-up). */
  readonly instructionsPerSecond: number;
  /** Kernel wake-ups per second of display (ticks + socket reads + system samples). */
  readonly wakeupsPerSecond: number;
  /** The projection at the central assumptions (IPC 0.6, 15 µs per wake-up). */
  readonly central: A53Share;
  /** At the light end (IPC 0.8, 10 µs) and the heavy end (IPC 0.5, 20 µs). */
  readonly light: A53Share;
  readonly heavy: A53Share;
  /** The `pi.*` entries of the count (`pi.cpu_share_of_a53_core.projected_from_instructions` among them). */
  readonly entries: readonly BenchEntry[];
  /** What it did and found, as printed. */
  readonly lines: readonly string[];
}

export interface PiCountOptions {
  /** The repository root (bench/pi-sim.mjs and the built dist/ are under it). */
  readonly root: string;
  /** Seconds of display before the counted ones (the JIT's warm-up). */
  readonly warmup: number;
  /** Seconds of display counted. */
  readonly seconds: number;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** `valgrind --version`, or undefined when valgrind is not installed. */
export function valgrindVersion(): string | undefined {
  const v = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  return v.status === 0 ? v.stdout.trim() : undefined;
}

function run(
  root: string,
  command: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

function report(what: string, r: { code: number | null; stdout: string; stderr: string }): SimReport {
  const line = r.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (r.code !== 0 || line === undefined)
    throw new Error(`pi instruction count: ${what} exited with ${r.code}: ${r.stderr.slice(-600)}`);
  return JSON.parse(line) as SimReport;
}

/** The work of a run, as compared between runs: everything but the lengths. */
const work = (r: SimReport) =>
  JSON.stringify({
    ...r,
    warmupSeconds: undefined,
    seconds: undefined,
    cpuMsPerDisplaySecondBy10s: undefined,
  });

/**
 * Counts the bench:pi display's instructions under callgrind (valgrind must be installed: see
 * `valgrindVersion`) and projects them to a share of one A53 core. Takes a few minutes (both callgrind
 * runs go at once: the counts do not depend on the machine's load). Throws when a run fails or when a
 * run did different work under callgrind than without it.
 */
export async function countPiInstructions({ root, warmup, seconds, log }: PiCountOptions): Promise<PiCount> {
  const simArgs = (displaySeconds: number) => [
    ...PI_NODE_FLAGS,
    join(root, 'bench/pi-sim.mjs'),
    '--warmup',
    String(warmup),
    '--seconds',
    String(displaySeconds - warmup),
  ];

  // ---- without valgrind: the work each length does ------------------------------------------------------
  const lengths = [warmup, warmup + seconds] as const;
  const native = await Promise.all(lengths.map((s) => run(root, process.execPath, simArgs(s))));
  const nativeReports = native.map((r, i) => report(`the ${lengths[i]} s run without valgrind`, r));

  // ---- under callgrind, both lengths at once -------------------------------------------------------------
  const outDir = mkdtempSync(join(tmpdir(), 'tinydisplay-callgrind-'));
  log(`callgrind on ${warmup} s and ${warmup + seconds} s of simulated display (a few minutes)`);
  let traced: Awaited<ReturnType<typeof run>>[];
  try {
    traced = await Promise.all(
      lengths.map((s) =>
        run(root, 'valgrind', [
          '--tool=callgrind',
          '--smc-check=all-non-file',
          `--callgrind-out-file=${join(outDir, `callgrind.${s}.out`)}`,
          process.execPath,
          ...simArgs(s),
        ]),
      ),
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  const tracedReports = traced.map((r, i) => report(`the ${lengths[i]} s run under callgrind`, r));
  for (let i = 0; i < lengths.length; i++)
    if (work(tracedReports[i] as SimReport) !== work(nativeReports[i] as SimReport))
      throw new Error(
        `pi instruction count: the ${lengths[i]} s run did different work under callgrind:\n` +
          `  without: ${work(nativeReports[i] as SimReport)}\n  under:   ${work(tracedReports[i] as SimReport)}`,
      );
  const counts = traced.map((r) => parseCallgrindCollected(r.stderr));
  const [short, long] = [0, 1].map((i) => ({
    instructions: counts[i] as number,
    seconds: lengths[i] as number,
    report: tracedReports[i] as SimReport,
  })) as [
    { instructions: number; seconds: number; report: SimReport },
    { instructions: number; seconds: number; report: SimReport },
  ];
  const perSecond = instructionsPerSecond(short, long);

  // ---- wake-ups per second of display: what the kernel does for this work on the Pi ----------------------
  const per = (f: (r: SimReport) => number) => (f(long.report) - f(short.report)) / seconds;
  const ticksPerSecond = per((r) => r.ticksProcessed);
  const messagesPerSecond = per((r) => r.messages);
  const samplesPerSecond = per((r) => r.systemSamples);
  // One timer expiry per tick, one socket read per message (the publisher sends one every 10 ms, so
  // reads rarely batch), one per system sample (its /proc and /sys reads are a handful of syscalls,
  // counted as one).
  const wakeups = ticksPerSecond + messagesPerSecond + samplesPerSecond;

  const assume = (ipc: number, kernelUs: number) =>
    projectA53Share(perSecond, {
      arm64Factor: ARM64_FACTOR,
      ipc,
      hz: A53_HZ,
      wakeupsPerSecond: wakeups,
      kernelUsPerWakeup: kernelUs,
    });
  const central = assume(A53_IPC, KERNEL_US_PER_WAKEUP);
  const light = assume(IPC_RANGE[1], KERNEL_US_RANGE[0]);
  const heavy = assume(IPC_RANGE[0], KERNEL_US_RANGE[1]);

  const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
  const entries: BenchEntry[] = [
    {
      name: 'pi.instructions_per_display_second',
      value: Math.round(perSecond),
      unit: 'instructions (x86-64, user)',
    },
    {
      name: 'pi.cpu_share_of_a53_core.projected_from_instructions',
      value: round(central.total),
      unit: 'ratio',
    },
    {
      name: 'pi.cpu_share_of_a53_core.projected_from_instructions.user',
      value: round(central.user),
      unit: 'ratio',
    },
    {
      name: 'pi.cpu_share_of_a53_core.projected_from_instructions.kernel',
      value: round(central.kernel),
      unit: 'ratio',
    },
    {
      name: 'pi.cpu_share_of_a53_core.projected_from_instructions.low',
      value: round(light.total),
      unit: 'ratio',
    },
    {
      name: 'pi.cpu_share_of_a53_core.projected_from_instructions.high',
      value: round(heavy.total),
      unit: 'ratio',
    },
    { name: 'pi.kernel_wakeups_per_display_second', value: round(wakeups, 1), unit: 'wake-ups/s' },
    {
      name: 'pi.instructions.startup_and_warmup',
      value: short.instructions,
      unit: 'instructions (x86-64, user)',
    },
  ];
  const pct = (x: number) => `${round(x * 100, 2)} %`;
  const l = long.report;
  const lines = [
    `${seconds} s of display counted (after ${warmup} s warm-up), callgrind ${round(traced[0]?.ms ?? 0, 0) / 1000} s + ${round(traced[1]?.ms ?? 0, 0) / 1000} s`,
    `  work per run of ${long.seconds} s: ${l.ticksProcessed} ticks, ${l.framesComposed} frames, ${l.messages} MQTT messages, ${l.systemSamples} system samples, ${l.busBytes} bus bytes, last frame ${l.lastFrameHash} (the same without valgrind)`,
    `  instructions (x86-64, user space): ${short.instructions} for ${short.seconds} s, ${long.instructions} for ${long.seconds} s`,
    `  pi.instructions_per_display_second: ${Math.round(perSecond)}`,
    `  user space on the A53: x ${ARM64_FACTOR} (AArch64 vs x86-64) / (IPC ${A53_IPC} x 1 GHz) = ${pct(central.user)} of a core (IPC ${IPC_RANGE[1]}: ${pct(light.user)}, IPC ${IPC_RANGE[0]}: ${pct(heavy.user)})`,
    `  kernel (estimate, not counted): ${round(wakeups, 1)} wake-ups/s (${ticksPerSecond} ticks + ${messagesPerSecond} socket reads + ${samplesPerSecond} system samples) x ${KERNEL_US_PER_WAKEUP} us = ${pct(central.kernel)} (${KERNEL_US_RANGE[0]}-${KERNEL_US_RANGE[1]} us: ${pct(light.kernel)}-${pct(heavy.kernel)})`,
    `  pi.cpu_share_of_a53_core.projected_from_instructions: ${round(central.total)} (${pct(central.total)}; ${pct(light.total)} at IPC ${IPC_RANGE[1]} and ${KERNEL_US_RANGE[0]} us, ${pct(heavy.total)} at IPC ${IPC_RANGE[0]} and ${KERNEL_US_RANGE[1]} us)`,
    '  not in the count: the kernel (estimated above), the I2C transfers of a real bus (the null bus takes the bytes), the TCP stack',
  ];
  return {
    instructionsPerSecond: perSecond,
    wakeupsPerSecond: wakeups,
    central,
    light,
    heavy,
    entries,
    lines,
  };
}
