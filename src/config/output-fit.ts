/**
 * Whether the display fits each panel output once turned by `display.rotation`. The scene is drawn at
 * `display.width` x `display.height` and each frame is turned to the panel's orientation before any
 * output sees it (width and height swapped at 90 and 270), so a panel constrains the turned size: a
 * 128x64 SSD1306 takes `width: 128, height: 64` at 0 and 180, `width: 64, height: 128` at 90 and 270.
 * Outputs without a fixed size (terminal, simulator, PNG, GIF) take any; fbdev is checked when it opens.
 */

import type { ConfigIssue } from './issues.js';
import type { OutputConfig } from './schema.js';

interface DisplayGeometry {
  readonly width: number;
  readonly height: number;
  readonly rotation: 0 | 90 | 180 | 270;
}

/** RAM of the SPI TFT controllers in their own orientation (columns, rows). */
const tftRam: Readonly<Record<string, readonly [number, number]>> = {
  st7789: [240, 320],
  ili9341: [240, 320],
  st7735: [132, 162],
};

/** The panel sizes an output takes, in words, and whether a native `w` x `h` frame fits; undefined: any size. */
function panel(o: OutputConfig): { readonly takes: string; fits(w: number, h: number): boolean } | undefined {
  switch (o.type) {
    case 'ssd1306':
      return { takes: '128x64 or 128x32', fits: (w, h) => w === 128 && (h === 64 || h === 32) };
    case 'sh1106':
      // 132 RAM columns, the glass starting at column 2.
      return {
        takes: 'a height of 64 or 32 and a width up to 130',
        fits: (w, h) => w <= 130 && (h === 64 || h === 32),
      };
    case 'spi-tft': {
      const [cw, ch] = tftRam[o.controller] as readonly [number, number];
      return { takes: `at most ${cw}x${ch}`, fits: (w, h) => w <= cw && h <= ch };
    }
    default:
      return undefined;
  }
}

/** One issue per panel output the turned display does not fit, at `display.rotation` when another rotation would fit. */
export function outputFitIssues(display: DisplayGeometry, outputs: readonly OutputConfig[]): ConfigIssue[] {
  const { width, height, rotation } = display;
  const swapped = rotation === 90 || rotation === 270;
  const [nw, nh] = swapped ? [height, width] : [width, height];
  const issues: ConfigIssue[] = [];
  outputs.forEach((o, i) => {
    const p = panel(o);
    if (p === undefined || p.fits(nw, nh)) return;
    const what = `outputs[${i}] (${o.type}${o.type === 'spi-tft' ? ` ${o.controller}` : ''}) takes ${p.takes} pixels`;
    if (p.fits(nh, nw)) {
      issues.push({
        path: 'display.rotation',
        message: `${rotation}: the ${width}x${height} display is ${nw}x${nh} on the panel, and ${what}: at rotation ${rotation} give width ${nw} and height ${nh} (the layout turned), or use rotation ${swapped ? '0 or 180' : '90 or 270'}`,
      });
    } else {
      issues.push({
        path: 'display',
        message: `${width}x${height} at rotation ${rotation} is ${nw}x${nh} on the panel, and ${what}`,
      });
    }
  });
  return issues;
}
