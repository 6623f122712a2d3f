/**
 * The public face of the package: what `tinydisplay`, `tinydisplay/advanced` and `tinydisplay/config`
 * export, by name.
 *
 * The lists are pinned in test/public-api.json so that a name enters or leaves the public surface
 * only on purpose. After an intended change, regenerate the file and commit it:
 *
 *   UPDATE_PUBLIC_API=1 npx vitest run test/exports.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as advanced from '../src/advanced.js';
import * as config from '../src/config.js';
import * as root from '../src/index.js';
import { declaration, type Exported, listed, src } from './public-surface.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const pinnedPath = join(here, 'public-api.json');
const HOW_TO_UPDATE =
  'the public surface changed. If that is intended, run `UPDATE_PUBLIC_API=1 npx vitest run test/exports.test.ts` ' +
  'and commit test/public-api.json (and say why in the commit message)';

const spelled = (e: Exported) => (e.type ? `type ${e.name}` : e.name);
const sorted = (xs: readonly string[]) => [...xs].sort((a, b) => a.localeCompare(b, 'en'));

const rootNames = listed(join(src, 'index.ts'));
const advancedNames = listed(join(src, 'advanced.ts'));
const configNames = listed(join(src, 'config.ts'));
const current = {
  root: sorted(rootNames.map(spelled)),
  advanced: sorted(advancedNames.map(spelled)),
  config: sorted(configNames.map(spelled)),
};

if (process.env.UPDATE_PUBLIC_API === '1') writeFileSync(pinnedPath, `${JSON.stringify(current, null, 2)}\n`);
const pinned = JSON.parse(readFileSync(pinnedPath, 'utf8')) as {
  root: string[];
  advanced: string[];
  config: string[];
};

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

  it('spells each name once: no name is exported by two of root, advanced and config', () => {
    const inRoot = new Set(rootNames.map((e) => e.name));
    const inAdvanced = new Set(advancedNames.map((e) => e.name));
    expect(advancedNames.map((e) => e.name).filter((n) => inRoot.has(n))).toEqual([]);
    expect(configNames.map((e) => e.name).filter((n) => inRoot.has(n) || inAdvanced.has(n))).toEqual([]);
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

describe('the config subpath (tinydisplay/config)', () => {
  it('exports exactly the pinned list of names', () => {
    expect(current.config, HOW_TO_UPDATE).toEqual(pinned.config);
  });

  it('exports at run time exactly the names it lists as values', () => {
    expect(sorted(Object.keys(config))).toEqual(
      sorted(configNames.filter((e) => !e.type).map((e) => e.name)),
    );
  });

  it('holds the validator, which the root does not export', () => {
    for (const name of ['validateConfig', 'validateConfigText', 'configSchema', 'configJsonSchema'])
      expect(Object.keys(root), name).not.toContain(name);
    expect(typeof config.validateConfigText).toBe('function');
  });

  it('documents every export with TSDoc at its declaration', () => {
    expect(undocumented(configNames), 'config exports without a TSDoc comment').toEqual([]);
  });
});
