/**
 * The README's examples really run: every ```ts block that imports from 'tinydisplay' is executed
 * against the sources (tsx), and its output must equal the ```text block that follows it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const entry = pathToFileURL(join(root, 'src/index.ts')).href;

interface Example {
  readonly code: string;
  readonly expected: string | undefined;
  readonly line: number;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const fence = /```(\w+)\n([\s\S]*?)```/g;
  const blocks = [...markdown.matchAll(fence)];
  blocks.forEach((m, i) => {
    if (m[1] !== 'ts' || !m[2]?.includes("from 'tinydisplay'")) return;
    const next = blocks[i + 1];
    out.push({
      code: m[2],
      expected: next?.[1] === 'text' ? next[2] : undefined,
      line: markdown.slice(0, m.index).split('\n').length,
    });
  });
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'tinydisplay-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README', () => {
  const found = examples(readme);

  it('has at least one runnable example', () => {
    expect(found.length).toBeGreaterThan(0);
  });

  for (const ex of found) {
    it(`runs the example at README.md line ${ex.line} and prints what the README shows`, () => {
      const file = join(dir, `example-${ex.line}.ts`);
      writeFileSync(file, ex.code.replaceAll("from 'tinydisplay'", `from '${entry}'`));
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      if (ex.expected !== undefined) expect(run.stdout).toBe(ex.expected);
    });
  }
});
