/**
 * The browser simulator: an output that serves a page showing the panel, live, over `node:http` and a
 * WebSocket. Each frame sends only its damaged rectangles; a bounded history of whole frames lets the
 * page pause, scrub back and step one tick at a time, and ask what the data, the bindings and the
 * coordination did at the tick on screen. The page (assets/simulator) is plain HTML and JS, no
 * framework, no bundler.
 *
 * Safety: binds 127.0.0.1 unless told otherwise, and refuses WebSocket upgrades whose Origin is not the
 * page's own (or one listed in `allowedOrigins`), so another site open in the same browser cannot
 * read the display or its data.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
// ws is loaded when the simulator opens, so importing tinydisplay does not load it.
import type { WebSocket, WebSocketServer } from 'ws';
import { type ErrorSink, refuseRenamedOptions } from '../../util/index.js';
import { defaultOutputErrorSink, OutputCounters } from '../counters.js';
import type { DisplayInfo, FrameUpdate, Output, OutputStats } from '../output.js';
import { FrameHistory, type FrameHistoryStats } from './history.js';
import { encodeFrame, FRAME_HISTORY, FRAME_LIVE } from './wire.js';

/** What the page shows beside the panel; every field optional. Charts plot the numbers over time. */
export interface SimulatorStatus {
  /** Points ingested per second. */
  readonly ingestPerSecond?: number;
  /** Trigger firings so far (the page charts the rate). */
  readonly triggerFirings?: number;
  /** Frames composed per second. */
  readonly framesPerSecond?: number;
  /** Each source's connection state (`connecting`, `live`, `silent`, `backoff`...). */
  readonly sources?: readonly { readonly id: string; readonly state: string }[];
  /** Keys whose data is stale or missing. */
  readonly staleKeys?: readonly string[];
}

/**
 * Options of a `SimulatorOutput`: address and port (default 127.0.0.1:4280), zoom, history, the
 * monitor's figures and tick details to show, and `onError`.
 */
export interface SimulatorOptions {
  /** Address to listen on. Default `'127.0.0.1'`: only this machine. Another address only when asked. */
  readonly host?: string;
  /** TCP port; 0 picks a free one (read it from `url` after `open`). Default 4280. */
  readonly port?: number;
  /** Zoom the page starts with, 1 to 8. Default 4. */
  readonly zoom?: number;
  /** Whether the page starts with the pixel grid shown. Default false. */
  readonly grid?: boolean;
  /** Bytes of whole frames kept for time travel; the oldest go first (counted). Default 16 MiB. */
  readonly historyBytes?: number;
  /** Origins (`'http://host:port'`) allowed to open the socket besides the page's own. */
  readonly allowedOrigins?: readonly string[];
  /** Polled every `statusIntervalMs` for the figures beside the panel. */
  readonly status?: () => SimulatorStatus;
  /** How often the status is polled and sent, ms. Default 1000. */
  readonly statusIntervalMs?: number;
  /**
   * What happened at a tick, for the time-travel panel: data values, binding outputs, coordination
   * events. Any JSON-safe value. Called when the page shows a tick from history.
   */
  readonly describeTick?: (tick: number) => unknown;
  /** Text served at `/metrics` (Prometheus exposition format). Without it `/metrics` is 404. */
  readonly metrics?: () => string | Promise<string>;
  /** Page title. Default `'tinydisplay simulator'`. */
  readonly title?: string;
  /**
   * Where failures are reported, as every output reports them: a failed send is counted in
   * `stats.errors` and the first of a run reported; server-side failures (a `metrics` or `status`
   * function that throws) are reported once per kind. Default `console.warn`.
   */
  readonly onError?: ErrorSink;
}

/**
 * A `SimulatorOutput`'s counters: the output counters plus clients connected, the last frame
 * message's size, refused upgrades and the history.
 */
export interface SimulatorStats extends OutputStats {
  /** Browsers connected now. */
  readonly clients: number;
  /** Bytes of the last frame message (sent to each client). */
  readonly lastFrameBytes: number;
  /** WebSocket upgrades refused for their Origin. */
  readonly refusedOrigins: number;
  readonly history: FrameHistoryStats;
}

const assetsDir = new URL('../../../assets/simulator/', import.meta.url);
const maxClientMessage = 4096;

