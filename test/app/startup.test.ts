import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The npm packages of `names` a fresh process has loaded after running `code` (CommonJS ones show in require.cache). */
function loadedAfter(code: string, names: readonly string[]): string[] {
  const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
${code}
const seen = new Set();
for (const k of Object.keys(require.cache)) {
  const m = /node_modules[\\\\/]([^\\\\/]+)[\\\\/]/.exec(k);
  if (m && ${JSON.stringify(names)}.includes(m[1])) seen.add(m[1]);
}
process.stdout.write(JSON.stringify([...seen].sort()));
`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as string[];
}

describe('start-up', () => {
  it('importing the package loads no network client (mqtt, ws) until a source or the simulator needs it', () => {
    expect(loadedAfter("await import('./src/index.ts');", ['mqtt', 'ws'])).toEqual([]);
    // The check sees a client once something loads it.
    expect(loadedAfter("await import('./src/index.ts'); await import('ws');", ['mqtt', 'ws'])).toEqual([
      'ws',
    ]);
  }, 60_000);
});
