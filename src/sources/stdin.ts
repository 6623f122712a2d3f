/**
 * Newline-delimited JSON from a readable stream, by default the process's stdin
 * (`sensor | tinydisplay ...`). The end of the stream ends the source (state `stopped`).
 */
import type { Readable } from 'node:stream';
import { checkPayloadFormat, type PayloadFormat, type TextShape } from './gate.js';
import { LineSplitter } from './line-splitter.js';
import type { DeliveryGuarantee, Source, SourceContext } from './source.js';

/**
 * Options of a `StdinNdjsonSource`: the stream to read (default `process.stdin`), the longest line
 * (default 1 MiB), and a key and format for plain-value lines.
 */
export interface StdinNdjsonOptions {
  /** Source id written with every point. Default `stdin`. */
  readonly id?: string;
  /** The stream to read. Default `process.stdin`. */
  readonly input?: Readable;
  /** Longest line in bytes. Default 1 MiB. */
  readonly maxLineLength?: number;
  /** Write each line's value under this key (for lines that are plain numbers or strings). Default none. */
  readonly key?: string;
  /** How lines are read (needs `key` unless `json`). Default `auto` with a key, `json` without. */
  readonly format?: PayloadFormat;
}

/**
 * Reads newline-delimited JSON (or plain values under `key`) from stdin or any readable stream;
 * the end of the stream ends the source.
 */
export class StdinNdjsonSource implements Source {
  readonly kind = 'stdin-ndjson';
  readonly id: string;
  /** A pipe loses nothing: a slow reader makes the writer wait. */
  readonly delivery: DeliveryGuarantee = 'complete';
  private readonly shape: TextShape | undefined;
  private paused = false;
  private splitter: LineSplitter | undefined;
  /** The input ended while lines waited for `resume`: end once they are out. */
  private endPending: (() => void) | undefined;
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
    checkPayloadFormat('StdinNdjsonSource option "format"', options.format, options.key);
    this.shape = options.key === undefined ? undefined : { key: options.key, format: options.format };
  }

  pause(): void {
    this.paused = true;
    this.splitter?.pause();
    if (this.detach !== undefined) this.input.pause();
  }

  resume(): void {
    this.paused = false;
    this.splitter?.resume();
    if (this.paused) return;
    const end = this.endPending;
    this.endPending = undefined;
    if (end !== undefined) end();
    else if (this.detach !== undefined) this.input.resume();
  }

  start(ctx: SourceContext): Promise<void> {
    const input = this.input;
    if (input.destroyed || input.readableEnded)
      return Promise.reject(new Error('input stream has already ended'));
    const splitter = new LineSplitter(ctx, (line) => ctx.deliverText(line, this.shape), this.maxLineLength);
    this.splitter = splitter;
    if (this.paused) splitter.pause();
    const onData = (chunk: Buffer | string): void => {
      splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    };
    const onEnd = (): void => {
      if (splitter.holding > 0) {
        this.endPending = () => {
          splitter.end();
          ctx.ended();
        };
        return;
      }
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
    // Attaching a 'data' listener may start the flow: pause again when asked to before.
    if (this.paused) input.pause();
    else input.resume();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.detach?.();
    this.detach = undefined;
    this.splitter = undefined;
    this.endPending = undefined;
  }
}
