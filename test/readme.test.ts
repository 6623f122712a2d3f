/**
 * The README's examples hold: every ```ts block that imports from 'tinydisplay' (or its subpaths
 * 'tinydisplay/advanced' and 'tinydisplay/config') is executed against
 * the sources (tsx) and its output must equal the ```text block that follows it; every ```typescript
 * block (snippets that need a broker, a file or a running loop) is type-checked with the project's
 * compiler settings. The ```typescript blocks of the pages in `docs/` (`docPages`) are type-checked
 * the same way.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** `from 'tinydisplay'` and `from 'tinydisplay/<subpath>'`: the package's entries. */
const FROM_PACKAGE = /from 'tinydisplay(?:\/(advanced|config))?'/g;
/** The code with each import of the package pointed at its entry in src/, spelled by `to(file)`. */
const toSources = (code: string, to: (file: string) => string) =>
  code.replaceAll(FROM_PACKAGE, (_, sub: string | undefined) => `from '${to(sub ?? 'index')}'`);
/** Pages of docs/ whose ```typescript blocks are type-checked with the README's. */
const docPages = ['docs/concepts.md', 'docs/raspberry-pi.md'];

interface Example {
  readonly code: string;
  readonly expected: string | undefined;
  readonly line: number;
}

function examples(markdown: string, lang: 'ts' | 'typescript'): Example[] {
  const out: Example[] = [];
  const fence = /```(\w+)\n([\s\S]*?)```/g;
  const blocks = [...markdown.matchAll(fence)];
  blocks.forEach((m, i) => {
    if (m[1] !== lang || !m[2]?.match(FROM_PACKAGE)) return;
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
  const found = examples(readme, 'ts');

  it('has at least one runnable example', () => {
    expect(found.length).toBeGreaterThan(0);
  });

  for (const ex of found) {
    it(`runs the example at README.md line ${ex.line} and prints what the README shows`, () => {
      const file = join(dir, `example-${ex.line}.ts`);
      writeFileSync(
        file,
        toSources(ex.code, (f) => pathToFileURL(join(root, `src/${f}.ts`)).href),
      );
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

  const snippets = [
    ...examples(readme, 'typescript').map((ex) => ({ ...ex, page: 'readme' })),
    ...docPages.flatMap((page) =>
      examples(readFileSync(join(root, page), 'utf8'), 'typescript').map((ex) => ({
        ...ex,
        page: page.replace(/^docs\//, '').replace(/\.md$/, ''),
      })),
    ),
  ];

  it('type-checks every typescript snippet of the README and of docs/ against the public API', () => {
    expect(snippets.length).toBeGreaterThan(0);
    // Inside the project so the snippets resolve its node_modules (@types/node) like a user's code.
    const checkDir = mkdtempSync(join(root, '.build-test-readme-'));
    try {
      const files = snippets.map((ex) => {
        const name = `${ex.page}-snippet-line-${ex.line}.ts`;
        writeFileSync(
          join(checkDir, name),
          toSources(ex.code, (f) => `../src/${f}.js`),
        );
        return name;
      });
      writeFileSync(
        join(checkDir, 'tsconfig.json'),
        JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true }, files }),
      );
      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      const run = spawnSync(process.execPath, [tsc, '-p', join(checkDir, 'tsconfig.json')], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      });
      // tsc names the snippet file and line: PAGE-snippet-line-N.ts(L,C) is line N + L of PAGE.
      expect(run.stdout).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(checkDir, { recursive: true, force: true });
    }
  }, 130_000);
});
