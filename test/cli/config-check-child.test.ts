/**
 * `run` checks its config in a child process (src/cli/config-check-child.ts) so that the running
 * display never loads zod and yaml: the child's check must be the in-process check, for every example
 * and for a config with errors, and a file that cannot be read must still be a `ConfigReadError`.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/cli/config-check.js';
import { loadConfigFileInChild } from '../../src/cli/config-check-child.js';
import { ConfigReadError } from '../../src/cli/config-read-error.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'td-check-child-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each check starts a child under tsx: seconds when the machine's cores are busy with other suites.
describe('the config check in a child process', { timeout: 60_000 }, () => {
  const configs = readdirSync(examples, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(examples, d.name, 'config.yaml'));

  it('gives the in-process check of every example, warnings included', async () => {
    expect(configs.length).toBeGreaterThanOrEqual(4);
    const children = await Promise.all(configs.map((c) => loadConfigFileInChild(c)));
    children.forEach((child, i) => {
      const here = loadConfigFile(configs[i] as string);
      expect(child.check.config).toBeDefined();
      expect(child).toStrictEqual(here);
    });
  });

  it('gives the errors of an invalid config with their paths, and no config', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'display: { width: 128, height: 64, fps: -3 }\nsources:\n  - { id: s, url: "nope://x" }\noutputs: []\n',
    );
    const child = await loadConfigFileInChild(file);
    expect(child).toStrictEqual(loadConfigFile(file));
    expect(child.check.config).toBeUndefined();
    expect(child.check.errors.map((e) => e.path)).toEqual(['display.fps', 'sources[0].url']);
  });

  it('throws a ConfigReadError naming a file it cannot read, as the in-process check does', async () => {
    const missing = join(dir, 'missing.yaml');
    const error = await loadConfigFileInChild(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigReadError);
    expect((error as ConfigReadError).path).toBe(missing);
    expect(() => loadConfigFile(missing)).toThrow((error as ConfigReadError).message);
  });
});
