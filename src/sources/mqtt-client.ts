/**
 * One MQTT 3.1.1 client connection that only subscribes: CONNECT/CONNACK, SUBSCRIBE/SUBACK, incoming
 * PUBLISH at QoS 0, 1 (PUBACK) and 2 (PUBREC, then PUBCOMP on PUBREL), PINGREQ every keep-alive,
 * DISCONNECT on a graceful end. No reconnect, no outgoing PUBLISH, no stream pipeline: bytes from the
 * transport go straight to `MqttParser`.
 *
 * Transports: `mqtt://` and `tcp://` (node:net), `mqtts://` (node:tls), `ws://` and `wss://` (the `ws`
 * package, subprotocol `mqtt`, binary frames), each imported when a connection opens, so importing
 * tinydisplay loads no network client. `attach` runs the client over any Duplex (benches, tests).
 *
 * QoS 2 is handled although we subscribe at QoS 0 or 1 (a broker sends at most the granted QoS): a
 * persistent session made by another program under the same client id may still hold QoS 2 messages,
 * and refusing them would close every connection of that session. A QoS 2 message is handed on once,
 * when it first arrives; its redeliveries before the PUBREL are answered, not handed on again (after a
 * reconnect, `MqttSource`'s redelivery check catches them as it does QoS 1's).
 */
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import type { SourceClock, TimerHandle } from './clock.js';
import {
  DISCONNECT,
  encodeConnect,
  encodePuback,
  encodePubcomp,
  encodePubrec,
  encodeSubscribe,
  MqttParser,
  PacketType,
  PINGREQ,
} from './mqtt-packets.js';

/** The TLS options an MQTT connection takes (`mqtts://`, `wss://`). */
export type MqttTlsOptions = Pick<
  ConnectionOptions,
  'ca' | 'cert' | 'key' | 'passphrase' | 'rejectUnauthorized' | 'servername'
>;

/** How an `MqttConnection` connects. */
export interface MqttConnectionOptions {
  readonly clientId: string;
  readonly clean: boolean;
  /** Seconds between pings; no packet for 1.5 times this closes the connection. 0: off. */
  readonly keepaliveSeconds: number;
  readonly username?: string;
  readonly password?: string;
  /**
   * PUBLISH payloads larger than this are skipped as they stream and reported to `tooLarge`. Over
   * WebSocket a message is held whole before it is parsed: one larger than this plus 128 KiB ends
   * the connection with an error instead.
   */
  readonly maxPayloadBytes: number;
  /** Timers (keep-alive, the wait for a graceful close). */
  readonly clock: SourceClock;
}

/** What an `MqttConnection` reports; called synchronously as packets arrive. */
export interface MqttConnectionHandler {
  /**
   * A message. `payload` may be a view into the bytes read: read it before returning. `id` is 0 at
   * QoS 0. QoS 1 is acknowledged after this returns; a QoS 1 redelivery comes with `dup` set.
   */
  message(topic: string, payload: Buffer, qos: 0 | 1 | 2, id: number, dup: boolean): void;
  /** A message whose payload (`bytes` long) is over `maxPayloadBytes`: skipped, never held. */
  tooLarge(topic: string, bytes: number): void;
  /**
   * The connection ended (once): `error` says why (a broker that closed it says so too), `undefined`
   * only when `end()` closed it after CONNACK (before, it is "MQTT connection closed before CONNACK").
   */
  closed(error: Error | undefined): void;
}

/** What the bytes travel over: a socket, a WebSocket, any Duplex. */
interface Wire {
  write(bytes: Buffer): void;
  /** Close after what was written. */
  end(): void;
  /** Close now. */
  destroy(): void;
}

