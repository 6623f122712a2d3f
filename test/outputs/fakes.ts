/**
 * Fakes for the hardware outputs. They refuse what the real parts refuse (a write on a closed bus, a
 * length beyond the buffer or Linux's 8192-byte i2c-dev limit, a 10-bit address, an SSD1306 command
 * the controller does not have) and record the exact bytes. The OLED model keeps a copy of the
 * controller's RAM by interpreting the command and data bytes the way the datasheet describes, so
 * tests can check the picture the panel would show, not only the bytes.
 */
import type { GpioLine, I2cBus, SpiBus } from '../../src/outputs/index.js';

function ioError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

export class RecordingI2cBus implements I2cBus {
  readonly log: { address: number; bytes: number[] }[] = [];
  /** Bytes received in all transactions, control bytes included. */
  received = 0;
  closed = false;
  private failures = 0;
  constructor(private readonly onWrite?: (bytes: Uint8Array) => void) {}

  /** The next `n` writes fail as a device that stopped answering does. */
  failNext(n = 1): void {
    this.failures += n;
  }

  async i2cWrite(
    address: number,
    length: number,
    buffer: Buffer,
  ): Promise<{ bytesWritten: number; buffer: Buffer }> {
    if (this.closed) throw ioError('EBADF: bad file descriptor, the bus is closed', 'EBADF');
    if (!Buffer.isBuffer(buffer)) throw new TypeError('i2cWrite: buffer must be a Buffer');
    if (!Number.isInteger(address) || address < 0 || address > 0x7f)
      throw new RangeError(`bad address ${address}`);
    if (!Number.isInteger(length) || length < 1 || length > buffer.length) {
      throw new RangeError(`i2cWrite: length ${length} outside the buffer of ${buffer.length}`);
    }
    if (length > 8192) throw ioError('EINVAL: i2c-dev writes at most 8192 bytes', 'EINVAL');
    if (this.failures > 0) {
      this.failures--;
      throw ioError('EREMOTEIO: remote I/O error (no ACK)', 'EREMOTEIO');
    }
    const bytes = buffer.subarray(0, length);
    this.onWrite?.(bytes);
    this.log.push({ address, bytes: [...bytes] });
    this.received += length;
    return { bytesWritten: length, buffer };
  }