function checkRange(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(
      `SimulatorOutput: '${name}' must be an integer from ${min} to ${max}, received ${String(v)}`,
    );
  }
  return v;
}

/**
 * A browser simulator on loopback: each frame's damaged rectangles go to the page over a
 * WebSocket, with the monitor's figures and a bounded, scrubbable history of frames.
 */
export class SimulatorOutput implements Output {
  readonly name = 'simulator';
  private readonly host: string;
  private readonly port: number;
  private readonly zoom: number;
  private readonly history: FrameHistory;
  private readonly options: SimulatorOptions;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private display: DisplayInfo | undefined;
  private last: FrameUpdate | undefined;
  private lastWhole: Uint8Array | undefined;
  private readonly counters: OutputCounters;
  private lastFrameBytes = 0;
  private refusedOrigins = 0;
  private closed = false;
  private readonly reported = new Set<string>();
  private page: { html: string; script: string } | undefined;

  constructor(options: SimulatorOptions = {}) {
    refuseRenamedOptions('simulator', options, { report: 'onError' });
    this.options = options;
    this.host = options.host ?? '127.0.0.1';
    this.port = checkRange('port', options.port ?? 4280, 0, 65535);
    this.zoom = checkRange('zoom', options.zoom ?? 4, 1, 8);
    this.history = new FrameHistory(options.historyBytes ?? 16 * 1024 * 1024);
    this.counters = new OutputCounters(this.name, options.onError ?? defaultOutputErrorSink);
    if (options.statusIntervalMs !== undefined)
      checkRange('statusIntervalMs', options.statusIntervalMs, 50, 3_600_000);
  }

  /** The page's address while open, else undefined. */
  get openUrl(): string | undefined {
    return this.server?.address() ? this.url : undefined;
  }

