/** Turns a parsed `SourceSpec` into the library's `Source` for it, with the CLI's defaults. */
import type { Readable } from 'node:stream';
import {
  FileReplaySource,
  HttpPollSource,
  MqttSource,
  type PayloadFormat,
  type Source,
  StdinNdjsonSource,
  SyntheticSource,
  SystemMetricsSource,
  TcpNdjsonSource,
  type Waveform,
  WebSocketSource,
} from '../sources/index.js';
import type { SourceKind, SourceSpec } from './source-spec.js';

/** The demo waveforms of `synthetic`; periods in samples. */
export const SYNTHETIC_FIELDS: Readonly<Record<string, Waveform>> = {
  cpu: { kind: 'sine', period: 100, amplitude: 40, offset: 50 },
  mem: { kind: 'noise', amplitude: 5, offset: 60 },
  temp: { kind: 'steps', levels: [45, 50, 55, 60, 65], every: 20, random: true },
  net: { kind: 'bursts', base: 10, peak: 900, every: 50, length: 5, jitter: 5 },
};

/** Sampling or polling interval (ms) when none is given. */
export const DEFAULT_INTERVAL_MS: Readonly<Partial<Record<SourceKind, number>>> = {
  synthetic: 100,
  system: 1_000,
  http: 5_000,
};

const DEFAULT_IDS: Readonly<Record<SourceKind, string>> = {
  synthetic: 'synthetic',
  system: 'system',
  mqtt: 'mqtt',
  tcp: 'tcp',
  'tcp-listen': 'tcp',
  websocket: 'ws',
  http: 'http',
  stdin: 'stdin',
  file: 'file',
};

/** MQTT keep-alive of the CLI, seconds: a frozen broker is noticed within 1.5x this. */
export const DEFAULT_MQTT_KEEPALIVE_S = 15;

/** A client id that stays the same for the same source id, broker and filters (a session to resume). */
export function stableClientId(id: string, url: string, topics: readonly string[]): string {
  let h = 0x811c9dc5;
  const text = `${url} ${topics.join(',')}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `tinydisplay-${id}-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

export interface SourceSettings {
  /** Source id written with every point. Default: the transport's name (`synthetic`, `mqtt`, `tcp`...). */
  readonly id?: string | undefined;
  /** Sampling (synthetic, system) or polling (http) interval, ms. Default: `DEFAULT_INTERVAL_MS`. */
  readonly intervalMs?: number | undefined;
  /**
   * Nest each message under this key (ws, http, tcp, stdin): needed for plain numbers and strings.
   * For MQTT, the key template of every filter (`{topic}` by default). Default none.
   */
  readonly key?: string | undefined;
  /** How text payloads are read (`auto` by default where a key is set). */
  readonly format?: PayloadFormat | undefined;
  /**
   * MQTT: QoS 1, a persistent session and a stable client id unless the spec says otherwise
   * (`record`: nothing published while the connection is down is lost to the broker's session).
   */
  readonly persistentSession?: boolean | undefined;
  /** Replay speed of `file:` (1 = as recorded, Infinity = as fast as possible). Default 1. */
  readonly speed?: number | undefined;
  /** The stream `stdin` reads. */
  readonly stdin: Readable;
}

export function createSource(spec: SourceSpec, settings: SourceSettings): Source {
  const id = settings.id ?? DEFAULT_IDS[spec.kind];
  const interval = settings.intervalMs ?? DEFAULT_INTERVAL_MS[spec.kind];
  const key = {
    ...(settings.key === undefined ? {} : { key: settings.key }),
    ...(settings.format === undefined ? {} : { format: settings.format }),
  };
  switch (spec.kind) {
    case 'synthetic':
      return new SyntheticSource({
        id,
        fields: SYNTHETIC_FIELDS,
        seed: spec.seed,
        intervalMs: interval ?? 100,
      });
    case 'system':
      return new SystemMetricsSource({ id, intervalMs: spec.intervalMs ?? interval ?? 1_000 });
    case 'mqtt': {
      const o = spec.options;
      const persistent = settings.persistentSession === true;
      const template = o.key ?? settings.key;
      const clientId = o.clientId ?? (persistent ? stableClientId(id, spec.url, spec.topics) : undefined);
      return new MqttSource({
        id,
        url: spec.url,
        topics: spec.topics.map((filter) => (template === undefined ? filter : { filter, key: template })),
        qos: o.qos ?? (persistent ? 1 : 0),
        clean: o.clean ?? !persistent,
        keepaliveMs: (o.keepalive ?? DEFAULT_MQTT_KEEPALIVE_S) * 1000,
        ...(clientId === undefined ? {} : { clientId }),
        ...(spec.username === undefined ? {} : { username: spec.username }),
        ...(spec.password === undefined ? {} : { password: spec.password }),
        ...((o.format ?? settings.format) === undefined ? {} : { format: o.format ?? settings.format }),
      });
    }
    case 'tcp':
      return new TcpNdjsonSource({ id, mode: 'client', host: spec.host, port: spec.port, ...key });
    case 'tcp-listen':
      return new TcpNdjsonSource({ id, mode: 'server', host: spec.host, port: spec.port, ...key });
    case 'websocket':
      return new WebSocketSource({ id, url: spec.url, ...key });
    case 'http':
      return new HttpPollSource({ id, url: spec.url, intervalMs: interval ?? 5_000, ...key });
    case 'stdin':
      return new StdinNdjsonSource({ id, input: settings.stdin, ...key });
    case 'file':
      return new FileReplaySource({ id, path: spec.path, speed: settings.speed ?? 1 });
  }
}

/** A line for stderr when the source goes live, where the user needs one (the port a server took). */
export function liveMessage(spec: SourceSpec, source: Source): string | undefined {
  if (spec.kind === 'tcp-listen' && source instanceof TcpNdjsonSource)
    return `listening on ${spec.host.includes(':') ? `[${spec.host}]` : spec.host}:${source.port}`;
  return undefined;
}

/** Push sources (the far side decides when data comes): silent after this many ms without data. */
export const DEFAULT_SILENT_AFTER_MS = 30_000;

/**
 * The `silentAfterMs` the CLI gives a source when `--silent-after` is not set: three sampling intervals
 * for the sources that sample or poll, 30 s of silence for the push sources, none for a file (its
 * silences are the recording's own).
 */
export function defaultSilentAfterMs(spec: SourceSpec, intervalMs: number | undefined): number | undefined {
  switch (spec.kind) {
    case 'file':
      return undefined;
    case 'synthetic':
    case 'http':
      return 3 * (intervalMs ?? DEFAULT_INTERVAL_MS[spec.kind] ?? 1_000);
    case 'system':
      return 3 * (spec.intervalMs ?? intervalMs ?? DEFAULT_INTERVAL_MS.system ?? 1_000);
    default:
      return DEFAULT_SILENT_AFTER_MS;
  }
}
