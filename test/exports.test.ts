/**
 * The public face of the package: what `tinydisplay` and `tinydisplay/advanced` export, by name.
 *
 * The lists are pinned in test/public-api.json so that a name enters or leaves the public surface
 * only on purpose. After an intended change, regenerate the file and commit it:
 *
 *   UPDATE_PUBLIC_API=1 npx vitest run test/exports.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as advanced from '../src/advanced.js';
import * as root from '../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const src = join(here, '..', 'src');
const pinnedPath = join(here, 'public-api.json');
const HOW_TO_UPDATE =
  'the public surface changed. If that is intended, run `UPDATE_PUBLIC_API=1 npx vitest run test/exports.test.ts` ' +
  'and commit test/public-api.json (and say why in the commit message)';

interface Exported {
  readonly name: string;
  readonly type: boolean;
  /** The file of the `export { ... } from` that names it (a layer's index.ts). */
  readonly from: string;
}

const EXPORT_FROM = /export (type )?\{([^}]*)\} from '([^']+)';/g;

/** Names listed by an entry file (it only re-exports, by name). */
function listed(file: string): Exported[] {
  const text = readFileSync(file, 'utf8');
  const out: Exported[] = [];
  for (const m of text.matchAll(EXPORT_FROM)) {
    const from = normalize(join(dirname(file), (m[3] ?? '').replace(/\.js$/, '.ts')));
    for (const raw of (m[2] ?? '').split(',')) {
      const item = raw.trim();
      if (item === '') continue;
      const type = m[1] !== undefined || item.startsWith('type ');
      const name =
        item
          .replace(/^type /, '')
          .split(' as ')
          .pop()
          ?.trim() ?? '';
      out.push({ name, type, from });
    }
  }
  return out;
}

const spelled = (e: Exported) => (e.type ? `type ${e.name}` : e.name);
const sorted = (xs: readonly string[]) => [...xs].sort((a, b) => a.localeCompare(b, 'en'));

const rootNames = listed(join(src, 'index.ts'));
const advancedNames = listed(join(src, 'advanced.ts'));
const current = {
  root: sorted(rootNames.map(spelled)),
  advanced: sorted(advancedNames.map(spelled)),
};

if (process.env.UPDATE_PUBLIC_API === '1') writeFileSync(pinnedPath, `${JSON.stringify(current, null, 2)}\n`);
const pinned = JSON.parse(readFileSync(pinnedPath, 'utf8')) as { root: string[]; advanced: string[] };

/**
 * The declaration a name resolves to, following `export ... from` chains, and whether a TSDoc
 * comment (`/** ... *\/`) stands right before it (tsc copies that comment into the .d.ts).
 */
function declaration(
  file: string,
  name: string,
  depth = 0,
): { file: string; documented: boolean } | undefined {
  if (depth > 8) return undefined;
  const text = readFileSync(file, 'utf8');
  const own = new RegExp(
    String.raw`(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*(?:\/\/[^
]*
\s*)*)?^export (?:declare )?(?:abstract )?(?:async )?(?:class|interface|type|function|const|let|enum) ${name}\b`,
    'm',
  ).exec(text);
  if (own) return { file, documented: own[1] !== undefined };
  for (const m of text.matchAll(/export (?:type )?(\*|\{[^}]*\}) from '([^']+)';/g)) {
    const next = normalize(join(dirname(file), (m[2] ?? '').replace(/\.js$/, '.ts')));
    if (m[1] === '*') {
      const found = declaration(next, name, depth + 1);
      if (found) return found;
      continue;
    }
    for (const raw of (m[1] ?? '').slice(1, -1).split(',')) {
      const [orig, alias] = raw
        .trim()
        .replace(/^type /, '')
        .split(' as ')
        .map((s) => s.trim());
      if ((alias ?? orig) === name && orig) return declaration(next, orig, depth + 1);
    }
  }
  return undefined;
}

/** Exports whose declaration has no TSDoc comment, as `name (file)`. */
function undocumented(names: readonly Exported[]): string[] {
  return names
    .map((e) => ({ name: e.name, found: declaration(e.from, e.name) }))
    .filter((d) => !d.found?.documented)
    .map((d) => `${d.name} (${d.found ? d.found.file.slice(src.length + 1) : 'declaration not found'})`);
}

describe('the package root (tinydisplay)', () => {
  it('exports exactly the pinned list of names', () => {
    expect(current.root, HOW_TO_UPDATE).toEqual(pinned.root);
  });

  it('exports at run time exactly the names it lists as values, and VERSION', () => {
    const values = sorted(rootNames.filter((e) => !e.type).map((e) => e.name));
    expect(sorted(Object.keys(root))).toEqual(values);
    expect(values).toContain('VERSION');
  });

  it('keeps internals out: /proc parsers, shape-cache internals, point flags, backoff and RNG helpers', () => {
    const all = new Set([...Object.keys(root), ...Object.keys(advanced)]);
    for (const internal of [
      'parseMeminfo',
      'parseNetDev',
      'ShapeTable',
      'compileShapeFunction',
      'MAX_SHAPE_KEYS',
    ])
      expect(all.has(internal), internal).toBe(false);
    for (const advancedOnly of ['FLAG_GAP_START', 'nextDelay', 'resolveBackoff', 'seededUnit', 'batchClock'])
      expect(Object.keys(root), advancedOnly).not.toContain(advancedOnly);
  });

  it('spells each name once: no name is both a root and an advanced export', () => {
    const inRoot = new Set(rootNames.map((e) => e.name));
    expect(advancedNames.map((e) => e.name).filter((n) => inRoot.has(n))).toEqual([]);
  });

  it('documents every export with TSDoc at its declaration', () => {
    expect(undocumented(rootNames), 'root exports without a TSDoc comment').toEqual([]);
  });

  it('names every class it exports in the README', () => {
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const classes = Object.entries(root)
      .filter(([, v]) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v)))
      .map(([k]) => k);
    expect(classes.length).toBeGreaterThan(20);
    expect(classes.filter((c) => !new RegExp(String.raw`\b${c}\b`).test(readme))).toEqual([]);
  });
});

describe('the advanced subpath (tinydisplay/advanced)', () => {
  it('exports exactly the pinned list of names', () => {
    expect(current.advanced, HOW_TO_UPDATE).toEqual(pinned.advanced);
  });

  it('exports at run time exactly the names it lists as values', () => {
    expect(sorted(Object.keys(advanced))).toEqual(
      sorted(advancedNames.filter((e) => !e.type).map((e) => e.name)),
    );
  });

  it('documents every export with TSDoc at its declaration', () => {
    expect(undocumented(advancedNames), 'advanced exports without a TSDoc comment').toEqual([]);
  });

  it('says in its header that it carries no stability promise', () => {
    expect(readFileSync(join(src, 'advanced.ts'), 'utf8')).toMatch(/NO STABILITY PROMISE/);
  });
});
