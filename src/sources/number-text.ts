/**
 * Recognising a plain number in untrusted text (`23.5`, ` -1e3 `, `NaN`) with one forward scan: no
 * regular expression, so no backtracking. A pattern like `\d+\.?\d*` tried on `999…9x` backtracks
 * quadratically (320k digits took minutes); this scan reads each character at most once.
 */

/** Counts the characters a scan looked at (for tests that bound the work, never for timing). */
export interface ScanMeter {
  steps: number;
}

function isSpace(c: number): boolean {
  // The ASCII whitespace `Number()` trims, plus NBSP and BOM.
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * The number `text` spells, or `undefined` when it is not a plain number. Accepted: optional
 * surrounding whitespace, an optional sign, digits with an optional fraction (`1`, `1.`, `1.5`, `.5`)
 * and an optional exponent (`1e3`, `2.5E-4`), or `NaN` / `Infinity` (returned as such: the caller
 * refuses non-finite values with a message of its own). Hex, binary, `_` separators and the empty
 * string are not numbers here, unlike `Number()`.
 */
export function parsePlainNumber(text: string, meter?: ScanMeter): number | undefined {
  const n = text.length;
  let i = 0;
  let steps = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  let end = n;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  // Both trims together looked at each character at most once.
  steps += i + (n - end);
  const start = i;
  let c = text.charCodeAt(i);
  if (c === 0x2b /* + */ || c === 0x2d /* - */) i++;
  let ok = false;
  if (end - i === 3 && text.startsWith('NaN', i)) {
    steps += 3;
    i += 3;
    ok = true;
  } else if (end - i === 8 && text.startsWith('Infinity', i)) {
    steps += 8;
    i += 8;
    ok = true;
  } else {
    let digits = 0;
    while (i < end && isDigit(text.charCodeAt(i))) {
      i++;
      digits++;
    }
    if (i < end && text.charCodeAt(i) === 0x2e /* . */) {
      i++;
      while (i < end && isDigit(text.charCodeAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits > 0) {
      ok = true;
      c = text.charCodeAt(i);
      if (i < end && (c === 0x65 /* e */ || c === 0x45) /* E */) {
        i++;
        c = text.charCodeAt(i);
        if (i < end && (c === 0x2b || c === 0x2d)) i++;
        let exp = 0;
        while (i < end && isDigit(text.charCodeAt(i))) {
          i++;
          exp++;
        }
        if (exp === 0) ok = false;
      }
    }
    steps += i - start + 1;
  }
  if (meter !== undefined) meter.steps += steps;
  if (!ok || i !== end) return undefined;
  return Number(text.slice(start, end));
}
