/**
 * The examples of examples/ hold: each config is valid, and replaying its committed recording gives,
 * at the chosen ticks, PNGs equal byte for byte to the committed ones in examples/<name>/golden/ (the
 * hash of every frame is checked by test/golden/golden.test.ts, and on arm64 by scripts/arm64-check.sh).
 * After a deliberate change of pixels: `npm run goldens`, look at the pictures, commit them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as advanced from '../../src/advanced.js';
import * as config from '../../src/config.js';
import * as root from '../../src/index.js';
import { exampleFile, examples, goldenName, renderExample } from '../replays/examples.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
/** What the replays take: the package root and its advanced and config subpaths as one object (as test/golden does). */
const lib = { ...advanced, ...config, ...root };

/** The config layer and runtime, as the public API exports them (tinydisplay/config, DisplayRuntime in tinydisplay/advanced). */
interface ConfigApi {
  validateConfigText(text: string): { config?: unknown; errors: readonly unknown[] };
  formatIssues(issues: readonly unknown[]): string;
  DisplayRuntime: unknown;
}
const api = lib as unknown as Partial<ConfigApi>;
const missing = ['validateConfigText', 'formatIssues', 'DisplayRuntime'].filter(
  (name) => (api as Record<string, unknown>)[name] === undefined,
);

describe.skipIf(missing.length > 0)(
  `examples${missing.length > 0 ? ` (skipped: tinydisplay, tinydisplay/advanced and tinydisplay/config do not export ${missing.join(', ')})` : ''}`,
  () => {
    for (const example of examples) {
      it(`${example.name}: the config is valid`, () => {
        const { validateConfigText, formatIssues } = api as ConfigApi;
        const check = validateConfigText(readFileSync(exampleFile(example.name, 'config.yaml'), 'utf8'));
        expect(formatIssues(check.errors)).toBe('');
        expect(check.config).toBeDefined();
      });

      it(`${example.name}: replaying the recording gives the committed PNGs at ticks ${example.ticks.join(', ')}`, async () => {
        const { frames, at } = await renderExample(lib, example.name, example.ticks);
        expect(frames.length).toBeGreaterThan(example.ticks.length);
        for (const tick of example.ticks) {
          const file = goldenName(example.name, tick);
          const want = readFileSync(join(repo, file));
          const got = at.get(tick);
          expect(got, `${file}: no frame`).toBeDefined();
          expect(Buffer.from(got as Uint8Array).equals(want), `${file} differs from the replayed frame`).toBe(
            true,
          );
        }
      }, 60_000);
    }

    it('replays the same frames twice in one process', async () => {
      const [a, b] = [await renderExample(lib, 'alert-panel'), await renderExample(lib, 'alert-panel')];
      expect(b.frames.map(([t]) => t)).toEqual(a.frames.map(([t]) => t));
      expect(
        b.frames.every(([, png], i) => Buffer.from(png).equals(Buffer.from(a.frames[i]?.[1] ?? []))),
      ).toBe(true);
    }, 60_000);
  },
);
