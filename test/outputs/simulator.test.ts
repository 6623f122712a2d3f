import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Framebuffer, type Output, SimulatorOutput } from '../../src/index.js';
import { FrameHistory } from '../../src/outputs/simulator/history.js';
import { encodeFrame, FRAME_LIVE, wireMessageBytes } from '../../src/outputs/simulator/wire.js';
import { runOutputContract } from './contract.js';

const display = { width: 128, height: 64, format: 'mono' as const, fps: 30 };
const open: SimulatorOutput[] = [];

async function start(options: ConstructorParameters<typeof SimulatorOutput>[0] = {}) {
  const sim = new SimulatorOutput({ port: 0, ...options });
  await sim.open(display);
  open.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A client that collects what the server sends. */
async function client(sim: SimulatorOutput, origin?: string) {
  const ws = new WebSocket(sim.url.replace('http', 'ws'), origin ? { origin } : {});
  const texts: Record<string, unknown>[] = [];
  const frames: Buffer[] = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) frames.push(data as Buffer);
    else texts.push(JSON.parse(String(data)) as Record<string, unknown>);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(what()).toBe(true);
  };
  return { ws, texts, frames, until };
}

describe('simulator wire format', () => {
  it('packs mono rectangles one bit a pixel, most significant bit first', () => {
    const fb = new Framebuffer({ width: 16, height: 2 });
    fb.set(0, 0, 1);
    fb.set(9, 0, 1);
    const msg = encodeFrame(FRAME_LIVE, 7, fb, [{ x: 0, y: 0, w: 10, h: 1 }]);
    expect(msg.length).toBe(wireMessageBytes('mono', [{ x: 0, y: 0, w: 10, h: 1 }]));
    const view = new DataView(msg.buffer);
    expect([view.getUint8(0), view.getUint32(1, true), view.getUint16(5, true)]).toEqual([1, 7, 1]);
    expect([...msg.subarray(15)]).toEqual([0x80, 0x40]);
  });
});

describe('FrameHistory', () => {
  it('answers the newest frame at or before a tick', () => {
    const h = new FrameHistory(1000);
    h.add(3, Uint8Array.of(3));
    h.add(9, Uint8Array.of(9));
    expect(h.at(2)).toBeUndefined();
    expect(h.at(5)?.tick).toBe(3);
    expect(h.at(9)?.tick).toBe(9);
    expect(h.at(100)?.tick).toBe(9);
  });

  it('stays inside its byte bound, dropping the oldest and counting them', () => {
    const h = new FrameHistory(100);
    for (let t = 0; t < 5000; t++) h.add(t, new Uint8Array(30));
    const s = h.stats;
    expect(s.bytes).toBeLessThanOrEqual(100);
    expect(s.frames).toBe(3);
    expect(s.dropped).toBe(4997);
    expect(s.firstTick).toBe(4997);
    expect(() => h.add(10, new Uint8Array(1))).toThrow(/before the last kept tick/);
  });
});

