import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DisplayInfo, Sh1106Output, Ssd1306Output } from '../../src/outputs/index.js';
import { Framebuffer } from '../../src/render/index.js';
import { runOutputContract } from './contract.js';
import { OledModel, RecordingI2cBus } from './fakes.js';

const i2cBusInstalled = await import('i2c-bus' as string).then(
  () => true,
  () => false,
);
const d64: DisplayInfo = { width: 128, height: 64, format: 'mono', fps: 30 };
const d32: DisplayInfo = { width: 128, height: 32, format: 'mono', fps: 30 };
const whole64 = [{ x: 0, y: 0, w: 128, h: 64 }];

/** SSD1306 datasheet initialisation for a module with the internal charge pump. */
function ssd1306Init({ rows = 64, remap = 0xa1, scan = 0xc8, contrast = 0xcf } = {}): number[] {
  // biome-ignore format: one command per line, as in the datasheet's table
  return [
    0x00,                              // control byte: commands follow
    0xae,                              // display off
    0xd5, 0x80,                        // clock divide ratio / oscillator frequency
    0xa8, rows - 1,                    // multiplex ratio
    0xd3, 0x00,                        // display offset 0
    0x40,                              // start line 0
    0x8d, 0x14,                        // charge pump on
    0x20, 0x00,                        // horizontal addressing
    remap,                             // segment remap (0xA1 at rotation 0)
    scan,                              // COM scan direction (0xC8 at rotation 0)
    0xda, rows === 64 ? 0x12 : 0x02,   // COM pins: alternative for 64 rows, sequential for 32
    0x81, contrast,                    // contrast
    0xd9, 0xf1,                        // pre-charge
    0xdb, 0x40,                        // VCOMH deselect
    0x2e,                              // scrolling off
    0xa4,                              // resume from RAM
    0xa6,                              // normal display
    0xaf,                              // display on
  ];
}

/** A marquee: one line of 7-pixel-high "text" in page 6, shifted by `shift` pixels. */
function drawMarquee(fb: Framebuffer, shift: number): void {
  fb.fillRect(0, 48, 128, 8, 0);
  for (let x = 0; x < 128; x++) {
    const col = (x + shift) % 6;
    if (col === 5) continue;
    for (let y = 0; y < 7; y++) if (((x + shift) * 3 + y * 5) % 4 !== 0) fb.set(x, 48 + y, 1);
  }
}

function dashboard(): Framebuffer {
  const fb = new Framebuffer({ width: 128, height: 64 });
  fb.fillRect(0, 0, 128, 10, 1);
  fb.fillRect(4, 16, 60, 20, 1);
  fb.fillRect(70, 20, 50, 4, 1);
  drawMarquee(fb, 0);
  return fb;
}

async function openSsd1306(options: ConstructorParameters<typeof Ssd1306Output>[0] = {}, display = d64) {
  const model = new OledModel('ssd1306', display.height / 8);
  const bus = new RecordingI2cBus((bytes) => model.apply(bytes));
  const out = new Ssd1306Output({ bus, ...options });
  await out.open(display);
  return { bus, out, model };
}

