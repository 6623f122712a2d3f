// The bench:pi display in simulated time, on dist/, with nothing else in the process: no sockets, no
// timers, no MQTT client (bench/pipeline.bench.ts measures the same in TypeScript; this plain-JS copy
// is for instruction counts). For each second of display: 100 MQTT-shaped JSON payloads through a
// source's deliverText, one system point, 60 ticks of the DisplayPipeline with the six-widget Scene and
// the SSD1306 output on a null bus.
//
// Instruction count per second of display without `perf`: run it under valgrind's callgrind for two
// lengths and divide the difference by the difference of seconds (start-up and JIT warm-up cancel):
//
//   valgrind --tool=callgrind --smc-check=all --callgrind-out-file=/dev/null \
//     node --max-old-space-size=64 --max-semi-space-size=1 --v8-pool-size=1 \
//     bench/pi-workload.mjs --warmup 10 --seconds 4     (then --seconds 14)
import { parseArgs } from 'node:util';
import { simulatedPiDisplay } from './pi-display.mjs';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    lib: { type: 'string', default: '../dist/index.js' },
  },
});
const seconds = Number(opt.seconds);
const warmup = Number(opt.warmup);
if (!(seconds > 0) || !(warmup >= 0))
  throw new Error(`pi-workload: bad --seconds ${opt.seconds} or --warmup ${opt.warmup}`);
const lib = await import(new URL(opt.lib, import.meta.url).href);
const { scene, second } = await simulatedPiDisplay(lib, 'pi-workload');
for (let i = 0; i < warmup; i++) second();
const c0 = process.cpuUsage();
for (let i = 0; i < seconds; i++) second();
const c = process.cpuUsage(c0);
process.stdout.write(
  `${JSON.stringify({ seconds, cpuMsPerDisplaySecond: (c.user + c.system) / 1000 / seconds, scene: scene.stats })}\n`,
);
process.exit(0);
