/** The error sink of the layers that report a message with its error (the ring buffer, every output). */

/**
 * Where soft errors inside the loop go, as `(message, error)`: the message names what failed and how
 * often it was held back; `error` is what was thrown. Passed as the `onError` option.
 */
export type ErrorSink = (message: string, error: unknown) => void;