  /** The transactions since the last call, as byte arrays. */
  take(): number[][] {
    return this.log.splice(0).map((t) => t.bytes);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** SSD1306 and SH1106 command argument counts (datasheet command tables); anything else is refused. */
function argCount(kind: 'ssd1306' | 'sh1106', op: number): number {
  if (op <= 0x1f || (op >= 0x40 && op <= 0x7f) || (op >= 0xb0 && op <= 0xb7)) return 0;
  if ([0xa0, 0xa1, 0xa4, 0xa5, 0xa6, 0xa7, 0xae, 0xaf, 0xc0, 0xc8].includes(op)) return 0;
  if ([0x81, 0xa8, 0xd3, 0xd5, 0xd9, 0xda, 0xdb].includes(op)) return 1;
  if (kind === 'ssd1306') {
    if (op === 0x2e) return 0;
    if (op === 0x8d || op === 0x20) return 1;
    if (op === 0x21 || op === 0x22) return 2;
  } else {
    if (op >= 0x30 && op <= 0x33) return 0;
    if (op === 0xad) return 1;
  }
  throw new Error(`${kind} model: command 0x${op.toString(16)} is not in the datasheet's table`);
}

/** The display RAM of an SSD1306 (128 columns) or SH1106 (132 columns), written through its protocol. */
export class OledModel {
  readonly columns: number;
  readonly ram: Uint8Array;
  readonly commands: number[][] = [];
  private col = 0;
  private page = 0;
  private colStart = 0;
  private colEnd = 127;
  private pageStart = 0;
  private pageEnd = 7;
  private horizontal = false;
  /** Segment remap (A1: RAM column 127 drives SEG0) and COM scan from COM[N-1] (C8), as last set. */
  private remap = false;
  private scanReversed = false;

  constructor(
    readonly kind: 'ssd1306' | 'sh1106',
    readonly pages = 8,
  ) {
    this.columns = kind === 'ssd1306' ? 128 : 132;
    this.ram = new Uint8Array(this.columns * pages);
    this.pageEnd = pages - 1;
  }

  apply(bytes: Uint8Array): void {
    const control = bytes[0];
    if (control === 0x00) this.commandStream(bytes.subarray(1));
    else if (control === 0x40) for (const b of bytes.subarray(1)) this.data(b);
    else
      throw new Error(`${this.kind} model: control byte 0x${control?.toString(16)} not used by this library`);
  }

  /** The visible columns of the RAM, page-major like `Framebuffer.pack`. */
  visible(width: number, offset = 0): Uint8Array {
    const out = new Uint8Array(width * this.pages);
    for (let p = 0; p < this.pages; p++) {
      out.set(this.ram.subarray(p * this.columns + offset, p * this.columns + offset + width), p * width);
    }
    return out;
  }

  /**
   * The picture on an SSD1306 module's glass, one row of 0/1 characters per pixel row, seen the way up
   * the library calls rotation 0 (A1 and C8: RAM column x and row y at glass (x, y)). A0 mirrors the
   * columns (SEG s shows column s) and C0 the rows (COM scan from COM0), as the datasheet describes.
   */
  glass(): string[] {
    const rows = this.pages * 8;
    const out: string[] = [];
    for (let y = 0; y < rows; y++) {
      const row = this.scanReversed ? y : rows - 1 - y;
      let line = '';
      for (let x = 0; x < 128; x++) {
        const col = this.remap ? x : 127 - x;
        line += ((this.ram[(row >> 3) * this.columns + col] as number) >> (row & 7)) & 1;
      }
      out.push(line);
    }
    return out;
  }

  private commandStream(bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length) {
      const op = bytes[i] as number;
      const n = argCount(this.kind, op);
      if (i + 1 + n > bytes.length)
        throw new Error(`${this.kind} model: command 0x${op.toString(16)} cut short`);
      const args = [...bytes.subarray(i + 1, i + 1 + n)];
      this.commands.push([op, ...args]);
      this.execute(op, args);
      i += 1 + n;
    }
  }

  private execute(op: number, args: number[]): void {
    if (op === 0xa0 || op === 0xa1) this.remap = op === 0xa1;
    else if (op === 0xc0 || op === 0xc8) this.scanReversed = op === 0xc8;
    else if (this.kind === 'ssd1306' && op === 0x20) this.horizontal = args[0] === 0x00;
    else if (op === 0x21) {
      this.colStart = args[0] as number;
      this.colEnd = args[1] as number;
      this.col = this.colStart;
    } else if (op === 0x22) {
      this.pageStart = args[0] as number;
      this.pageEnd = args[1] as number;
      this.page = this.pageStart;
    } else if (op >= 0xb0 && op <= 0xb7) this.page = op & 7;
    else if (op <= 0x0f) this.col = (this.col & 0xf0) | op;
    else if (op <= 0x1f) this.col = (this.col & 0x0f) | ((op & 0x0f) << 4);
  }

  private data(b: number): void {
    if (this.page >= this.pages || this.col >= this.columns)
      throw new Error(`${this.kind} model: write outside RAM`);
    this.ram[this.page * this.columns + this.col] = b;
    if (this.horizontal) {
      if (this.col < this.colEnd) this.col++;
      else {
        this.col = this.colStart;
        this.page = this.page < this.pageEnd ? this.page + 1 : this.pageStart;
      }
    } else if (this.col < this.columns - 1) this.col++;
  }
}

/** An SPI device and its D/C line, recording each transfer with the D/C level it went out at. */
export class RecordingSpi implements SpiBus, GpioLine {
  readonly log: { dc: 0 | 1; bytes: number[] }[] = [];
  /** Bytes received in all transfers. */
  received = 0;
  level: 0 | 1 | undefined;
  closed = false;
  private failures = 0;

  failNext(n = 1): void {
    this.failures += n;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw ioError('EBADF: the SPI device is closed', 'EBADF');
    if (this.level === undefined) throw new Error('spi fake: a transfer before D/C was set');
    if (bytes.length === 0) throw ioError('EINVAL: empty transfer', 'EINVAL');
    if (bytes.length > 4096) throw ioError('EMSGSIZE: spidev bufsiz is 4096', 'EMSGSIZE');
    if (this.failures > 0) {
      this.failures--;
      throw ioError('EIO: transfer failed', 'EIO');
    }
    this.log.push({ dc: this.level, bytes: [...bytes] });
    this.received += bytes.length;
  }

  async set(level: 0 | 1): Promise<void> {
    if (this.closed) throw ioError('EBADF: the GPIO line is closed', 'EBADF');
    if (level !== 0 && level !== 1) throw new RangeError(`gpio level ${String(level)}`);
    this.level = level;
  }

  /** Transfers since the last call, consecutive ones at the same D/C level joined: `['C', 0x2a]`, `['D', ...]`. */
  take(): (string | number)[][] {
    const out: (string | number)[][] = [];
    let last: 0 | 1 | undefined;
    for (const t of this.log.splice(0)) {
      if (t.dc === last && t.dc === 1) (out[out.length - 1] as (string | number)[]).push(...t.bytes);
      else out.push([t.dc ? 'D' : 'C', ...t.bytes]);
      last = t.dc;
    }
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
