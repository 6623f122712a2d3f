/**
 * The I2C bus as the OLED outputs use it: one call that writes a burst of bytes to a device address in
 * one transaction (START, address, bytes, STOP). `i2c-bus`'s promise API (`openPromisified`) has this
 * shape; tests pass a recording fake.
 */
import { importOptional, type ModuleLoader } from './optional-import.js';

/**
 * The I2C bus as the OLED outputs use it: one burst write to a 7-bit address per transaction
 * (`i2c-bus`'s promise API has this shape).
 */
export interface I2cBus {
  /** Write `length` bytes of `buffer` to the 7-bit `address` in one transaction. */
  i2cWrite(
    address: number,
    length: number,
    buffer: Buffer,
  ): Promise<{ bytesWritten: number; buffer: Buffer }>;
}

/** A bus this library opened, and so closes. */
export interface ClosableI2cBus extends I2cBus {
  close(): Promise<void>;
}

interface I2cBusModule {
  openPromisified(busNumber: number): Promise<ClosableI2cBus>;
}

/**
 * Open `/dev/i2c-<busNumber>` with the optional package `i2c-bus`, imported now. Rejects naming the
 * package when it is not installed.
 */
export async function openI2cBus(
  busNumber: number,
  usedBy: string,
  load?: ModuleLoader,
): Promise<ClosableI2cBus> {
  if (!Number.isInteger(busNumber) || busNumber < 0) {
    throw new RangeError(
      `${usedBy}: 'bus' must be a bus number >= 0 or an I2cBus, received ${String(busNumber)}`,
    );
  }
  const mod = (await importOptional('i2c-bus', usedBy, load)) as Partial<I2cBusModule>;
  if (typeof mod.openPromisified !== 'function') {
    throw new Error(
      `${usedBy}: the package 'i2c-bus' has no openPromisified(); version 5 or later is needed`,
    );
  }
  return mod.openPromisified(busNumber);
}

/**
 * Milliseconds a burst of I2C writes occupies a bus clocked at `hz`: each transaction is a START
 * (one bit time), the address byte and every data byte at 9 bit times each (8 bits plus the ACK), and
 * a STOP (one bit time). `bytes` counts the bytes handed to `i2cWrite`, control bytes included.
 */
export function i2cBusMs(bytes: number, transactions: number, hz: number): number {
  const bits = 9 * (bytes + transactions) + 2 * transactions;
  return (bits * 1000) / hz;
}
