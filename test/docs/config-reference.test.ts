/**
 * docs/config.md is generated from the committed JSON Schema (scripts/config-reference.ts): it must be
 * what the generator writes today, so the reference never lags the schema.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const hasSchema = existsSync(`${root}schema/tinydisplay.config.schema.json`);

describe.skipIf(!hasSchema)(
  `config reference${hasSchema ? '' : ' (skipped: schema/tinydisplay.config.schema.json is not in this tree yet)'}`,
  () => {
    it('docs/config.md is up to date with schema/tinydisplay.config.schema.json (npm run docs:config)', () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/config-reference.ts', '--check'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }, 70_000);
  },
);
