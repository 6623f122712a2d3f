import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Everything that feeds a frame must compute the same bits on every platform, so these folders may
 * not call V8's transcendental functions (not correctly rounded, compiled differently per
 * architecture) nor use `**` (V8 computes it like Math.pow). They use `detMath` instead. Sources,
 * the CLI and system metrics read wall clocks and the machine anyway and are not on the list.
 */
const FRAME_PATH = [
  'src/clock',
  'src/animation',
  'src/coordination',
  'src/binding',
  'src/render',
  'src/outputs',
  'src/math',
  'src/app',
];
const TRANSCENDENTALS = [
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'pow',
  'cbrt',
  'hypot',
];

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Characters after which a `/` starts a regular expression rather than a division. */
const REGEX_PRECEDERS = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));

/**
 * The code of a TypeScript file with comments, strings, template text and regular expressions
 * blanked out (template substitutions are kept: they are code). Enough of a lexer for our sources.
 */
function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  const braces: number[] = []; // for each open `${`, the brace depth at which it closes
  let depth = 0;
  let lastSignificant = '';
  const n = source.length;
  const skipString = (quote: string) => {
    i++;
    while (i < n && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
    i++;
    out += ' ';
    lastSignificant = quote;
  };
  /** Template text up to its end (returns) or to a `${` (pushes and returns). */
  const skipTemplate = () => {
    while (i < n) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        out += ' ';
        lastSignificant = '`';
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        depth++;
        braces.push(depth);
        out += ' ${';
        lastSignificant = '{';
        return;
      } else i++;
    }
  };
  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
    } else if (c === '/' && (lastSignificant === '' || REGEX_PRECEDERS.has(lastSignificant))) {
      // a regular expression literal
      i++;
      let inClass = false;
      while (i < n && (inClass || source[i] !== '/') && source[i] !== '\n') {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (i < n && /[a-z]/.test(source[i] as string)) i++;
      out += ' ';
      lastSignificant = '/';
    } else if (c === "'" || c === '"') {
      skipString(c);
    } else if (c === '`') {
      i++;
      skipTemplate();
    } else if (c === '}' && braces.length > 0 && braces[braces.length - 1] === depth) {
      braces.pop();
      depth--;
      out += '}';
      i++;
      skipTemplate();
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      out += c;
      if (!/\s/.test(c)) lastSignificant = /[\w$]/.test(c) ? 'a' : c;
      i++;
    }
  }
  return out;
}

const names = TRANSCENDENTALS.join('|');
const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'a Math transcendental', pattern: new RegExp(`\\bMath\\s*\\.\\s*(${names})\\b`, 'g') },
  { what: 'a computed Math member', pattern: /\bMath\s*\[/g },
  { what: 'Math taken apart (destructured or aliased)', pattern: /[}=]\s*Math\s*[;,)\n]/g },
  { what: 'the ** operator', pattern: /\*\*/g },
];

/** Offending uses in `source` as `line: text` strings. */
function violations(source: string): string[] {
  const code = codeOnly(source);
  const found: string[] = [];
  for (const { what, pattern } of FORBIDDEN) {
    for (const m of code.matchAll(pattern)) {
      const line = code.slice(0, m.index).split('\n').length;
      found.push(`${line}: ${what} (${m[0].trim()})`);
    }
  }
  return found;
}

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return []; // a layer that does not exist yet
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('frame-path sources use platform-independent math', () => {
  it('no frame-path file calls a Math transcendental or uses ** (use detMath from src/math)', () => {
    const files = FRAME_PATH.flatMap((dir) => filesUnder(join(root, dir)));
    expect(files.length).toBeGreaterThan(50);
    const bad = files.flatMap((file) =>
      violations(readFileSync(file, 'utf8')).map((v) => `${relative(root, file)}:${v}`),
    );
    expect(
      bad,
      'replace these with detMath (src/math): Math.sin & co. differ between x86_64 and arm64',
    ).toEqual([]);
  });

  it('the check finds calls, ** and aliases, and ignores comments, strings and regular expressions', () => {
    const source = [
      '/** Uses `x ** 2` and Math.sin in a doc comment. */',
      "const label = 'Math.cos(x) ** 2';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      'const t = `Math.exp ${Math.exp(1)} ** text`;',
      'const re = /a**b/g; // Math.pow(2, 3)',
      'const y = Math.sin(x) + Math . log1p(z) + Math["pow"](2, 3);',
      'const z = a ** 0.5;',
      'const { atan2 } = Math;',
      'const ok = Math.sqrt(x) + Math.abs(y) + Math.floor(z) + Math.PI + Math.max(a, b) / 2;',
    ].join('\n');
    expect(violations(source)).toEqual([
      '3: a Math transcendental (Math.exp)',
      '5: a Math transcendental (Math.sin)',
      '5: a Math transcendental (Math . log1p)',
      '5: a computed Math member (Math[)',
      '7: Math taken apart (destructured or aliased) (= Math;)',
      '6: the ** operator (**)',
    ]);
  });
});
