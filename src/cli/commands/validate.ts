/** `tinydisplay validate <config>`: check a config file and print every problem with its path. */
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../usage-error.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a config file: every error with its path, nothing started',
  synopsis: 'validate <config>',
  description: [
    'Reads <config> (YAML or JSON), checks it against the schema and across its sections (widget',
    'properties, ids, data keys, expressions), and prints every problem as `path: message`.',
    'Exit code 0 when it is valid (warnings allowed), 1 when it is not.',
  ].join('\n'),
  options: {},
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('validate: expected a config file', 'config');
    if (extra.length > 0)
      throw new UsageError(`validate: unexpected argument ${JSON.stringify(extra[0])}`, extra[0] as string);
    const { loadConfigFile } = await import('../config-check.js');
    const { printCheck } = await import('../config-file.js');
    const { check } = loadConfigFile(file);
    printCheck(io, file, check);
    if (check.config === undefined) return EXIT.runtime;
    io.stdout.write(`${file}: valid\n`);
    return EXIT.ok;
  },
};
