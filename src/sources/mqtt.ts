/**
 * MQTT with our own MQTT 3.1.1 subscriber (`mqtt-client.ts`): topic filters with wildcards mapped to
 * keys, a payload format per subscription (JSON, a plain number, a string, or `auto` for what
 * home-automation publishers send), QoS 0/1, an optional persistent session (`clean: false`: QoS 1
 * messages published while we were away arrive after reconnecting). The client never reconnects by
 * itself: the supervisor reconnects with backoff, and every connection subscribes again.
 *
 * A QoS 1 redelivery (DUP flag) of a message already received under the same packet id, topic and
 * payload is counted as a duplicate and not delivered again. A payload over `maxPayloadBytes` is
 * skipped as it streams (never buffered) and refused as `too-large`.
 */
import { refuseRenamedOptions } from '../util/index.js';
import { checkPayloadFormat, type PayloadFormat, type TextShape } from './gate.js';
import { MAX_SUBSCRIBE_FILTERS, MqttConnection, type MqttTlsOptions } from './mqtt-client.js';
import type { DeliveryGuarantee, Source, SourceContext } from './source.js';
import { matchTopic, parseTopicFilter, type TopicFilter, topicKey } from './topic-filter.js';

/**
 * One MQTT subscription: a topic filter, the key template its messages are written under, and how
 * its payloads are read.
 */
export interface MqttTopic {
  /** Topic filter, wildcards allowed (`home/+/temp`, `sensors/#`). */
  readonly filter: string;
  /** Key template (`{topic}`, `{1}`...): see `topic-filter.ts`. Default `{topic}` (slashes become dots). */
  readonly key?: string;
  /** How payloads on this subscription are read. Default: the source's `format`. */
  readonly format?: PayloadFormat;
}

/**
 * Options of an `MqttSource`: broker URL, topic filters, QoS, session, payload format, keep-alive
 * (`keepaliveMs`, default 30 s) and payload limit.
 */
export interface MqttSourceOptions {
  /** Source id written with every point. */
  readonly id: string;
  /** Broker URL (`mqtt://127.0.0.1:1883`). */
  readonly url: string;
  /** Filters to subscribe to; a plain string is a filter with the default key. */
  readonly topics: readonly (string | MqttTopic)[];
  /** Subscription QoS, 0 or 1. Default 0. */
  readonly qos?: 0 | 1;
  /**
   * `false` asks the broker for a persistent session: with QoS 1, messages published while the
   * connection was down are delivered after it comes back. Default `true`.
   */
  readonly clean?: boolean;
  /**
   * MQTT client id. Default `tinydisplay-<id>-<random>`, fixed for the life of this object so a
   * persistent session survives reconnects; set it to keep the session across process restarts.
   */
  readonly clientId?: string;
  /** How payloads are read (see `PayloadFormat`). Default `auto`. */
  readonly format?: PayloadFormat;
  /**
   * Keep-alive in ms, whole seconds (MQTT counts seconds): the client pings the broker every
   * interval, and when nothing at all arrives from the broker for the interval and a half the
   * connection ends with an error (the supervisor reconnects). 0 turns it off. Default 30_000.
   */
  readonly keepaliveMs?: number;
  /**
   * Payloads larger than this (bytes) are refused (`too-large`): skipped as they arrive, never held
   * in memory; the connection stays up. Over `ws://`/`wss://` a WebSocket message is held whole before
   * it is read, so one larger than this plus 128 KiB ends the connection with an error. Default 1 MiB.
   */
  readonly maxPayloadBytes?: number;
  /**
   * User name sent in CONNECT. Default: the URL's (`mqtt://user:pass@host`, URL-decoded); this option
   * wins over the URL.
   */
  readonly username?: string;
  /** Password sent in CONNECT (needs a user name). Default: the URL's; this option wins over it. */
  readonly password?: string;
  /**
   * TLS for `mqtts://` and `wss://` (refused with another scheme): CA, client certificate and key,
   * server name, verification (on unless `rejectUnauthorized: false`).
   */
  readonly tls?: MqttTlsOptions;
}

/** What an `MqttSource` has done since it was made. */
export interface MqttSourceStats {
  /** QoS 1 redeliveries recognised as duplicates (not delivered again). */
  readonly duplicates: number;
  /** Times the topic->key cache was full (4,096 topics) and cleared. */
  readonly topicCacheClears: number;
  /** Topics whose key is cached now (at most 4,096). */
  readonly topicCacheSize: number;
  /**
   * Reconnections of a persistent session (`clean: false`) that found the broker no longer held it
   * (CONNACK session present 0): what was published while the connection was down is gone, and
   * `delivery` is `at-most-once` from then on.
   */
  readonly sessionsLost: number;
}

