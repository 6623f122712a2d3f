// The cost of being woken 60 times a second, doing nothing: a timer loop armed the way the tick clock
// arms it (due times from the start, no drift), nothing else in the process. Its CPU time per second is
// the floor under bench:pi's time-based projection on this machine: x86 CPU time x 10 multiplies it too.
// docs/pi-projection.md quotes it.
//
//   node --max-old-space-size=64 --max-semi-space-size=1 --v8-pool-size=1 bench/pi-floor-timer.mjs --seconds 20
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    hz: { type: 'string', default: '60' },
  },
});
const seconds = Number(opt.seconds);
const warmup = Number(opt.warmup);
const hz = Number(opt.hz);
if (!(seconds > 0) || !(warmup >= 0) || !(hz > 0))
  throw new Error(`pi-floor-timer: bad --seconds ${opt.seconds}, --warmup ${opt.warmup} or --hz ${opt.hz}`);

const start = performance.now();
let wakes = 0;
let timer;
const arm = () => {
  timer = setTimeout(
    () => {
      wakes++;
      arm();
    },
    Math.max(0, start + ((wakes + 1) * 1000) / hz - performance.now()),
  );
};
arm();

await new Promise((resolve) => setTimeout(resolve, warmup * 1000));
const from = { at: performance.now(), cpu: process.cpuUsage(), wakes };
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const cpu = process.cpuUsage(from.cpu);
const wallS = (performance.now() - from.at) / 1000;
const woken = wakes - from.wakes;
clearTimeout(timer);
process.stdout.write(
  `${JSON.stringify({
    seconds: Math.round(wallS * 1000) / 1000,
    wakeups: woken,
    cpuMsPerSecond: Math.round(((cpu.user + cpu.system) / 1000 / wallS) * 100) / 100,
    userMsPerSecond: Math.round((cpu.user / 1000 / wallS) * 100) / 100,
    systemMsPerSecond: Math.round((cpu.system / 1000 / wallS) * 100) / 100,
    cpuUsPerWakeup: Math.round(((cpu.user + cpu.system) / Math.max(1, woken)) * 10) / 10,
  })}\n`,
);
process.exit(0);
