/**
 * SH1106 OLED panels over I2C (the 1.3" 128x64 modules). The SH1106 has 132 columns of RAM for a
 * 128-column glass, centred by default: `columnOffset` (default 2) is added to every column address.
 * It has no horizontal addressing mode, so each changed page is its own run: `B0+page`, then the
 * column's low nibble `0x00 | (c & 0x0f)` and high nibble `0x10 | (c >> 4)`, then the bytes.
 *
 * Initialisation (SH1106 datasheet command table; pre-charge, VCOM and pump values as the common
 * drivers use them):
 *
 * | bytes          | command                                                     |
 * | -------------- | ----------------------------------------------------------- |
 * | `AE`           | display off                                                 |
 * | `D5 80`        | clock divide ratio 1, oscillator +0 %                       |
 * | `A8 h-1`       | multiplex ratio                                             |
 * | `D3 00`        | display offset 0                                            |
 * | `40`           | start line 0                                                |
 * | `AD 8B`        | DC-DC converter on (the SH1106 has no `8D` charge pump)     |
 * | `A1` / `A0`    | segment remap (rotation 0 / 180)                            |
 * | `C8` / `C0`    | COM scan direction (rotation 0 / 180)                       |
 * | `DA 12` / `02` | COM pads: alternative for 64 rows, sequential for 32        |
 * | `81 cf`        | contrast (option `contrast`)                                |
 * | `D9 1F`        | pre-charge: phase 1 = 15, phase 2 = 1 DCLK                  |
 * | `DB 40`        | VCOM deselect level                                         |
 * | `33`           | pump voltage 9 V                                            |
 * | `A4`           | display follows RAM                                         |
 * | `A6`           | normal (not inverted)                                       |
 * | `AF`           | display on                                                  |
 */
import { type OledI2cOptions, OledI2cOutput } from './oled-i2c.js';
import type { DisplayInfo } from './output.js';

/**
 * Options of an `Sh1106Output`: the I2C OLED options plus the RAM column of the first visible
 * column (default 2).
 */
export interface Sh1106Options extends OledI2cOptions {
  /** RAM column of the glass's first column; default 2 (132 RAM columns, 128 visible, centred). */
  readonly columnOffset?: number;
}

const ramColumns = 132;

/**
 * A 128x64 SH1106 OLED over I2C (132 RAM columns, 128 visible): only the changed page runs are
 * sent.
 */
export class Sh1106Output extends OledI2cOutput {
  readonly name = 'sh1106';
  protected readonly pagesWrap = false;
  private readonly columnOffset: number;

  constructor(options: Sh1106Options = {}) {
    super('sh1106', options);
    const offset = options.columnOffset ?? 2;
    if (!Number.isInteger(offset) || offset < 0 || offset > ramColumns - 1) {
      throw new RangeError(`sh1106: 'columnOffset' must be an integer 0..131, received ${String(offset)}`);
    }
    this.columnOffset = offset;
  }

  protected checkDisplay(display: DisplayInfo): void {
    if (display.height !== 64 && display.height !== 32) {
      throw new RangeError(`sh1106: supported heights are 64 and 32, received ${display.height}`);
    }
    if (display.width < 1 || display.width + this.columnOffset > ramColumns) {
      throw new RangeError(
        `sh1106: width ${display.width} with columnOffset ${this.columnOffset} does not fit the 132 RAM columns`,
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
      [0xad, 0x8b],
      [flipped ? 0xa0 : 0xa1],
      [flipped ? 0xc0 : 0xc8],
      [0xda, h === 64 ? 0x12 : 0x02],
      [0x81, this.contrastAtInit],
      [0xd9, 0x1f],
      [0xdb, 0x40],
      [0x33],
      [0xa4],
      [0xa6],
      [0xaf],
    ];
  }

  protected windowCommands(page: number, _lastPage: number, c0: number): readonly (readonly number[])[] {
    const col = c0 + this.columnOffset;
    return [[0xb0 | page], [col & 0x0f], [0x10 | (col >> 4)]];
  }
}