/** Topics seen, cached with their key; bounded, cleared when full. */
const TOPIC_CACHE_LIMIT = 4096;

/** FNV-1a over a message's topic and payload: tells a redelivery from a new message under a reused id. */
function messageHash(topic: string, payload: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < topic.length; i++) h = Math.imul(h ^ topic.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0xff, 0x01000193);
  for (let i = 0; i < payload.length; i++) h = Math.imul(h ^ (payload[i] as number), 0x01000193);
  return h >>> 0;
}

interface CompiledTopic {
  readonly filter: TopicFilter;
  readonly format: PayloadFormat;
}

/** The options `tls` takes. */
const TLS_KEYS: ReadonlySet<string> = new Set([
  'ca',
  'cert',
  'key',
  'passphrase',
  'rejectUnauthorized',
  'servername',
]);

/** A value as an error message quotes it: strings in quotes, the rest as `String` gives it. */
function shown(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** MQTT strings carry a two-byte length: refuse a longer option here, not at each connect. */
function checkMqttString(name: string, v: string | undefined): void {
  if (v !== undefined && Buffer.byteLength(v, 'utf8') > 65_535)
    throw new RangeError(
      `MqttSource option "${name}": at most 65,535 bytes of UTF-8, got ${Buffer.byteLength(v, 'utf8')}`,
    );
}

/** `tls.ca`, `tls.cert`, `tls.key`: PEM text or bytes, or a list of them. */
function isPemLike(v: unknown): boolean {
  const one = (x: unknown): boolean => typeof x === 'string' || Buffer.isBuffer(x);
  return one(v) || (Array.isArray(v) && v.every(one));
}

/** Check each `tls` option's type, naming it and its value. */
function checkTls(tls: MqttTlsOptions): void {
  for (const [k, v] of Object.entries(tls)) {
    if (!TLS_KEYS.has(k))
      throw new TypeError(`MqttSource option "tls.${k}": not taken (one of ${[...TLS_KEYS].join(', ')})`);
    if (v === undefined) continue;
    if (k === 'rejectUnauthorized' && typeof v !== 'boolean')
      throw new TypeError(
        `MqttSource option "tls.rejectUnauthorized": expected true or false, got ${shown(v)}`,
      );
    if ((k === 'servername' || k === 'passphrase') && typeof v !== 'string')
      throw new TypeError(`MqttSource option "tls.${k}": expected a string, got ${shown(v)}`);
    if ((k === 'ca' || k === 'cert' || k === 'key') && !isPemLike(v))
      throw new TypeError(
        `MqttSource option "tls.${k}": expected a string, a Buffer or an array of them, got ${shown(v)}`,
      );
  }
}

/** A URL-encoded user name or password, decoded; undefined when empty. */
function fromUrl(part: string, what: string): string | undefined {
  if (part === '') return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    throw new TypeError(`MqttSource option "url": the ${what} is not valid URL encoding`);
  }
}

/**
 * MQTT subscriber (our MQTT 3.1.1 client; its transport loaded when started): topic filters with wildcards mapped to keys, a
 * payload format per subscription, QoS 0/1 and optional persistent sessions; reconnects are the
 * supervisor's.
 */
export class MqttSource implements Source {
  readonly kind = 'mqtt';
  readonly id: string;
  /** QoS 1 and a persistent session asked for. */
  private readonly atLeastOnceAsked: boolean;
  /** The last SUBACK granted QoS 1 (or more) to every filter (true before the first). */
  private grantedQos1 = true;
  /** A connection of this object's persistent session was accepted (the broker holds a session). */
  private hadSession = false;
  private sessionsLost = 0;
  private duplicates = 0;
  private topicCacheClears = 0;
  private readonly options: MqttSourceOptions;
  private readonly filters: CompiledTopic[];
  private readonly clientId: string;
  private readonly maxPayloadBytes: number;
  private readonly shapes = new Map<string, TextShape>();
  /** Hash of the last message received under each packet id (at most 65,535 ids). */
  private readonly received = new Map<number, number>();
  private readonly username: string | undefined;
  private readonly password: string | undefined;
  /** The URL without its credentials. */
  private readonly brokerUrl: string;
  private client: MqttConnection | undefined;

