/**
 * A GPIO output line, as the SPI panels' D/C (data/command) pin uses it. Node cannot issue the ioctls
 * of the GPIO character device (`/dev/gpiochipN`) without a native addon, so the line is driven
 * through sysfs (`/sys/class/gpio`), which Raspberry Pi OS kernels still provide; any other driver
 * (libgpiod bindings, a microcontroller bridge) plugs in through `GpioLine`.
 */
import { access, type FileHandle, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One GPIO output line (an SPI panel's D/C pin): `set` it low or high, `close` it. Sysfs by
 * default; any driver can implement it.
 */
export interface GpioLine {
  /** Drive the line low (0) or high (1). */
  set(level: 0 | 1): Promise<void>;
  close(): Promise<void>;
}

/**
 * A sysfs GPIO line: exported when needed, set to output, then driven by writing `0`/`1` to its
 * `value` file. `root` is `/sys/class/gpio` by default (tests point it at a folder of their own).
 */
export class SysfsGpioLine implements GpioLine {
  private handle: FileHandle | undefined;
  private readonly one = Buffer.from('1');
  private readonly zero = Buffer.from('0');

  private constructor(
    readonly line: number,
    /** The line's sysfs folder (`<root>/gpioN`). */
    readonly dir: string,
  ) {}

  static async open(line: number, root = '/sys/class/gpio'): Promise<SysfsGpioLine> {
    if (!Number.isInteger(line) || line < 0) {
      throw new RangeError(`gpio: the line must be an integer >= 0, received ${String(line)}`);
    }
    const dir = join(root, `gpio${line}`);
    const exists = await access(dir).then(
      () => true,
      () => false,
    );
    if (!exists) {
      try {
        await writeFile(join(root, 'export'), String(line));
      } catch (error) {
        throw new Error(
          `gpio: exporting line ${line} through ${join(root, 'export')} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    }
    const gpio = new SysfsGpioLine(line, dir);
    try {
      await writeFile(join(dir, 'direction'), 'out');
      gpio.handle = await open(join(dir, 'value'), 'r+');
    } catch (error) {
      throw new Error(
        `gpio: setting up ${dir} as an output failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return gpio;
  }

  async set(level: 0 | 1): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error(`gpio: line ${this.line} is closed`);
    await handle.write(level ? this.one : this.zero, 0, 1, 0);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}
