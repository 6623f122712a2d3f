/**
 * MQTT with mqtt.js: topic filters with wildcards mapped to keys, a payload format per subscription
 * (JSON, a plain number, a string, or `auto` for what home-automation publishers send), QoS 0/1, an
 * optional persistent session (`clean: false`: QoS 1 messages published while we were away arrive
 * after reconnecting). mqtt.js's own fixed-period reconnect is off (`reconnectPeriod: 0`): the
 * supervisor reconnects with backoff, and every connection subscribes again.
 *
 * A QoS 1 redelivery (DUP flag) of a message already received under the same packet id, topic and
 * payload is counted as a duplicate and not delivered again.
 */
// mqtt.js is loaded when a source starts (importing it costs ~0.3 s here, seconds on a Pi Zero).
import type { IClientOptions, MqttClient } from 'mqtt';
import { refuseRenamedOptions } from '../util/index.js';
import { checkPayloadFormat, type PayloadFormat, type TextShape } from './gate.js';
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
   * Keep-alive in ms, whole seconds (MQTT counts seconds): mqtt.js pings the broker, and a broker
   * that does not answer within the interval and a half ends the connection (the supervisor
   * reconnects). 0 turns it off. Default 30_000.
   */
  readonly keepaliveMs?: number;
  /** Payloads larger than this (bytes) are refused before decoding. Default 1 MiB. */
  readonly maxPayloadBytes?: number;
  /** Extra mqtt.js options (credentials, TLS); `reconnectPeriod`, `clean`, `clientId` are ours. */
  readonly clientOptions?: Omit<IClientOptions, 'reconnectPeriod' | 'clean' | 'clientId'>;
}

/** What an `MqttSource` has done since it was made. */
export interface MqttSourceStats {
  /** QoS 1 redeliveries recognised as duplicates (not delivered again). */
  readonly duplicates: number;
  /** Times the topic->key cache was full (4,096 topics) and cleared. */
  readonly topicCacheClears: number;
  /** Topics whose key is cached now (at most 4,096). */
  readonly topicCacheSize: number;
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

/**
 * MQTT subscriber (mqtt.js, loaded when started): topic filters with wildcards mapped to keys, a
 * payload format per subscription, QoS 0/1 and optional persistent sessions; reconnects are the
 * supervisor's.
 */
export class MqttSource implements Source {
  readonly kind = 'mqtt';
  readonly id: string;
  /** `at-least-once` with QoS 1 and a persistent session, else `at-most-once`. */
  readonly delivery: DeliveryGuarantee;
  private duplicates = 0;
  private topicCacheClears = 0;
  private readonly options: MqttSourceOptions;
  private readonly filters: CompiledTopic[];
  private readonly clientId: string;
  private readonly maxPayloadBytes: number;
  private readonly shapes = new Map<string, TextShape>();
  /** Hash of the last message received under each packet id (at most 65,535 ids). */
  private readonly received = new Map<number, number>();
  private client: MqttClient | undefined;

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
    const keepaliveMs = options.keepaliveMs ?? 30_000;
    if (!Number.isInteger(keepaliveMs / 1000) || keepaliveMs < 0 || keepaliveMs > 65_535_000)
      throw new RangeError(
        `MqttSource option "keepaliveMs": expected whole seconds in ms, 0..65_535_000, got ${String(keepaliveMs)}`,
      );
    this.options = options;
    this.id = options.id;
    this.filters = options.topics.map((t, i) => {
      if (typeof t === 'string') return { filter: parseTopicFilter(t), format: options.format ?? 'auto' };
      checkPayloadFormat(`MqttSource option "topics[${i}].format"`, t.format, '{topic}');
      return { filter: parseTopicFilter(t.filter, t.key), format: t.format ?? options.format ?? 'auto' };
    });
    this.delivery = qos === 1 && options.clean === false ? 'at-least-once' : 'at-most-once';
    this.clientId =
      options.clientId ?? `tinydisplay-${options.id}-${Math.random().toString(16).slice(2, 10)}`;
    this.maxPayloadBytes = options.maxPayloadBytes ?? 1024 * 1024;
  }

  /** Its counters (a fresh object per read). */
  get stats(): MqttSourceStats {
    return {
      duplicates: this.duplicates,
      topicCacheClears: this.topicCacheClears,
      topicCacheSize: this.shapes.size,
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
  private isRedelivery(topic: string, payload: Buffer, id: number | undefined, dup: boolean): boolean {
    if (id === undefined) return false;
    const hash = messageHash(topic, payload);
    if (dup && this.received.get(id) === hash) return true;
    this.received.set(id, hash);
    return false;
  }

  async start(ctx: SourceContext): Promise<void> {
    const { connect: mqttConnect } = await import('mqtt');
    return new Promise((resolve, reject) => {
      const client = mqttConnect(this.options.url, {
        // mqtt-packet otherwise builds, at the first packet written, a cache of 65,536 two-byte
        // buffers for packet ids (~7 MB of heap for the life of the process); we write a handful of
        // packets per connection.
        writeCache: false,
        ...this.options.clientOptions,
        clientId: this.clientId,
        clean: this.options.clean ?? true,
        keepalive: (this.options.keepaliveMs ?? 30_000) / 1000,
        reconnectPeriod: 0,
        // The supervisor's connectTimeout bounds the attempt; keep mqtt.js's own a little longer.
        connectTimeout: 30_000,
        resubscribe: false,
      });
      this.client = client;
      let open = false;
      let lastError: Error | undefined;
      // Without a persistent session the broker redelivers nothing: packet ids start afresh.
      if (this.options.clean !== false) this.received.clear();
      client.on('message', (topic, payload, packet) => {
        const shape = this.shapeFor(topic);
        // Measured before anything reads the payload.
        if (payload.length > this.maxPayloadBytes) {
          ctx.refuse(
            'too-large',
            shape.key ?? '',
            `${shape.origin}: ${payload.length} bytes (max ${this.maxPayloadBytes})`,
          );
          return;
        }
        if (packet.qos > 0 && this.isRedelivery(topic, payload, packet.messageId, packet.dup)) {
          this.duplicates++;
          ctx.duplicate(1);
          return;
        }
        ctx.deliverText(payload.toString('utf8'), shape);
      });
      client.on('error', (err) => {
        lastError = err;
        if (!open) reject(err);
      });
      client.on('close', () => {
        if (open) {
          open = false;
          ctx.disconnected(lastError ?? new Error('broker closed the connection'));
        } else {
          reject(lastError ?? new Error('connection closed before CONNACK'));
        }
      });
      client.on('connect', () => {
        const filters = this.filters.map((f) => f.filter.filter);
        // A persistent session keeps our subscriptions, but the broker may have lost it: subscribe
        // again on every connection (cheap, idempotent).
        client.subscribe(filters, { qos: this.options.qos ?? 0 }, (err, granted) => {
          if (err) {
            reject(err);
            return;
          }
          const denied = (granted ?? []).find((g) => g.qos === 128);
          if (denied !== undefined) {
            reject(new Error(`broker refused the subscription to "${denied.topic}"`));
            return;
          }
          open = true;
          resolve();
        });
      });
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    // Force when not connected: a graceful end would wait for a broker that is gone.
    // Listeners stay: the generation check in the supervisor ignores this connection's late events.
    await new Promise<void>((resolve) => client.end(!client.connected, {}, () => resolve()));
  }
}
