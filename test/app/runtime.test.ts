import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DisplayRuntime } from '../../src/app/index.js';
import { inspectRuntime } from '../../src/cli/inspect.js';
import { ManualScheduler } from '../../src/clock/index.js';
import { type Config, validateConfigText } from '../../src/config.js';
import type { DisplayInfo, FrameUpdate, Output, OutputStats } from '../../src/outputs/index.js';
import { SyntheticSource } from '../../src/sources/index.js';

/** An output that keeps a copy of every frame it is given (refuses writes before open or after close). */
class CapturingOutput implements Output {
  readonly name: string = 'capture';
  readonly frames: { tick: number; pixels: Uint8Array }[] = [];
  state: 'new' | 'open' | 'closed' = 'new';
  async open(_display: DisplayInfo): Promise<void> {
    this.state = 'open';
  }
  write(update: FrameUpdate): void {
    if (this.state !== 'open') throw new Error(`write while ${this.state}`);
    this.frames.push({ tick: update.tick, pixels: Uint8Array.from(update.framebuffer.pixels as Uint8Array) });
  }
  async close(): Promise<void> {
    this.state = 'closed';
  }
  get stats(): OutputStats {
    return { frames: this.frames.length, bytes: 0, errors: 0 };
  }
}

const yaml = (barY: number) => `
display: { width: 32, height: 16, fps: 50 }
widgets:
  - { type: progress-bar, id: bar, x: 0, y: ${barY}, w: 32, h: 4 }
  - { type: sparkline, id: spark, x: 0, y: 8, w: 32, h: 8, key: cpu }
bindings:
  - { key: cpu, target: bar, property: fill, map: { kind: linear, in: [0, 100], out: [0, 1] } }
`;

