#!/usr/bin/env node
// Runs every replay listed in test/replays/index.mjs against one build of the library and prints
// their hashes as JSON: { arch, node, replays: { <name>: { <key>: sha256 } } }. Timings go to stderr.
//
//   node scripts/replay-hashes.mjs                      # the built dist/ (npm run build)
//   node --import tsx scripts/replay-hashes.mjs --lib src/index.ts --write test/golden/replays.json
//
// --write <file> stores the hashes as the committed goldens instead of printing them.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  if (value === undefined) throw new Error(`replay-hashes: ${name} needs a value`);
  return value;
}
const libPath = option('--lib', 'dist/index.js');
const writeTo = option('--write', undefined);

// The replays take the package root and its advanced and config subpaths as one object (their modules
// sit beside the root: index.js / advanced.js / config.js, or the same in .ts).
const beside = (entry) => pathToFileURL(resolve(libPath.replace(/index(\.[cm]?[jt]s)$/, `${entry}$1`))).href;
const lib = {
  ...(await import(beside('advanced'))),
  ...(await import(beside('config'))),
  ...(await import(pathToFileURL(resolve(libPath)).href)),
};
const listUrl = new URL('../test/replays/index.mjs', import.meta.url);
const { replays } = await import(listUrl.href);

const out = {};
for (const path of replays) {
  const replay = await import(new URL(path, listUrl).href);
  const started = performance.now();
  out[replay.name] = await replay.run(lib); // a replay may be async (examples)
  process.stderr.write(`replay ${replay.name}: ${Math.round(performance.now() - started)} ms\n`);
}

if (writeTo) {
  const golden = {
    $comment:
      'Golden hashes every platform must match (test/golden/golden.test.ts). Regenerate on purpose only: npm run goldens',
    ...out,
  };
  writeFileSync(writeTo, `${JSON.stringify(golden, null, 2)}\n`);
  process.stderr.write(`wrote ${writeTo}\n`);
} else {
  process.stdout.write(`${JSON.stringify({ arch: process.arch, node: process.version, replays: out })}\n`);
}
