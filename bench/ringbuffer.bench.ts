/**
 * Data layer benchmarks (issues 3 and 8): ingest cost per 4-field numeric point with the monitor on
 * (one shape; 17 shapes interleaved; through a source's edge check with and without a schema; the
 * clock read per batch of 8 points or per point), the same workload on denque and mnemonist's
 * CircularBuffer (each storing stamped point objects, the peers' natural way, without checks), all
 * timed in alternating rounds through one call site; the per-point p99 next to an empty call's;
 * bytes per point held, memory after 10M pushes into a buffer with the default 20 MiB budget
 * (capacity as large as that budget allows), and SharedRingBuffer throughput from a worker thread
 * to this one.
 *
 * This file is also the worker's code: started as a worker with `role: 'producer'` it pushes points.
 */
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Denque from 'denque';
import { CircularBuffer } from 'mnemonist';
import {
  type BatchClock,
  batchClock,
  DataLayerMonitor,
  RingBuffer,
  SharedRingBuffer,
  type SharedRingHandle,
} from '../src/data/index.js';
import { PayloadGate, type SourceSchema } from '../src/sources/index.js';
import {
  type BenchContext,
  type BenchEntry,
  type Contender,
  compareRounds,
  gc,
  heapBytes,
  round,
  samplePerOp,
  type Timing,
} from './harness.js';

interface ProducerData {
  readonly role: 'producer';
  readonly handle: SharedRingHandle;
  readonly count: number;
}

interface StampedPoint {
  readonly seq: number;
  readonly time: number;
  readonly sourceId: string;
  readonly data: Readonly<Record<string, number>>;
}

const POOL = 1024;

const FOUR_NUMERIC = { cpu: 'number', mem: 'number', temp: 'number', load: 'number' } as const;

/** Input points made ahead of time: a source hands over a fresh object per message. */
function pointPool(): Record<string, number>[] {
  return Array.from({ length: POOL }, (_, i) => ({
    cpu: (i * 37) % 100,
    mem: 1000 + i,
    temp: 40 + (i % 13) * 0.5,
    load: i / 7,
  }));
}

function produce(data: ProducerData): void {
  const ring = SharedRingBuffer.attach(data.handle, 'producer');
  const p = { cpu: 0, mem: 0, temp: 0, load: 0 };
  for (let i = 1; i <= data.count; i++) {
    p.cpu = i;
    p.mem = i * 2;
    p.temp = i * 0.5;
    p.load = i / 3;
    ring.addDataPoint(p);
  }
  parentPort?.postMessage('done');
}

/** Points per clock read in the ingest entries: one socket read that carries this many messages. */
const BATCH = 8;

/** 17 shapes of 4 numeric keys (names and orders differ), as several sources or a wildcard give. */
function mixedPool(): Record<string, number>[] {
  const names = ['cpu', 'mem', 'temp', 'load', 'fan', 'disk', 'net', 'gpu', 'bat', 'hum', 'lux'];
  const shapes: string[][] = [];
  for (let s = 0; shapes.length < 17; s++) {
    const keys = [0, 1, 2, 3].map((k) => names[(s * 3 + k * (1 + (s % 4))) % names.length] as string);
    if (new Set(keys).size === 4) shapes.push(s % 2 === 0 ? keys : [...keys].reverse());
  }
  return Array.from({ length: POOL }, (_, i) => {
    const keys = shapes[i % shapes.length] as string[];
    return Object.fromEntries(keys.map((k, j) => [k, (i * (j + 3)) % 100]));
  });
}

const SCHEMA: SourceSchema = {
  fields: {
    cpu: { type: 'number', min: 0, max: 100, onOutOfRange: 'clamp' },
    mem: { type: 'number', min: 0 },
    temp: { type: 'number', min: -40, max: 125, rename: 'temp_c' },
    load: { type: 'number', required: true },
  },
  unknownFields: 'drop',
};

