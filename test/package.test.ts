import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface PackageJson {
  version: string;
  type: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, { types?: string; import?: string } | string>;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

describe('package', () => {
  it('reports the version that package.json declares', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('is ESM with typed exports and a tinydisplay bin, all under dist/', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.bin.tinydisplay).toBe('./dist/cli/main.js');
  });

  describe('the build', () => {
    // Build into a temp dir so the test neither needs nor disturbs a dist/ of the working tree.
    // Inside the project so the built files resolve the project's node_modules, as an install would.
    const out = mkdtempSync(join(root, '.build-test-'));
    const inOut = (path: string) => join(out, path.replace(/^\.\/dist\//, ''));
    let build: ReturnType<typeof spawnSync>;

    beforeAll(() => {
      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      });
    }, 130_000);
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it('emits JavaScript and declarations for every entry package.json names', () => {
      expect(build.stdout).toBe('');
      expect(build.status).toBe(0);
      for (const file of [pkg.main, pkg.types, pkg.bin.tinydisplay as string]) {
        expect(existsSync(inOut(file)), file).toBe(true);
      }
      const dts = readFileSync(inOut(pkg.types), 'utf8');
      expect(dts).toContain("export * from './animation/index.js'");
    });

    it('keeps @internal members out of the published declarations', () => {
      const dts = readFileSync(join(out, 'sources', 'supervisor.d.ts'), 'utf8');
      expect(dts).not.toMatch(/@internal/);
    });

    it('ships a CLI that starts with a shebang and prints the version', () => {
      const cli = inOut(pkg.bin.tinydisplay as string);
      expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
      const run = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status).toBe(0);
      expect(run.stdout.trim()).toBe(VERSION);
    });
  });
});
