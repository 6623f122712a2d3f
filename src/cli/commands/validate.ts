/** `tinydisplay validate <config>`: check a config file and print every problem with its path. */
import type { CliIo } from '../io.js';
import { EXIT } from '../usage-error.js';

export async function run([file]: readonly string[], _options: object, io: CliIo): Promise<number> {
  const { loadConfigFile } = await import('../config-check.js');
  const { printCheck } = await import('../config-file.js');
  const { check } = loadConfigFile(file as string);
  printCheck(io, file as string, check);
  if (check.config === undefined) return EXIT.runtime;
  io.stdout.write(`${file}: valid\n`);
  return EXIT.ok;
}
