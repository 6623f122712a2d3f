/**
 * A small zlib (RFC 1950) / deflate (RFC 1951) compressor of our own, for PNG image data.
 *
 * Why not node:zlib: its output bytes are a property of the zlib build, and the builds Node ships have
 * changed their match finding between versions and with the CPU's features (SIMD hashing), so the same
 * frame could compress to different bytes on a laptop and on a Raspberry Pi. Golden PNG files are
 * compared byte for byte, so the encoder must be ours: this one is a pure function of its input.
 *
 * Method: one final block with the fixed Huffman codes; greedy LZ77 matching over a 32 KiB window,
 * candidates from a hash of the next three bytes, at most `maxChain` candidates per position, the
 * longest match kept (the nearest among equals), the search stopping at the first match of `niceMatch`
 * bytes or more. Display frames are flat areas and repeated rows, which
 * this handles well; photographs would compress better with dynamic codes, which frames do not need.
 */

const windowSize = 32768;
const windowMask = windowSize - 1;
const hashBits = 15;
const hashSize = 1 << hashBits;
const minMatch = 3;
const maxMatch = 258;
const maxChain = 32;
/** A match this long ends the search (zlib's `nice_length`): longer searches cost more than they save. */
const niceMatch = 64;

const lengthBase = Uint16Array.of(
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  13,
  15,
  17,
  19,
  23,
  27,
  31,
  35,
  43,
  51,
  59,
  67,
  83,
  99,
  115,
  131,
  163,
  195,
  227,
  258,
);
const lengthExtra = Uint8Array.of(
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
  1,
  1,
  1,
  2,
  2,
  2,
  2,
  3,
  3,
  3,
  3,
  4,
  4,
  4,
  4,
  5,
  5,
  5,
  5,
  0,
);
const distBase = Uint16Array.of(
  1,
  2,
  3,
  4,
  5,
  7,
  9,
  13,
  17,
  25,
  33,
  49,
  65,
  97,
  129,
  193,
  257,
  385,
  513,
  769,
  1025,
  1537,
  2049,
  3073,
  4097,
  6145,
  8193,
  12289,
  16385,
  24577,
);
const distExtra = Uint8Array.of(
  0,
  0,
  0,
  0,
  1,
  1,
  2,
  2,
  3,
  3,
  4,
  4,
  5,
  5,
  6,
  6,
  7,
  7,
  8,
  8,
  9,
  9,
  10,
  10,
  11,
  11,
  12,
  12,
  13,
  13,
);

function reverseBits(v: number, n: number): number {
  let r = 0;
  for (let i = 0; i < n; i++) r = (r << 1) | ((v >>> i) & 1);
  return r;
}

// Fixed literal/length codes (RFC 1951 3.2.6), bit-reversed for the LSB-first stream.
const litCode = new Uint16Array(288);
const litBits = new Uint8Array(288);
for (let s = 0; s < 288; s++) {
  const [base, first, bits] =
    s < 144 ? [0x30, 0, 8] : s < 256 ? [0x190, 144, 9] : s < 280 ? [0, 256, 7] : [0xc0, 280, 8];
  litBits[s] = bits;
  litCode[s] = reverseBits(base + s - first, bits);
}
const distCode = Uint8Array.from({ length: 30 }, (_, d) => reverseBits(d, 5));

// Length (3..258) -> length symbol index 0..28; distance -> distance code, via small lookup tables.
const lengthIndex = new Uint8Array(maxMatch + 1);
for (let i = 0; i < 29; i++) {
  const end = i === 28 ? maxMatch + 1 : (lengthBase[i + 1] as number);
  for (let l = lengthBase[i] as number; l < end; l++) lengthIndex[l] = i;
}
lengthIndex[maxMatch] = 28;

