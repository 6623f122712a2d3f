/** Turns a parsed `SourceSpec` into the library's `Source` for it, with the CLI's defaults. */
import type { Readable } from 'node:stream';
import {
  FileReplaySource,
  HttpPollSource,
  MqttSource,
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

export interface SourceSettings {
  /** Source id written with every point. Default: the transport's name (`synthetic`, `mqtt`, `tcp`...). */
  readonly id?: string | undefined;
  /** Sampling (synthetic, system) or polling (http) interval, ms. Default: `DEFAULT_INTERVAL_MS`. */
  readonly intervalMs?: number | undefined;
  /** Nest each message under this key (ws, http): needed for plain-number messages. Default none. */
  readonly key?: string | undefined;
  /** Replay speed of `file:` (1 = as recorded, Infinity = as fast as possible). Default 1. */
  readonly speed?: number | undefined;
  /** The stream `stdin` reads. */
  readonly stdin: Readable;
}

export function createSource(spec: SourceSpec, settings: SourceSettings): Source {
  const id = settings.id ?? DEFAULT_IDS[spec.kind];
  const interval = settings.intervalMs ?? DEFAULT_INTERVAL_MS[spec.kind];
  const key = settings.key === undefined ? {} : { key: settings.key };
  switch (spec.kind) {
    case 'synthetic':
      return new SyntheticSource({
        id,
        fields: SYNTHETIC_FIELDS,
        seed: spec.seed,
        interval: interval ?? 100,
      });
    case 'system':
      return new SystemMetricsSource({ id, interval: spec.intervalMs ?? interval ?? 1_000 });
    case 'mqtt':
      return new MqttSource({ id, url: spec.url, topics: spec.topics });
    case 'tcp':
      return new TcpNdjsonSource({ id, mode: 'client', host: spec.host, port: spec.port });
    case 'tcp-listen':
      return new TcpNdjsonSource({ id, mode: 'server', host: spec.host, port: spec.port });
    case 'websocket':
      return new WebSocketSource({ id, url: spec.url, ...key });
    case 'http':
      return new HttpPollSource({ id, url: spec.url, interval: interval ?? 5_000, ...key });
    case 'stdin':
      return new StdinNdjsonSource({ id, input: settings.stdin });
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
