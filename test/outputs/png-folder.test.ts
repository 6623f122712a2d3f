import { mkdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DisplayInfo, PngFolderOutput } from '../../src/outputs/index.js';
import { decodePng, encodePng } from '../../src/render/index.js';
import { patternFrame, runOutputContract } from './contract.js';

let root = '';
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tinydisplay-png-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const nextDir = () => join(root, `run-${n++}`);
const d: DisplayInfo = { width: 32, height: 16, format: 'rgb565', fps: 30 };
const whole = [{ x: 0, y: 0, w: 32, h: 16 }];

describe('PNG folder output', () => {
  it('writes one PNG per frame named by tick, creating the folder', async () => {
    const dir = nextDir();
    const out = new PngFolderOutput({ dir });
    await out.open(d);
    await out.write({ tick: 7, framebuffer: patternFrame(d, 1), damage: whole });
    await out.write({ tick: 123, framebuffer: patternFrame(d, 2), damage: whole });
    await out.close();
    expect((await readdir(dir)).sort()).toEqual(['frame-000007.png', 'frame-000123.png']);
    const png = await readFile(join(dir, 'frame-000123.png'));
    expect(new Uint8Array(png)).toEqual(encodePng(patternFrame(d, 2)));
    expect(decodePng(png).data).toEqual(patternFrame(d, 2).toRgba());
  });

  it('gives the same bytes for the same frame in two runs', async () => {
    const bytes: Buffer[] = [];
    for (let run = 0; run < 2; run++) {
      const dir = nextDir();
      const out = new PngFolderOutput({ dir });
      await out.open(d);
      await out.write({ tick: 1, framebuffer: patternFrame(d, 9), damage: whole });
      await out.close();
      bytes.push(await readFile(join(dir, 'frame-000001.png')));
    }
    expect(bytes[0]?.equals(bytes[1] as Buffer)).toBe(true);
  });

  it('takes another naming', async () => {
    const dir = nextDir();
    const out = new PngFolderOutput({ dir, fileName: (t) => `t${t}.png` });
    await out.open(d);
    await out.write({ tick: 3, framebuffer: patternFrame(d, 1), damage: whole });
    expect(await readdir(dir)).toEqual(['t3.png']);
  });
});

runOutputContract({
  name: 'png-folder',
  display: d,
  async setup(report) {
    const dir = nextDir();
    const out = new PngFolderOutput({ dir, onError: report });
    let tickBroken = -1;
    return {
      output: out,
      delivered: async () => {
        let total = 0;
        for (const f of await readdir(dir).catch(() => [] as string[])) {
          const s = await stat(join(dir, f));
          if (s.isFile()) total += s.size;
        }
        return total;
      },
      // A folder where the next frame's file should go makes its write fail (EISDIR).
      breakNext: () => {
        tickBroken = 1;
        mkdirSync(out.pathOf(tickBroken), { recursive: true });
      },
    };
  },
});