function distIndex(d: number): number {
  let lo = 0;
  let hi = 29;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((distBase[mid] as number) <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

class BitWriter {
  out: Uint8Array;
  length = 0;
  private acc = 0;
  private bits = 0;

  constructor(capacity: number) {
    this.out = new Uint8Array(Math.max(64, capacity));
  }

  /** Append the low `n` bits of `v` (n <= 16), least significant first. */
  write(v: number, n: number): void {
    this.acc |= v << this.bits;
    this.bits += n;
    while (this.bits >= 8) {
      this.byte(this.acc & 0xff);
      this.acc >>>= 8;
      this.bits -= 8;
    }
  }

  flush(): void {
    if (this.bits > 0) this.byte(this.acc & 0xff);
    this.acc = 0;
    this.bits = 0;
  }

  byte(b: number): void {
    if (this.length === this.out.length) {
      const grown = new Uint8Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.length++] = b;
  }
}

// Match-finder tables, shared by every call (256 KiB, fixed): `head` is reset per call; `prev` needs no
// reset, as a chain only reaches slots written earlier in the same call.
const head = new Int32Array(hashSize);
const prev = new Int32Array(windowSize);

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  const n = data.length;
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + 5552); // the most bytes before a and b could leave 32-bit range
    for (; i < end; i++) {
      a += data[i] as number;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** The zlib stream (header, one fixed-Huffman deflate block, Adler-32) of `data`. */
export function zlibCompress(data: Uint8Array): Uint8Array {
  const n = data.length;
  const w = new BitWriter((n >> 2) + 64);
  w.byte(0x78); // CMF: deflate, 32 KiB window
  w.byte(0x01); // FLG: no dictionary, "fastest" level hint; (0x78 << 8 | 0x01) % 31 === 0
  w.write(1, 1); // BFINAL
  w.write(1, 2); // BTYPE = 01, fixed Huffman codes
  head.fill(-1);
  const hashAt = (i: number) =>
    Math.imul(
      ((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number),
      0x9e3779b1,
    ) >>>
    (32 - hashBits);
  const insert = (i: number) => {
    if (i + minMatch > n) return;
    const h = hashAt(i);
    prev[i & windowMask] = head[h] as number;
    head[h] = i;
  };
  let i = 0;
  while (i < n) {
    let bestLen = 0;
    let bestDist = 0;
    if (i + minMatch <= n) {
      const limit = Math.min(maxMatch, n - i);
      let cand = head[hashAt(i)] as number;
      for (let chain = 0; cand >= 0 && i - cand <= windowSize && chain < maxChain; chain++) {
        let len = 0;
        while (len < limit && data[cand + len] === data[i + len]) len++;
        if (len > bestLen) {
          bestLen = len;
          bestDist = i - cand;
          if (len >= niceMatch || len === limit) break;
        }
        const next = prev[cand & windowMask] as number;
        if (next >= cand) break; // the slot was reused by a newer position: the chain ends here
        cand = next;
      }
    }
    if (bestLen >= minMatch) {
      const li = lengthIndex[bestLen] as number;
      const sym = 257 + li;
      w.write(litCode[sym] as number, litBits[sym] as number);
      if ((lengthExtra[li] as number) > 0)
        w.write(bestLen - (lengthBase[li] as number), lengthExtra[li] as number);
      const di = distIndex(bestDist);
      w.write(distCode[di] as number, 5);
      if ((distExtra[di] as number) > 0)
        w.write(bestDist - (distBase[di] as number), distExtra[di] as number);
      for (const end = i + bestLen; i < end; i++) insert(i);
    } else {
      const lit = data[i] as number;
      w.write(litCode[lit] as number, litBits[lit] as number);
      insert(i);
      i++;
    }
  }
  w.write(litCode[256] as number, litBits[256] as number); // end of block
  w.flush();
  const check = adler32(data);
  w.byte(check >>> 24);
  w.byte((check >>> 16) & 0xff);
  w.byte((check >>> 8) & 0xff);
  w.byte(check & 0xff);
  return w.out.subarray(0, w.length);
}
