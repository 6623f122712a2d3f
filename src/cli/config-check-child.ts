/**
 * `run` reads and validates its config in a short-lived child process (config-check-main.ts), so that
 * the long-running display never loads zod and yaml: measured with the Raspberry Pi guide's V8 flags,
 * `tinydisplay run` of the demo's config peaked at 73.6 MB of RSS with the validator in-process against
 * 64.6 MB for `demo`, which runs the same config checked ahead. The child prints the check as one line
 * of JSON (a checked config is plain data: test/cli/config-check-child.test.ts holds it to the
 * in-process check for every example); a child that fails is an error that quotes its stderr. The
 * price is one Node start per check: 0.6 to 1.1 s for the system monitor's config here (zod and yaml
 * imported cold each time), against 0.05 to 0.2 s in-process; a start and an edit of the file pay it,
 * the running display does not.
 * `validate`, `replay` and `record` end after one check and keep it in-process (config-check.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConfigCheck } from '../config/index.js';
import { ConfigReadError } from './config-read-error.js';

/** What the child prints: the check, or why the file could not be read. */
export type ChildCheckLine =
  | { readonly check: ConfigCheck; readonly baseDir: string }
  | { readonly readError: { readonly message: string; readonly path: string } };

/** Most bytes of the child's stdout and stderr kept (a check of a large config is tens of KB). */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * The child's command line: the built entry beside this file, or, when this file runs from the
 * TypeScript sources (the tests), the source entry under tsx.
 */
function childArgs(path: string): string[] {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts'))
    return ['--import', 'tsx', fileURLToPath(new URL('./config-check-main.ts', import.meta.url)), path];
  return [fileURLToPath(new URL('./config-check-main.js', import.meta.url)), path];
}

/**
 * Read and validate a config file in a child process, as `loadConfigFile` does in-process; `baseDir`
 * is its folder. Throws `ConfigReadError` when it cannot be read, and an `Error` quoting the child's
 * stderr when the child fails.
 */
export function loadConfigFileInChild(path: string): Promise<{ check: ConfigCheck; baseDir: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs(path), { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_OUTPUT_BYTES) into.push(chunk);
      else child.kill();
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    child.on('error', (e) =>
      reject(new Error(`config ${JSON.stringify(path)}: cannot start the config checker: ${e.message}`)),
    );
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      const failed = (why: string) =>
        new Error(
          `config ${JSON.stringify(path)}: the config checker ${why}${stderr === '' ? '' : `:\n${stderr.slice(-2000)}`}`,
        );
      if (bytes > MAX_OUTPUT_BYTES) return reject(failed(`printed more than ${MAX_OUTPUT_BYTES} bytes`));
      if (code !== 0) return reject(failed(signal ? `was killed (${signal})` : `exited with ${code}`));
      let line: ChildCheckLine;
      try {
        line = JSON.parse(Buffer.concat(out).toString('utf8')) as ChildCheckLine;
      } catch (e) {
        return reject(failed(`printed no check (${e instanceof Error ? e.message : String(e)})`));
      }
      if ('readError' in line)
        return reject(new ConfigReadError(line.readError.message, line.readError.path));
      // JSON has no undefined: an invalid config's check comes back without its `config` key.
      resolve({
        check: {
          config: line.check.config ?? undefined,
          errors: line.check.errors,
          warnings: line.check.warnings,
        },
        baseDir: line.baseDir,
      });
    });
  });
}
