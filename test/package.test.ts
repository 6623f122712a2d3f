import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { NETWORK_BUILTINS, traceLoads } from './startup/load-trace.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface PackageJson {
  version: string;
  type: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, { types?: string; import?: string; default?: string } | string>;
  scripts: Record<string, string>;
  files: string[];
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

describe('package', () => {
  it('reports the version that package.json declares', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('is ESM with typed exports and a tinydisplay bin, all under dist/', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({
      types: './dist/index.d.ts',
      import: './dist/index.js',
      default: './dist/index.js',
    });
    expect(pkg.exports['./advanced']).toEqual({
      types: './dist/advanced.d.ts',
      import: './dist/advanced.js',
      default: './dist/advanced.js',
    });
    expect(pkg.exports['./config']).toEqual({
      types: './dist/config.d.ts',
      import: './dist/config.js',
      default: './dist/config.js',
    });
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.bin.tinydisplay).toBe('./dist/cli/main.js');
  });

  it('runs the demo from the built CLI, which npm ci builds (prepare): no TypeScript loader at start-up', () => {
    // tsx took 2-4x longer to the first frame than node on dist/ (issue 13: start-up on a small board).
    expect(pkg.scripts.demo).toBe('node dist/cli/main.js demo');
    // dist/ is emptied first: a module deleted from src/ must not linger in dist/ (and in the package).
    const build = `node -e "require('node:fs').rmSync('dist',{recursive:true,force:true})" && tsc -p tsconfig.build.json`;
    expect(pkg.scripts.prepare).toBe(build);
    expect(pkg.scripts.build).toBe(build);
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
      const advanced = pkg.exports['./advanced'] as { types: string; import: string };
      const config = pkg.exports['./config'] as { types: string; import: string };
      for (const file of [
        pkg.main,
        pkg.types,
        pkg.bin.tinydisplay as string,
        advanced.types,
        advanced.import,
        config.types,
        config.import,
      ]) {
        expect(existsSync(inOut(file)), file).toBe(true);
      }
      // The root lists its names (test/exports.test.ts pins them); it does not re-export whole layers.
      const dts = readFileSync(inOut(pkg.types), 'utf8');
      expect(dts).toMatch(/export \{[^}]*\bTickAnimationEngine\b[^}]*\} from '\.\/animation\/index\.js'/);
      expect(dts).not.toContain('export *');
    });

    it('keeps @internal members out of the published declarations', () => {
      const dts = readFileSync(join(out, 'sources', 'supervisor.d.ts'), 'utf8');
      expect(dts).not.toMatch(/@internal/);
    });

    describe('packed as a tarball and installed in a consumer project', () => {
      let files: string[] = [];
      let consumer = '';
      beforeAll(() => {
        // The package as `npm pack` makes it: package.json's `files` decide what goes in.
        const stage = join(out, '..', `${out.split('/').pop()}-stage`);
        rmSync(stage, { recursive: true, force: true });
        mkdirSync(stage);
        for (const f of ['package.json', 'README.md', 'LICENSE', 'assets'])
          cpSync(join(root, f), join(stage, f), { recursive: true });
        cpSync(out, join(stage, 'dist'), { recursive: true });
        const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', stage], {
          cwd: stage,
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(packed.status, packed.stderr).toBe(0);
        const info = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
        files = (info[0]?.files ?? []).map((f) => f.path);
        // Inside the project, so the package's own dependencies resolve from its node_modules, as an
        // install would place them.
        consumer = join(out, '..', `${out.split('/').pop()}-consumer`);
        rmSync(consumer, { recursive: true, force: true });
        mkdirSync(join(consumer, 'node_modules', 'tinydisplay'), { recursive: true });
        const tar = spawnSync('tar', [
          '-xzf',
          join(stage, info[0]?.filename ?? ''),
          '-C',
          join(consumer, 'node_modules', 'tinydisplay'),
          '--strip-components=1',
        ]);
        expect(tar.status).toBe(0);
        writeFileSync(join(consumer, 'package.json'), '{"name":"consumer","private":true}\n');
        rmSync(stage, { recursive: true, force: true });
      }, 90_000);
      afterAll(() => rmSync(consumer, { recursive: true, force: true }));

      it('holds the built files, the licence and the simulator page, and no sources or source maps', () => {
        expect(files).toContain('dist/index.js');
        expect(files).toContain('LICENSE');
        expect(files).toContain('assets/simulator/index.html');
        expect(files.filter((f) => f.endsWith('.map') || f.startsWith('src/'))).toEqual([]);
      });

      it('runs no build or install script when installed', () => {
        const installed = JSON.parse(
          readFileSync(join(consumer, 'node_modules', 'tinydisplay', 'package.json'), 'utf8'),
        ) as PackageJson;
        for (const hook of ['preinstall', 'install', 'postinstall'])
          expect(installed.scripts[hook]).toBeUndefined();
        expect(readdirSync(join(consumer, 'node_modules', 'tinydisplay'))).not.toContain('src');
      });

      // What a program on a small board pays for `import 'tinydisplay'`: test/startup/imports.test.ts
      // checks the sources; this checks the installed package, for import and for require.
      it('loads no dependency and no network built-in at import or require of the root and advanced', () => {
        for (const [how, code, execArgv] of [
          [
            'import',
            "await import('tinydisplay'); await import('tinydisplay/advanced');",
            ['--input-type=module'],
          ],
          ['require', "require('tinydisplay'); require('tinydisplay/advanced');", []],
        ] as const) {
          const run = traceLoads(code, { cwd: consumer, execArgv });
          expect(run.status, `${how}: ${run.stderr}`).toBe(0);
          expect(run.packages, how).toEqual(['tinydisplay']);
          expect(
            run.builtins.filter((b) => NETWORK_BUILTINS.includes(b)),
            how,
          ).toEqual([]);
        }
      }, 60_000);

      it('serves the config validator at tinydisplay/config, to import and to require', () => {
        const text = JSON.stringify('display: { width: 128, height: 64 }');
        const esm = traceLoads(
          `const c = await import('tinydisplay/config'); const r = c.validateConfigText(${text}); console.error(r.errors.length, r.config.display.fps);`,
          { cwd: consumer, execArgv: ['--input-type=module'] },
        );
        expect(esm.status, esm.stderr).toBe(0);
        expect(esm.stderr.trim()).toBe('0 30');
        expect(esm.packages).toEqual(['tinydisplay', 'yaml', 'zod']);
        const cjs = spawnSync(
          process.execPath,
          [
            '-e',
            "const c = require('tinydisplay/config'); console.log(typeof c.validateConfig, 'validateConfig' in require('tinydisplay'))",
          ],
          { cwd: consumer, encoding: 'utf8', timeout: 30_000 },
        );
        expect(cjs.stdout.trim(), cjs.stderr).toBe('function false');
      }, 60_000);

      it('works with import and with require', () => {
        const esm = spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            "import { Framebuffer, VERSION } from 'tinydisplay'; console.log(VERSION, typeof Framebuffer)",
          ],
          { cwd: consumer, encoding: 'utf8', timeout: 30_000 },
        );
        expect(esm.stderr).toBe('');
        expect(esm.stdout.trim()).toBe(`${VERSION} function`);
        const cjs = spawnSync(
          process.execPath,
          ['-e', "const t = require('tinydisplay'); console.log(t.VERSION, typeof t.TickAnimationEngine)"],
          { cwd: consumer, encoding: 'utf8', timeout: 30_000 },
        );
        expect(cjs.stderr.replace(/^.*ExperimentalWarning.*\n|^\(Use `node --trace-warnings.*\n/gm, '')).toBe(
          '',
        );
        expect(cjs.stdout.trim()).toBe(`${VERSION} function`);
      });

      it('serves the advanced subpath to import and to require, apart from the root', () => {
        const esm = spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            "import * as root from 'tinydisplay'; import { RingBufferInput } from 'tinydisplay/advanced'; console.log(typeof RingBufferInput, 'RingBufferInput' in root)",
          ],
          { cwd: consumer, encoding: 'utf8', timeout: 30_000 },
        );
        expect(esm.stderr).toBe('');
        expect(esm.stdout.trim()).toBe('function false');
        const cjs = spawnSync(
          process.execPath,
          ['-e', "const a = require('tinydisplay/advanced'); console.log(typeof a.resolveBackoff)"],
          { cwd: consumer, encoding: 'utf8', timeout: 30_000 },
        );
        expect(cjs.stderr.replace(/^.*ExperimentalWarning.*\n|^\(Use `node --trace-warnings.*\n/gm, '')).toBe(
          '',
        );
        expect(cjs.stdout.trim()).toBe('function');
      });
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
