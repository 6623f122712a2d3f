/**
 * `npm run goldens`: render the golden screens (test/golden/scenes.ts) and write their PNG files into
 * test/golden, replacing the committed ones. Run it when a change of pixels is intended, look at the
 * pictures, and commit them with the change. The README's picture (docs/readme-scene.png) is written
 * by running the README's scene example.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { goldenFile, goldenScreens, renderGolden } from '../test/golden/scenes.js';

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
