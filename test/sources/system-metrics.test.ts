import { describe, expect, it } from 'vitest';
import {
  counterRate,
  cpuPercent,
  parseDiskstats,
  parseMeminfo,
  parseMillidegrees,
  parseNetDev,
  physicalDisks,
  SourceSupervisor,
  SYSTEM_METRIC_KEYS,
  SystemMetricsSource,
  type SystemProbe,
  sumCpuTimes,
} from '../../src/sources/index.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { FakeClock, RecordingSink, waitUntil } from './helpers.js';

runSourceContract({
  name: 'system metrics (this machine)',
  can: { sendHostile: false, interrupt: false },
  async setup(): Promise<ContractFixture> {
    return {
      source: new SystemMetricsSource({ intervalMs: 20 }),
      sendValid: async () => undefined,
      teardown: async () => undefined,
    };
  },
});

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 5000     10    0    0    0     0          0         0     5000      10    0    0    0     0       0          0
  eth0: 1000      5    0    0    0     0          0         0      300       2    0    0    0     0       0          0
 wlan0:  24       1    0    0    0     0          0         0       76       1    0    0    0     0       0          0
`;
const DISKSTATS = `   7       0 loop0 10 0 100 0 0 0 0 0 0 0 0
 254       0 vda 100 0 2000 50 10 0 400 5 0 60 55
 254       1 vda1 90 0 1800 45 9 0 380 5 0 50 50
