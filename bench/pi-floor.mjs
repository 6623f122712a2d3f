// The floor under `npm run bench:pi`: what a Node process pays on this machine, with the same V8 flags,
// pinned the same way, to be woken as often as the pipeline is, doing nothing with it. A 60 Hz timer
// loop (the tick clock's wake-ups) and the same 100 msg/s MQTT stream read off a raw TCP socket
// (CONNECT and SUBSCRIBE written by hand, every read counted, nothing parsed: no MQTT library).
// The pipeline's CPU minus this is what tinydisplay (its MQTT client included) and the GC add.
//
//   node bench/pi-floor.mjs --url mqtt://127.0.0.1:1883 --topic t --seconds 15
import { connect } from 'node:net';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    topic: { type: 'string' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
  },
});
if (opt.url === undefined || opt.topic === undefined)
  throw new Error('pi-floor: --url and --topic are required');
const seconds = Number(opt.seconds);
const warmup = Number(opt.warmup);
const { hostname, port } = new URL(opt.url);

// ---- 60 Hz: one timer per tick, due times from the start (no drift), as the tick clock arms them ----
const start = performance.now();
let ticks = 0;
let timer;
const arm = () => {
  timer = setTimeout(
    () => {
      ticks++;
      arm();
    },
    Math.max(0, start + ((ticks + 1) * 1000) / 60 - performance.now()),
  );
};
arm();

// ---- the MQTT stream, raw ----------------------------------------------------------------------
const socket = connect(Number(port || 1883), hostname);
await new Promise((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('error', reject);
});
const str = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b]);
};
const clientId = str(`tinydisplay-floor-${process.pid}`);
const connectBody = Buffer.concat([str('MQTT'), Buffer.from([4, 2, 0, 30]), clientId]);
socket.write(Buffer.concat([Buffer.from([0x10, connectBody.length]), connectBody]));
const subBody = Buffer.concat([Buffer.from([0, 1]), str(opt.topic), Buffer.from([0])]);
socket.write(Buffer.concat([Buffer.from([0x82, subBody.length]), subBody]));
let reads = 0;
let bytes = 0;
socket.on('data', (d) => {
  reads++;
  bytes += d.length;
});

await new Promise((resolve) => setTimeout(resolve, warmup * 1000));
const from = { at: performance.now(), cpu: process.cpuUsage(), ticks, reads, bytes };
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const cpu = process.cpuUsage(from.cpu);
const wallS = (performance.now() - from.at) / 1000;
clearTimeout(timer);
socket.destroy();
process.stdout.write(
  `${JSON.stringify({
    seconds: wallS,
    cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / wallS,
    ticks: ticks - from.ticks,
    reads: reads - from.reads,
    bytes: bytes - from.bytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
process.exit(0);