function ingest(ctx: BenchContext): BenchEntry[] {
  const pool = pointPool();
  const mixed = mixedPool();
  const opts = ctx.quick ? { rounds: 100, opsPerRound: 1000 } : { rounds: 1000, opsPerRound: 1000 };
  const capacity = 100_000;

  // Each buffer stamps with the default clock (performance.now, one read per synchronous batch);
  // the bench ends a batch every BATCH points, as a socket read of BATCH messages would.
  const contender = (
    name: string,
    does: string,
    batch: number,
    push: (ring: RingBuffer, i: number) => void,
  ): { c: Contender; ring: RingBuffer; clock: BatchClock; monitor: DataLayerMonitor } => {
    const clock = batchClock(() => performance.now());
    const monitor = new DataLayerMonitor({ clock });
    const ring = new RingBuffer({ capacity, monitor });
    const fn =
      batch === 1
        ? (i: number) => {
            clock.endBatch();
            push(ring, i);
          }
        : (i: number) => {
            if (i % batch === 0) clock.endBatch();
            push(ring, i);
          };
    return { c: { name, does, fn }, ring, clock, monitor };
  };
  const gate = new PayloadGate();
  const schemaGate = new PayloadGate({}, SCHEMA);
  const single = contender(
    'ringbuffer.add.4_numeric.ns_per_op',
    `checked, columnar, monitor on, 1 clock read per ${BATCH} points`,
    BATCH,
    (ring, i) => ring.addDataPoint(pool[i & (POOL - 1)] as Record<string, number>, 'bench'),
  );
  const perPoint = contender(
    'ringbuffer.add.4_numeric.clock_per_point.ns_per_op',
    'as above, 1 clock read per point',
    1,
    (ring, i) => ring.addDataPoint(pool[i & (POOL - 1)] as Record<string, number>, 'bench'),
  );
  const mixedShapes = contender(
    'ringbuffer.add.4_numeric.mixed_17_shapes.ns_per_op',
    `as the first, 17 shapes interleaved point by point, 1 clock read per ${BATCH} points`,
    BATCH,
    (ring, i) => ring.addDataPoint(mixed[i & (POOL - 1)] as Record<string, number>, 'bench'),
  );
  const unschemad = contender(
    'ringbuffer.add.4_numeric.edge_check.ns_per_op',
    `source edge check without schema + add, 1 clock read per ${BATCH} points`,
    BATCH,
    (ring, i) => ring.addDataPoint(gate.check(pool[i & (POOL - 1)]), 'bench'),
  );
  const schemad = contender(
    'ringbuffer.add.4_numeric.with_schema.ns_per_op',
    `source edge check with a 4-rule schema (clamp, rename, required) + add, 1 clock read per ${BATCH} points`,
    BATCH,
    (ring, i) => ring.addDataPoint(schemaGate.check(pool[i & (POOL - 1)]), 'bench'),
  );

  const denque = new Denque<StampedPoint>();
  let dseq = 0;
  const peerDenque: Contender = {
    name: 'peer.denque.add.4_numeric.ns_per_op',
    does: 'push a stamped point object (performance.now per point), no checks, shift beyond capacity',
    fn: (i) => {
      denque.push({
        seq: ++dseq,
        time: performance.now(),
        sourceId: 'bench',
        data: pool[i & (POOL - 1)] as Record<string, number>,
      });
      if (denque.length > capacity) denque.shift();
    },
  };
  const circular = new CircularBuffer<StampedPoint>(Array, capacity);
  let cseq = 0;
  const peerMnemonist: Contender = {
    name: 'peer.mnemonist.add.4_numeric.ns_per_op',
    does: 'push a stamped point object (performance.now per point) into a fixed ring, no checks',
    fn: (i) => {
      circular.push({
        seq: ++cseq,
        time: performance.now(),
        sourceId: 'bench',
        data: pool[i & (POOL - 1)] as Record<string, number>,
      });
    },
  };
  let clockSink = 0;
  const clockRead: Contender = {
    name: 'ringbuffer.add.4_numeric.clock_read_ns',
    does: 'one performance.now() read',
    fn: () => {
      clockSink += performance.now();
    },
  };

  const all = [single, perPoint, mixedShapes, unschemad, schemad];
  const contenders = [...all.map((a) => a.c), peerDenque, peerMnemonist, clockRead];
  const timings = compareRounds(contenders, opts);
  const entries: BenchEntry[] = [];
  contenders.forEach((c, k) => {
    const t = timings[k] as Timing;
    ctx.log(`  ${c.name}: ${round(t.medianNs)} ns (${c.does})`);
    entries.push({ name: c.name, value: round(t.medianNs), unit: 'ns' });
  });
  for (const a of all) {
    const counters = a.ring.stats;
    ctx.log(
      `  ${a.c.name}: ${counters.ingested} points, shapes compiled ${counters.shapesCompiled}, ` +
        `forgotten ${counters.shapesForgotten}, clock reads ${a.clock.reads} (${clockSink > 0})`,
    );
  }
  const median = (name: string): number =>
    (timings[contenders.findIndex((c) => c.name === name)] as Timing).medianNs;
  ctx.log(
    `  mixed 17 shapes / single shape: ${round(median(mixedShapes.c.name) / median(single.c.name), 2)}; ` +
      `with schema / without: ${round(median(schemad.c.name) / median(unschemad.c.name), 2)}; ` +
      `with schema / bare add: ${round(median(schemad.c.name) / median(single.c.name), 2)}`,
  );

  // The p99 the issue asks for is per point: time single adds (the buffer is full by now, so every
  // add also evicts, the steady state), one clock read per point.
  const ring = perPoint.ring;
  const clock = perPoint.clock;
  const singles = samplePerOp(
    (i) => {
      clock.endBatch();
      ring.addDataPoint(pool[i & (POOL - 1)] as Record<string, number>, 'bench');
    },
    { samples: ctx.quick ? 100_000 : 1_000_000 },
  );
  ctx.log(
    `  RingBuffer single adds (${singles.samples}): p50 ${round(singles.p50Ns)} ns (timer median ${round(singles.timerNs)} ns subtracted), ` +
      `p99 ${round(singles.p99Ns)} ns (empty call ${round(singles.emptyP99Ns)} ns), ` +
      `p999 ${round(singles.p999Ns)} ns (empty call ${round(singles.emptyP999Ns)} ns), max ${round(singles.maxNs)} ns, as measured`,
  );
  const m = perPoint.monitor.metrics();
  ctx.log(
    `  RingBuffer: ${m.ingest.total} points, monitor's sampled latency p50 ${m.latency.p50Ns} ns p99 ${m.latency.p99Ns} ns, evictions ${m.evictions}`,
  );
  entries.push(
    { name: 'ringbuffer.add.4_numeric.p99_ns', value: round(singles.p99Ns), unit: 'ns' },
    { name: 'ringbuffer.add.4_numeric.p99_ns.empty_call', value: round(singles.emptyP99Ns), unit: 'ns' },
  );
  return entries;
}

