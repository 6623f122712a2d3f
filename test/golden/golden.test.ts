import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as advanced from '../../src/advanced.js';
import * as config from '../../src/config.js';
import * as root from '../../src/index.js';

/** What the replays take: the package root and its advanced and config subpaths as one object. */
const lib = { ...advanced, ...config, ...root };

import { replays } from '../replays/index.mjs';

/**
 * The committed hashes (test/golden/replays.json) of every replay in test/replays: computed on one
 * platform, compared here on this one, and by scripts/arm64-check.sh on an arm64 Node. Comparing with
 * a committed value (never with a second run in this process) is what catches a platform difference.
 */
const golden = JSON.parse(readFileSync(new URL('./replays.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string>
>;

const HOW =
  'the frames or eased values changed. If that is intended (a fix or a new easing, never a platform ' +
  'difference), regenerate with `npm run goldens`, check the diff of test/golden/replays.json and say why in ' +
  'the commit; if not, something on the frame path lost its determinism (docs/determinism.md)';

describe('golden hashes', () => {
  const modules = replays.map(async (path) => {
    const m = (await import(new URL(path, new URL('../replays/index.mjs', import.meta.url)).href)) as {
      name: string;
      run: (l: typeof lib) => Record<string, string> | Promise<Record<string, string>>;
    };
    return m;
  });

  it('has a committed entry for every listed replay, and none for a replay that is gone', async () => {
    const names = (await Promise.all(modules)).map((m) => m.name).sort();
    expect(
      Object.keys(golden)
        .filter((k) => !k.startsWith('$'))
        .sort(),
    ).toEqual(names);
  });

  for (const [i, path] of replays.entries()) {
    it(`${path.replace(/^\.\/|\.mjs$/g, '')} gives the committed hashes`, async () => {
      const replay = await (modules[i] as (typeof modules)[number]);
      const got = await replay.run(lib);
      const want = golden[replay.name] ?? {};
      const differing = Object.keys({ ...want, ...got }).filter((k) => got[k] !== want[k]);
      expect(differing, `${differing.length} hashes differ from test/golden/replays.json: ${HOW}`).toEqual(
        [],
      );
    }, 120_000);
  }
});
