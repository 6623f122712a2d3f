/**
 * `npm run goldens`: render the golden screens (test/golden/scenes.ts) and write their PNG files into
 * test/golden, replacing the committed ones. Run it when a change of pixels is intended, look at the
 * pictures, and commit them with the change. The README's picture (docs/readme-scene.png) is written
 * by running the README's scene example. The examples' golden frames (examples/<name>/golden/) are
 * written by replaying each example's recording (test/replays/examples.mjs).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as advanced from '../src/advanced.js';
import * as config from '../src/config.js';
import * as main from '../src/index.js';
import { goldenFile, goldenScreens, renderGolden } from '../test/golden/scenes.js';
import { examples, goldenName, renderExample } from '../test/replays/examples.mjs';

/** The public API with its advanced and config subpaths as one object, as the replays take it. */
const lib = { ...advanced, ...config, ...main };
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const screen of goldenScreens) {
  for (const [tick, png] of renderGolden(screen)) {
    const file = join(root, 'test', 'golden', goldenFile(screen, tick));
    writeFileSync(file, png);
    process.stdout.write(`wrote ${file.slice(root.length + 1)} (${png.length} bytes)\n`);
  }
}

// The README example that renders a PNG writes it to the temp directory: run it and keep its picture.
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? '')
  .find((code) => code.includes("'readme-scene.png'"));
if (block === undefined) throw new Error("goldens: no README example writes 'readme-scene.png'");
const dir = mkdtempSync(join(tmpdir(), 'tinydisplay-goldens-'));
try {
  const file = join(dir, 'example.ts');
  const entry = pathToFileURL(join(root, 'src/index.ts')).href;
  writeFileSync(file, block.replaceAll("from 'tinydisplay'", `from '${entry}'`));
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`goldens: the README example failed:\n${run.stderr}`);
  copyFileSync(join(tmpdir(), 'readme-scene.png'), join(root, 'docs', 'readme-scene.png'));
  process.stdout.write('wrote docs/readme-scene.png\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The examples' golden frames: each example's recording replayed through its config.
for (const example of examples) {
  const { at } = await renderExample(lib, example.name, example.ticks);
  mkdirSync(join(root, 'examples', example.name, 'golden'), { recursive: true });
  for (const [tick, png] of at) {
    writeFileSync(join(root, goldenName(example.name, tick)), png);
    process.stdout.write(`wrote ${goldenName(example.name, tick)} (${png.length} bytes)\n`);
  }
}
