/**
 * The `<source>` argument of `record` and `monitor`, parsed by one pure function. A spec names a
 * transport and where to find it:
 *
 *   synthetic[:seed]                  seeded demo waveforms (cpu sine, mem noise, temp steps, net bursts)
 *   system[:intervalMs]               this machine's cpu, load, memory, temperature, network, disk
 *   mqtt://[user[:password]@]host[:port]/topic/filter
 *                                     MQTT subscription (wildcards + and # allowed; comma for several);
 *                                     user and password percent-encoded, never printed
 *     ?qos=0|1&clean=true|false&clientId=ID&keepalive=S&format=json|number|string|auto&key=TEMPLATE
 *     (the query starts at the first "?": topics holding a "?" cannot be given here)
 *   mqtts://...                       the same over TLS
 *   tcp://host:port                   NDJSON over TCP, as a client
 *   tcp-listen://host:port            NDJSON over TCP, as a server (port 0 picks a free one)
 *   ws://... | wss://...              WebSocket, one JSON message per point
 *   http://... | https://...          JSON polled over HTTP (see --interval)
 *   stdin                             NDJSON on standard input
 *   file:PATH                         an NDJSON recording, replayed
 *
 * Errors are `UsageError`s that quote the spec (its password masked) and name the bad part.
 */
import { PAYLOAD_FORMATS, type PayloadFormat } from '../sources/index.js';
import { redactUrlPassword } from '../util/index.js';
import { parseNumber } from './option-values.js';
import { shown, UsageError } from './usage-error.js';

/** The MQTT options a spec's query may set; absent ones take the command's defaults. */
export interface MqttSpecOptions {
  readonly qos?: 0 | 1;
  readonly clean?: boolean;
  readonly clientId?: string;
  /** Seconds. */
  readonly keepalive?: number;
  readonly format?: PayloadFormat;
  /** Key template for every filter (`{topic}`, `{1}`...). */
  readonly key?: string;
}

export type SourceSpec =
  | { readonly kind: 'synthetic'; readonly seed: number }
  | { readonly kind: 'system'; readonly intervalMs: number | undefined }
  | {
      readonly kind: 'mqtt';
      /** Scheme, host and port: no credentials, safe to print. */
      readonly url: string;
      readonly topics: readonly string[];
      readonly options: MqttSpecOptions;
      /** From the spec's `user:password@`, percent-decoded. */
      readonly username?: string;
      readonly password?: string;
    }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'tcp-listen'; readonly host: string; readonly port: number }
  | { readonly kind: 'websocket'; readonly url: string }
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'file'; readonly path: string };

export type SourceKind = SourceSpec['kind'];

/** A spec as messages quote it: its password masked. */
function shownSpec(spec: string): string {
  return shown(redactUrlPassword(spec));
}

function bad(spec: string, part: string, expected: string): never {
  throw new UsageError(`source ${shownSpec(spec)}: ${part}: expected ${expected}`, part);
}

const PORT = { expected: 'an integer in 1..65535', min: 1, max: 65535, integer: true } as const;
const LISTEN_PORT = { expected: 'an integer in 0..65535', min: 0, max: 65535, integer: true } as const;

/** `host:port`, `[v6]:port`; the port may be optional (`defaultPort`). */
function hostPort(
  spec: string,
  text: string,
  port: { readonly expected: string; readonly min: number; readonly max: number; readonly integer: true },
  defaultPort?: number,
): { host: string; port: number } {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) bad(spec, `host ${shown(text)}`, 'a closing "]" after an IPv6 address');
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) bad(spec, `host ${shown(text)}`, '":port" after "]"');
    portText = rest === '' ? undefined : rest.slice(1);
  } else {
    const colon = text.lastIndexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
  }
  if (host === '') bad(spec, 'host', 'a host name or address, got nothing');
  if (/[\s/@]/.test(host)) bad(spec, `host ${shown(host)}`, 'a host name or address');
  if (portText === undefined) {
    if (defaultPort === undefined) bad(spec, 'port', `":port" after the host (${port.expected})`);
    return { host, port: defaultPort };
  }
  return { host, port: parseNumber(portText, port, `source ${shownSpec(spec)}: port`) };
}

