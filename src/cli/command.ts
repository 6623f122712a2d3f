/** The shape of one CLI command, and its help text built from its option specs. */
import type { OptionSpecs, ParsedArgs } from './args.js';
import type { CliIo } from './io.js';

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis after `tinydisplay `: `record <source> [options]`. */
  readonly synopsis: string;
  /** Paragraphs shown under the synopsis. */
  readonly description: string;
  readonly options: OptionSpecs;
  /** Extra help (the source forms, examples), shown after the options. */
  readonly epilogue?: string;
  /** Run; resolves with the exit code. Throws `UsageError` for a bad command line. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Options rendered as an aligned two-column list. */
export function optionLines(options: OptionSpecs): string {
  const rows = Object.entries(options).map(([name, o]) => {
    const short = o.short === undefined ? '    ' : `-${o.short}, `;
    return [`${short}--${name}${o.kind === 'value' ? ` ${o.placeholder ?? 'VALUE'}` : ''}`, o.help] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`).join('\n');
}

export function commandHelp(c: Command): string {
  return [
    `usage: tinydisplay ${c.synopsis}`,
    '',
    c.description,
    '',
    'options:',
    optionLines(c.options),
    ...(c.epilogue === undefined ? [] : ['', c.epilogue]),
    '',
  ].join('\n');
}