describe('SimulatorOutput', () => {
  it('listens on 127.0.0.1 by default and serves the page and its script', async () => {
    const sim = await start();
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(sim.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<canvas id="panel"');
    const script = await fetch(new URL('app.js', sim.url));
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await fetch(new URL('nope', sim.url))).status).toBe(404);
  });

  it('refuses a socket from another origin and counts it', async () => {
    const sim = await start();
    const ws = new WebSocket(sim.url.replace('http', 'ws'), { origin: 'http://evil.example' });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(403);
    expect(sim.stats.refusedOrigins).toBe(1);
    const own = await client(sim, sim.url.slice(0, -1));
    await own.until(() => own.texts.length > 0);
    own.ws.close();
  });

  it('greets with the geometry and sends only the damaged rectangles of each frame', async () => {
    const sim = await start();
    const c = await client(sim);
    await c.until(() => c.texts.some((t) => t.type === 'hello'));
    expect(c.texts[0]).toMatchObject({ type: 'hello', width: 128, height: 64, format: 'mono', fps: 30 });
    const fb = new Framebuffer(display);
    fb.fillRect(0, 0, 10, 10, 1);
    sim.write({ tick: 1, framebuffer: fb, damage: [{ x: 0, y: 0, w: 128, h: 64 }] });
    sim.write({ tick: 2, framebuffer: fb, damage: [] }); // idle: nothing goes out
    sim.write({ tick: 3, framebuffer: fb, damage: [{ x: 0, y: 8, w: 16, h: 8 }] });
    await c.until(() => c.frames.length === 2);
    expect(c.frames[0]?.length).toBe(7 + 8 + 1024);
    expect(c.frames[1]?.length).toBe(7 + 8 + 16);
    expect(sim.stats.frames).toBe(2);
    expect(sim.stats.lastFrameBytes).toBe(31);
    c.ws.close();
  });

  it('sends a late client the whole current frame', async () => {
    const sim = await start();
    const fb = new Framebuffer(display);
    sim.write({ tick: 5, framebuffer: fb, damage: [{ x: 0, y: 0, w: 8, h: 8 }] });
    const c = await client(sim);
    await c.until(() => c.frames.length === 1);
    expect(c.frames[0]?.length).toBe(7 + 8 + 1024);
    c.ws.close();
  });

  it('answers a seek with that tick’s frame and what happened at it', async () => {
    const sim = await start({ describeTick: (tick) => ({ tick, cpu: tick * 10 }) });
    const fb = new Framebuffer(display);
    for (const tick of [1, 4, 8]) {
      fb.clear(0);
      fb.fillRect(tick, 0, 1, 1, 1);
      sim.write({ tick, framebuffer: fb, damage: [{ x: 0, y: 0, w: 128, h: 64 }] });
    }
    const c = await client(sim);
    await c.until(() => c.frames.length === 1);
    c.ws.send(JSON.stringify({ type: 'seek', tick: 6 }));
    await c.until(() => c.frames.length === 2);
    const detail = c.texts.find((t) => t.type === 'detail');
    expect(detail).toMatchObject({ tick: 6, frameTick: 4, detail: { tick: 6, cpu: 60 } });
    const frame = c.frames[1] as Buffer;
    expect(frame[0]).toBe(2);
    expect(frame.readUInt32LE(1)).toBe(4);
    expect(frame[15]).toBe(0x80 >> 4); // pixel (4, 0) set
    c.ws.close();
  });

  it('serves /metrics when given a metrics function, and 404 without', async () => {
    const sim = await start({ metrics: () => '# HELP x y\n# TYPE x counter\nx 1\n' });
    const res = await fetch(new URL('metrics', sim.url));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('x 1');
    const bare = await start();
    expect((await fetch(new URL('metrics', bare.url))).status).toBe(404);
  });

  it('refuses bad options naming them', () => {
    expect(() => new SimulatorOutput({ zoom: 9 })).toThrow(/'zoom' must be an integer from 1 to 8/);
    expect(() => new SimulatorOutput({ port: -1 })).toThrow(/'port'/);
  });
});

runOutputContract({
  name: 'simulator',
  display: { width: 32, height: 16, format: 'mono', fps: 30 },
  cannotFail:
    'a browser that goes away is a disconnect, not a failed frame; a send that fails is counted by the same OutputCounters as every output',
  async setup(report) {
    const sim = new SimulatorOutput({ port: 0, onError: report });
    let received = 0;
    let ws: WebSocket | undefined;
    // The "device" is a browser: one client connects as soon as the simulator is open.
    const output: Output = {
      name: sim.name,
      get stats() {
        return sim.stats;
      },
      async open(display) {
        await sim.open(display);
        ws = new WebSocket(sim.url.replace('http', 'ws'));
        ws.on('message', (data: Buffer) => {
          received += data.length;
        });
        await new Promise<void>((resolve) => ws?.once('message', () => resolve()));
      },
      write: (update) => sim.write(update),
      close: () => sim.close(),
    };
    return {
      output,
      async delivered() {
        for (let i = 0; i < 200 && received < sim.stats.bytes; i++)
          await new Promise((r) => setTimeout(r, 5));
        return received;
      },
      async teardown() {
        ws?.terminate();
        await sim.close();
      },
    };
  },
});
