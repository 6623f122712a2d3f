// The examples of examples/: each config replayed headless through its committed recording, as
// `tinydisplay replay <config> <recording> --png-dir` does (DisplayRuntime.replay, no source opened).
// `<example>.frames` hashes every frame the runtime wrote (its tick and its PNG bytes, from the
// project's own deterministic encoder), so it moves when a single pixel of a single frame moves; each
// committed golden PNG (examples/<name>/golden/tick-NNN.png) has its own hash too.
// The vitest test test/examples/examples.test.ts also compares chosen ticks with the committed PNGs
// in examples/<name>/golden/, and `npm run goldens` rewrites those.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const name = 'examples';

/** Each example and the ticks whose frames are committed as PNGs (examples/<name>/golden/tick-NNN.png). */
// The MQTT examples' recordings are made live (scripts/example-recordings.ts): their scripted
// messages come 2 s (60 ticks at 30 fps) into the recording, the first one as soon as it connects.
export const examples = [
  { name: 'system-monitor', ticks: [0, 60, 150, 200, 330] },
  { name: 'now-playing', ticks: [0, 100, 210, 320, 390] },
  { name: 'alert-panel', ticks: [0, 94, 160, 180, 308] },
  { name: 'home-panel', ticks: [0, 80, 200, 390] },
];

const examplesDir = new URL('../../examples/', import.meta.url);

export function exampleFile(example, file) {
  return fileURLToPath(new URL(`${example}/${file}`, examplesDir));
}

/** Golden PNG of `tick` of `example`, relative to the repository. */
export function goldenName(example, tick) {
  return `examples/${example}/golden/tick-${String(tick).padStart(3, '0')}.png`;
}

/**
 * Replays one example. Returns every frame written, as [tick, PNG bytes] in tick order, and the PNG
 * showing at each of `ticks` (the last frame written at or before it: a tick that changed nothing
 * writes no frame).
 */
export async function renderExample(lib, example, ticks = []) {
  const configPath = exampleFile(example, 'config.yaml');
  const check = lib.validateConfigText(readFileSync(configPath, 'utf8'), {
    baseDir: fileURLToPath(new URL(`${example}/`, examplesDir)),
  });
  if (check.config === undefined) {
    throw new Error(`${configPath}: invalid config:\n${lib.formatIssues(check.errors)}`);
  }
  const entries = lib.parseRecording(readFileSync(exampleFile(example, 'recording.ndjson'), 'utf8'));
  const frames = [];
  const output = {
    name: 'capture',
    stats: { frames: 0, bytes: 0, errors: 0 },
    async open() {},
    write(update) {
      frames.push([update.tick, lib.encodePng(update.framebuffer)]);
    },
    async close() {},
  };
  const runtime = new lib.DisplayRuntime({
    config: check.config,
    baseDir: fileURLToPath(new URL(`${example}/`, examplesDir)),
    outputs: [output],
    log: () => {},
    createSource: () => {
      throw new Error('a replay opens no source');
    },
  });
  await runtime.replay(entries);
  const at = new Map();
  for (const tick of ticks) {
    let shown;
    for (const [t, png] of frames) {
      if (t > tick) break;
      shown = png;
    }
    if (shown === undefined) throw new Error(`${example}: no frame written at or before tick ${tick}`);
    at.set(tick, shown);
  }
  return { frames, at };
}

export async function run(lib) {
  const out = {};
  for (const { name: example, ticks } of examples) {
    const { frames, at } = await renderExample(lib, example, ticks);
    const hash = createHash('sha256');
    for (const [tick, png] of frames) {
      hash.update(`${tick}:${png.length}:`);
      hash.update(png);
    }
    out[`${example}.frames`] = hash.digest('hex');
    for (const [tick, png] of at)
      out[goldenName(example, tick)] = createHash('sha256').update(png).digest('hex');
  }
  return out;
}
