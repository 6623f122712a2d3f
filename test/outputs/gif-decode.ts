/**
 * A small GIF89a reader for the tests: the global palette, the loop count, and each frame's delay
 * (1/100 s) and pixels as palette indices. It reads what the GIF output writes (full-size frames, one
 * global palette) and throws on anything it does not know, so a malformed file fails the test.
 */
export interface DecodedGif {
  readonly width: number;
  readonly height: number;
  readonly palette: number[][];
  readonly loop: number | undefined;
  readonly frames: { delay: number; indices: Uint8Array }[];
}

function lzw(minCodeSize: number, data: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let n = 0;
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let size = minCodeSize + 1;
  let dict: number[][] = [];
  const reset = () => {
    dict = [];
    for (let i = 0; i < clear + 2; i++) dict.push([i]);
    size = minCodeSize + 1;
  };
  reset();
  let prev: number[] | undefined;
  let bit = 0;
  for (;;) {
    if (bit + size > data.length * 8) throw new Error('gif: LZW data ended without an end code');
    let code = 0;
    for (let i = 0; i < size; i++, bit++) code |= (((data[bit >> 3] as number) >> (bit & 7)) & 1) << i;
    if (code === clear) {
      reset();
      prev = undefined;
      continue;
    }
    if (code === end) break;
    let entry: number[];
    if (code < dict.length) entry = dict[code] as number[];
    else if (code === dict.length && prev) entry = [...prev, prev[0] as number];
    else throw new Error(`gif: bad LZW code ${code}`);
    for (const v of entry) {
      if (n >= count) throw new Error('gif: more pixels than the frame holds');
      out[n++] = v;
    }
    if (prev) {
      dict.push([...prev, entry[0] as number]);
      if (dict.length === 1 << size && size < 12) size++;
    }
    prev = entry;
  }
  if (n !== count) throw new Error(`gif: frame has ${n} pixels, expected ${count}`);
  return out;
}

export function decodeGif(bytes: Uint8Array): DecodedGif {
  const text = String.fromCharCode(...bytes.subarray(0, 6));
  if (text !== 'GIF89a') throw new Error(`gif: header '${text}'`);
  const u16 = (i: number) => (bytes[i] as number) | ((bytes[i + 1] as number) << 8);
  const width = u16(6);
  const height = u16(8);
  const packed = bytes[10] as number;
  let i = 13;
  const palette: number[][] = [];
  if (packed & 0x80) {
    const size = 1 << ((packed & 7) + 1);
    for (let k = 0; k < size; k++, i += 3) palette.push([bytes[i], bytes[i + 1], bytes[i + 2]] as number[]);
  }
  const subBlocks = (): Uint8Array => {
    const parts: number[] = [];
    for (let len = bytes[i++] as number; len > 0; len = bytes[i++] as number) {
      parts.push(...bytes.subarray(i, i + len));
      i += len;
    }
    return Uint8Array.from(parts);
  };
  let loop: number | undefined;
  let delay = 0;
  const frames: { delay: number; indices: Uint8Array }[] = [];
  for (;;) {
    const block = bytes[i++];
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = bytes[i++];
      const body = subBlocks();
      if (label === 0xf9) delay = (body[1] as number) | ((body[2] as number) << 8);
      else if (label === 0xff && String.fromCharCode(...body.subarray(0, 11)) === 'NETSCAPE2.0') {
        loop = (body[12] as number) | ((body[13] as number) << 8);
      }
      continue;
    }
    if (block === 0x2c) {
      const w = u16(i + 4);
      const h = u16(i + 6);
      const fpacked = bytes[i + 8] as number;
      i += 9;
      if (fpacked & 0x80) throw new Error('gif: unexpected local palette');
      const min = bytes[i++] as number;
      frames.push({ delay, indices: lzw(min, subBlocks(), w * h) });
      delay = 0;
      continue;
    }
    throw new Error(`gif: unknown block 0x${block?.toString(16)} at byte ${i - 1}`);
  }
  return { width, height, palette, loop, frames };
}
