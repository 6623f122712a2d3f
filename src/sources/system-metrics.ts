/**
 * The machine's own metrics, sampled every `intervalMs` ms from node:os and /proc (no dependency):
 * `cpu.percent`, `load.1|5|15`, `memory.total|available|usedPercent`, `temperature.cpu` (where the
 * OS exposes a thermal zone), `network.rxBytesPerSecond|txBytesPerSecond` and
 * `disk.readBytesPerSecond|writeBytesPerSecond` (Linux). A field the machine cannot give is left
 * out, never faked; rates appear from the second sample on.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { refuseRenamedOptions } from '../util/index.js';
import type { TimerHandle } from './clock.js';
import type { DeliveryGuarantee, Source, SourceContext } from './source.js';
import {
  type CpuTimes,
  counterRate,
  cpuPercent,
  parseDiskstats,
  parseMeminfo,
  parseMillidegrees,
  parseNetDev,
  physicalDisks,
  sumCpuTimes,
} from './system-parse.js';

/** Every key the system source can produce (a machine that cannot give one leaves it out). */
export const SYSTEM_METRIC_KEYS: readonly string[] = [
  'cpu.percent',
  'load.1',
  'load.5',
  'load.15',
  'memory.total',
  'memory.available',
  'memory.usedPercent',
  'temperature.cpu',
  'network.rxBytesPerSecond',
  'network.txBytesPerSecond',
  'disk.readBytesPerSecond',
  'disk.writeBytesPerSecond',
];

/** Where readings come from; injectable so tests feed fixed files. */
export interface SystemProbe {
  cpus(): readonly { readonly times: Readonly<Record<string, number>> }[];
  loadavg(): readonly number[];
  totalmem(): number;
  freemem(): number;
  /** File text, or undefined when the file does not exist or cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** Directory entries, or [] when the directory does not exist. */
  list(path: string): Promise<string[]>;
}

/**
 * Read synchronously: /proc and /sys files are made by the kernel on read, from memory, and never wait
 * on a disk. The promise API would cost a thread-pool round trip per open, stat, read and close
 * (about 4x the CPU of a whole sample on the machine `bench:pi` ran on).
 */
async function tryRead(path: string): Promise<string | undefined> {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    // Absent files are normal here (no thermal zone, not Linux): the field is left out.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EACCES')
      return undefined;
    throw err;
  }
}

