/**
 * The config checker's child process (config-check-child.ts starts it): reads and validates the config
 * file named by its argument, and prints the check, or why the file could not be read, as one line of
 * JSON on stdout. Anything else (a bug) exits 1 with the error on stderr.
 */

import { loadConfigFile } from './config-check.js';
import type { ChildCheckLine } from './config-check-child.js';
import { ConfigReadError } from './config-read-error.js';

const path = process.argv[2];
if (path === undefined) {
  process.stderr.write('config-check-main: expected the path of a config file\n');
  process.exit(1);
}
let line: ChildCheckLine;
try {
  line = loadConfigFile(path);
} catch (e) {
  if (!(e instanceof ConfigReadError)) throw e;
  line = { readError: { message: e.message, path: e.path } };
}
process.stdout.write(`${JSON.stringify(line)}\n`);
