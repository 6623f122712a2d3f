/**
 * The `tinydisplay` command: picks the command, parses its arguments, runs it, and turns what
 * happened into an exit code (0 ok, 1 runtime error, 2 usage error).
 */
import { VERSION } from '../version.js';
import { parseArgs } from './args.js';
import { type Command, commandHelp } from './command.js';
import { demoCommand } from './commands/demo.js';
import { keysCommand } from './commands/keys.js';
import { monitorCommand } from './commands/monitor.js';
import { recordCommand } from './commands/record.js';
import { replayCommand } from './commands/replay.js';
import { runConfigCommand } from './commands/run-config.js';
import { validateCommand } from './commands/validate.js';
import type { CliIo } from './io.js';
import { SOURCE_HELP } from './source-help.js';
import { EXIT, UsageError } from './usage-error.js';

export const COMMANDS: readonly Command[] = [
  demoCommand,
  runConfigCommand,
  validateCommand,
  recordCommand,
  replayCommand,
  keysCommand,
  monitorCommand,
];

/** The top-level help text. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `tinydisplay ${VERSION}: live data to deterministic animation on small displays`,
    '',
    'usage: tinydisplay <command> [arguments] [options]',
    '       tinydisplay <command> --help',
    '       tinydisplay --version',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    SOURCE_HELP,
    '',
    'examples:',
    '  tinydisplay demo',
    '  tinydisplay demo --gif demo.gif --seconds 10s',
    '  tinydisplay validate display.yaml',
    '  tinydisplay run display.yaml',
    '  tinydisplay keys system',
    '  tinydisplay record synthetic --duration 10 --out demo.ndjson',
    '  tinydisplay record mqtt://127.0.0.1:1883/sensors/# -o sensors.ndjson',
    '  sensor-script | tinydisplay record stdin > readings.ndjson',
    '  tinydisplay monitor system --interval 5 --prometheus',
    '  tinydisplay replay demo.ndjson',
    '',
    'exit codes: 0 ok, 1 runtime error, 2 usage error',
    '',
  ].join('\n');
}

const wantsHelp = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Run the CLI with `argv` (without node and the script path); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.stderr.write(mainHelp());
      return EXIT.usage;
    }
    if (first === '--version' || first === '-v' || first === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      io.stdout.write(topic ? commandHelp(topic) : mainHelp());
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (command === undefined)
      throw new UsageError(
        `unknown command ${JSON.stringify(first)}: expected ${COMMANDS.map((c) => c.name).join(', ')}, --help or --version`,
        first,
      );
    if (wantsHelp(rest)) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(parseArgs(rest, command.options), io);
  } catch (err) {
    if (err instanceof UsageError) {
      const hint =
        first !== undefined && COMMANDS.some((c) => c.name === first) ? `${first} --help` : '--help';
      io.stderr.write(`tinydisplay: ${err.message}\n(see: tinydisplay ${hint})\n`);
      return EXIT.usage;
    }
    io.stderr.write(`tinydisplay: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.runtime;
  }
}
