/**
 * HTTP polling: GET a URL every `intervalMs` ms and deliver its JSON body. The server's ETag is sent
 * back as If-None-Match, so an unchanged resource costs a 304 and no parsing (and still proves the
 * source is alive). node:http with no keep-alive agent, so a stopped source leaves no socket behind.
 * node:http and node:https (TLS, crypto) load when a source starts, not when the package is imported.
 */
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { refuseRenamedOptions } from '../util/index.js';
import type { TimerHandle } from './clock.js';
import { checkPayloadFormat, type PayloadFormat, type TextShape } from './gate.js';
import type { Source, SourceContext } from './source.js';

/** `request` of node:http or node:https, as this source calls it. */
type Send = (url: URL, options: RequestOptions, callback: (res: IncomingMessage) => void) => ClientRequest;

/** Options of an `HttpPollSource`. */
export interface HttpPollOptions {
  /** Source id written with every point. */
  readonly id: string;
  /** `http://` or `https://` URL to GET. */
  readonly url: string;
  /** ms between the end of one poll and the start of the next. Default 5_000. */
  readonly intervalMs?: number;
  /**
   * ms a whole poll may take, from the request to the last byte of the body, before it fails: a
   * server that drips a byte now and then cannot keep the source alive. Default 10_000.
   */
  readonly timeoutMs?: number;
  /** Nest the body under this key (needed for a plain-number body). Default: none. */
  readonly key?: string;
  /** How the body is read (needs `key` unless `json`). Default `auto` with a key, `json` without. */
  readonly format?: PayloadFormat;
  /** Bodies larger than this (bytes) are refused (`too-large`) without being buffered. Default 1 MiB. */
  readonly maxBytes?: number;
  /** Extra request headers (auth). */
  readonly headers?: Readonly<Record<string, string>>;
}

type PollResult =
  | { readonly kind: 'body'; readonly text: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'too-large'; readonly bytes: number };

/** What an `HttpPollSource` has done since it was made. Counters only grow. */
export interface HttpPollStats {
  /** Polls sent (the first one, which opens the connection, included). */
  readonly polls: number;
  /** Polls answered 304 Not Modified (or 204 No Content): signs of life without data. */
  readonly notModified: number;
}

/**
 * Polls an http(s) URL every `intervalMs` (default 5 s) and delivers its JSON body (or a plain
 * value under `key`); ETag-aware, so an unchanged resource costs a 304 and still counts as a sign
 * of life.
 */
export class HttpPollSource implements Source {
  readonly kind = 'http-poll';
  readonly id: string;
  private notModified = 0;
  private polls = 0;
  private readonly options: HttpPollOptions;
  private readonly url: URL;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private etag: string | undefined;
  private readonly shape: TextShape | undefined;
  private timer: TimerHandle | null = null;
  private inFlight: ClientRequest | undefined;
  private send: Send | undefined;
  private ctx: SourceContext | undefined;
  private active = false;