function bytesPerPoint(ctx: BenchContext): BenchEntry[] {
  const held = ctx.quick ? 100_000 : 1_000_000;
  gc();
  let before = heapBytes();
  let ring: RingBuffer | undefined = new RingBuffer({
    capacity: held,
    maxBytes: 64 * 1024 * 1024,
    fields: FOUR_NUMERIC,
  });
  const p = { cpu: 0, mem: 0, temp: 0, load: 0 };
  for (let i = 0; i < held; i++) {
    p.cpu = i;
    p.mem = i * 2;
    p.temp = i * 0.5;
    p.load = i / 3;
    ring.addDataPoint(p, 'bench');
  }
  gc();
  const ours = (heapBytes() - before) / held;
  ctx.log(
    `  RingBuffer holds ${ring.count} points, counts ${ring.bytesUsed} bytes (${ring.bytesUsed / held} per point)`,
  );
  ring = undefined;

  gc();
  before = heapBytes();
  let denque: Denque<StampedPoint> | undefined = new Denque<StampedPoint>();
  for (let i = 0; i < held; i++) {
    denque.push({
      seq: i + 1,
      time: i,
      sourceId: 'bench',
      data: { cpu: i, mem: i * 2, temp: i * 0.5, load: i / 3 },
    });
  }
  gc();
  const peer = (heapBytes() - before) / held;
  ctx.log(`  denque holds ${denque.length} points`);
  denque = undefined;
  gc();

  return [
    { name: 'ringbuffer.bytes_per_point.4_numeric', value: round(ours), unit: 'bytes' },
    { name: 'peer.denque.bytes_per_point.4_numeric', value: round(peer), unit: 'bytes' },
  ];
}

/**
 * The largest capacity a buffer with the default budget (20 MiB) and four declared numeric fields
 * accepts. Columns are preallocated at the capacity and the buffer refuses, at construction, a
 * capacity whose columns would not fit in `maxBytes`: search for the limit through that refusal.
 */