async function tryList(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * The real readings of `SystemMetricsSource`: node:os plus the files under /proc and /sys (absent
 * files leave their field out).
 */
export const nodeSystemProbe: SystemProbe = {
  cpus,
  loadavg,
  totalmem,
  freemem,
  readText: tryRead,
  list: tryList,
};

/** Options of a `SystemMetricsSource`. */
export interface SystemMetricsOptions {
  /** Source id. Default `system`. */
  readonly id?: string;
  /** ms between samples. Default 1_000. */
  readonly intervalMs?: number;
  /** Readings. Default: node:os and the real /proc and /sys. */
  readonly probe?: SystemProbe;
}

interface Counters {
  readonly at: number;
  readonly cpu: CpuTimes;
  readonly net: { rx: number; tx: number } | null;
  readonly disk: { read: number; written: number } | null;
}

/**
 * The machine's own metrics (CPU, load, memory, temperature, network and disk rates) sampled every
 * `intervalMs` (default 1 s) from node:os and /proc.
 */
export class SystemMetricsSource implements Source {
  readonly kind = 'system';
  /** It makes its own data: nothing can be lost before it. */
  readonly delivery: DeliveryGuarantee = 'complete';
  readonly id: string;
  private readonly intervalMs: number;
  private readonly probe: SystemProbe;
  private previous: Counters | undefined;
  private disks: Set<string> | undefined;
  private thermal: string | null | undefined;
  private timer: TimerHandle | null = null;
  private ctx: SourceContext | undefined;
  private active = false;

  constructor(options: SystemMetricsOptions = {}) {
    this.id = options.id ?? 'system';
    if (typeof this.id !== 'string' || this.id === '')
      throw new TypeError(
        `SystemMetricsSource option "id": expected a non-empty string, got ${String(this.id)}`,
      );
    refuseRenamedOptions('SystemMetricsSource', options, { interval: 'intervalMs' });
    this.intervalMs = options.intervalMs ?? 1_000;
    if (!(this.intervalMs > 0) || !Number.isFinite(this.intervalMs))
      throw new RangeError(
        `SystemMetricsSource option "intervalMs": expected a number of ms > 0, got ${String(options.intervalMs)}`,
      );
    this.probe = options.probe ?? nodeSystemProbe;
  }

  async start(ctx: SourceContext): Promise<void> {
    this.ctx = ctx;
    this.active = true;
    this.disks ??= physicalDisks(await this.probe.list('/sys/block'));
    if (this.thermal === undefined) {
      const zones = (await this.probe.list('/sys/class/thermal'))
        .filter((z) => z.startsWith('thermal_zone'))
        .sort();
      this.thermal = zones.length > 0 ? `/sys/class/thermal/${zones[0]}/temp` : null;
    }
    // Baseline for the rates; the first point comes one interval later.
    this.previous = await this.counters(ctx);
    this.schedule(ctx);
  }

  private async counters(ctx: SourceContext): Promise<Counters> {
    const [net, disk] = await Promise.all([
      this.probe.readText('/proc/net/dev'),
      this.probe.readText('/proc/diskstats'),
    ]);
    return {
      at: ctx.clock.now(),
      cpu: sumCpuTimes(this.probe.cpus()),
      net: net === undefined ? null : parseNetDev(net),
      disk: disk === undefined || this.disks === undefined ? null : parseDiskstats(disk, this.disks),
    };
  }

  /** One sample: the fields the machine gives now. */
  async sample(ctx: SourceContext): Promise<Record<string, number>> {
    const now = await this.counters(ctx);
    const before = this.previous;
    this.previous = now;
    const out: Record<string, number> = {};
    const dt = before === undefined ? 0 : now.at - before.at;
    if (before !== undefined) {
      const cpu = cpuPercent(before.cpu, now.cpu);
      if (cpu !== null) out['cpu.percent'] = cpu;
    }
    const [l1, l5, l15] = this.probe.loadavg();
    if (l1 !== undefined && l5 !== undefined && l15 !== undefined) {
      out['load.1'] = l1;
      out['load.5'] = l5;
      out['load.15'] = l15;
    }
    const meminfo = await this.probe.readText('/proc/meminfo');
    const mem = meminfo === undefined ? null : parseMeminfo(meminfo);
    const total = mem?.total ?? this.probe.totalmem();
    const available = mem?.available ?? this.probe.freemem();
    out['memory.total'] = total;
    out['memory.available'] = available;
    if (total > 0) out['memory.usedPercent'] = (100 * (total - available)) / total;
    if (this.thermal !== null && this.thermal !== undefined) {
      const text = await this.probe.readText(this.thermal);
      const c = text === undefined ? null : parseMillidegrees(text);
      if (c !== null) out['temperature.cpu'] = c;
    }
    if (before?.net && now.net) {
      const rx = counterRate(before.net.rx, now.net.rx, dt);
      const tx = counterRate(before.net.tx, now.net.tx, dt);
      if (rx !== null) out['network.rxBytesPerSecond'] = rx;
      if (tx !== null) out['network.txBytesPerSecond'] = tx;
    }
    if (before?.disk && now.disk) {
      const r = counterRate(before.disk.read, now.disk.read, dt);
      const w = counterRate(before.disk.written, now.disk.written, dt);
      if (r !== null) out['disk.readBytesPerSecond'] = r;
      if (w !== null) out['disk.writeBytesPerSecond'] = w;
    }
    return out;
  }

  private schedule(ctx: SourceContext): void {
    if (!this.active) return;
    this.timer = ctx.clock.setTimeout(() => {
      this.timer = null;
      this.sample(ctx).then(
        (data) => {
          if (!this.active) return;
          ctx.deliver(data, 0);
          this.schedule(ctx);
        },
        (err: unknown) => {
          if (this.active) ctx.disconnected(err);
        },
      );
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer !== null) this.ctx?.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
