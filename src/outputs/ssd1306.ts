/**
 * SSD1306 128x64 and 128x32 OLED panels over I2C.
 *
 * Initialisation (SSD1306 datasheet, section 9 command table, and its application note's power-on
 * sequence; the values are those of the common drivers for modules with the internal charge pump):
 *
 * | bytes          | command                                                    |
 * | -------------- | ---------------------------------------------------------- |
 * | `AE`           | display off                                                |
 * | `D5 80`        | clock divide ratio 1, oscillator frequency 8 (reset value) |
 * | `A8 h-1`       | multiplex ratio: 63 for 64 rows, 31 for 32                 |
 * | `D3 00`        | display offset 0                                           |
 * | `40`           | start line 0                                               |
 * | `8D 14`        | charge pump on                                             |
 * | `20 00`        | memory addressing: horizontal (windows wrap page to page)  |
 * | `A1` / `A0`    | segment remap: column 127 is SEG0 (rotation 0) / not (180) |
 * | `C8` / `C0`    | COM scan from COM[N-1] (rotation 0) / from COM0 (180)      |
 * | `DA 12` / `02` | COM pins: alternative for 64 rows, sequential for 32       |
 * | `81 cf`        | contrast (option `contrast`)                               |
 * | `D9 F1`        | pre-charge: phase 1 = 1, phase 2 = 15 DCLK                 |
 * | `DB 40`        | VCOMH deselect level                                       |
 * | `2E`           | scrolling off (a previous program may have left it on)     |
 * | `A4`           | display follows RAM                                        |
 * | `A6`           | normal (not inverted)                                      |
 * | `AF`           | display on                                                 |
 *
 * A frame sets each run's window with `21 c0 c1` (columns) and `22 p0 p1` (pages) and sends its bytes
 * in one data burst: horizontal addressing moves on to the next page at the window's right edge.
 */

import { type OledI2cOptions, OledI2cOutput } from './oled-i2c.js';
import type { DisplayInfo } from './output.js';

/** Options of an `Ssd1306Output`: the I2C OLED options. */
export type Ssd1306Options = OledI2cOptions;

/** A 128x64 or 128x32 SSD1306 OLED over I2C: only the changed page runs are sent, in bursts. */
export class Ssd1306Output extends OledI2cOutput {
  readonly name = 'ssd1306';
  protected readonly pagesWrap = true;

  constructor(options: Ssd1306Options = {}) {
    super('ssd1306', options);
  }

  protected checkDisplay(display: DisplayInfo): void {
    if (display.width !== 128 || (display.height !== 64 && display.height !== 32)) {
      throw new RangeError(
        `ssd1306: supported sizes are 128x64 and 128x32, received ${display.width}x${display.height}`,
      );
    }
  }

  protected initCommands(): readonly (readonly number[])[] {
    const h = this.height;
    const flipped = this.rotation === 180;
    return [
      [0xae],
      [0xd5, 0x80],
      [0xa8, h - 1],
      [0xd3, 0x00],
      [0x40],
      [0x8d, 0x14],
      [0x20, 0x00],
      [flipped ? 0xa0 : 0xa1],
      [flipped ? 0xc0 : 0xc8],
      [0xda, h === 64 ? 0x12 : 0x02],
      [0x81, this.contrastAtInit],
      [0xd9, 0xf1],
      [0xdb, 0x40],
      [0x2e],
      [0xa4],
      [0xa6],
      [0xaf],
    ];
  }

  protected windowCommands(p0: number, p1: number, c0: number, c1: number): readonly (readonly number[])[] {
    return [
      [0x21, c0, c1],
      [0x22, p0, p1],
    ];
  }
}
