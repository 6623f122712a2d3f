import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zlibCompress } from '../../src/render/deflate.js';

function roundTrips(data: Uint8Array): void {
  const packed = zlibCompress(data);
  expect(Buffer.from(inflateSync(packed)).equals(Buffer.from(data))).toBe(true);
}

describe('zlibCompress', () => {
  it('gives a stream zlib inflates back to the input, for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => roundTrips(data)));
  });

  it('round-trips repetitive data: runs, repeated rows, matches at the window edge', () => {
    roundTrips(new Uint8Array(0));
    roundTrips(new Uint8Array(1));
    roundTrips(new Uint8Array(100_000));
    const rows = new Uint8Array(70_000);
    for (let i = 0; i < rows.length; i++) rows[i] = (i % 321) * 7;
    roundTrips(rows);
    // A 40 KiB pseudo-random block repeated: matches reach back exactly 32768 bytes and beyond.
    const block = new Uint8Array(40_000);
    let s = 1;
    for (let i = 0; i < block.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      block[i] = s >>> 24;
    }
    const twice = new Uint8Array(80_000);
    twice.set(block);
    twice.set(block, 40_000);
    roundTrips(twice);
    const edge = new Uint8Array(32_768 + 600);
    edge.set(block.subarray(0, 300));
    edge.set(block.subarray(0, 300), 32_768);
    roundTrips(edge);
  });

  it('compresses a flat frame below 1 % (258-byte matches at 13 bits each)', () => {
    expect(zlibCompress(new Uint8Array(64 * 1024)).length).toBeLessThan(655);
  });

  it('gives exactly these bytes, on every machine and Node version', () => {
    const text = new TextEncoder().encode('tinydisplay tinydisplay tinydisplay!');
    // 'tinydisplay ' as literals, then one match (length 23, distance 12), '!', end of block, Adler-32.
    expect(Buffer.from(zlibCompress(text)).toString('hex')).toBe(
      '78012bc9ccab4cc92c2ec849ac54c0c156040012ae0e90',
    );
  });
});
