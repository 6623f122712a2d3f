/**
 * Newline-delimited JSON from a readable stream, by default the process's stdin
 * (`sensor | tinydisplay ...`). The end of the stream ends the source (state `stopped`).
 */
import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';
import type { Source, SourceContext } from './source.js';

export interface StdinNdjsonOptions {
  /** Source id written with every point. Default `stdin`. */
  readonly id?: string;
  /** The stream to read. Default `process.stdin`. */
  readonly input?: Readable;
  /** Longest line in bytes. Default 1 MiB. */
  readonly maxLineLength?: number;
}

export class StdinNdjsonSource implements Source {
  readonly kind = 'stdin-ndjson';
  readonly id: string;
  private readonly input: Readable;
  private readonly maxLineLength: number | undefined;
  private detach: (() => void) | undefined;

  constructor(options: StdinNdjsonOptions = {}) {
    this.id = options.id ?? 'stdin';
    if (typeof this.id !== 'string' || this.id === '')
      throw new TypeError(
        `StdinNdjsonSource option "id": expected a non-empty string, got ${String(this.id)}`,
      );
    this.input = options.input ?? process.stdin;
    this.maxLineLength = options.maxLineLength;
  }

  start(ctx: SourceContext): Promise<void> {
    const input = this.input;
    if (input.destroyed || input.readableEnded)
      return Promise.reject(new Error('input stream has already ended'));
    const splitter = new LineSplitter(ctx, (line) => ctx.deliverText(line), this.maxLineLength);
    const onData = (chunk: Buffer | string): void => {
      splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    };
    const onEnd = (): void => {
      splitter.end();
      ctx.ended();
    };
    const onError = (err: Error): void => {
      splitter.end();
      ctx.disconnected(err);
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
    this.detach = () => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
    };
    input.resume();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.detach?.();
    this.detach = undefined;
  }
}
