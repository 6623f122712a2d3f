/**
 * WebSocket client (ws): each text message is one JSON payload (or a plain number with `key`). A
 * ping/pong heartbeat detects half-open connections: no pong within `pongTimeoutMs` terminates the
 * socket, and the supervisor reconnects with backoff.
 */
// ws is loaded when a source starts, so importing tinydisplay loads no network client it does not use.
import type WebSocket from 'ws';
import { DEFAULT_PAYLOAD_LIMITS } from '../data/index.js';
import { refuseRenamedOptions } from '../util/index.js';
import { checkPayloadFormat, type PayloadFormat, type TextShape } from './gate.js';
import { Heartbeat } from './heartbeat.js';
import type { Source, SourceContext } from './source.js';

/** Options of a `WebSocketSource`. */
export interface WebSocketSourceOptions {
  /** Source id written with every point. */
  readonly id: string;
  /** `ws://` or `wss://` URL. */
  readonly url: string;
  /** Nest every message under this key (needed for plain-number messages). Default: none. */
  readonly key?: string;
  /** How messages are read (needs `key` unless `json`). Default `auto` with a key, `json` without. */
  readonly format?: PayloadFormat;
  /** ms between pings. Default 10_000. */
  readonly pingIntervalMs?: number;
  /** ms to wait for a pong before the connection counts as dead. Default 5_000. */
  readonly pongTimeoutMs?: number;
  /**
   * Messages larger than this (bytes) are refused (`too-large`) and close the connection (ws
   * `maxPayload`, code 1009: ws cannot skip one message), so no more than this is ever buffered.
   * Default: the payload limit, 1 MiB.
   */
  readonly maxMessageBytes?: number;
  /** Subprotocols to offer. */
  readonly protocols?: readonly string[];
  /** Extra HTTP headers for the handshake (auth). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * WebSocket client (ws, loaded when started): each text message is one payload; a ping/pong
 * heartbeat (`pingIntervalMs`, `pongTimeoutMs`) ends half-open connections.
 */
export class WebSocketSource implements Source {
  readonly kind = 'websocket';
  readonly id: string;
  private readonly options: WebSocketSourceOptions;
  private socket: WebSocket | undefined;
  private heartbeat: Heartbeat | undefined;

  constructor(options: WebSocketSourceOptions) {
    if (typeof options?.id !== 'string' || options.id === '')
      throw new TypeError(
        `WebSocketSource option "id": expected a non-empty string, got ${String(options?.id)}`,
      );
    if (typeof options.url !== 'string' || !/^wss?:\/\//.test(options.url))
      throw new TypeError(
        `WebSocketSource option "url": expected a ws:// or wss:// URL, got ${String(options.url)}`,
      );
    refuseRenamedOptions('WebSocketSource', options, {
      pingInterval: 'pingIntervalMs',
      pongTimeout: 'pongTimeoutMs',
    });
    for (const name of ['pingIntervalMs', 'pongTimeoutMs', 'maxMessageBytes'] as const) {
      const v = options[name];
      if (v !== undefined && !(v > 0))
        throw new RangeError(`WebSocketSource option "${name}": expected a number > 0, got ${String(v)}`);
    }
    checkPayloadFormat('WebSocketSource option "format"', options.format, options.key);
    this.options = options;
    this.id = options.id;
    this.shape = { key: options.key, format: options.format };
  }

  private readonly shape: TextShape;

  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  async start(ctx: SourceContext): Promise<void> {
    const { default: WebSocketClient } = await import('ws');
    return new Promise((resolve, reject) => {
      const o = this.options;
      const socket = new WebSocketClient(o.url, o.protocols === undefined ? [] : [...o.protocols], {
        maxPayload: o.maxMessageBytes ?? DEFAULT_PAYLOAD_LIMITS.maxPayloadBytes,
        headers: o.headers === undefined ? undefined : { ...o.headers },
        handshakeTimeout: 30_000,
      });
      this.socket = socket;
      let open = false;
      let cause: Error | undefined;
      const heartbeat = new Heartbeat(
        ctx.clock,
        o.pingIntervalMs ?? 10_000,
        o.pongTimeoutMs ?? 5_000,
        () => socket.ping(),
        (silent) => {
          cause = new Error(`no pong within ${silent} ms: connection is half-open`);
          socket.terminate();
        },
      );
      this.heartbeat = heartbeat;
      socket.on('open', () => {
        open = true;
        heartbeat.start();
        resolve();
      });
      socket.on('pong', () => heartbeat.pong());
      socket.on('message', (data, isBinary) => {
        const text = isBinary
          ? Buffer.isBuffer(data)
            ? data.toString('utf8')
            : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8')
          : data.toString();
        ctx.deliverText(text, this.shape);
      });
      socket.on('error', (err) => {
        if ((err as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
          ctx.refuse(
            'too-large',
            o.key ?? '',
            `a message over ${o.maxMessageBytes ?? DEFAULT_PAYLOAD_LIMITS.maxPayloadBytes} bytes`,
          );
        cause ??= err;
        if (!open) reject(err);
      });
      socket.on('close', (code, reason) => {
        heartbeat.stop();
        if (this.socket === socket) this.socket = undefined;
        const error =
          cause ??
          new Error(
            `closed by the server (code ${code}${reason.length > 0 ? `, ${reason.toString()}` : ''})`,
          );
        if (open) ctx.disconnected(error);
        else reject(error);
      });
    });
  }

  async stop(): Promise<void> {
    this.heartbeat?.stop();
    this.heartbeat = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined || socket.readyState === 3 /* CLOSED */) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      // terminate(): a graceful close would wait for a peer that may be gone (half-open).
      socket.terminate();
    });
  }
}