  constructor(options: HttpPollOptions) {
    if (typeof options?.id !== 'string' || options.id === '')
      throw new TypeError(
        `HttpPollSource option "id": expected a non-empty string, got ${String(options?.id)}`,
      );
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (err) {
      throw new TypeError(
        `HttpPollSource option "url": expected an http(s) URL, got ${String(options.url)} (${String(err)})`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError(`HttpPollSource option "url": expected http: or https:, got ${url.protocol}`);
    refuseRenamedOptions('HttpPollSource', options, { interval: 'intervalMs', timeout: 'timeoutMs' });
    for (const name of ['intervalMs', 'timeoutMs', 'maxBytes'] as const) {
      const v = options[name];
      if (v !== undefined && !(v > 0 && Number.isFinite(v)))
        throw new RangeError(
          `HttpPollSource option "${name}": expected a finite number > 0, got ${String(v)}`,
        );
    }
    checkPayloadFormat('HttpPollSource option "format"', options.format, options.key);
    this.options = options;
    this.id = options.id;
    this.shape = options.key === undefined ? undefined : { key: options.key, format: options.format };
    this.url = url;
    this.intervalMs = options.intervalMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
  }

  /** Its counters (a fresh object per read). */
  get stats(): HttpPollStats {
    return { polls: this.polls, notModified: this.notModified };
  }

  /** The first poll is the connection: it must succeed for the source to go live. */
  async start(ctx: SourceContext): Promise<void> {
    this.ctx = ctx;
    this.active = true;
    this.send ??=
      this.url.protocol === 'https:'
        ? (await import('node:https')).request
        : (await import('node:http')).request;
    if (!this.active) return; // stopped while the module loaded: send nothing
    const first = await this.poll();
    this.handle(ctx, first);
    this.schedule(ctx);
  }

  private schedule(ctx: SourceContext): void {
    if (!this.active) return;
    this.timer = ctx.clock.setTimeout(() => {
      this.timer = null;
      this.poll().then(
        (result) => {
          if (!this.active) return;
          this.handle(ctx, result);
          this.schedule(ctx);
        },
        (err: unknown) => {
          if (this.active) ctx.disconnected(err);
        },
      );
    }, this.intervalMs);
  }

  private handle(ctx: SourceContext, result: PollResult): void {
    if (result.kind === 'body') ctx.deliverText(result.text, this.shape);
    else if (result.kind === 'unchanged') {
      this.notModified++;
      ctx.touch();
    } else {
      ctx.refuse('too-large', this.options.key ?? '', `${result.bytes}+ bytes (max ${this.maxBytes})`);
    }
  }

  private poll(): Promise<PollResult> {
    this.polls++;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
      if (this.etag !== undefined) headers['if-none-match'] = this.etag;
      const send = this.send;
      if (send === undefined) throw new Error(`GET ${this.url.href}: polled before start()`);
      const req = send(
        this.url,
        { method: 'GET', headers, agent: false, timeout: this.timeoutMs },
        (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          if (status === 304 || status === 204) {
            res.resume();
            resolve({ kind: 'unchanged' });
            return;
          }
          if (status < 200 || status >= 300) {
            res.resume();
            reject(new Error(`GET ${this.url.href}: HTTP ${status}`));
            return;
          }
          const chunks: Buffer[] = [];
          let bytes = 0;
          let refused = false;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > this.maxBytes) {
              if (!refused) {
                refused = true;
                chunks.length = 0;
                // Stop reading: the body is not wanted, and the server is alive.
                req.destroy();
                resolve({ kind: 'too-large', bytes });
              }
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (refused) return;
            const etag = res.headers.etag;
            if (typeof etag === 'string') this.etag = etag;
            resolve({ kind: 'body', text: Buffer.concat(chunks, bytes).toString('utf8') });
          });
          res.on('error', (err) => {
            if (!refused) reject(err);
          });
        },
      );
      this.inFlight = req;
      // The socket's idle timeout fires only when nothing arrives at all; this deadline bounds the
      // whole exchange, so a body dripping one byte at a time fails too.
      const clock = this.ctx?.clock;
      const deadline = clock?.setTimeout(
        () => req.destroy(new Error(`GET ${this.url.href}: no complete answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      req.on('timeout', () =>
        req.destroy(new Error(`GET ${this.url.href}: no answer within ${this.timeoutMs} ms`)),
      );
      req.on('error', (err) => reject(err));
      req.on('close', () => {
        if (deadline !== undefined) clock?.clearTimeout(deadline);
        if (this.inFlight === req) this.inFlight = undefined;
      });
      req.end();
    });
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer !== null) this.ctx?.clock.clearTimeout(this.timer);
    this.timer = null;
    const req = this.inFlight;
    this.inFlight = undefined;
    if (req !== undefined && !req.destroyed) {
      await new Promise<void>((resolve) => {
        req.once('close', () => resolve());
        req.destroy(new Error('source stopped'));
      });
    }
  }
}
