/**
 * The `tinydisplay` command: parses the command line with the command table (program.ts), runs the
 * command, and turns what happened into an exit code (see `EXIT`: 0 ok, 1 runtime error, 2 usage
 * error, 3 incomplete).
 */
import { CommanderError } from 'commander';
import { type CliIo, processIo } from './io.js';
import { buildProgram } from './program.js';
import { EXIT, UsageError } from './usage-error.js';

/** The names of the commands, in the order of the help. */
export function commandNames(): string[] {
  return buildProgram(processIo()).program.commands.map((c) => c.name());
}

/** Run the CLI with `argv` (without node and the script path); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { program, result } = buildProgram(io);
  // Commander answers `help <unknown>` with the whole help (exit 2) but never says what was wrong.
  const [first, asked] = argv;
  if (
    first === 'help' &&
    asked !== undefined &&
    !asked.startsWith('-') &&
    !program.commands.some((c) => c.name() === asked || c.aliases().includes(asked))
  )
    io.stderr.write(`tinydisplay: unknown command '${asked}'\n`);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (err) {
    // Help and --version are thrown with exit code 0; every other commander error is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof UsageError) {
      const first = argv[0];
      const hint = program.commands.some((c) => c.name() === first) ? `${first} --help` : '--help';
      io.stderr.write(`tinydisplay: ${err.message}\n(see: tinydisplay ${hint})\n`);
      return EXIT.usage;
    }
    io.stderr.write(`tinydisplay: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.runtime;
  }
}