function capacityInDefaultBudget(): number {
  const fits = (capacity: number): boolean => {
    try {
      new RingBuffer({ capacity, fields: FOUR_NUMERIC });
      return true;
    } catch (err) {
      if (err instanceof RangeError) return false;
      throw err;
    }
  };
  let lo = 1;
  let hi = 2 ** 31 - 1;
  if (fits(hi)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function heapAfter10M(ctx: BenchContext): BenchEntry[] {
  const pushes = ctx.quick ? 1_000_000 : 10_000_000;
  const pool = pointPool();
  // Larger capacities are refused (they would not fit the budget), so the budget is the limit.
  const capacity = capacityInDefaultBudget();
  // The monitor is the app's, shared by its buffers: it exists before the buffer, in the baseline.
  const monitor = new DataLayerMonitor();
  gc();
  const before = heapBytes();
  const ring = new RingBuffer({ capacity, fields: FOUR_NUMERIC, monitor });
  for (let i = 0; i < pushes; i++) ring.addDataPoint(pool[i & (POOL - 1)] as Record<string, number>, 'bench');
  gc();
  const grown = heapBytes() - before;
  ctx.log(
    `  RingBuffer with the default maxBytes (${ring.maxBytes}) and 4 numeric fields: largest capacity accepted ${capacity} points; ` +
      `after ${pushes} pushes holds ${ring.count}, counts ${ring.bytesUsed} bytes; heap+arrayBuffers grew ${grown} bytes ` +
      `(${grown <= ring.maxBytes ? 'inside' : 'OVER'} the budget)`,
  );
  return [
    { name: 'ringbuffer.heap_after_10M.bytes', value: grown, unit: 'bytes' },
    { name: 'ringbuffer.capacity_in_20MB.4_numeric', value: capacity, unit: 'points' },
  ];
}

async function crossThread(ctx: BenchContext): Promise<BenchEntry[]> {
  const count = ctx.quick ? 200_000 : 2_000_000;
  const consumer = SharedRingBuffer.create({ capacity: 65_536, fields: ['cpu', 'mem', 'temp', 'load'] });
  const data: ProducerData = { role: 'producer', handle: consumer.handle, count };
  // Worker threads do not inherit the TypeScript loader: register tsx, then load this file.
  const tsx = import.meta.resolve('tsx/esm/api');
  const self = import.meta.url;
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); });`,
    { eval: true, workerData: data },
  );
  let state = 'running' as 'running' | 'done' | 'failed';
  let failure: unknown;
  worker.once('message', () => {
    state = 'done';
  });
  worker.once('error', (err) => {
    state = 'failed';
    failure = err;
  });
  // The consumer copies columns in bulk (copySince): no object per point, so it can keep up.
  const batch = 4096;
  const out = [0, 1, 2, 3].map(() => new Float64Array(batch));
  const keys = ['cpu', 'mem', 'temp', 'load'];
  let position = 0;
  let seen = 0;
  let missed = 0;
  let outOfOrder = 0;
  let t0 = 0;
  const deadline = performance.now() + 60_000;
  while (position < count && state !== 'failed' && performance.now() < deadline) {
    const r = consumer.copySince(position, keys, out);
    if (t0 === 0 && r.lastSeq > 0) t0 = performance.now();
    // Field cpu carries the sequence number: check order across the batch.
    const cpu = out[0] as Float64Array;
    for (let i = 1; i < r.count; i++) if ((cpu[i] as number) <= (cpu[i - 1] as number)) outOfOrder++;
    seen += r.count;
    missed += r.missed;
    position = r.lastSeq;
    if (r.count === 0 && r.missed === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const elapsed = performance.now() - t0;
  await worker.terminate();
  if (state === 'failed') throw failure;
  if (position < count)
    throw new Error(`cross-thread bench: consumer reached ${position} of ${count} before the deadline`);
  ctx.log(
    `  SharedRingBuffer: ${count} points produced in ${round(elapsed)} ms; consumer got ${seen}, missed ${missed} (gap count), ${outOfOrder} out of order`,
  );
  // Points delivered to the consumer per second (missed points do not count).
  return [
    {
      name: 'shared_ringbuffer.cross_thread.points_per_s',
      value: Math.round((seen / elapsed) * 1000),
      unit: 'points/s',
    },
  ];
}

export default async function ringbufferBench(ctx: BenchContext): Promise<BenchEntry[]> {
  return [...ingest(ctx), ...bytesPerPoint(ctx), ...heapAfter10M(ctx), ...(await crossThread(ctx))];
}

if (!isMainThread && (workerData as Partial<ProducerData> | null)?.role === 'producer') {
  produce(workerData as ProducerData);
}