  /** The page's address, once open. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('SimulatorOutput.url: the simulator is not open');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}/`;
  }

  get stats(): SimulatorStats {
    return {
      frames: this.counters.frames,
      bytes: this.counters.bytes,
      errors: this.counters.errors,
      clients: this.wss?.clients.size ?? 0,
      lastFrameBytes: this.lastFrameBytes,
      refusedOrigins: this.refusedOrigins,
      history: this.history.stats,
    };
  }

  async open(display: DisplayInfo): Promise<void> {
    if (this.server) throw new Error('SimulatorOutput.open: already open');
    this.closed = false;
    this.display = display;
    this.page = {
      // Every {{title}} (the <title> and the heading); a function so `$` in a title is not a pattern.
      html: readFileSync(new URL('index.html', assetsDir), 'utf8').replace(/{{title}}/g, () =>
        escapeHtml(this.options.title ?? 'tinydisplay simulator'),
      ),
      script: readFileSync(new URL('app.js', assetsDir), 'utf8'),
    };
    // node:http and ws load when a simulator opens, not when the package is imported.
    const [{ createServer }, { WebSocketServer: Server }] = await Promise.all([
      import('node:http'),
      import('ws'),
    ]);
    const server = createServer((req, res) => this.serve(req, res));
    const wss = new Server({ noServer: true, maxPayload: maxClientMessage });
    server.on('upgrade', (req, socket, head) => this.upgrade(wss, req, socket, head));
    wss.on('connection', (ws) => this.welcome(ws));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.fail('server', err));
    this.server = server;
    this.wss = wss;
    if (this.options.status) {
      this.statusTimer = setInterval(() => this.sendStatus(), this.options.statusIntervalMs ?? 1000);
      this.statusTimer.unref();
    }
  }

  write(update: FrameUpdate): void {
    if (!this.server || this.closed) throw new Error('SimulatorOutput.write: the simulator is not open');
    if (update.damage.length === 0) return;
    try {
      const fb = update.framebuffer;
      const whole = encodeFrame(FRAME_HISTORY, update.tick, fb, [{ x: 0, y: 0, w: fb.width, h: fb.height }]);
      this.history.add(update.tick, whole);
      this.last = update;
      this.lastWhole = whole;
      const message = encodeFrame(FRAME_LIVE, update.tick, fb, update.damage);
      this.lastFrameBytes = message.length;
      for (const ws of this.wss?.clients ?? []) this.send(ws, message);
      this.counters.frameWritten();
    } catch (err) {
      this.counters.failed(`frame ${update.tick}`, err);
    }
  }

  async close(): Promise<void> {
    if (this.server) this.closed = true;
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = undefined;
    const server = this.server;
    const wss = this.wss;
    this.server = undefined;
    this.wss = undefined;
    if (wss) {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  // ---- http -------------------------------------------------------------------------------------

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(this.page?.html);
    } else if (path === '/app.js') {
      res
        .writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' })
        .end(this.page?.script);
    } else if (path === '/metrics' && this.options.metrics) {
      Promise.resolve()
        .then(() => (this.options.metrics as () => string | Promise<string>)())
        .then(
          (text) => res.writeHead(200, { ...headers, 'content-type': 'text/plain; version=0.0.4' }).end(text),
          (err: unknown) => {
            this.fail('metrics', err);
            res.writeHead(500, headers).end('metrics failed\n');
          },
        );
    } else {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
    }
  }

  private upgrade(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.originAllowed(req)) {
      this.refusedOrigins++;
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  }

  /** The page's own origin (as the browser addressed us), loopback names of our port, or a listed one. */
  private originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    // Non-browser clients send no Origin; the check exists to stop other sites in a browser.
    if (origin === undefined) return true;
    if (this.options.allowedOrigins?.includes(origin)) return true;
    const host = req.headers.host;
    if (host !== undefined && origin === `http://${host}`) return true;
    const port = (this.server?.address() as AddressInfo | null)?.port;
    return ['localhost', '127.0.0.1', '[::1]'].some((name) => origin === `http://${name}:${port}`);
  }

  // ---- socket -----------------------------------------------------------------------------------

  private welcome(ws: WebSocket): void {
    const display = this.display as DisplayInfo;
    this.send(
      ws,
      JSON.stringify({
        type: 'hello',
        width: display.width,
        height: display.height,
        format: display.format,
        fps: display.fps,
        zoom: this.zoom,
        grid: this.options.grid ?? false,
        history: this.history.stats,
      }),
    );
    if (this.last && this.lastWhole) {
      const live = new Uint8Array(this.lastWhole);
      live[0] = FRAME_LIVE;
      this.send(ws, live);
    }
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      try {
        this.answer(ws, JSON.parse(String(data)) as unknown);
      } catch (err) {
        this.fail('message', err);
      }
    });
    ws.on('error', (err) => this.fail('socket', err));
  }

  private answer(ws: WebSocket, message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const m = message as { type?: unknown; tick?: unknown };
    if (m.type === 'seek' && typeof m.tick === 'number' && Number.isSafeInteger(m.tick)) {
      const kept = this.history.at(m.tick);
      let detail: unknown = null;
      try {
        detail = this.options.describeTick ? (this.options.describeTick(m.tick) ?? null) : null;
      } catch (err) {
        this.fail('describeTick', err);
        detail = { error: err instanceof Error ? err.message : String(err) };
      }
      this.send(
        ws,
        JSON.stringify({
          type: 'detail',
          tick: m.tick,
          frameTick: kept?.tick ?? null,
          detail,
          history: this.history.stats,
        }),
      );
      if (kept) this.send(ws, kept.frame);
    } else if (m.type === 'range') {
      this.send(ws, JSON.stringify({ type: 'range', history: this.history.stats }));
    }
  }

  private sendStatus(): void {
    const status = this.options.status;
    if (!status || !this.wss || this.wss.clients.size === 0) return;
    let body: SimulatorStatus;
    try {
      body = status();
    } catch (err) {
      this.fail('status', err);
      return;
    }
    const text = JSON.stringify({
      type: 'status',
      status: body,
      history: this.history.stats,
      lastTick: this.last?.tick ?? null,
    });
    for (const ws of this.wss.clients) this.send(ws, text);
  }

  private send(ws: WebSocket, data: string | Uint8Array): void {
    if (ws.readyState !== 1 /* OPEN */) return;
    ws.send(data, (err) => {
      if (err) this.counters.failed('send', err);
    });
    this.counters.sent(typeof data === 'string' ? Buffer.byteLength(data) : data.length);
  }

  private fail(kind: string, err: unknown): void {
    if (this.reported.has(kind)) return;
    this.reported.add(kind);
    const reason = err instanceof Error ? err.message : String(err);
    (this.options.onError ?? defaultOutputErrorSink)(
      `${this.name}: ${kind} failed: ${reason} (reported once)`,
      err,
    );
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
