import { describe, expect, it } from 'vitest';
import { parseSourceSpec, type SourceSpec, UsageError } from '../../src/cli/index.js';
import { redactUrlPassword } from '../../src/util/index.js';

describe('parseSourceSpec', () => {
  const valid: [string, SourceSpec][] = [
    ['synthetic', { kind: 'synthetic', seed: 1 }],
    ['synthetic:42', { kind: 'synthetic', seed: 42 }],
    ['SYNTHETIC:0', { kind: 'synthetic', seed: 0 }],
    ['system', { kind: 'system', intervalMs: undefined }],
    ['system:250', { kind: 'system', intervalMs: 250 }],
    [
      'mqtt://127.0.0.1:1884/sensors/#',
      { kind: 'mqtt', url: 'mqtt://127.0.0.1:1884', topics: ['sensors/#'], options: {} },
    ],
    [
      'mqtt://127.0.0.1/home/+/temp',
      { kind: 'mqtt', url: 'mqtt://127.0.0.1:1883', topics: ['home/+/temp'], options: {} },
    ],
    [
      'mqtts://127.0.0.1/a,b/#',
      { kind: 'mqtt', url: 'mqtts://127.0.0.1:8883', topics: ['a', 'b/#'], options: {} },
    ],
    ['mqtt://[::1]:1883/#', { kind: 'mqtt', url: 'mqtt://[::1]:1883', topics: ['#'], options: {} }],
    [
      'mqtt://panel:p%40ss%3Aw0rd@127.0.0.1:1884/home/#',
      {
        kind: 'mqtt',
        url: 'mqtt://127.0.0.1:1884',
        topics: ['home/#'],
        options: {},
        username: 'panel',
        password: 'p@ss:w0rd',
      },
    ],
    [
      'mqtts://panel@broker.local/t',
      { kind: 'mqtt', url: 'mqtts://broker.local:8883', topics: ['t'], options: {}, username: 'panel' },
    ],
    [
      'mqtt://127.0.0.1/home/#?qos=1&clean=false&clientId=pi-1&keepalive=5&format=number&key=h.{1}',
      {
        kind: 'mqtt',
        url: 'mqtt://127.0.0.1:1883',
        topics: ['home/#'],
        options: { qos: 1, clean: false, clientId: 'pi-1', keepalive: 5, format: 'number', key: 'h.{1}' },
      },
    ],
    ['tcp://127.0.0.1:7000', { kind: 'tcp', host: '127.0.0.1', port: 7000 }],
    ['tcp://127.0.0.1:7000/', { kind: 'tcp', host: '127.0.0.1', port: 7000 }],
    ['tcp-listen://127.0.0.1:0', { kind: 'tcp-listen', host: '127.0.0.1', port: 0 }],
    ['tcp-listen://[::1]:9000', { kind: 'tcp-listen', host: '::1', port: 9000 }],
    ['ws://127.0.0.1:8080/live', { kind: 'websocket', url: 'ws://127.0.0.1:8080/live' }],
    ['wss://127.0.0.1/feed', { kind: 'websocket', url: 'wss://127.0.0.1/feed' }],
    ['http://127.0.0.1:8080/status.json', { kind: 'http', url: 'http://127.0.0.1:8080/status.json' }],
    ['https://127.0.0.1/x?y=1', { kind: 'http', url: 'https://127.0.0.1/x?y=1' }],
    ['stdin', { kind: 'stdin' }],
    ['-', { kind: 'stdin' }],
    ['file:rec.ndjson', { kind: 'file', path: 'rec.ndjson' }],
    ['file:dir/with:colon.ndjson', { kind: 'file', path: 'dir/with:colon.ndjson' }],
  ];
  it.each(valid)('parses %s', (spec, expected) => {
    expect(parseSourceSpec(spec)).toEqual(expected);
  });

  // [spec, the part the message must name, a phrase of what was expected]
  const invalid: [string, string, string][] = [
    ['', 'source', 'expected a source spec'],
    ['synthetic:x', 'seed', 'integer seed'],
    ['mqtt://127.0.0.1/a?qos=2', 'option "qos"', '0 or 1'],
    ['mqtt://127.0.0.1/a?clean=no', 'option "clean"', 'true or false'],
    ['mqtt://127.0.0.1/a?keepalive=0', 'option "keepalive"', 'whole seconds'],
    ['mqtt://127.0.0.1/a?format=xml', 'option "format"', 'json, number, string, auto'],
    ['mqtt://127.0.0.1/a?retain=1', 'option "retain"', 'one of qos, clean'],
    ['synthetic:-1', 'seed', 'integer seed'],
    ['synthetic:1.5', 'seed', 'integer seed'],
    ['system:0', 'intervalMs', 'interval in ms > 0'],
    ['system:fast', 'intervalMs', 'interval in ms > 0'],
    ['mqtt://127.0.0.1:1883', 'topic filter', 'topic filter after the host'],
    ['mqtt://127.0.0.1:1883/', 'topic filter', 'topic filter after the host'],
    ['mqtt://127.0.0.1:99999/a', 'port', 'integer in 1..65535'],
    ['mqtt://:1883/a', 'host', 'host name or address'],
    ['mqtt://127.0.0.1/a/#/b', 'topic filter "a/#/b"', '"#" only as a whole last level'],
    ['mqtt://127.0.0.1/a+', 'topic filter "a+"', '"+" only as a whole level'],
    ['mqtt://127.0.0.1/a,,b', 'topic filter', 'non-empty filter'],
    ['mqtt://:secret@127.0.0.1/a', 'user name', 'a user name before'],
    ['mqtt://panel:%zz@127.0.0.1/a', 'password', 'percent-encoding that decodes'],
    ['tcp://127.0.0.1', 'port', '":port" after the host'],
    ['tcp://127.0.0.1:x', 'port', 'integer in 1..65535'],
    ['tcp://127.0.0.1:0', 'port', 'integer in 1..65535'],
    ['tcp://:7000', 'host', 'host name or address'],
    ['tcp://127.0.0.1:7000/path', 'address "127.0.0.1:7000/path"', 'host:port with no path'],
    ['tcp-listen://127.0.0.1:70000', 'port', 'integer in 0..65535'],
    ['tcp-listen://[::1', 'host "[::1"', 'closing "]"'],
    ['ws://', 'URL', 'a valid URL'],
    ['http://', 'URL', 'a valid URL'],
    ['file:', 'path', 'file path after "file:"'],
    ['serial:/dev/ttyUSB0', 'serial', 'unknown scheme "serial"'],
    ['udp://127.0.0.1:9', 'udp', 'unknown scheme "udp"'],
    ['banana', 'banana', 'unknown source'],
  ];
  it.each(invalid)('refuses %j, naming %s', (spec, part, phrase) => {
    let caught: unknown;
    try {
      parseSourceSpec(spec);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const err = caught as UsageError;
    expect(err.message).toContain(phrase);
    expect(err.argument).toContain(part);
    // Quoted as given, its password masked.
    if (spec !== '') expect(err.message).toContain(JSON.stringify(redactUrlPassword(spec)));
  });

  it('lists every accepted form in the message for an unknown source', () => {
    expect(() => parseSourceSpec('banana')).toThrow(
      /synthetic\[:seed\], system\[:intervalMs\], mqtt:\/\/, tcp:\/\/, tcp-listen:\/\/, ws:\/\/, wss:\/\/, http:\/\/, https:\/\/, stdin or file:PATH/,
    );
  });

  it('never prints a password: an error quotes the spec with the password masked', () => {
    const error = (() => {
      try {
        parseSourceSpec('mqtt://panel:hunter2@127.0.0.1:99999/home/#');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a UsageError');
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('"mqtt://panel:***@127.0.0.1:99999/home/#"');
    expect(error.message).not.toContain('hunter2');
  });
});
