/**
 * The bundled fonts, from their sources to the modules the package ships.
 *
 *   npm run fonts
 *     reads fonts/*.bdf (committed) and writes src/render/font/generated/*.ts: each font's glyph table
 *     packed as base64 (see src/render/font/packed.ts), so using a bundled font needs no file I/O.
 *
 *   npm run fonts -- --import <dir>
 *     first rebuilds fonts/*.bdf from the PCF files X11 distributions install (Debian: packages
 *     xfonts-base and fonts-spleen put them in the X11 misc font directory): each <name>.pcf.gz is
 *     unpacked, converted by `pcf2bdf` (Debian package pcf2bdf) and cut to the subset below.
 *
 * The subset (the same for every font; a font keeps what it has of it): printable ASCII and Latin-1,
 * Latin Extended-A, Greek letters, general punctuation (dashes, quotes, bullet, ellipsis, per mille),
 * the euro, trade mark and ohm signs, arrows U+2190..U+2195, a few maths signs (minus, infinity,
 * approximately, not equal, less/greater or equal), box drawing and block elements U+2500..U+259F,
 * geometric shapes U+25A0..U+25FF, sun/cloud/umbrella/snowman U+2600..U+2603, card suits and musical
 * notes U+2660..U+266F, the replacement character U+FFFD, and the font's DEFAULT_CHAR.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseBdf } from '../src/render/font/bdf.js';
import { packFont } from '../src/render/font/packed.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface BundledSource {
  /** The name users ask for: `getFont('6x10')`. */
  readonly name: string;
  /** File stem under fonts/ and src/render/font/generated/. */
  readonly file: string;
  /** The exported constant of the generated module. */
  readonly constant: string;
  /** The PCF file `--import` converts. */
  readonly pcf: string;
  readonly licence: string;
}

const bundled: readonly BundledSource[] = [
  {
    name: '5x7',
    file: 'misc-fixed-5x7',
    constant: 'miscFixed5x7',
    pcf: '5x7.pcf.gz',
    licence: 'LICENSE-misc-fixed.txt',
  },
  {
    name: '6x10',
    file: 'misc-fixed-6x10',
    constant: 'miscFixed6x10',
    pcf: '6x10.pcf.gz',
    licence: 'LICENSE-misc-fixed.txt',
  },
  {
    name: '8x16',
    file: 'spleen-8x16',
    constant: 'spleen8x16',
    pcf: 'spleen-8x16.pcf.gz',
    licence: 'LICENSE-spleen.txt',
  },
  {
    name: '16x32',
    file: 'spleen-16x32',
    constant: 'spleen16x32',
    pcf: 'spleen-16x32.pcf.gz',
    licence: 'LICENSE-spleen.txt',
  },
];

/** Inclusive code point ranges kept by `--import`. */
const subset: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x100, 0x17f],
  [0x391, 0x3c9],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
  [0x2126, 0x2126],
  [0x2190, 0x2195],
  [0x2212, 0x2212],
  [0x221e, 0x221e],
  [0x2248, 0x2248],
  [0x2260, 0x2260],
  [0x2264, 0x2265],
  [0x2500, 0x259f],
  [0x25a0, 0x25ff],
  [0x2600, 0x2603],
  [0x2660, 0x266f],
  [0xfffd, 0xfffd],
];

function inSubset(cp: number): boolean {
  return subset.some(([lo, hi]) => cp >= lo && cp <= hi);
}

const subsetText = subset.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join(' ');

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Keep the glyphs of the subset (and DEFAULT_CHAR), fix CHARS, say what was done in a COMMENT. */
function subsetBdf(text: string, from: string): string {
  const lines = text.split(/\r?\n/);
  const defaultLine = lines.find((l) => l.startsWith('DEFAULT_CHAR '));
  const defaultChar = defaultLine ? Number(defaultLine.split(/\s+/)[1]) : -1;
  const header: string[] = [];
  const glyphs: string[][] = [];
  let i = 0;
  for (; i < lines.length && !(lines[i] as string).startsWith('CHARS '); i++) header.push(lines[i] as string);
  for (i++; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith('STARTCHAR')) continue;
    const block: string[] = [];
    for (; i < lines.length; i++) {
      block.push(lines[i] as string);
      if (lines[i] === 'ENDCHAR') break;
    }
    const enc = block.find((l) => l.startsWith('ENCODING '));
    const cp = enc ? Number(enc.split(/\s+/)[1]) : -1;
    if (cp >= 0 && (inSubset(cp) || cp === defaultChar)) glyphs.push(block);
  }
  const out = [
    header[0] as string,
    `COMMENT Converted from ${from} by pcf2bdf and cut by tinydisplay's scripts/fonts.ts to ${subsetText} and DEFAULT_CHAR.`,
    ...header.slice(1),
    `CHARS ${glyphs.length}`,
    ...glyphs.flat(),
    'ENDFONT',
    '',
  ];
  return out.join('\n');
}

function importPcf(dir: string): void {
  for (const font of bundled) {
    const pcf = gunzipSync(readFileSync(join(dir, font.pcf)));
    const run = spawnSync('pcf2bdf', [], { input: pcf, encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
    if (run.error || run.status !== 0) {
      throw new Error(`pcf2bdf failed on ${font.pcf}: ${run.error?.message ?? run.stderr}`);
    }
    const bdf = subsetBdf(run.stdout, font.pcf);
    writeFileSync(join(root, 'fonts', `${font.file}.bdf`), bdf, 'latin1');
    console.log(`fonts/${font.file}.bdf: ${bdf.split('\nSTARTCHAR').length - 1} glyphs from ${font.pcf}`);
  }
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function generate(): void {
  const outDir = join(root, 'src', 'render', 'font', 'generated');
  mkdirSync(outDir, { recursive: true });
  for (const font of bundled) {
    const source = `fonts/${font.file}.bdf`;
    const parsed = parseBdf(readFileSync(join(root, source), 'latin1'), { name: font.name, source });
    const packed = packFont(parsed);
    const module = [
      `// Generated by scripts/fonts.ts from ${source} (licence: fonts/${font.licence}).`,
      '// Do not edit: change the BDF or the script and run `npm run fonts`.',
      "import type { PackedFont } from '../packed.js';",
      '',
      `export const ${font.constant}: PackedFont = {`,
      `  name: ${quote(packed.name)},`,
      `  ascent: ${packed.ascent},`,
      `  descent: ${packed.descent},`,
      `  defaultChar: ${packed.defaultChar},`,
      `  copyright: ${quote(packed.copyright)},`,
      `  glyphCount: ${packed.glyphCount},`,
      `  data: '${packed.data}',`,
      '};',
      '',
    ].join('\n');
    writeFileSync(join(outDir, `${font.file}.ts`), module);
    console.log(
      `src/render/font/generated/${font.file}.ts: '${font.name}', ${packed.glyphCount - 1} glyphs, ascent ${packed.ascent}, descent ${packed.descent}, ${packed.data.length} base64 chars`,
    );
  }
}

const args = process.argv.slice(2);
const at = args.indexOf('--import');
if (at >= 0) {
  const dir = args[at + 1];
  if (!dir)
    throw new Error('npm run fonts -- --import <dir>: expected the directory that holds the .pcf.gz files');
  importPcf(dir);
}
generate();