function parseUrl(spec: string, protocols: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(spec);
  } catch (err) {
    return bad(spec, 'URL', `a valid URL (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!protocols.includes(url.protocol)) bad(spec, `scheme ${shown(url.protocol)}`, protocols.join(' or '));
  if (url.hostname === '') bad(spec, 'host', 'a host name or address, got nothing');
  return url.href;
}

function mqttOptions(spec: string, query: string): MqttSpecOptions {
  const out: {
    qos?: 0 | 1;
    clean?: boolean;
    clientId?: string;
    keepalive?: number;
    format?: PayloadFormat;
    key?: string;
  } = {};
  if (query === '') return out;
  for (const [name, value] of new URLSearchParams(query)) {
    const at = `option ${shown(name)}`;
    switch (name) {
      case 'qos':
        if (value !== '0' && value !== '1') bad(spec, at, `0 or 1, got ${shown(value)}`);
        out.qos = value === '1' ? 1 : 0;
        break;
      case 'clean':
        if (value !== 'true' && value !== 'false') bad(spec, at, `true or false, got ${shown(value)}`);
        out.clean = value === 'true';
        break;
      case 'clientId':
        if (value === '' || value.length > 128) bad(spec, at, `1 to 128 characters, got ${shown(value)}`);
        out.clientId = value;
        break;
      case 'keepalive':
        out.keepalive = parseNumber(
          value,
          { expected: 'whole seconds in 1..65535', min: 1, max: 65535, integer: true },
          `source ${shownSpec(spec)}: ${at}`,
        );
        break;
      case 'format':
        if (!PAYLOAD_FORMATS.includes(value as PayloadFormat))
          bad(spec, at, `${PAYLOAD_FORMATS.join(', ')}, got ${shown(value)}`);
        out.format = value as PayloadFormat;
        break;
      case 'key':
        if (value === '') bad(spec, at, 'a key template ({topic}, {1}...), got ""');
        out.key = value;
        break;
      default:
        bad(spec, at, 'one of qos, clean, clientId, keepalive, format, key');
    }
  }
  return out;
}

function mqtt(spec: string, scheme: 'mqtt' | 'mqtts'): SourceSpec {
  // Not `new URL`: `#` is the MQTT multi-level wildcard, which a URL parser takes for a fragment.
  const q = spec.indexOf('?');
  const options = mqttOptions(spec, q < 0 ? '' : spec.slice(q + 1));
  const rest = spec.slice(scheme.length + 3, q < 0 ? spec.length : q);
  const slash = rest.indexOf('/');
  if (slash < 0 || slash === rest.length - 1)
    bad(spec, 'topic filter', 'a topic filter after the host (mqtt://host:port/sensors/#)');
  const authority = rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  const credentials = at < 0 ? {} : userInfo(spec, authority.slice(0, at));
  const { host, port } = hostPort(spec, authority.slice(at + 1), PORT, scheme === 'mqtt' ? 1883 : 8883);
  const topics = rest.slice(slash + 1).split(',');
  for (const t of topics) {
    if (t === '') bad(spec, 'topic filter', 'a non-empty filter between commas');
    const levels = t.split('/');
    levels.forEach((level, i) => {
      if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
        bad(spec, `topic filter ${shown(t)}`, '"#" only as a whole last level');
      if (level.includes('+') && level !== '+')
        bad(spec, `topic filter ${shown(t)}`, '"+" only as a whole level');
    });
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { kind: 'mqtt', url: `${scheme}://${shownHost}:${port}`, topics, options, ...credentials };
}

/** `user[:password]` before a host's `@`, each part percent-decoded. */
function userInfo(spec: string, text: string): { username: string; password?: string } {
  const colon = text.indexOf(':');
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return bad(spec, what, 'percent-encoding that decodes (%40 for "@", %3A for ":")');
    }
  };
  const username = decode(colon < 0 ? text : text.slice(0, colon), 'user name');
  if (username === '') bad(spec, 'user name', 'a user name before ":password@" or "@"');
  return colon < 0 ? { username } : { username, password: decode(text.slice(colon + 1), 'password') };
}

/** Parse a `<source>` argument. Throws a `UsageError` naming the bad part. */
export function parseSourceSpec(spec: string): SourceSpec {
  if (typeof spec !== 'string' || spec.trim() === '')
    throw new UsageError('source: expected a source spec (see tinydisplay --help), got nothing', 'source');
  const lower = spec.toLowerCase();
  if (lower === 'synthetic' || lower.startsWith('synthetic:')) {
    const seedText = spec.slice('synthetic:'.length);
    const seed =
      lower === 'synthetic'
        ? 1
        : parseNumber(
            seedText,
            { expected: 'an integer seed in 0..4294967295', min: 0, max: 4294967295, integer: true },
            `source ${shownSpec(spec)}: seed`,
          );
    return { kind: 'synthetic', seed };
  }
  if (lower === 'system' || lower.startsWith('system:')) {
    const intervalMs =
      lower === 'system'
        ? undefined
        : parseNumber(
            spec.slice('system:'.length),
            { expected: 'a sampling interval in ms > 0', min: 0, exclusiveMin: true },
            `source ${shownSpec(spec)}: intervalMs`,
          );
    return { kind: 'system', intervalMs };
  }
  if (lower === 'stdin' || lower === '-') return { kind: 'stdin' };
  if (lower.startsWith('file:')) {
    const path = spec.slice('file:'.length);
    if (path === '') bad(spec, 'path', 'a file path after "file:"');
    return { kind: 'file', path };
  }
  if (lower.startsWith('mqtt://')) return mqtt(spec, 'mqtt');
  if (lower.startsWith('mqtts://')) return mqtt(spec, 'mqtts');
  for (const [prefix, kind] of [
    ['tcp://', 'tcp'],
    ['tcp-listen://', 'tcp-listen'],
  ] as const) {
    if (!lower.startsWith(prefix)) continue;
    const rest = spec.slice(prefix.length).replace(/\/$/, '');
    if (rest.includes('/')) bad(spec, `address ${shown(rest)}`, 'host:port with no path');
    return { kind, ...hostPort(spec, rest, kind === 'tcp' ? PORT : LISTEN_PORT) };
  }
  if (lower.startsWith('ws://') || lower.startsWith('wss://'))
    return { kind: 'websocket', url: parseUrl(spec, ['ws:', 'wss:']) };
  if (lower.startsWith('http://') || lower.startsWith('https://'))
    return { kind: 'http', url: parseUrl(spec, ['http:', 'https:']) };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(spec)?.[1];
  throw new UsageError(
    `source ${shownSpec(spec)}: ${scheme === undefined ? 'unknown source' : `unknown scheme ${shown(scheme)}`}: expected ` +
      'synthetic[:seed], system[:intervalMs], mqtt://, tcp://, tcp-listen://, ws://, wss://, http://, https://, stdin or file:PATH',
    scheme ?? spec,
  );
}
