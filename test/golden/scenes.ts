/**
 * The golden screens (scenes.mjs, plain JavaScript shared with the golden-frames replay that runs on
 * the built dist/ under arm64) bound to the TypeScript sources: rendered at chosen ticks to PNG and
 * compared byte for byte with the files beside this one (test/render/golden.test.ts).
 * `npm run goldens` rewrites the files (scripts/goldens.ts) when a change of pixels is intended.
 */
import * as advanced from '../../src/advanced.js';
import * as root from '../../src/index.js';

/** What the replays take: the package root and its advanced subpath as one object. */
const lib = { ...advanced, ...root };

import {
  type GoldenScreen,
  goldenFile,
  goldenScreens,
  pictogram,
  renderGolden as render,
} from './scenes.mjs';

export { type GoldenScreen, goldenFile, goldenScreens, pictogram };

/** The PNG of `screen` at each of its ticks, stepped from tick 0 with damaged-only frames. */
export function renderGolden(screen: GoldenScreen): Map<number, Uint8Array> {
  return render(lib, screen);
}
