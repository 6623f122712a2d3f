/**
 * A config file that cannot be read (missing, unreadable): a runtime error (exit 1), like a recording
 * that cannot be read. `record` tells it apart to say its argument is neither a source nor a config.
 */
export class ConfigReadError extends Error {
  override readonly name = 'ConfigReadError';
  constructor(
    message: string,
    /** The path as given. */
    readonly path: string,
  ) {
    super(message);
  }
}