const CONNACK_REFUSALS: Readonly<Record<number, string>> = {
  1: 'unacceptable protocol version',
  2: 'client identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

/** The error for a CONNACK return code other than 0. */
export function connackError(code: number): Error {
  return new Error(
    `broker refused the connection: ${CONNACK_REFUSALS[code] ?? 'unknown return code'} (CONNACK ${code})`,
  );
}

/** At most this many filters in one SUBSCRIBE (their SUBACK must fit the parser's control limit). */
export const MAX_SUBSCRIBE_FILTERS = 4094;

/** The packet id of our one SUBSCRIBE per connection. */
const SUBSCRIBE_ID = 1;

/**
 * A WebSocket message may be this much larger than `maxPayloadBytes` (a topic of up to 65,535 bytes,
 * headers, other packets in the same frame); a larger one ends the connection, as ws would hold it.
 */
const WS_MESSAGE_SLACK_BYTES = 131_072;

/**
 * Bytes written and not yet taken by the transport, at most (some 16,000 PUBACKs): past it the broker
 * is not reading while it sends, and the connection ends rather than buffer without end.
 */
const MAX_UNSENT_BYTES = 65_536;

/** How long `end()` waits for the broker to close after DISCONNECT before cutting the connection. */
const END_GRACE_MS = 1_000;

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * One MQTT 3.1.1 subscriber connection: `connect` (or `attach`), then `subscribe`, then messages
 * until the connection ends; `end` or `destroy` to close. Used once: no reconnect.
 */
export class MqttConnection {
  private readonly parser: MqttParser;
  private wire: Wire | undefined;
  private state: 'new' | 'connecting' | 'open' | 'closed' = 'new';
  private sessionPresentFlag = false;
  private connack: Pending<void> | undefined;
  private suback: Pending<readonly number[]> | undefined;
  /** How many filters the SUBSCRIBE awaiting its SUBACK holds (one return code each). */
  private subscribed = 0;
  private error: Error | undefined;
  private ending = false;
  /** `destroy` was called: the rest of a chunk being parsed is not handed on. */
  private destroyed = false;
  /** QoS 2 ids received and not yet released (at most 65,535). */
  private readonly awaitingRelease = new Set<number>();
  private lastReceived = 0;
  private pingTimer: TimerHandle | null = null;
  private deadTimer: TimerHandle | null = null;
  private endTimer: TimerHandle | null = null;
  private readonly keepaliveMs: number;

  constructor(
    private readonly options: MqttConnectionOptions,
    private readonly handler: MqttConnectionHandler,
  ) {
    this.keepaliveMs = options.keepaliveSeconds * 1000;
    this.parser = new MqttParser(
      {
        publish: (topic, payload, qos, id, dup) => this.onPublish(topic, payload, qos, id, dup),
        tooLarge: (topic, bytes, qos, id) => {
          if (this.destroyed || this.beforeConnack()) return;
          // Acknowledged all the same: the broker must not send it again. At QoS 2 it is refused
          // once, like a message handed on once: a redelivery before the PUBREL is only answered.
          if (qos === 2) {
            if (!this.awaitingRelease.has(id)) {
              this.awaitingRelease.add(id);
              this.handler.tooLarge(topic, bytes);
            }
            this.send(encodePubrec(id));
            return;
          }
          this.handler.tooLarge(topic, bytes);
          if (qos === 1) this.send(encodePuback(id));
        },
        control: (type, _flags, body) => this.onControl(type, body),
        malformed: (error) => this.destroy(error),
      },
      options.maxPayloadBytes,
    );
  }

  /** CONNACK received and accepted, not closed since. */
  get connected(): boolean {
    return this.state === 'open';
  }

  /**
   * The CONNACK's session-present flag: with `clean: false`, whether the broker still held our
   * session (subscriptions and the QoS 1/2 messages queued while we were away). False before CONNACK.
   */
  get sessionPresent(): boolean {
    return this.sessionPresentFlag;
  }

  /**
   * Open the transport `url` names and CONNECT; resolves once the broker accepted (CONNACK 0).
   * Rejects with the broker's refusal, a transport error, or when closed first.
   */
  async connect(url: string, tls?: MqttTlsOptions): Promise<void> {
    const u = new URL(url);
    const scheme = u.protocol.slice(0, -1);
    const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    this.state = 'connecting';
    if (scheme === 'ws' || scheme === 'wss') {
      const { default: WebSocket } = await import('ws');
      if (this.isClosed()) throw this.closedError();
      // ws holds a whole message before handing it on: bound it near our payload limit.
      const maxPayload = this.options.maxPayloadBytes + WS_MESSAGE_SLACK_BYTES;
      const ws = new WebSocket(u.href, 'mqtt', { ...(scheme === 'wss' ? tls : {}), maxPayload });
      ws.binaryType = 'nodebuffer';
      const wire: Wire = {
        write: (bytes) => {
          if (ws.readyState !== ws.OPEN) return;
          ws.send(bytes, { binary: true });
          this.checkUnsent(ws.bufferedAmount);
        },
        end: () => ws.close(1000),
        destroy: () => ws.terminate(),
      };
      // binaryType nodebuffer: every message is one Buffer.
      ws.on('message', (data, isBinary) => {
        if (isBinary) this.receive(data as Buffer);
        else if (!this.destroyed) this.destroy(new Error('MQTT protocol error: a WebSocket text frame'));
      });
      ws.on('error', (err) => {
        if ((err as NodeJS.ErrnoException).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
          this.noteError(
            new Error(
              `WebSocket message over ${maxPayload.toLocaleString('en-US')} bytes (maxPayloadBytes + ${WS_MESSAGE_SLACK_BYTES.toLocaleString('en-US')}): over WebSocket a payload cannot be skipped as it streams`,
            ),
          );
        else this.noteError(err);
      });
      ws.on('close', (code, reason) => {
        // The broker's close (not ours): its code and reason say why.
        if (!this.destroyed && !this.ending) {
          const why = reason.length > 0 ? ` (${reason.toString('utf8')})` : '';
          this.noteError(new Error(`broker closed the WebSocket: code ${code}${why}`));
        }
        this.wireClosed();
      });
      ws.on('open', () => this.sendConnect());
      return this.opened(wire);
    }
    const port = Number(u.port || (scheme === 'mqtts' ? 8883 : 1883));
    let socket: Duplex;
    if (scheme === 'mqtts') {
      const [tlsModule, net] = await Promise.all([import('node:tls'), import('node:net')]);
      if (this.isClosed()) throw this.closedError();
      // SNI: the host name unless it is an address or set explicitly.
      const servername = tls?.servername ?? (net.isIP(host) === 0 ? host : undefined);
      socket = tlsModule.connect({ ...tls, host, port, ...(servername === undefined ? {} : { servername }) });
      socket.on('secureConnect', () => this.sendConnect());
    } else if (scheme === 'mqtt' || scheme === 'tcp') {
      const net = await import('node:net');
      if (this.isClosed()) throw this.closedError();
      socket = net.connect({ host, port });
      socket.on('connect', () => this.sendConnect());
    } else {
      throw new TypeError(`MQTT URL: expected mqtt://, tcp://, mqtts://, ws:// or wss://, got ${url}`);
    }
    return this.opened(this.duplexWire(socket));
  }

  /** Run over `stream` (already open): CONNECT now; resolves once the broker accepted. */
  attach(stream: Duplex): Promise<void> {
    this.state = 'connecting';
    const opened = this.opened(this.duplexWire(stream));
    this.sendConnect();
    return opened;
  }

  /**
   * SUBSCRIBE to `filters` at `qos`; resolves with the granted QoS per filter (0x80: refused), in
   * order. Rejects when the connection closes first.
   */
  subscribe(filters: readonly string[], qos: 0 | 1): Promise<readonly number[]> {
    if (this.state !== 'open') return Promise.reject(new Error('MQTT subscribe: not connected'));
    if (filters.length > MAX_SUBSCRIBE_FILTERS)
      return Promise.reject(
        new RangeError(`MQTT subscribe: at most ${MAX_SUBSCRIBE_FILTERS} filters, got ${filters.length}`),
      );
    return new Promise((resolve, reject) => {
      this.suback = { resolve, reject };
      this.subscribed = filters.length;
      this.send(encodeSubscribe(SUBSCRIBE_ID, filters, qos));
    });
  }

  /**
   * Close: DISCONNECT and a graceful close when open (cut after a short grace if the broker does not
   * close), else at once. Resolves when the transport has closed.
   */
  end(): Promise<void> {
    if (this.state === 'closed' || this.wire === undefined) {
      this.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = this.handlerClosed;
      this.handlerClosed = () => {
        done();
        resolve();
      };
      if (this.state === 'open' && !this.ending) {
        this.ending = true;
        this.send(DISCONNECT);
        this.wire?.end();
        this.endTimer = this.options.clock.setTimeout(() => this.destroy(), END_GRACE_MS);
      } else {
        this.destroy();
      }
    });
  }

  /** Close now; `error` (if any) is what `closed` reports. */
  destroy(error?: Error): void {
    this.destroyed = true;
    if (error !== undefined) this.noteError(error);
    const wire = this.wire;
    if (wire === undefined || this.state === 'closed') {
      this.wireClosed();
      return;
    }
    wire.destroy();
  }

  // ---- internals --------------------------------------------------------------------------------------

  /** Extra work when the transport closed (what `end()` waits for). */
  private handlerClosed: () => void = () => undefined;

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private closedError(): Error {
    return this.error ?? new Error('MQTT connection closed before CONNACK');
  }

  private duplexWire(stream: Duplex): Wire {
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('error', (err) => this.noteError(err));
    stream.on('close', () => this.wireClosed());
    // A Duplex without autoDestroy (or a half-open peer) may only end: count that as closed.
    stream.on('end', () => {
      if (!stream.destroyed) stream.destroy();
    });
    return {
      write: (bytes) => {
        if (stream.destroyed || !stream.writable) return;
        stream.write(bytes);
        this.checkUnsent(stream.writableLength);
      },
      end: () => stream.end(),
      destroy: () => stream.destroy(),
    };
  }

  /** Too much written and not taken: the broker stopped reading. */
  private checkUnsent(unsent: number): void {
    if (unsent > MAX_UNSENT_BYTES && !this.destroyed)
      this.destroy(
        new Error(
          `MQTT: the broker is not reading: over ${MAX_UNSENT_BYTES.toLocaleString('en-US')} bytes unsent (${unsent})`,
        ),
      );
  }

  /** The wire exists: wait for CONNACK. */
  private opened(wire: Wire): Promise<void> {
    this.wire = wire;
    return new Promise((resolve, reject) => {
      this.connack = { resolve, reject };
    });
  }

  private sendConnect(): void {
    if (this.state !== 'connecting') return;
    this.lastReceived = this.options.clock.now();
    this.send(
      encodeConnect({
        clientId: this.options.clientId,
        clean: this.options.clean,
        keepaliveSeconds: this.options.keepaliveSeconds,
        ...(this.options.username === undefined ? {} : { username: this.options.username }),
        ...(this.options.password === undefined ? {} : { password: this.options.password }),
      }),
    );
    // The keep-alive also bounds the wait for CONNACK.
    this.armKeepalive();
  }

  private send(bytes: Buffer): void {
    if (this.state !== 'closed') this.wire?.write(bytes);
  }

  private receive(chunk: Buffer): void {
    if (this.state === 'closed' || this.destroyed) return;
    if (this.keepaliveMs > 0) this.lastReceived = this.options.clock.now();
    // Called from a transport's event: nothing may throw out of it (a handler's error, a packet
    // our encoders refuse to answer). It closes this connection instead.
    try {
      this.parser.push(chunk);
    } catch (err) {
      this.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** A PUBLISH before CONNACK (MQTT-3.2.0-1: CONNACK comes first) closes the connection. */
  private beforeConnack(): boolean {
    if (this.state === 'open') return false;
    this.destroy(new Error('MQTT protocol error: PUBLISH before CONNACK'));
    return true;
  }

  private onPublish(topic: string, payload: Buffer, qos: 0 | 1 | 2, id: number, dup: boolean): void {
    if (this.destroyed || this.beforeConnack()) return;
    if (qos === 2) {
      // Handed on once; a redelivery before the PUBREL is only answered.
      if (!this.awaitingRelease.has(id)) {
        this.awaitingRelease.add(id);
        this.handler.message(topic, payload, qos, id, dup);
      }
      this.send(encodePubrec(id));
      return;
    }
    this.handler.message(topic, payload, qos, id, dup);
    if (qos === 1) this.send(encodePuback(id));
  }

  private onControl(type: number, body: Buffer): void {
    if (this.destroyed) return;
    switch (type) {
      case PacketType.CONNACK: {
        // Bits 7-1 of the acknowledge flags are reserved, 0 (MQTT 3.1.1, 3.2.2.1).
        if (this.state !== 'connecting' || body.length !== 2 || ((body[0] as number) & 0xfe) !== 0) {
          this.destroy(new Error('MQTT protocol error: unexpected CONNACK'));
          return;
        }
        const code = body[1] as number;
        if (code !== 0) {
          this.destroy(connackError(code));
          return;
        }
        this.state = 'open';
        this.sessionPresentFlag = ((body[0] as number) & 1) === 1;
        const pending = this.connack;
        this.connack = undefined;
        pending?.resolve();
        return;
      }
      case PacketType.SUBACK: {
        const pending = this.suback;
        if (pending === undefined || body.length < 3 || body.readUInt16BE(0) !== SUBSCRIBE_ID) {
          this.destroy(new Error('MQTT protocol error: unexpected SUBACK'));
          return;
        }
        const granted = [...body.subarray(2)];
        // One return code per filter, each 0, 1, 2 or 0x80 (MQTT-3.8.4-5, MQTT-3.9.3-2).
        if (granted.length !== this.subscribed || granted.some((c) => c > 2 && c !== 0x80)) {
          this.destroy(
            new Error(
              `MQTT protocol error: SUBACK with return codes [${granted.join(', ')}] for ${this.subscribed} filters`,
            ),
          );
          return;
        }
        this.suback = undefined;
        pending.resolve(granted);
        return;
      }
      case PacketType.PUBREL: {
        const id = body.length === 2 ? body.readUInt16BE(0) : 0;
        if (id === 0) {
          this.destroy(
            new Error(
              body.length === 2
                ? 'MQTT protocol error: PUBREL with packet id 0'
                : 'MQTT protocol error: PUBREL without a packet id',
            ),
          );
          return;
        }
        this.awaitingRelease.delete(id);
        this.send(encodePubcomp(id));
        return;
      }
      case PacketType.PINGRESP:
        return;
      default: {
        // What a broker never sends a subscriber (PUBACK, UNSUBACK, a client's packets).
        this.destroy(new Error(`MQTT protocol error: unexpected packet type ${type}`));
        return;
      }
    }
  }

  private armKeepalive(): void {
    if (this.keepaliveMs <= 0 || this.pingTimer !== null) return;
    const { clock } = this.options;
    const ping = (): void => {
      this.pingTimer = clock.setTimeout(ping, this.keepaliveMs);
      if (this.state === 'open') this.send(PINGREQ);
    };
    this.pingTimer = clock.setTimeout(ping, this.keepaliveMs);
    // One deadline timer, moved lazily: a packet only updates `lastReceived`.
    const limit = this.keepaliveMs * 1.5;
    const check = (): void => {
      const silent = clock.now() - this.lastReceived;
      if (silent >= limit) {
        this.deadTimer = null;
        this.destroy(
          new Error(
            `MQTT keep-alive: nothing from the broker for ${Math.round(silent)} ms (keep-alive ${this.options.keepaliveSeconds} s)`,
          ),
        );
        return;
      }
      this.deadTimer = clock.setTimeout(check, limit - silent);
    };
    this.deadTimer = clock.setTimeout(check, limit);
  }

  private clearTimers(): void {
    const { clock } = this.options;
    for (const t of [this.pingTimer, this.deadTimer, this.endTimer]) if (t !== null) clock.clearTimeout(t);
    this.pingTimer = null;
    this.deadTimer = null;
    this.endTimer = null;
  }

  private noteError(err: Error): void {
    this.error ??= err;
  }

  /** The transport closed (or never opened): settle what waits, tell the handler once. */
  private wireClosed(): void {
    if (this.state === 'closed') return;
    const wasConnecting = this.state !== 'open';
    this.state = 'closed';
    this.clearTimers();
    this.awaitingRelease.clear();
    const error =
      this.error ??
      (this.ending
        ? undefined
        : new Error(
            wasConnecting ? 'MQTT connection closed before CONNACK' : 'broker closed the connection',
          ));
    const connack = this.connack;
    const suback = this.suback;
    this.connack = undefined;
    this.suback = undefined;
    connack?.reject(error ?? new Error('MQTT connection closed before CONNACK'));
    suback?.reject(error ?? new Error('MQTT connection closed before SUBACK'));
    this.handler.closed(error);
    this.handlerClosed();
  }
}
