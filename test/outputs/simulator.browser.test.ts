/**
 * The simulator page in a real headless Chromium (Debian's `chromium`, driven by playwright-core). Skipped,
 * with the reason in its name, where no Chromium is installed; `.ci/run` installs one.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Framebuffer, SimulatorOutput } from '../../src/index.js';

const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => typeof p === 'string' && p !== '' && existsSync(p),
);
const display = { width: 32, height: 16, format: 'rgb565' as const, fps: 10 };

describe.skipIf(!chromiumPath)(
  `simulator page in headless Chromium${chromiumPath ? '' : ' (skipped: no Chromium installed; set CHROMIUM_PATH or apt-get install chromium)'}`,
  () => {
    let browser: Browser;

    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-quic',
          '--no-first-run',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    function frameAt(tick: number): Framebuffer {
      const fb = new Framebuffer(display);
      fb.fillRect(0, 0, 32, 16, fb.ink('#102040'));
      fb.fillRect(tick % 28, 4, 4, 8, fb.ink('#ff8000'));
      fb.set(31, 15, fb.ink('#ffffff'));
      return fb;
    }

    // Page-side expressions are strings: the tests' compiler has no DOM types, and should not.
    async function pagePixels(page: Page): Promise<number[]> {
      return page.evaluate<number[]>('window.tinydisplay.pixels()');
    }
    async function until(page: Page, expression: string, timeout = 10_000): Promise<void> {
      await page.waitForFunction(expression, undefined, { timeout });
    }

    it('shows the same pixels as the framebuffer, recovers after a server restart, and scrubs back to a tick', async () => {
      let sim = new SimulatorOutput({ port: 0, describeTick: (tick) => ({ tick }) });
      await sim.open(display);
      const port = Number(new URL(sim.url).port);
      const page = await browser.newPage();
      try {
        await page.goto(sim.url);
        await until(page, "document.getElementById('conn').className === 'live'");
        for (let tick = 1; tick <= 5; tick++) {
          sim.write({ tick, framebuffer: frameAt(tick), damage: [{ x: 0, y: 0, w: 32, h: 16 }] });
        }
        await until(page, 'window.tinydisplay.state.liveTick === 5');
        expect(await pagePixels(page)).toEqual([...frameAt(5).toRgba()]);

        // The server goes away: the page says so, then reconnects by itself to the new one.
        await sim.close();
        await until(page, "document.getElementById('conn').textContent.startsWith('disconnected')");
        sim = new SimulatorOutput({ port, describeTick: (tick) => ({ tick }) });
        await sim.open(display);
        for (let tick = 10; tick <= 14; tick++) {
          sim.write({ tick, framebuffer: frameAt(tick), damage: [{ x: 0, y: 0, w: 32, h: 16 }] });
        }
        await until(page, "document.getElementById('conn').className === 'live'", 15_000);
        sim.write({ tick: 15, framebuffer: frameAt(15), damage: [{ x: 0, y: 0, w: 32, h: 16 }] });
        await until(page, 'window.tinydisplay.state.liveTick === 15');
        expect(await pagePixels(page)).toEqual([...frameAt(15).toRgba()]);

        // Scrub back: the page shows the frame of that tick and what happened at it.
        await page.evaluate('window.tinydisplay.seek(12)');
        await until(page, 'window.tinydisplay.state.frameTick === 12');
        await until(page, `document.getElementById('detail').textContent.includes('"tick": 12')`);
        await expect.poll(() => pagePixels(page)).toEqual([...frameAt(12).toRgba()]);
        // Live frames keep arriving while paused, without changing what is shown.
        sim.write({ tick: 16, framebuffer: frameAt(16), damage: [{ x: 0, y: 0, w: 32, h: 16 }] });
        await until(page, 'window.tinydisplay.state.liveTick === 16');
        expect(await pagePixels(page)).toEqual([...frameAt(12).toRgba()]);
      } finally {
        await page.close();
        await sim.close();
      }
    }, 60_000);
  },
);
