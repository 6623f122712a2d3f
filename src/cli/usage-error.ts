/**
 * A mistake in how the CLI was called: an unknown option, a missing or malformed value, a bad source
 * spec. The CLI prints its message with a pointer to `--help` and exits with code 2; every other error
 * is a runtime error (exit code 1).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /**
   * @param message what was wrong, naming the argument, what was expected and what was received
   * @param argument the argument (or the part of it) at fault, as typed: `--duration`, `port "x"`
   */
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(message);
  }
}

/** Exit codes of the `tinydisplay` command. */
export const EXIT = {
  /** Done as asked. */
  ok: 0,
  /** A runtime error: a source failed for good, a file could not be read or written. */
  runtime: 1,
  /** The command line was wrong (the message names the argument). */
  usage: 2,
  /** The run finished but lost data on the way (dropped lines, lost points: counted in the summary). */
  incomplete: 3,
} as const;

/** `"abc"` for strings, so an empty or blank value is visible in a message. */
export function shown(value: string): string {
  return JSON.stringify(value);
}

/** The exit codes, as the help text shows them. */
export const EXIT_HELP = [
  'exit codes:',
  `  ${EXIT.ok}  done as asked`,
  `  ${EXIT.runtime}  runtime error: an invalid config, a source that failed for good, a file not read or written`,
  `  ${EXIT.usage}  usage error: an unknown command or option, a missing or malformed argument (the message names it)`,
  `  ${EXIT.incomplete}  finished, but data was lost on the way (dropped lines, lost points, refused lines)`,
].join('\n');
