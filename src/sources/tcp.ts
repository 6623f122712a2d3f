/**
 * Newline-delimited JSON over TCP, as a client (connects to a peer) or a server (peers connect to
 * it). Each line is one JSON object. Lines are bounded (`maxLineLength`); a peer that vanishes in the
 * middle of a line costs one counted `partial-line` loss. node:net loads when a source starts.
 */
import type { Server, Socket } from 'node:net';
import { checkPayloadFormat, type PayloadFormat, type TextShape } from './gate.js';
import { LineSplitter } from './line-splitter.js';
import type { Source, SourceContext } from './source.js';

/**
 * Options of a `TcpNdjsonSource`: client or server mode, host (default 127.0.0.1) and port, the
 * longest line, peers allowed, and a key and format for plain-value lines.
 */
export interface TcpNdjsonOptions {
  /** Source id written with every point. */
  readonly id: string;
  /** `client`: connect to host:port. `server`: listen on host:port and read every peer. */
  readonly mode: 'client' | 'server';
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** TCP port; in server mode 0 picks a free one (read it back from `port`). */
  readonly port: number;
  /** Longest line in bytes. Default 1 MiB. */
  readonly maxLineLength?: number;
  /** Write each line's value under this key (for lines that are plain numbers or strings). Default none. */
  readonly key?: string;
  /** How lines are read (needs `key` unless `json`). Default `auto` with a key, `json` without. */
  readonly format?: PayloadFormat;
  /** Server mode: most peers at once; more are closed at once and counted in `refusedPeers`. Default 16. */
  readonly maxPeers?: number;
}

function checkOptions(o: TcpNdjsonOptions): void {
  if (typeof o?.id !== 'string' || o.id === '')
    throw new TypeError(`TcpNdjsonSource option "id": expected a non-empty string, got ${String(o?.id)}`);
  if (o.mode !== 'client' && o.mode !== 'server')
    throw new TypeError(
      `TcpNdjsonSource option "mode": expected "client" or "server", got ${String(o.mode)}`,
    );
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)
    throw new RangeError(
      `TcpNdjsonSource option "port": expected an integer in [0, 65535], got ${String(o.port)}`,
    );
  if (o.mode === 'client' && o.port === 0)
    throw new RangeError('TcpNdjsonSource option "port": a client needs a port > 0, got 0');
  checkPayloadFormat('TcpNdjsonSource option "format"', o.format, o.key);
}

/** What a `TcpNdjsonSource` has done since it was made (server mode; a client's are 0). */
export interface TcpNdjsonStats {
  /** Peers closed at once because `maxPeers` were connected. */
  readonly refusedPeers: number;
  /** Errors of single peers (each ended only that peer). */
  readonly peerErrors: number;
  /** The message of the last peer error, or null. */
  readonly lastPeerError: string | null;
}

/**
 * Newline-delimited JSON over TCP, as a client of one peer or a server of several; a peer
 * vanishing mid-line costs one counted `partial-line` loss.
 */
export class TcpNdjsonSource implements Source {
  readonly kind = 'tcp-ndjson';
  readonly id: string;
  private refusedPeers = 0;
  private peerErrors = 0;
  private lastPeerError: string | null = null;
  private readonly options: TcpNdjsonOptions;
  private socket: Socket | undefined;
  private server: Server | undefined;
  private readonly peers = new Map<Socket, LineSplitter>();
  private boundPort = 0;

  private readonly shape: TextShape | undefined;
  private paused = false;

  /** Its counters (a fresh object per read). */
  get stats(): TcpNdjsonStats {
    return {
      refusedPeers: this.refusedPeers,
      peerErrors: this.peerErrors,
      lastPeerError: this.lastPeerError,
    };
  }

  constructor(options: TcpNdjsonOptions) {
    checkOptions(options);
    this.options = options;
    this.id = options.id;
    this.shape = options.key === undefined ? undefined : { key: options.key, format: options.format };
  }

  /** Stop reading every socket (the peers' writes wait in the kernel buffers, then block). */
  pause(): void {
    this.paused = true;
    this.clientSplitter?.pause();
    this.socket?.pause();
    for (const [peer, splitter] of this.peers) {
      splitter.pause();
      peer.pause();
    }
  }

  resume(): void {
    this.paused = false;
    this.clientSplitter?.resume();
    if (!this.paused) this.socket?.resume();
    for (const [peer, splitter] of this.peers) {
      if (this.paused) break;
      splitter.resume();
      peer.resume();
    }
  }

  private clientSplitter: LineSplitter | undefined;

  /** The port in use: the configured one, or in server mode the one the system picked. */
  get port(): number {
    return this.boundPort || this.options.port;
  }

  /** Peers connected now (server mode). */
  get peerCount(): number {
    return this.peers.size;
  }

  async start(ctx: SourceContext): Promise<void> {
    const net = await import('node:net');
    return this.options.mode === 'client' ? this.startClient(ctx, net) : this.startServer(ctx, net);
  }

  private startClient(ctx: SourceContext, net: typeof import('node:net')): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.options.host ?? '127.0.0.1', port: this.options.port });
      this.socket = socket;
      const splitter = new LineSplitter(
        ctx,
        (line) => ctx.deliverText(line, this.shape),
        this.options.maxLineLength,
      );
      this.clientSplitter = splitter;
      if (this.paused) {
        splitter.pause();
        socket.pause();
      }
      let open = false;
      let lastError: Error | undefined;
      socket.setNoDelay(true);
      socket.on('connect', () => {
        open = true;
        resolve();
      });
      socket.on('data', (chunk: Buffer) => splitter.push(chunk));
      socket.on('error', (err) => {
        lastError = err;
        if (!open) reject(err);
      });
      socket.on('close', () => {
        splitter.end();
        if (this.socket === socket) this.socket = undefined;
        if (open) ctx.disconnected(lastError ?? new Error('peer closed the connection'));
        else reject(lastError ?? new Error('connection closed before it opened'));
      });
    });
  }

  private startServer(ctx: SourceContext, net: typeof import('node:net')): Promise<void> {
    return new Promise((resolve, reject) => {
      const maxPeers = this.options.maxPeers ?? 16;
      const server = net.createServer((peer) => {
        if (this.peers.size >= maxPeers) {
          this.refusedPeers++;
          peer.destroy();
          return;
        }
        const splitter = new LineSplitter(
          ctx,
          (line) => ctx.deliverText(line, this.shape),
          this.options.maxLineLength,
        );
        this.peers.set(peer, splitter);
        peer.setNoDelay(true);
        if (this.paused) {
          splitter.pause();
          peer.pause();
        }
        peer.on('data', (chunk: Buffer) => splitter.push(chunk));
        // A peer's own error ends only that peer; 'close' follows and is where we account for it.
        peer.on('error', (err) => {
          this.peerErrors++;
          this.lastPeerError = err.message;
        });
        peer.on('close', () => {
          splitter.end();
          this.peers.delete(peer);
        });
      });
      this.server = server;
      let listening = false;
      server.on('error', (err) => {
        if (listening) ctx.disconnected(err);
        else reject(err);
      });
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        listening = true;
        const address = server.address();
        if (address !== null && typeof address === 'object') this.boundPort = address.port;
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const peer of this.peers.keys()) peer.destroy();
      await closed;
    }
  }
}
