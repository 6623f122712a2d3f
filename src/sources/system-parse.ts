/**
 * Pure parsers for the Linux files the system-metrics source reads, and the arithmetic that turns
 * two readings into rates. Each takes the file's text and returns numbers; missing or odd lines are
 * skipped, never guessed.
 */

/** CPU time counters summed over all cores (ms), as from `os.cpus()`. */
export interface CpuTimes {
  readonly idle: number;
  readonly total: number;
}

export function sumCpuTimes(cpus: readonly { readonly times: Readonly<Record<string, number>> }[]): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const c of cpus) {
    for (const [k, v] of Object.entries(c.times)) {
      total += v;
      if (k === 'idle') idle += v;
    }
  }
  return { idle, total };
}

/** Busy share of CPU time between two readings, in percent [0, 100]; null when no time passed. */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.total - before.total;
  if (!(total > 0)) return null;
  const busy = total - (after.idle - before.idle);
  return Math.min(100, Math.max(0, (100 * busy) / total));
}

/** `/proc/meminfo`: total and available memory in bytes (null when a line is missing). */
export function parseMeminfo(text: string): { total: number; available: number } | null {
  let total: number | undefined;
  let available: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^(MemTotal|MemAvailable):\s+(\d+)\s*kB/.exec(line);
    if (m === null) continue;
    const bytes = Number(m[2]) * 1024;
    if (m[1] === 'MemTotal') total = bytes;
    else available = bytes;
  }
  return total === undefined || available === undefined ? null : { total, available };
}

/** `/proc/net/dev`: received and sent bytes summed over every interface but loopback. */
export function parseNetDev(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === 'lo' || name === '') continue;
    const cols = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    const r = Number(cols[0]);
    const t = Number(cols[8]);
    if (Number.isFinite(r) && Number.isFinite(t)) {
      rx += r;
      tx += t;
    }
  }
  return { rx, tx };
}

/**
 * `/proc/diskstats`: bytes read and written, summed over `devices` (whole disks, so partitions are
 * not counted twice). Sectors are 512 bytes in this file whatever the hardware's sector size.
 */
export function parseDiskstats(
  text: string,
  devices: ReadonlySet<string>,
): { read: number; written: number } {
  let read = 0;
  let written = 0;
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || !devices.has(cols[2] as string)) continue;
    const r = Number(cols[5]);
    const w = Number(cols[9]);
    if (Number.isFinite(r) && Number.isFinite(w)) {
      read += r * 512;
      written += w * 512;
    }
  }
  return { read, written };
}

/** Whole disks worth counting from `/sys/block`: not loop, ram or zram devices. */
export function physicalDisks(names: readonly string[]): Set<string> {
  return new Set(names.filter((n) => !/^(loop|ram|zram|dm-|md)/.test(n)));
}

/** A thermal zone's `temp` file: millidegrees Celsius to degrees; null when unreadable or absurd. */
export function parseMillidegrees(text: string): number | null {
  const n = Number(text.trim());
  if (!Number.isFinite(n) || text.trim() === '') return null;
  const c = n / 1000;
  return c > -50 && c < 200 ? c : null;
}

/** Per-second rate of a counter between two readings `dtMs` apart; null on a reset or no time. */
export function counterRate(before: number, after: number, dtMs: number): number | null {
  if (!(dtMs > 0) || after < before) return null;
  return ((after - before) * 1000) / dtMs;
}
