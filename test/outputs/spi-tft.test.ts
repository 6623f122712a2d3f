import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DisplayInfo,
  type SpiTftOptions,
  SpiTftOutput,
  SysfsGpioLine,
} from '../../src/outputs/index.js';
import { Framebuffer } from '../../src/render/index.js';
import { runOutputContract } from './contract.js';
import { RecordingSpi } from './fakes.js';

const spiDeviceInstalled = await import('spi-device' as string).then(
  () => true,
  () => false,
);

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tinydisplay-gpio-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const d240: DisplayInfo = { width: 240, height: 240, format: 'rgb565', fps: 30 };
const d160: DisplayInfo = { width: 160, height: 128, format: 'rgb565', fps: 30 };

async function openTft(options: Omit<SpiTftOptions, 'dc'> & { dc?: SpiTftOptions['dc'] }, display = d240) {
  const spi = new RecordingSpi();
  const sleeps: number[] = [];
  const out = new SpiTftOutput({
    spi,
    dc: spi,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  await out.open(display);
  return { spi, out, sleeps };
}

describe('SPI TFT panels', () => {
  it('initialises an ST7789: SWRESET, SLPOUT, COLMOD 0x55, MADCTL, INVON, NORON, DISPON, D/C low for commands', async () => {
    const { spi, sleeps } = await openTft({ controller: 'st7789' });
    expect(spi.take()).toEqual([
      ['C', 0x01], // SWRESET
      ['C', 0x11], // SLPOUT
      ['C', 0x3a], // COLMOD
      ['D', 0x55], //   65k colours, 16 bits per pixel
      ['C', 0x36], // MADCTL
      ['D', 0x00], //   rotation 0, RGB
      ['C', 0x21], // INVON (IPS panels)
      ['C', 0x13], // NORON
      ['C', 0x29], // DISPON
    ]);
    expect(sleeps).toEqual([150, 120, 10, 120]);
  });

  it('initialises an ILI9341 with MADCTL MX|BGR (0x48) and INVOFF, and an ST7735 with COLMOD 0x05', async () => {
    const ili = await openTft({ controller: 'ili9341' }, d160);
    expect(ili.spi.take()).toEqual([
      ['C', 0x01],
      ['C', 0x11],
      ['C', 0x3a],
      ['D', 0x55],
      ['C', 0x36],
      ['D', 0x48],
      ['C', 0x20],
      ['C', 0x13],
      ['C', 0x29],
    ]);
    const st = await openTft({ controller: 'st7735' }, { ...d160, width: 128, height: 160 });
    expect(st.spi.take().slice(2, 6)).toEqual([
      ['C', 0x3a],
      ['D', 0x05],
      ['C', 0x36],
      ['D', 0x00],
    ]);
  });

  it('sets MADCTL by rotation: MX|MV at 90, MX|MY at 180, MY|MV at 270', async () => {
    const madctl = async (rotation: 0 | 90 | 180 | 270, controller: 'st7789' | 'ili9341') =>
      new SpiTftOutput({ controller, rotation, spi: new RecordingSpi(), dc: new RecordingSpi() }).madctl;
    expect([
      await madctl(0, 'st7789'),
      await madctl(90, 'st7789'),
      await madctl(180, 'st7789'),
      await madctl(270, 'st7789'),
    ]).toEqual([0x00, 0x60, 0xc0, 0xa0]);
    expect([
      await madctl(0, 'ili9341'),
      await madctl(90, 'ili9341'),
      await madctl(180, 'ili9341'),
      await madctl(270, 'ili9341'),
    ]).toEqual([0x48, 0x28, 0x88, 0xe8]);
  });

  it('sends each damaged rectangle as CASET, RASET, RAMWR and RGB565 big-endian pixels', async () => {
    const { spi, out } = await openTft({ controller: 'st7789', columnOffset: 0, rowOffset: 80 });
    spi.take();
    const fb = new Framebuffer({ width: 240, height: 240, format: 'rgb565' });
    fb.fillRect(10, 20, 2, 1, 0xf800); // red
    fb.set(11, 20, 0x001f); // blue
    await out.write({ tick: 0, framebuffer: fb, damage: [{ x: 10, y: 20, w: 2, h: 1 }] });
    expect(spi.take()).toEqual([
      ['C', 0x2a], // CASET
      ['D', 0x00, 10, 0x00, 11], //   columns 10..11
      ['C', 0x2b], // RASET
      ['D', 0x00, 100, 0x00, 100], //   row 20 + 80
      ['C', 0x2c], // RAMWR
      ['D', 0xf8, 0x00, 0x00, 0x1f], //   red, blue
    ]);
  });

  it('writes 16-bit addresses high byte first and splits pixel data into transfers of maxTransfer bytes', async () => {
    const { spi, out } = await openTft(
      { controller: 'ili9341', maxTransfer: 64 },
      { ...d160, width: 240, height: 320 },
    );
    spi.take();
    const fb = new Framebuffer({ width: 240, height: 320, format: 'rgb565' });
    fb.fillRect(0, 300, 40, 1, 0x1234);
    await out.write({ tick: 0, framebuffer: fb, damage: [{ x: 0, y: 300, w: 40, h: 1 }] });
    const log = spi.log.splice(0);
    expect(log[3]?.bytes).toEqual([0x01, 0x2c, 0x01, 0x2c]); // RASET 300..300
    const data = log.slice(5);
    expect(data.map((t) => t.bytes.length)).toEqual([64, 16]);
    expect(data.every((t) => t.dc === 1)).toBe(true);
    expect(data.flatMap((t) => t.bytes).slice(0, 4)).toEqual([0x12, 0x34, 0x12, 0x34]);
  });

  it('converts other formats to RGB565', async () => {
    const { spi, out } = await openTft({ controller: 'st7789' }, { ...d240, format: 'rgb888' });
    spi.take();
    const fb = new Framebuffer({ width: 240, height: 240, format: 'rgb888' });
    fb.set(0, 0, 0xff8000);
    await out.write({ tick: 0, framebuffer: fb, damage: [{ x: 0, y: 0, w: 1, h: 1 }] });
    expect(spi.take().at(-1)).toEqual(['D', 0xfc, 0x00]);
  });

  it('sends nothing for an idle frame', async () => {
    const { spi, out } = await openTft({ controller: 'st7789' });
    spi.take();
    await out.write({
      tick: 0,
      framebuffer: new Framebuffer({ width: 240, height: 240, format: 'rgb565' }),
      damage: [],
    });
    expect(spi.log).toEqual([]);
  });

  it('refuses a display larger than the controller memory at its rotation', async () => {
    await expect(openTft({ controller: 'st7735' }, { ...d240, width: 240, height: 320 })).rejects.toThrow(
      /240x320 display at offset \(0, 0\) does not fit the controller's 132x162 memory/,
    );
    expect(() => new SpiTftOutput({ controller: 'st9999' as 'st7789', dc: 1 })).toThrow(/controller.*st9999/);
  });

  it('drives D/C through sysfs: exports the line, sets it to output and writes its value', async () => {
    const gpio = join(root, 'gpio');
    await mkdir(gpio, { recursive: true });
    await writeFile(join(gpio, 'export'), '');
    // The kernel creates gpio25/ when the line is exported; the fake folder has it ready.
    await mkdir(join(gpio, 'gpio25'));
    await writeFile(join(gpio, 'gpio25', 'direction'), 'in');
    await writeFile(join(gpio, 'gpio25', 'value'), '0');
    const spi = new RecordingSpi();
    spi.level = 0; // the fake records transfers; the real line is the sysfs file
    const out = new SpiTftOutput({
      controller: 'st7789',
      spi,
      dc: 25,
      gpioRoot: gpio,
      sleep: async () => undefined,
    });
    await out.open(d240);
    expect(await readFile(join(gpio, 'gpio25', 'direction'), 'utf8')).toBe('out');
    // DISPON, a command, was the last byte: D/C low.
    expect(await readFile(join(gpio, 'gpio25', 'value'), 'utf8')).toBe('0');
    const fb = new Framebuffer({ width: 240, height: 240, format: 'rgb565' });
    await out.write({ tick: 0, framebuffer: fb, damage: [{ x: 0, y: 0, w: 1, h: 1 }] });
    // Pixel data last: D/C high.
    expect(await readFile(join(gpio, 'gpio25', 'value'), 'utf8')).toBe('1');
    await out.close();
  });

  it('exports a sysfs line that is not exported yet, and names the folder when the kernel did not create it', async () => {
    const gpio = join(root, 'gpio-unexported');
    await mkdir(gpio, { recursive: true });
    await writeFile(join(gpio, 'export'), '');
    await expect(SysfsGpioLine.open(26, gpio)).rejects.toThrow(
      /gpio: setting up .*gpio26 as an output failed/,
    );
    expect(await readFile(join(gpio, 'export'), 'utf8')).toBe('26');
  });

  it.skipIf(spiDeviceInstalled)(
    'opening a device by number without spi-device installed rejects naming the package',
    async () => {
      const out = new SpiTftOutput({
        controller: 'st7789',
        spi: { bus: 0, device: 0 },
        dc: new RecordingSpi(),
      });
      await expect(out.open(d240)).rejects.toThrow(
        /st7789 needs the optional package 'spi-device', which is not installed/,
      );
    },
  );
});

runOutputContract({
  name: 'spi-tft (st7789)',
  display: d240,
  async setup(report) {
    const spi = new RecordingSpi();
    return {
      output: new SpiTftOutput({
        controller: 'st7789',
        spi,
        dc: spi,
        sleep: async () => undefined,
        onError: report,
      }),
      delivered: async () => spi.received,
      breakNext: () => spi.failNext(),
    };
  },
});
