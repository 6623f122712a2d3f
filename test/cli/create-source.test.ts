import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSource, parseSourceSpec, stableClientId } from '../../src/cli/index.js';
import { MqttSource } from '../../src/sources/index.js';

const stdin = new PassThrough();

function mqtt(spec: string, persistentSession: boolean): MqttSource {
  const source = createSource(parseSourceSpec(spec), { stdin, persistentSession });
  if (!(source instanceof MqttSource)) throw new Error('expected an MqttSource');
  return source;
}

function optionsOf(source: MqttSource): Record<string, unknown> {
  return (source as unknown as { options: Record<string, unknown>; clientId: string }).options;
}

describe('createSource: MQTT defaults per command', () => {
  it('record: QoS 1, a persistent session and a client id stable for the same command line', () => {
    const a = mqtt('mqtt://127.0.0.1/home/#', true);
    expect(a.delivery).toBe('at-least-once');
    expect(optionsOf(a)).toMatchObject({ qos: 1, clean: false, keepaliveMs: 15_000 });
    expect(optionsOf(a).clientId).toBe(stableClientId('mqtt', 'mqtt://127.0.0.1:1883', ['home/#']));
    expect(optionsOf(mqtt('mqtt://127.0.0.1/home/#', true)).clientId).toBe(optionsOf(a).clientId);
    expect(optionsOf(mqtt('mqtt://127.0.0.1/other/#', true)).clientId).not.toBe(optionsOf(a).clientId);
  });

  it('monitor: QoS 0 and a clean session unless the spec asks otherwise', () => {
    expect(mqtt('mqtt://127.0.0.1/home/#', false).delivery).toBe('at-most-once');
    const asked = mqtt('mqtt://127.0.0.1/home/#?qos=1&clean=false&clientId=pi&keepalive=5', false);
    expect(asked.delivery).toBe('at-least-once');
    expect(optionsOf(asked)).toMatchObject({ qos: 1, clean: false, clientId: 'pi', keepaliveMs: 5_000 });
  });

  it('record: the spec overrides the defaults', () => {
    const s = mqtt('mqtt://127.0.0.1/home/#?qos=0&clean=true', true);
    expect(s.delivery).toBe('at-most-once');
    expect(optionsOf(s)).toMatchObject({ qos: 0, clean: true });
  });
});

describe('createSource: MQTT credentials', () => {
  it("hands the spec's user and password to the source, and keeps them out of its url", () => {
    const s = mqtt('mqtt://panel:p%40ss@127.0.0.1/home/#', false);
    expect(optionsOf(s)).toMatchObject({ url: 'mqtt://127.0.0.1:1883', username: 'panel', password: 'p@ss' });
    expect(optionsOf(mqtt('mqtt://127.0.0.1/home/#', false))).not.toHaveProperty('username');
  });
});