`;
const MEMINFO = 'MemTotal:        1000 kB\nMemFree:          200 kB\nMemAvailable:     400 kB\n';

describe('system metric parsers', () => {
  it.each([
    ['/proc/net/dev without loopback', () => parseNetDev(NET_DEV), { rx: 1024, tx: 376 }],
    [
      '/proc/diskstats over whole disks only',
      () => parseDiskstats(DISKSTATS, new Set(['vda'])),
      { read: 2000 * 512, written: 400 * 512 },
    ],
    ['/proc/meminfo', () => parseMeminfo(MEMINFO), { total: 1_024_000, available: 409_600 }],
    ['/proc/meminfo without MemAvailable', () => parseMeminfo('MemTotal: 5 kB\n'), null],
    ['a thermal zone', () => parseMillidegrees('48250\n'), 48.25],
    ['an absurd thermal reading', () => parseMillidegrees('999999'), null],
    ['an empty thermal file', () => parseMillidegrees(''), null],
    [
      'disks, leaving out loop/ram/zram',
      () => [...physicalDisks(['loop0', 'vda', 'zram0', 'sda', 'ram1'])],
      ['vda', 'sda'],
    ],
    ['a counter rate', () => counterRate(1_000, 3_000, 500), 4_000],
    ['a counter that reset', () => counterRate(3_000, 10, 500), null],
    [
      'cpu % between two readings',
      () => cpuPercent({ idle: 100, total: 200 }, { idle: 130, total: 300 }),
      70,
    ],
    ['cpu % with no time passed', () => cpuPercent({ idle: 1, total: 2 }, { idle: 1, total: 2 }), null],
    [
      'cpu times summed over cores',
      () => sumCpuTimes([{ times: { user: 5, sys: 1, idle: 10 } }, { times: { user: 1, sys: 1, idle: 2 } }]),
      { idle: 12, total: 20 },
    ],
  ])('parses %s', (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });
});

describe('SystemMetricsSource', () => {
  function probe(): SystemProbe & { tick(): void } {
    let n = 0;
    return {
      cpus: () => [{ times: { user: 50 * n, idle: 50 * n } }],
      loadavg: () => [0.5, 0.25, 0.125],
      totalmem: () => 8_000,
      freemem: () => 2_000,
      readText: async (path) => {
        if (path === '/proc/net/dev') return `  eth0: ${1_000 * n} 0 0 0 0 0 0 0 ${500 * n} 0 0 0 0 0 0 0\n`;
        if (path === '/proc/diskstats') return ` 8 0 sda 0 0 ${2 * n} 0 0 0 ${4 * n} 0 0 0 0\n`;
        if (path === '/sys/class/thermal/thermal_zone0/temp') return '51000\n';
        return undefined;
      },
      list: async (path) =>
        path === '/sys/block'
          ? ['sda', 'loop0']
          : path === '/sys/class/thermal'
            ? ['thermal_zone0', 'cooling_device0']
            : [],
      tick: () => {
        n++;
      },
    };
  }

  it('samples at its interval on the injected clock, with rates from the second reading', async () => {
    const clock = new FakeClock();
    const p = probe();
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(new SystemMetricsSource({ intervalMs: 1_000, probe: p }), {
      sink,
      clock,
      onError: () => undefined,
    });
    sup.start();
    await waitUntil('live', () => sup.state === 'live');
    p.tick();
    clock.advance(1_000);
    await waitUntil('a sample', () => sink.points.length === 1);
    expect(sink.points[0]?.sourceId).toBe('system');
    expect(sink.points[0]?.data).toEqual({
      'cpu.percent': 50,
      'load.1': 0.5,
      'load.5': 0.25,
      'load.15': 0.125,
      'memory.total': 8_000,
      'memory.available': 2_000,
      'memory.usedPercent': 75,
      'temperature.cpu': 51,
      'network.rxBytesPerSecond': 1_000,
      'network.txBytesPerSecond': 500,
      'disk.readBytesPerSecond': 1_024,
      'disk.writeBytesPerSecond': 2_048,
    });
    await sup.stop();
    expect(clock.pending).toBe(0);
  });

  it('leaves out what the machine does not expose', async () => {
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const bare: SystemProbe = {
      cpus: () => [],
      loadavg: () => [0, 0, 0],
      totalmem: () => 100,
      freemem: () => 40,
      readText: async () => undefined,
      list: async () => [],
    };
    const sup = new SourceSupervisor(new SystemMetricsSource({ intervalMs: 10, probe: bare }), {
      sink,
      clock,
      onError: () => undefined,
    });
    sup.start();
    await waitUntil('live', () => sup.state === 'live');
    clock.advance(10);
    await waitUntil('a sample', () => sink.points.length === 1);
    expect(Object.keys(sink.points[0]?.data ?? {}).sort()).toEqual([
      'load.1',
      'load.15',
      'load.5',
      'memory.available',
      'memory.total',
      'memory.usedPercent',
    ]);
    await sup.stop();
  });
});

describe('SystemMetricsSource on this machine', () => {
  const KNOWN = new Set(SYSTEM_METRIC_KEYS);

  it('gives the keys it documents, each in its range', async () => {
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(new SystemMetricsSource({ id: 'system', intervalMs: 30 }), {
      sink,
      onError: () => undefined,
    });
    sup.start();
    try {
      await waitUntil('three samples', () => sink.points.length >= 3);
    } finally {
      await sup.stop();
    }
    const first = sink.points[0]?.data as Record<string, number>;
    const later = sink.points[2]?.data as Record<string, number>;
    for (const sample of [first, later]) for (const key of Object.keys(sample)) expect(KNOWN).toContain(key);
    const m = later;
    expect(m['cpu.percent']).toBeGreaterThanOrEqual(0);
    expect(m['cpu.percent']).toBeLessThanOrEqual(100);
    for (const k of ['load.1', 'load.5', 'load.15']) {
      expect(Number.isFinite(m[k])).toBe(true);
      expect(m[k]).toBeGreaterThanOrEqual(0);
    }
    expect(m['memory.total']).toBeGreaterThan(1024 * 1024);
    expect(m['memory.available']).toBeGreaterThanOrEqual(0);
    expect(m['memory.available']).toBeLessThanOrEqual(m['memory.total'] as number);
    expect(m['memory.usedPercent']).toBeCloseTo(
      (100 * ((m['memory.total'] as number) - (m['memory.available'] as number))) /
        (m['memory.total'] as number),
      9,
    );
    if (process.platform === 'linux') {
      expect(m['network.rxBytesPerSecond']).toBeGreaterThanOrEqual(0);
      expect(m['network.txBytesPerSecond']).toBeGreaterThanOrEqual(0);
    }
    for (const k of ['disk.readBytesPerSecond', 'disk.writeBytesPerSecond'])
      if (k in m) expect(m[k]).toBeGreaterThanOrEqual(0);
    if ('temperature.cpu' in m) {
      expect(m['temperature.cpu']).toBeGreaterThan(-40);
      expect(m['temperature.cpu']).toBeLessThan(150);
    }
  });
});