function config(text: string): Config {
  const r = validateConfigText(text);
  if (r.config === undefined) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

function makeRuntime(text: string, extra: Partial<ConstructorParameters<typeof DisplayRuntime>[0]> = {}) {
  const scheduler = new ManualScheduler(1000);
  const out = new CapturingOutput();
  const log: string[] = [];
  const runtime = new DisplayRuntime({
    config: config(text),
    baseDir: process.cwd(),
    outputs: [out],
    log: (l) => log.push(l),
    createSource: () => {
      throw new Error('no sources in this test');
    },
    now: scheduler.now,
    scheduler,
    ...extra,
  });
  return { runtime, scheduler, out, log };
}

describe('DisplayRuntime', () => {
  it('composes and sends only ticks that changed something', async () => {
    const { runtime, scheduler, out } = makeRuntime(yaml(0));
    await runtime.start();
    scheduler.advanceTo(1000 + 200); // ticks 0..10, no data: only the first frame
    expect(out.frames.map((f) => f.tick)).toEqual([0]);
    scheduler.advanceTo(1000 + 205);
    runtime.pipeline.buffer.addDataPoint({ cpu: 50 }, 'test');
    scheduler.advanceTo(1000 + 300);
    expect(out.frames.length).toBe(2); // the bar fill and the sparkline, in one frame
    await runtime.stop();
    expect(out.state).toBe('closed');
    expect((await runtime.result).code).toBe(0);
  });

  it('swaps scene and bindings at a tick boundary on reload, keeping the ring buffer and its history', async () => {
    const { runtime, scheduler, out, log } = makeRuntime(yaml(0));
    await runtime.start();
    for (let i = 0; i < 5; i++) {
      scheduler.advanceTo(1000 + 10 + i * 20);
      runtime.pipeline.buffer.addDataPoint({ cpu: 20 * i }, 'test');
    }
    scheduler.advanceTo(1000 + 120);
    const before = runtime.scene;
    const held = runtime.pipeline.buffer.count;
    const tickAtReload = runtime.pipeline.currentTick;
    runtime.reload(config(yaml(4)));
    // Nothing changes until the next tick has been processed.
    expect(runtime.scene).toBe(before);
    scheduler.advanceTo(1000 + 140);
    expect(runtime.scene).not.toBe(before);
    expect(runtime.pipeline.buffer.count).toBe(held);
    expect(runtime.pipeline.currentTick).toBe(tickAtReload + 1);
    expect(log).toContain('tinydisplay: config reloaded');
    // The new scene's first frame is whole and shows the kept history in the sparkline.
    scheduler.advanceTo(1000 + 160);
    const last = out.frames[out.frames.length - 1];
    expect(last?.tick).toBe(tickAtReload + 2);
    expect(runtime.scene.widget('bar')?.get('y')).toBe(4);
    // The binding of the new config applies the latest value (80) to the new bar.
    runtime.pipeline.buffer.addDataPoint({ cpu: 100 }, 'test');
    scheduler.advanceTo(1000 + 200);
    expect(runtime.scene.widget('bar')?.get('fill')).toBe(1);
    await runtime.stop();
  });

  it('ends the run with code 1 when a file source names a file that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-rt-'));
    const text = `${yaml(0)}\nsources: [{ id: rec, url: "file:${join(dir, 'missing.ndjson')}" }]\n`;
    const { runtime, log, out } = makeRuntime(text, {
      sourceFile: () => join(dir, 'missing.ndjson'),
    });
    await runtime.start();
    const result = await runtime.result;
    expect(result).toMatchObject({ reason: 'failed', code: 1 });
    expect(log.join('\n')).toMatch(/source rec: file ".*missing\.ndjson" does not exist/);
    expect(out.state).toBe('closed');
  });

  it('says once that a bound key was never seen while its source is live, naming the keys seen', async () => {
    const text = `${yaml(0).replace('key: cpu, target', 'key: cpux, target')}\nsources: [{ id: syn, url: synthetic }]\n`;
    const { runtime, scheduler, log } = makeRuntime(text, {
      createSource: () =>
        new SyntheticSource({
          id: 'syn',
          fields: { cpu: { kind: 'sine', period: 10, amplitude: 1, offset: 1 } },
          intervalMs: 20,
          seed: 1,
        }),
    });
    await runtime.start();
    // The synthetic source samples on the real clock: wait (bounded) for its first points.
    for (let i = 0; i < 100 && runtime.pipeline.buffer.count === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    scheduler.advanceTo(1000 + 3100); // past tick 150, where the check runs (every 3 s of ticks)
    scheduler.advanceTo(1000 + 6100); // and again at tick 300: no second line
    const lines = log.filter((l) => l.includes('"cpux" has never been seen'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('source syn is live; keys seen: cpu');
    await runtime.stop();
  });

  it('writes nothing after stop, and clears panels that ask for it', async () => {
    const { runtime, scheduler, out } = makeRuntime(yaml(0), {});
    const clearing = new CapturingOutput();
    const r2 = new DisplayRuntime({
      config: config(yaml(0)),
      baseDir: process.cwd(),
      outputs: [clearing],
      clearOnExit: [clearing],
      log: () => {},
      createSource: () => {
        throw new Error('none');
      },
      now: scheduler.now,
      scheduler,
    });
    await runtime.start();
    await r2.start();
    runtime.pipeline.buffer.addDataPoint({ cpu: 100 }, 'test');
    r2.pipeline.buffer.addDataPoint({ cpu: 100 }, 'test');
    scheduler.advanceTo(1000 + 100);
    await runtime.stop();
    await r2.stop();
    const n = out.frames.length;
    scheduler.advanceTo(1000 + 400);
    expect(out.frames.length).toBe(n);
    const lastClear = clearing.frames[clearing.frames.length - 1];
    expect(lastClear?.pixels.every((b) => b === 0)).toBe(true);
    expect(clearing.frames[clearing.frames.length - 2]?.pixels.some((b) => b !== 0)).toBe(true);
  });
});

describe('DisplayRuntime.stop', () => {
  /** An output whose write (the clear on exit) throws once `failing` is set. */
  class FailingClear extends CapturingOutput {
    override readonly name = 'failing';
    failing = false;
    override write(update: FrameUpdate): void {
      if (this.failing) throw new Error('bus gone');
      super.write(update);
    }
  }

  it('closes every output and resolves when one output cannot clear its panel', async () => {
    const bad = new FailingClear();
    const good = new CapturingOutput();
    const { runtime, scheduler, log } = makeRuntime(yaml(0), {
      outputs: [bad, good],
      clearOnExit: [bad, good],
    });
    await runtime.start();
    runtime.pipeline.buffer.addDataPoint({ cpu: 100 }, 'test');
    scheduler.advanceTo(1000 + 100);
    bad.failing = true;
    await runtime.stop();
    expect(log).toContain('tinydisplay: output failing: clear on exit failed: bus gone');
    expect(good.frames[good.frames.length - 1]?.pixels.every((b) => b === 0)).toBe(true);
    expect([bad.state, good.state]).toEqual(['closed', 'closed']);
    expect(runtime.state).toBe('stopped');
    expect(await runtime.result).toEqual({ reason: 'stopped', code: 0 });
  });
});

describe('what the simulator page is told about a running display', () => {
  it('gives the monitor figures, and for a past tick the data, the animated values and the events of that tick', async () => {
    const { runtime, scheduler } = makeRuntime(yaml(0));
    const inspect = inspectRuntime(runtime);
    await runtime.start();
    scheduler.advanceTo(1000 + 105); // tick 5 is at 100 ms
    runtime.pipeline.buffer.addDataPoint({ cpu: 40 }, 'test');
    scheduler.advanceTo(1000 + 205);
    runtime.pipeline.buffer.addDataPoint({ cpu: 80 }, 'test');
    scheduler.advanceTo(1000 + 300);
    const status = inspect.status();
    expect(status.triggerFirings).toBe(0);
    expect(status.sources).toEqual([]);
    expect(status.staleKeys).toEqual([]);
    // At tick 8 only the first point had arrived; at tick 12 both had.
    expect(inspect.describeTick(8)).toMatchObject({ tick: 8, data: { cpu: 40 }, events: [] });
    expect(inspect.describeTick(12)).toMatchObject({ data: { cpu: 80 } });
    expect(inspect.describeTick(3)).toMatchObject({ data: {} });
    const animated = (inspect.describeTick(14) as { animated: Record<string, Record<string, number>> })
      .animated;
    expect(animated.bar?.fill).toBeCloseTo(0.8);
    await runtime.stop();
  });
});

describe('DisplayRuntime: display.rotation', () => {
  /** A portrait 16x32 layout: a filled block in the top-left corner, 6 wide and 3 high. */
  const portrait = (rotation: number) => `
display: { width: 16, height: 32, fps: 50, rotation: ${rotation} }
widgets:
  - { type: rectangle, id: box, x: 0, y: 0, w: 6, h: 3, fill: true, colour: '#ffffff' }
`;

  class GeometryOutput extends CapturingOutput {
    opened: DisplayInfo | undefined;
    override async open(display: DisplayInfo): Promise<void> {
      this.opened = display;
      await super.open(display);
    }
  }

  /** Set pixels of a native frame as "x,y" strings. */
  const lit = (pixels: Uint8Array, width: number) =>
    [...pixels].flatMap((v, i) => (v ? [`${i % width},${Math.floor(i / width)}`] : []));

  it.each([
    // Logical (x, y) of the 16x32 layout lands at native (31-y, x) at 90, (15-x, 31-y) at 180, (y, 15-x) at 270.
    [0, { width: 16, height: 32 }, (x: number, y: number) => `${x},${y}`],
    [90, { width: 32, height: 16 }, (x: number, y: number) => `${31 - y},${x}`],
    [180, { width: 16, height: 32 }, (x: number, y: number) => `${15 - x},${31 - y}`],
    [270, { width: 32, height: 16 }, (x: number, y: number) => `${y},${15 - x}`],
  ] as const)(
    'at %i opens outputs with the panel geometry and hands them the turned frame',
    async (rotation, size, at) => {
      const out = new GeometryOutput();
      const { runtime, scheduler } = makeRuntime(portrait(rotation), { outputs: [out], clearOnExit: [out] });
      await runtime.start();
      scheduler.advanceTo(1000 + 40);
      expect(out.opened).toEqual({ ...size, format: 'mono', fps: 50 });
      const expected: string[] = [];
      for (let y = 0; y < 3; y++) for (let x = 0; x < 6; x++) expected.push(at(x, y));
      expect(lit((out.frames[0] as { pixels: Uint8Array }).pixels, size.width).sort()).toEqual(
        expected.sort(),
      );
      // Clearing the panel on exit clears the turned frame too.
      await runtime.stop();
      expect(lit((out.frames[out.frames.length - 1] as { pixels: Uint8Array }).pixels, size.width)).toEqual(
        [],
      );
      expect(out.frames[out.frames.length - 1]?.pixels.length).toBe(512);
    },
  );

  it('refuses a reload that changes the size at 90, keeps drawing at the old size, and stops cleanly after', async () => {
    const out = new GeometryOutput();
    const { runtime, scheduler, log } = makeRuntime(portrait(90), { outputs: [out], clearOnExit: [out] });
    await runtime.start();
    scheduler.advanceTo(1000 + 40);
    const before = runtime.scene;
    runtime.reload(config(portrait(90).replace('width: 16, height: 32', 'width: 32, height: 32')));
    scheduler.advanceTo(1000 + 100);
    expect(log).toContain(
      "tinydisplay: reload refused: display.width changed from 16 to 32; the display's size, format and rotation take effect at the next start",
    );
    expect(log).not.toContain('tinydisplay: config reloaded');
    expect(runtime.scene).toBe(before);
    expect(runtime.config.display.width).toBe(16);
    // The running display goes on: a change is still drawn, turned, at the size the output opened with.
    const sent = out.frames.length;
    runtime.scene.widget('box')?.set('x', 4);
    scheduler.advanceTo(1000 + 200);
    expect(out.frames.length).toBe(sent + 1);
    expect(out.frames[out.frames.length - 1]?.pixels.length).toBe(512);
    expect(runtime.unsentFrames).toBe(0);
    await runtime.stop();
    expect(out.state).toBe('closed');
    expect(await runtime.result).toEqual({ reason: 'stopped', code: 0 });
    expect(lit((out.frames[out.frames.length - 1] as { pixels: Uint8Array }).pixels, 32)).toEqual([]);
    expect(log.filter((l) => l.includes('rotation:'))).toEqual([]);
  });

  it('names every display setting a refused reload changed', async () => {
    const { runtime, scheduler, log } = makeRuntime(portrait(90));
    await runtime.start();
    runtime.reload(config(portrait(0).replace('fps: 50', "fps: 50, format: 'gray8'")));
    scheduler.advanceTo(1000 + 40);
    expect(log).toContain(
      "tinydisplay: reload refused: display.format changed from mono to gray8, display.rotation changed from 90 to 0; the display's size, format and rotation take effect at the next start",
    );
    await runtime.stop();
  });
});
