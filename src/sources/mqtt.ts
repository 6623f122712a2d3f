/**
 * MQTT with mqtt.js: topic filters with wildcards mapped to keys, JSON or plain-number payloads,
 * QoS 0/1, an optional persistent session (`clean: false`: QoS 1 messages published while we were
 * away arrive after reconnecting). mqtt.js's own fixed-period reconnect is off (`reconnectPeriod: 0`):
 * the supervisor reconnects with backoff, and every connection subscribes again.
 */
// mqtt.js is loaded when a source starts (importing it costs ~0.3 s here, seconds on a Pi Zero).
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Source, SourceContext } from './source.js';
import { matchTopic, parseTopicFilter, type TopicFilter, topicKey } from './topic-filter.js';

export interface MqttTopic {
  /** Topic filter, wildcards allowed (`home/+/temp`, `sensors/#`). */
  readonly filter: string;
  /** Key template (`{topic}`, `{1}`...): see `topic-filter.ts`. Default `{topic}` (slashes become dots). */
  readonly key?: string;
}

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
  /** Keep-alive in seconds (mqtt.js pings the broker). Default 30. */
  readonly keepalive?: number;
  /** Payloads larger than this (bytes) are refused before decoding. Default 1 MiB. */
  readonly maxPayloadBytes?: number;
  /** Extra mqtt.js options (credentials, TLS); `reconnectPeriod`, `clean`, `clientId` are ours. */
  readonly clientOptions?: Omit<IClientOptions, 'reconnectPeriod' | 'clean' | 'clientId'>;
}

/** Topics seen, cached with their key; bounded, cleared when full. */
const TOPIC_CACHE_LIMIT = 4096;

export class MqttSource implements Source {
  readonly kind = 'mqtt';
  readonly id: string;
  /** Times the topic->key cache was full (4,096 topics) and cleared. */
  topicCacheClears = 0;
  private readonly options: MqttSourceOptions;
  private readonly filters: TopicFilter[];
  private readonly clientId: string;
  private readonly maxPayloadBytes: number;
  private readonly keys = new Map<string, string>();
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
    this.options = options;
    this.id = options.id;
    this.filters = options.topics.map((t) =>
      typeof t === 'string' ? parseTopicFilter(t) : parseTopicFilter(t.filter, t.key),
    );
    this.clientId =
      options.clientId ?? `tinydisplay-${options.id}-${Math.random().toString(16).slice(2, 10)}`;
    this.maxPayloadBytes = options.maxPayloadBytes ?? 1024 * 1024;
  }

  /** Topics whose key is cached now (at most 4,096). */
  get topicCacheSize(): number {
    return this.keys.size;
  }

  private keyFor(topic: string): string {
    const cached = this.keys.get(topic);
    if (cached !== undefined) return cached;
    let key = topic.split('/').join('.');
    for (const filter of this.filters) {
      const captured = matchTopic(filter, topic);
      if (captured !== null) {
        key = topicKey(filter, topic, captured);
        break;
      }
    }
    if (this.keys.size >= TOPIC_CACHE_LIMIT) {
      this.keys.clear();
      this.topicCacheClears++;
    }
    this.keys.set(topic, key);
    return key;
  }

  async start(ctx: SourceContext): Promise<void> {
    const { connect: mqttConnect } = await import('mqtt');
    return new Promise((resolve, reject) => {
      const client = mqttConnect(this.options.url, {
        ...this.options.clientOptions,
        clientId: this.clientId,
        clean: this.options.clean ?? true,
        keepalive: this.options.keepalive ?? 30,
        reconnectPeriod: 0,
        // The supervisor's connectTimeout bounds the attempt; keep mqtt.js's own a little longer.
        connectTimeout: 30_000,
        resubscribe: false,
      });
      this.client = client;
      let open = false;
      let lastError: Error | undefined;
      client.on('message', (topic, payload) => {
        if (payload.length > this.maxPayloadBytes) {
          ctx.refuse(
            'too-large',
            this.keyFor(topic),
            `${payload.length} bytes (max ${this.maxPayloadBytes})`,
          );
          return;
        }
        ctx.deliverText(payload.toString('utf8'), this.keyFor(topic));
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
        const filters = this.filters.map((f) => f.filter);
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
