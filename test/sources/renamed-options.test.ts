/**
 * Options renamed before 1.0 (units in the name, one error sink name) are refused at construction,
 * naming the old key and the new one: an old key must not be silently ignored.
 */
import { describe, expect, it } from 'vitest';
import { PngFolderOutput } from '../../src/outputs/index.js';
import {
  HttpPollSource,
  MqttSource,
  type Source,
  SourceSupervisor,
  SyntheticSource,
  SystemMetricsSource,
  WebSocketSource,
} from '../../src/sources/index.js';
import { RecordingSink } from './helpers.js';

const idle: Source = { id: 's', kind: 'test', start: async () => undefined, stop: async () => undefined };

/** Pass an options object with a key the type no longer has (what a JavaScript caller can do). */
const old = <T>(options: object): T => options as T;

describe('renamed options are refused, naming the new spelling', () => {
  it.each([
    ['staleAfter', 'silentAfterMs'],
    ['connectTimeout', 'connectTimeoutMs'],
    ['reportInterval', 'reportIntervalMs'],
    ['report', 'onError'],
  ])('SourceSupervisor: %s -> %s', (was, now) => {
    const sink = new RecordingSink();
    expect(() => new SourceSupervisor(idle, old({ sink, [was]: 1_000 }))).toThrow(
      `SourceSupervisor option "${was}" was renamed: use "${now}"`,
    );
  });

  it.each([
    ['initialDelay', 'initialDelayMs'],
    ['maxDelay', 'maxDelayMs'],
    ['resetAfter', 'resetAfterMs'],
  ])('backoff: %s -> %s', (was, now) => {
    const sink = new RecordingSink();
    expect(() => new SourceSupervisor(idle, { sink, backoff: old({ [was]: 100 }) })).toThrow(
      `backoff option "${was}" was renamed: use "${now}"`,
    );
  });

  it('each source: interval, timeout, ping/pong and keep-alive take their unit', () => {
    expect(
      () => new SyntheticSource(old({ id: 's', fields: { v: { kind: 'noise' } }, interval: 100 })),
    ).toThrow('SyntheticSource option "interval" was renamed: use "intervalMs"');
    expect(() => new SystemMetricsSource(old({ interval: 100 }))).toThrow(
      'SystemMetricsSource option "interval" was renamed: use "intervalMs"',
    );
    expect(() => new HttpPollSource(old({ id: 'h', url: 'http://127.0.0.1/', timeout: 5 }))).toThrow(
      'HttpPollSource option "timeout" was renamed: use "timeoutMs"',
    );
    expect(() => new WebSocketSource(old({ id: 'w', url: 'ws://127.0.0.1/', pingInterval: 5 }))).toThrow(
      'WebSocketSource option "pingInterval" was renamed: use "pingIntervalMs"',
    );
    expect(
      () => new MqttSource(old({ id: 'm', url: 'mqtt://127.0.0.1', topics: ['a'], keepalive: 30 })),
    ).toThrow('MqttSource option "keepalive" was renamed: use "keepaliveMs"');
  });

  it('MqttSource: clientOptions (mqtt.js options) are gone, naming username, password and tls', () => {
    expect(
      () =>
        new MqttSource(
          old({ id: 'm', url: 'mqtt://127.0.0.1', topics: ['a'], clientOptions: { username: 'u' } }),
        ),
    ).toThrow(
      'MqttSource option "clientOptions" is gone (tinydisplay no longer uses mqtt.js): use "username", "password" and "tls"',
    );
  });

  it('an output: report -> onError', () => {
    expect(() => new PngFolderOutput(old({ dir: '.', report: () => undefined }))).toThrow(
      'png-folder option "report" was renamed: use "onError"',
    );
  });

  it('MQTT keep-alive in ms must be whole seconds (MQTT counts seconds)', () => {
    const base = { id: 'm', url: 'mqtt://127.0.0.1', topics: ['a'] };
    expect(() => new MqttSource({ ...base, keepaliveMs: 1_500 })).toThrow(
      /"keepaliveMs": expected whole seconds/,
    );
    expect(() => new MqttSource({ ...base, keepaliveMs: 0 })).not.toThrow();
  });
});
