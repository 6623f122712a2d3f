/**
 * `tinydisplay record <config>`: every source a config declares, into one recording. Run in this
 * process with a fake `CliIo`; the MQTT case against the in-process aedes broker (or MQTT_URL).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRecording } from '../../src/app/index.js';
import { runCli } from '../../src/cli/index.js';
import { startAedes, type TestBroker } from '../sources/brokers.js';
import { fakeIo } from './fake-io.js';
import { dataOf } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'td-record-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const DISPLAY = 'display: { width: 32, height: 16, fps: 20 }\n';

describe('tinydisplay record <config>', () => {
  it('records every source of the config into one recording, and ends when they all have', async () => {
    // A file: path is read from the config's folder, whatever the working directory.
    write(
      'in.ndjson',
      [0, 40, 80]
        .map((t, i) => JSON.stringify({ v: 1, seq: i + 1, t, src: 'x', data: { n: i } }))
        .join('\n')
        .concat('\n'),
    );
    const config = write(
      'two.yaml',
      `${DISPLAY}sources:\n  - { id: replayed, url: "file:in.ndjson", speed: 20 }\n  - { id: piped, url: stdin }\n`,
    );
    const out = join(dir, 'two.ndjson');
    const { io, stderr } = fakeIo('{"t":1}\n{"t":2}\n');
    expect(await runCli(['record', config, '--out', out], io), stderr.text).toBe(0);
    const data = dataOf(parseRecording(readFileSync(out, 'utf8')));
    expect(data.filter((d) => d.src === 'replayed').map((d) => d.data)).toEqual([
      { n: 0 },
      { n: 1 },
      { n: 2 },
    ]);
    expect(data.filter((d) => d.src === 'piped').map((d) => d.data)).toEqual([{ t: 1 }, { t: 2 }]);
    expect(stderr.text).toMatch(
      /recorded 5 points and 0 gap markers from replayed, piped in .* \(ended\) to /,
    );
    expect(stderr.text).not.toContain('loss not knowable'); // a file and stdin lose nothing unseen
  });

  it('stops at --max-points, and the recording replays through the same config', async () => {
    const config = write(
      'synthetic.yaml',
      readFileSync(new URL('../fixtures/config/synthetic.yaml', import.meta.url), 'utf8'),
    );
    const out = join(dir, 'synthetic.ndjson');
    const { io, stderr } = fakeIo();
    expect(await runCli(['record', config, '-o', out, '--max-points', '4'], io), stderr.text).toBe(0);
    const entries = parseRecording(readFileSync(out, 'utf8'));
    expect(dataOf(entries).map((d) => d.src)).toEqual(['synthetic', 'synthetic', 'synthetic', 'synthetic']);
    expect(stderr.text).toMatch(/recorded 4 points .* from synthetic in .* \(max-points\)/);
    const render = fakeIo();
    const frames = join(dir, 'frames');
    expect(await runCli(['replay', config, out, '--png-dir', frames], render.io), render.stderr.text).toBe(0);
  });

  it('stops on SIGINT / SIGTERM like the source form, the recording complete', async () => {
    const config = write(
      'live.yaml',
      `${DISPLAY}sources:\n  - { id: s, url: "synthetic:2", interval: 20ms }\n`,
    );
    const { io, stdout, stderr, signals } = fakeIo();
    const running = runCli(['record', config], io);
    while (stdout.text.split('\n').length < 3) await new Promise((r) => setTimeout(r, 10));
    for (const handler of [...signals]) handler('SIGINT');
    expect(await running, stderr.text).toBe(0);
    expect(stderr.text).toMatch(/from s in .* \(signal\)/);
    expect(dataOf(parseRecording(stdout.text)).length).toBeGreaterThanOrEqual(2);
  });

  it('says the port a tcp-listen source picked once it listens, like the source form', async () => {
    const config = write(
      'listen.yaml',
      `${DISPLAY}sources:\n  - { id: in, url: "tcp-listen://127.0.0.1:0" }\n`,
    );
    const { io, stderr } = fakeIo();
    const running = runCli(['record', config, '--max-points', '1'], io);
    let port: string | undefined;
    while (port === undefined) {
      port = stderr.text.match(/source in: listening on 127\.0\.0\.1:(\d+)/)?.[1];
      if (port === undefined) await new Promise((r) => setTimeout(r, 10));
    }
    const client = connect(Number(port), '127.0.0.1', () => client.end('{"n":1}\n'));
    expect(await running, stderr.text).toBe(0);
    expect(stderr.text).toMatch(/recorded 1 points .*\(max-points\)/);
    // --seq-field is refused with a config: the notice does not advise it.
    expect(stderr.text).toContain(
      "loss not knowable: a tcp-ndjson source keeps nothing sent while it is disconnected (0 gaps); the config's sources have no sequence field to count every loss",
    );
    expect(stderr.text).not.toContain('--seq-field');
  });

  it('says when the argument is neither a source nor a readable config (usage, exit 2)', async () => {
    const { io, stderr } = fakeIo();
    expect(await runCli(['record', join(dir, 'missing.yaml')], io)).toBe(2);
    expect(stderr.text).toContain('is neither a source nor a readable config file');
    expect(stderr.text).toContain('unknown source');
    expect(stderr.text).toContain('cannot read it');
    expect(stderr.text).toContain('(see: tinydisplay record --help)');
  });

  it('refuses the options a config sets per source (usage, exit 2)', async () => {
    const config = write('one.yaml', `${DISPLAY}sources:\n  - { id: s, url: "synthetic:1" }\n`);
    const { io, stderr } = fakeIo();
    expect(await runCli(['record', config, '--sample', '1s'], io)).toBe(2);
    expect(stderr.text).toContain('record: --sample applies to a <source> only');
  });

  it('exits 1 for an invalid config (every error printed), one without sources, or a file: source that is missing', async () => {
    const broken = write(
      'broken.yaml',
      `${DISPLAY}sources:\n  - { id: s, url: "synthetic:1", interval: 5 }\n`,
    );
    const bad = fakeIo();
    expect(await runCli(['record', broken], bad.io)).toBe(1);
    expect(bad.stderr.text).toMatch(/broken\.yaml: sources\[0\]\.interval: /);
    const empty = write('empty.yaml', DISPLAY);
    const none = fakeIo();
    expect(await runCli(['record', empty], none.io)).toBe(1);
    expect(none.stderr.text).toContain('the config declares no sources: nothing to record');
    const gone = write('gone.yaml', `${DISPLAY}sources:\n  - { id: f, url: "file:gone.ndjson" }\n`);
    const missing = fakeIo();
    expect(await runCli(['record', gone], missing.io)).toBe(1);
    expect(missing.stderr.text).toMatch(/gone\.yaml: source f: file ".*gone\.ndjson" does not exist/);
    expect(bad.stdout.text + none.stdout.text + missing.stdout.text).toBe('');
  });
});

describe('tinydisplay record <config> over MQTT', () => {
  let broker: TestBroker | undefined;
  afterAll(async () => {
    await broker?.close();
  });

  it(`records Home Assistant-style plain-string and JSON payloads (${process.env.MQTT_URL === undefined ? 'in-process aedes' : 'MQTT_URL'})`, async () => {
    let url = process.env.MQTT_URL;
    if (url === undefined) {
      broker = await startAedes();
      url = broker.url;
    }
    const prefix = `td${process.pid}x${Date.now().toString(36)}`;
    // Retained messages reach the recorder when it subscribes: no waiting for it to connect.
    const pub = await connectAsync(url, { reconnectPeriod: 0 });
    const messages: [string, string][] = [
      [`${prefix}/homeassistant/sensor/outdoor_temperature/state`, '7.5'],
      [`${prefix}/homeassistant/light/kitchen/state`, 'ON'],
      [`${prefix}/zigbee2mqtt/living_room`, '{"temperature":21.4,"humidity":48}'],
    ];
    for (const [topic, payload] of messages) await pub.publishAsync(topic, payload, { retain: true, qos: 1 });
    const config = write(
      'mqtt.yaml',
      `${DISPLAY}sources:\n  - { id: home, url: "${url}/${prefix}/#?clientId=${prefix}-rec" }\n`,
    );
    const out = join(dir, 'mqtt.ndjson');
    const { io, stderr } = fakeIo();
    try {
      expect(await runCli(['record', config, '--out', out, '--max-points', '3'], io), stderr.text).toBe(0);
    } finally {
      for (const [topic] of messages) await pub.publishAsync(topic, '', { retain: true, qos: 1 });
      await pub.endAsync();
    }
    const data = dataOf(parseRecording(readFileSync(out, 'utf8')));
    expect(data.every((d) => d.src === 'home')).toBe(true);
    // A topic is a key path; a plain number is read as one, other plain strings stay strings.
    const sorted = data.map((d) => JSON.stringify(d.data)).sort();
    expect(sorted).toEqual(
      [
        { homeassistant: { light: { kitchen: { state: 'ON' } } } },
        { homeassistant: { sensor: { outdoor_temperature: { state: 7.5 } } } },
        { zigbee2mqtt: { living_room: { temperature: 21.4, humidity: 48 } } },
      ]
        .map((d) => JSON.stringify({ [prefix]: d }))
        .sort(),
    );
    expect(stderr.text).toMatch(/recorded 3 points and 0 gap markers from home .*\(max-points\)/);
    expect(stderr.text).toContain(
      "loss not knowable: the broker's session kept what came while disconnected",
    );
    expect(stderr.text).not.toContain('--seq-field');
  });
});
