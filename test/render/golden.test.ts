/**
 * Golden frames: each screen of test/golden/scenes.ts rendered at its ticks must equal, byte for
 * byte, the PNG committed under test/golden. When a change of pixels is intended, run
 * `npm run goldens`, look at the new pictures, and commit them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { goldenFile, goldenScreens, renderGolden } from '../golden/scenes.js';

const dir = fileURLToPath(new URL('../golden/', import.meta.url));

describe('golden frames', () => {
  for (const screen of goldenScreens) {
    it(`${screen.name} at ticks ${screen.ticks.join(', ')} equals the committed PNG files`, () => {
      const frames = renderGolden(screen);
      for (const [tick, png] of frames) {
        const name = goldenFile(screen, tick);
        const path = join(dir, name);
        const committed = existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
        if (committed === undefined || Buffer.compare(Buffer.from(png), Buffer.from(committed)) !== 0) {
          const outDir = join(tmpdir(), 'tinydisplay-golden-actual');
          mkdirSync(outDir, { recursive: true });
          writeFileSync(join(outDir, name), png);
          expect.fail(
            `golden frame test/golden/${name} ${committed === undefined ? 'is missing' : 'differs'}: ` +
              `this run's picture is in ${join(outDir, name)}. If the change is intended, run ` +
              '`npm run goldens` and commit the new files.',
          );
        }
      }
      expect(frames.size).toBe(screen.ticks.length);
    });
  }

  it("the README's picture is the one its scene example draws", () => {
    // The README test runs the example and checks the hash it prints; this ties the committed file to it.
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const printed = /readme-scene\.png: sha256 ([0-9a-f]{16})/.exec(readme)?.[1];
    const png = readFileSync(fileURLToPath(new URL('../../docs/readme-scene.png', import.meta.url)));
    const actual = createHash('sha256').update(png).digest('hex').slice(0, 16);
    expect(actual, 'docs/readme-scene.png is not what the README example draws: run `npm run goldens`').toBe(
      printed,
    );
  });
});