  constructor(options: MqttSourceOptions) {
    if (typeof options?.id !== 'string' || options.id === '')
      throw new TypeError(`MqttSource option "id": expected a non-empty string, got ${String(options?.id)}`);
    if (typeof options.url !== 'string' || !/^(mqtts?|wss?|tcp):\/\//.test(options.url))
      throw new TypeError(
        `MqttSource option "url": expected mqtt://, mqtts://, ws:// or wss://, got ${String(options.url)}`,
      );
    if (!Array.isArray(options.topics) || options.topics.length === 0)
      throw new TypeError('MqttSource option "topics": expected at least one topic filter');
    const qos = options.qos ?? 0;
    if (qos !== 0 && qos !== 1)
      throw new RangeError(`MqttSource option "qos": expected 0 or 1, got ${String(qos)}`);
    checkPayloadFormat('MqttSource option "format"', options.format, '{topic}');
    refuseRenamedOptions('MqttSource', options, { keepalive: 'keepaliveMs' });
    if (Object.hasOwn(options, 'clientOptions'))
      throw new TypeError(
        'MqttSource option "clientOptions" is gone (tinydisplay no longer uses mqtt.js): use "username", "password" and "tls"',
      );
    const url = new URL(options.url);
    for (const name of ['username', 'password'] as const) {
      const v = options[name];
      if (v !== undefined && typeof v !== 'string')
        throw new TypeError(`MqttSource option "${name}": expected a string, got ${typeof v}`);
    }
    this.username = options.username ?? fromUrl(url.username, 'user name');
    this.password = options.password ?? fromUrl(url.password, 'password');
    if (this.password !== undefined && this.username === undefined)
      throw new TypeError(
        'MqttSource option "password": needs a user name ("username" or in the URL): MQTT 3.1.1 sends a password only with one',
      );
    checkMqttString('username', this.username);
    checkMqttString('password', this.password);
    if (options.clean !== undefined && typeof options.clean !== 'boolean')
      throw new TypeError(`MqttSource option "clean": expected true or false, got ${shown(options.clean)}`);
    if (options.clientId !== undefined) {
      if (typeof options.clientId !== 'string')
        throw new TypeError(
          `MqttSource option "clientId": expected a string, got ${shown(options.clientId)}`,
        );
      checkMqttString('clientId', options.clientId);
      // MQTT-3.1.3-7: a zero-byte client id only with a clean session.
      if (options.clientId === '' && options.clean === false)
        throw new TypeError(
          'MqttSource option "clientId": an empty client id needs "clean": true (MQTT 3.1.1 sends it only with a clean session)',
        );
    }
    const maxPayloadBytes = options.maxPayloadBytes ?? 1024 * 1024;
    if (!Number.isInteger(maxPayloadBytes) || maxPayloadBytes < 0)
      throw new RangeError(
        `MqttSource option "maxPayloadBytes": expected a whole number of bytes >= 0, got ${shown(maxPayloadBytes)}`,
      );
    url.username = '';
    url.password = '';
    this.brokerUrl = url.href;
    if (options.tls !== undefined) {
      if (typeof options.tls !== 'object' || options.tls === null)
        throw new TypeError(`MqttSource option "tls": expected an object, got ${String(options.tls)}`);
      checkTls(options.tls);
      if (url.protocol !== 'mqtts:' && url.protocol !== 'wss:')
        throw new TypeError(
          `MqttSource option "tls": taken only with mqtts:// or wss://, the url is ${url.protocol}//${url.host}`,
        );
    }
    const keepaliveMs = options.keepaliveMs ?? 30_000;
    if (!Number.isInteger(keepaliveMs / 1000) || keepaliveMs < 0 || keepaliveMs > 65_535_000)
      throw new RangeError(
        `MqttSource option "keepaliveMs": expected whole seconds in ms, 0..65_535_000, got ${String(keepaliveMs)}`,
      );
    this.options = options;
    this.id = options.id;
    if (options.topics.length > MAX_SUBSCRIBE_FILTERS)
      throw new RangeError(
        `MqttSource option "topics": at most ${MAX_SUBSCRIBE_FILTERS} filters (one SUBSCRIBE, its SUBACK within 4 KiB), got ${options.topics.length}`,
      );
    this.filters = options.topics.map((t, i) => {
      let compiled: CompiledTopic;
      if (typeof t === 'string') compiled = { filter: parseTopicFilter(t), format: options.format ?? 'auto' };
      else {
        checkPayloadFormat(`MqttSource option "topics[${i}].format"`, t.format, '{topic}');
        compiled = {
          filter: parseTopicFilter(t.filter, t.key),
          format: t.format ?? options.format ?? 'auto',
        };
      }
      // What the wire takes (MQTT-1.5.3-2, two-byte lengths): refused here, not at each connect.
      checkMqttString(`topics[${i}]`, compiled.filter.filter);
      if (compiled.filter.filter.includes('\u0000'))
        throw new TypeError(`MqttSource option "topics[${i}]": a topic filter must not hold U+0000`);
      return compiled;
    });
    this.atLeastOnceAsked = qos === 1 && options.clean === false;
    this.clientId =
      options.clientId ?? `tinydisplay-${options.id}-${Math.random().toString(16).slice(2, 10)}`;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /**
   * `at-least-once` with QoS 1 and a persistent session, as long as the broker grants QoS 1 to every
   * filter (a broker that grants QoS 0 sends at QoS 0: nothing is redelivered) and has not lost the
   * session on a reconnect (`stats.sessionsLost`), else `at-most-once`.
   */
  get delivery(): DeliveryGuarantee {
    return this.atLeastOnceAsked && this.grantedQos1 && this.sessionsLost === 0
      ? 'at-least-once'
      : 'at-most-once';
  }

  /** Its counters (a fresh object per read). */
  get stats(): MqttSourceStats {
    return {
      duplicates: this.duplicates,
      topicCacheClears: this.topicCacheClears,
      topicCacheSize: this.shapes.size,
      sessionsLost: this.sessionsLost,
    };
  }

  /** The key, format and name (for refusals) of a topic: the first subscription that matches it. */
  private shapeFor(topic: string): TextShape {
    const cached = this.shapes.get(topic);
    if (cached !== undefined) return cached;
    let shape: TextShape = {
      key: topic.split('/').join('.'),
      format: this.options.format ?? 'auto',
      origin: `topic ${JSON.stringify(topic)}`,
    };
    for (const { filter, format } of this.filters) {
      const captured = matchTopic(filter, topic);
      if (captured !== null) {
        shape = { key: topicKey(filter, topic, captured), format, origin: shape.origin };
        break;
      }
    }
    if (this.shapes.size >= TOPIC_CACHE_LIMIT) {
      this.shapes.clear();
      this.topicCacheClears++;
    }
    this.shapes.set(topic, shape);
    return shape;
  }

  /** A QoS 1 redelivery of a message already received? Remembers the message otherwise. */
  private isRedelivery(topic: string, payload: Buffer, id: number, dup: boolean): boolean {
    const hash = messageHash(topic, payload);
    if (dup && this.received.get(id) === hash) return true;
    this.received.set(id, hash);
    return false;
  }

  async start(ctx: SourceContext): Promise<void> {
    let open = false;
    // Without a persistent session the broker redelivers nothing: packet ids start afresh.
    if (this.options.clean !== false) this.received.clear();
    const client = new MqttConnection(
      {
        clientId: this.clientId,
        clean: this.options.clean ?? true,
        keepaliveSeconds: (this.options.keepaliveMs ?? 30_000) / 1000,
        ...(this.username === undefined ? {} : { username: this.username }),
        ...(this.password === undefined ? {} : { password: this.password }),
        maxPayloadBytes: this.maxPayloadBytes,
        clock: ctx.clock,
      },
      {
        message: (topic, payload, qos, id, dup) => {
          const shape = this.shapeFor(topic);
          // Within a connection the client already drops QoS 2 redeliveries; this also catches those
          // of a persistent session after a reconnect (same packet id, topic and payload, DUP set).
          if (qos > 0 && this.isRedelivery(topic, payload, id, dup)) {
            this.duplicates++;
            ctx.duplicate(1);
            return;
          }
          ctx.deliverText(payload.toString('utf8'), shape);
        },
        tooLarge: (topic, bytes) => {
          const shape = this.shapeFor(topic);
          ctx.refuse(
            'too-large',
            shape.key ?? '',
            `${shape.origin}: ${bytes} bytes (max ${this.maxPayloadBytes})`,
          );
        },
        closed: (error) => {
          const wasOpen = open;
          open = false;
          // No error: our own stop() ended it.
          if (wasOpen && error !== undefined) ctx.disconnected(error);
        },
      },
    );
    this.client = client;
    await client.connect(this.brokerUrl, this.options.tls);
    const filters = this.filters.map((f) => f.filter.filter);
    // A persistent session keeps our subscriptions, but the broker may have lost it: subscribe
    // again on every connection (cheap, idempotent).
    const granted = await client.subscribe(filters, this.options.qos ?? 0);
    const denied = granted.indexOf(0x80);
    if (denied >= 0) {
      client.destroy();
      throw new Error(`broker refused the subscription to "${filters[denied]}"`);
    }
    if (!client.connected) throw new Error('broker closed the connection');
    this.grantedQos1 = granted.every((g) => g >= 1);
    // A broker that lost our persistent session (restarted without persistence, expired it) kept
    // nothing of what was published meanwhile: the at-least-once promise is broken for this run.
    if (this.options.clean === false) {
      if (this.hadSession && !client.sessionPresent) this.sessionsLost++;
      this.hadSession = true;
    }
    open = true;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    // DISCONNECT and a graceful close when connected, at once otherwise (a broker that is gone is
    // not waited for). The supervisor's generation check ignores this connection's late events.
    await client.end();
  }
}