describe('SSD1306 over I2C', () => {
  it('initialises a 128x64 panel with the datasheet sequence in one command burst', async () => {
    const { bus } = await openSsd1306();
    expect(bus.take()).toEqual([ssd1306Init()]);
    expect(ssd1306Init().slice(4, 6)).toEqual([0xa8, 0x3f]);
  });

  it('initialises a 128x32 panel with multiplex 0x1F and sequential COM pins 0x02', async () => {
    const { bus } = await openSsd1306({}, d32);
    const init = ssd1306Init({ rows: 32 });
    expect(init.slice(4, 6)).toEqual([0xa8, 0x1f]);
    expect(init.slice(15, 17)).toEqual([0xda, 0x02]);
    expect(bus.take()).toEqual([init]);
  });

  it('flips segment remap to 0xA0 and COM scan to 0xC0 at rotation 180, and sends the contrast asked for', async () => {
    const { bus } = await openSsd1306({ rotation: 180, contrast: 0x7f, address: 0x3d });
    const init = ssd1306Init({ remap: 0xa0, scan: 0xc0, contrast: 0x7f });
    expect(bus.log[0]?.address).toBe(0x3d);
    expect(bus.take()).toEqual([init]);
  });

  it('sends the first frame whole: window 0..127 x pages 0..7, then 1024 data bytes in one burst', async () => {
    const { bus, out, model } = await openSsd1306();
    bus.take();
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    const tx = bus.take();
    expect(tx).toHaveLength(2);
    expect(tx[0]).toEqual([0x00, 0x21, 0, 127, 0x22, 0, 7]);
    expect(tx[1]).toEqual([0x40, ...fb.pack()]);
    expect(model.visible(128)).toEqual(fb.pack());
  });

  it('addresses pages 0..3 on a 128x32 panel', async () => {
    const { bus, out, model } = await openSsd1306({}, d32);
    bus.take();
    const fb = new Framebuffer({ width: 128, height: 32 });
    fb.fillRect(3, 5, 100, 20, 1);
    await out.write({ tick: 0, framebuffer: fb, damage: [{ x: 0, y: 0, w: 128, h: 32 }] });
    expect(bus.take()).toEqual([
      [0x00, 0x21, 0, 127, 0x22, 0, 3],
      [0x40, ...fb.pack()],
    ]);
    expect(model.visible(128)).toEqual(fb.pack());
  });

  it('sends a marquee-only frame as the changed columns of page 6: one window command and one data burst', async () => {
    const { bus, out, model } = await openSsd1306();
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    bus.take();
    const before = [...fb.pack({ x: 0, y: 48, w: 128, h: 8 })];
    drawMarquee(fb, 1);
    await out.write({ tick: 1, framebuffer: fb, damage: [{ x: 0, y: 48, w: 128, h: 8 }] });
    const tx = bus.take();
    const page6 = fb.pack({ x: 0, y: 48, w: 128, h: 8 });
    const differs = [...page6].flatMap((b, i) => (b !== before[i] ? [i] : []));
    const [c0, c1] = [differs[0] as number, differs.at(-1) as number];
    expect(tx).toEqual([
      [0x00, 0x21, c0, c1, 0x22, 6, 6], // columns c0..c1, page 6 only
      [0x40, ...page6.subarray(c0, c1 + 1)],
    ]);
    const [cmd, data] = tx as [number[], number[]];
    expect(model.visible(128)).toEqual(fb.pack());
    // under a fifth of the first frame's 1024 + 9 bytes
    expect(cmd.length + data.length).toBeLessThan((1024 + 9) / 5);
  });

  it('trims a span to the bytes that differ: one changed pixel is one data byte', async () => {
    const { bus, out } = await openSsd1306();
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    bus.take();
    fb.set(100, 42, 1);
    await out.write({ tick: 1, framebuffer: fb, damage: [{ x: 90, y: 40, w: 20, h: 8 }] });
    expect(bus.take()).toEqual([
      [0x00, 0x21, 100, 100, 0x22, 5, 5],
      [0x40, fb.pack({ x: 100, y: 40, w: 1, h: 8 })[0]],
    ]);
  });

  it('sends nothing for an idle frame, even when a rectangle is reported damaged but its pixels did not change', async () => {
    const { bus, out } = await openSsd1306();
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    bus.take();
    await out.write({ tick: 1, framebuffer: fb, damage: [] });
    await out.write({ tick: 2, framebuffer: fb, damage: [{ x: 0, y: 48, w: 128, h: 8 }] });
    expect(bus.take()).toEqual([]);
  });

  it('joins adjacent changed pages into one run, one window and one burst', async () => {
    const { bus, out, model } = await openSsd1306();
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    bus.take();
    fb.fillRect(10, 30, 40, 6, 0); // pages 3 and 4
    await out.write({ tick: 1, framebuffer: fb, damage: [{ x: 10, y: 30, w: 40, h: 6 }] });
    const tx = bus.take();
    expect(tx).toHaveLength(2);
    expect(tx[0]?.slice(4)).toEqual([0x22, 3, 4]);
    expect(model.visible(128)).toEqual(fb.pack());
  });

  it('splits data bursts at maxTransfer, control byte included, and never sends one transaction per byte', async () => {
    const { bus, out, model } = await openSsd1306({ maxTransfer: 32 });
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    const tx = bus.take();
    for (const t of tx) expect(t.length).toBeLessThanOrEqual(32);
    const data = tx.filter((t) => t[0] === 0x40);
    expect(data).toHaveLength(Math.ceil(1024 / 31));
    expect(data.slice(0, -1).every((t) => t.length === 32)).toBe(true);
    expect(model.visible(128)).toEqual(fb.pack());
  });

  it('sets contrast (0x81 v) and power save (0xAE on, 0xAF off) as command bursts', async () => {
    const { bus, out } = await openSsd1306();
    bus.take();
    await out.setContrast(0x10);
    await out.setPowerSave(true);
    await out.setPowerSave(false);
    expect(bus.take()).toEqual([
      [0x00, 0x81, 0x10],
      [0x00, 0xae],
      [0x00, 0xaf],
    ]);
    await expect(out.setContrast(256)).rejects.toThrow(/contrast.*256/);
  });

  it('after a failed write, sends the next frame whole so the panel matches again', async () => {
    const reports: string[] = [];
    const { bus, out, model } = await openSsd1306({ onError: (m) => reports.push(m) });
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    bus.failNext();
    fb.fillRect(0, 0, 128, 64, 0);
    await out.write({ tick: 1, framebuffer: fb, damage: whole64 });
    expect(out.stats.errors).toBe(1);
    drawMarquee(fb, 3);
    await out.write({ tick: 2, framebuffer: fb, damage: [{ x: 0, y: 48, w: 128, h: 8 }] });
    expect(model.visible(128)).toEqual(fb.pack());
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/ssd1306: writing the frame of tick 1 failed: EREMOTEIO/);
  });

  it('refuses a display it cannot drive, naming the value', async () => {
    const bus = new RecordingI2cBus();
    await expect(new Ssd1306Output({ bus }).open({ ...d64, format: 'rgb565' })).rejects.toThrow(
      /'mono'.*'rgb565'/,
    );
    await expect(new Ssd1306Output({ bus }).open({ ...d64, width: 96 })).rejects.toThrow(/96x64/);
    expect(() => new Ssd1306Output({ bus, address: 0x80 })).toThrow(/address.*128/);
    expect(() => new Ssd1306Output({ bus, maxTransfer: 4 })).toThrow(/maxTransfer.*4/);
  });

  it('rejects open when the panel does not answer, naming the address', async () => {
    const bus = new RecordingI2cBus();
    bus.failNext();
    await expect(new Ssd1306Output({ bus }).open(d64)).rejects.toThrow(/address 0x3c failed: EREMOTEIO/);
  });

  it('keeps the panel equal to the framebuffer through any sequence of frames (model of the controller RAM)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 8, max: 200 }),
        fc.array(
          fc.record({
            x: fc.nat(127),
            y: fc.nat(63),
            w: fc.integer({ min: 1, max: 128 }),
            h: fc.integer({ min: 1, max: 64 }),
            v: fc.nat(1),
          }),
          { maxLength: 12 },
        ),
        async (maxTransfer, rects) => {
          const { out, model } = await openSsd1306({ maxTransfer });
          const fb = dashboard();
          await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
          let tick = 1;
          for (const r of rects) {
            fb.fillRect(r.x, r.y, r.w, r.h, r.v);
            await out.write({ tick: tick++, framebuffer: fb, damage: [r] });
            expect(model.visible(128)).toEqual(fb.pack());
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it.skipIf(i2cBusInstalled)(
    'opening a bus by number without i2c-bus installed rejects naming the package',
    async () => {
      await expect(new Ssd1306Output({ bus: 1 }).open(d64)).rejects.toThrow(
        /ssd1306 needs the optional package 'i2c-bus', which is not installed/,
      );
    },
  );
});

describe('SH1106 over I2C', () => {
  /** SH1106 datasheet initialisation, 128x64, contrast 0xCF. */
  // biome-ignore format: one command per line, as in the datasheet's table
  const sh1106Init64 = [
    0x00,          // control byte: commands follow
    0xae,          // display off
    0xd5, 0x80,    // clock divide ratio / oscillator
    0xa8, 0x3f,    // multiplex ratio 64
    0xd3, 0x00,    // display offset 0
    0x40,          // start line 0
    0xad, 0x8b,    // DC-DC converter on
    0xa1,          // segment remap
    0xc8,          // COM scan decrementing
    0xda, 0x12,    // COM pads alternative
    0x81, 0xcf,    // contrast
    0xd9, 0x1f,    // pre-charge
    0xdb, 0x40,    // VCOM deselect
    0x33,          // pump voltage 9 V
    0xa4,          // display follows RAM
    0xa6,          // normal display
    0xaf,          // display on
  ];

  async function openSh1106(options: ConstructorParameters<typeof Sh1106Output>[0] = {}) {
    const model = new OledModel('sh1106');
    const bus = new RecordingI2cBus((bytes) => model.apply(bytes));
    const out = new Sh1106Output({ bus, ...options });
    await out.open(d64);
    return { bus, out, model };
  }

  it('initialises with its own sequence: DC-DC 0xAD 0x8B instead of a charge pump, no addressing mode', async () => {
    const { bus } = await openSh1106();
    expect(bus.take()).toEqual([sh1106Init64]);
  });

  it('flips segment remap and COM scan at rotation 180', async () => {
    const { bus } = await openSh1106({ rotation: 180 });
    const init = sh1106Init64.slice();
    init.splice(11, 2, 0xa0, 0xc0);
    expect(bus.take()).toEqual([init]);
  });

  it('sends the first frame page by page: 0xB0+page, column 2 as low and high nibbles, then 128 bytes', async () => {
    const { bus, out, model } = await openSh1106();
    bus.take();
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    const packed = fb.pack();
    const expected: number[][] = [];
    for (let p = 0; p < 8; p++) {
      expected.push([0x00, 0xb0 + p, 0x02, 0x10]);
      expected.push([0x40, ...packed.subarray(p * 128, p * 128 + 128)]);
    }
    expect(bus.take()).toEqual(expected);
    expect(model.visible(128, 2)).toEqual(packed);
  });

  it('adds the configured column offset to the changed span of a marquee-only frame', async () => {
    const { bus, out, model } = await openSh1106({ columnOffset: 0 });
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    bus.take();
    fb.set(100, 50, 0);
    fb.set(101, 50, 1);
    await out.write({ tick: 1, framebuffer: fb, damage: [{ x: 0, y: 48, w: 128, h: 8 }] });
    const tx = bus.take();
    const changed = fb.pack({ x: 0, y: 48, w: 128, h: 8 });
    const [cmd, data] = tx as [number[], number[]];
    expect(tx).toHaveLength(2);
    const col = (cmd[2] as number) | (((cmd[3] as number) & 0x0f) << 4);
    expect(cmd).toEqual([0x00, 0xb6, col & 0x0f, 0x10 | (col >> 4)]);
    expect(data).toEqual([0x40, ...changed.subarray(col, col + data.length - 1)]);
    expect(model.visible(128, 0)).toEqual(fb.pack());
  });

  it('sends nothing for an idle frame', async () => {
    const { bus, out } = await openSh1106();
    const fb = dashboard();
    await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
    bus.take();
    await out.write({ tick: 1, framebuffer: fb, damage: whole64 });
    expect(bus.take()).toEqual([]);
  });

  it('keeps the panel equal to the framebuffer through any sequence of frames, at any column offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 8, max: 200 }),
        fc.array(
          fc.record({
            x: fc.nat(127),
            y: fc.nat(63),
            w: fc.integer({ min: 1, max: 128 }),
            h: fc.integer({ min: 1, max: 64 }),
            v: fc.nat(1),
          }),
          { maxLength: 10 },
        ),
        async (columnOffset, maxTransfer, rects) => {
          const { out, model } = await openSh1106({ columnOffset, maxTransfer });
          const fb = dashboard();
          await out.write({ tick: 0, framebuffer: fb, damage: whole64 });
          let tick = 1;
          for (const r of rects) {
            fb.fillRect(r.x, r.y, r.w, r.h, r.v);
            await out.write({ tick: tick++, framebuffer: fb, damage: [r] });
            expect(model.visible(128, columnOffset)).toEqual(fb.pack());
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});

for (const [name, Make, kind] of [
  ['ssd1306', Ssd1306Output, 'ssd1306'],
  ['sh1106', Sh1106Output, 'sh1106'],
] as const) {
  runOutputContract({
    name,
    display: d64,
    async setup(report) {
      const model = new OledModel(kind);
      const bus = new RecordingI2cBus((bytes) => model.apply(bytes));
      return {
        output: new Make({ bus, onError: report }),
        delivered: async () => bus.received,
        breakNext: () => bus.failNext(),
      };
    },
  });
}
