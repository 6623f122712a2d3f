/** The config commands (validate, run, replay with a config, demo), run in this process with a fake `CliIo`. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { VirtualScreen } from '../outputs/virtual-screen.js';
import { fakeIo } from './fake-io.js';

const dir = mkdtempSync(join(tmpdir(), 'td-config-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = new URL('../fixtures/config/synthetic.yaml', import.meta.url);
const base = readFileSync(fixture, 'utf8');

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A recording of the synthetic source: 40 points, 50 ms apart. */
function recording(): string {
  const lines = [];
  for (let i = 0; i < 40; i++)
    lines.push(
      JSON.stringify({ v: 1, seq: i + 1, t: 10 + i * 50, src: 'synthetic', data: { cpu: (i * 7) % 100 } }),
    );
  return `${lines.join('\n')}\n`;
}

describe('tinydisplay validate', () => {
  it('prints every error with its path, shape and across sections in one run, and exits 1', async () => {
    const file = join(dir, 'broken.yaml');
    // Three shape errors (source interval, widget font, output dir), five across sections.
    writeFileSync(
      file,
      `display: { width: 64, height: 32, fps: 20 }
sources: [{ id: synthetic, url: "synthetic:7", interval: 50 }]
widgets:
  - { type: text, id: label, w: 64, h: 8, font: 4x4, text: "CPU {cpu:0}" }
  - { type: progress-bar, id: bar, y: 10, w: 64, h: 6 }
bindings: [{ key: cpu, target: bar, property: fil }]
animations: [{ id: blink, target: bar, tracks: { visible: [{ at: 0, value: 0 }, { at: 4, value: 1 }] } }]
triggers:
  - { id: hot, when: "cpu > 80 && memx < 2", actions: [{ start: blinky }] }
  - { id: cold, when: "cpu < ", actions: [{ start: blink }] }
outputs: [{ type: ssd1306 }, { type: terminal }, { type: png-dir, dir: "" }]
`,
    );
    const { io, stderr, stdout } = fakeIo();
    expect(await runCli(['validate', file], io)).toBe(1);
    const lines = stderr.text.trim().split('\n');
    expect(lines.map((l) => l.slice(l.indexOf('broken.yaml: ') + 13).split(':')[0])).toEqual([
      'sources[0].interval',
      'widgets[0].font',
      'outputs[2].dir',
      'bindings[0].property',
      'display',
      'triggers[0].when',
      'triggers[0].actions[0].start',
      'triggers[1].when',
      '8 errors',
    ]);
    expect(stderr.text).toContain('bindings[0].property: progress-bar "bar" has no property "fil"');
    expect(stderr.text).toContain('triggers[0].actions[0].start: no animation has the id "blinky"');
    expect(stdout.text).toBe('');
  });

  it('reports only the shape error of a widget a binding targets', async () => {
    const file = join(dir, 'broken-widget.yaml');
    writeFileSync(file, base.replace('w: 64, h: 6', 'w: 64, h: 6, fill: 2'));
    const { io, stderr } = fakeIo();
    expect(await runCli(['validate', file], io)).toBe(1);
    expect(stderr.text).toMatch(/broken-widget\.yaml: widgets\[1\]\.fill: .*<=1\n.*: 1 error\n$/);
  });

  it('accepts a valid config with exit 0, and a bad easing found by installing it', async () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, base);
    const ok = fakeIo();
    expect(await runCli(['validate', file], ok.io)).toBe(0);
    expect(ok.stdout.text).toContain('valid');
    writeFileSync(
      file,
      base.replace('transition: { duration: 200ms }', 'transition: { duration: 200ms, easing: wobbly }'),
    );
    const bad = fakeIo();
    expect(await runCli(['validate', file], bad.io)).toBe(1);
    expect(bad.stderr.text).toMatch(/bindings\[0\]: .*easing.*wobbly/);
  });
});

describe('tinydisplay replay <config> <recording>', () => {
  it('renders the same bytes on two runs', async () => {
    const rec = join(dir, 'rec.ndjson');
    writeFileSync(rec, recording());
    const config = join(dir, 'replay.yaml');
    writeFileSync(config, base);
    const outs = [join(dir, 'a.gif'), join(dir, 'b.gif')];
    for (const out of outs) {
      const { io, stderr } = fakeIo();
      expect(await runCli(['replay', config, rec, '--gif', out], io), stderr.text).toBe(0);
    }
    const [a, b] = outs.map((f) => readFileSync(f));
    expect(a?.length).toBeGreaterThan(100);
    expect(a?.equals(b as Buffer)).toBe(true);
    const pngs = [join(dir, 'p1'), join(dir, 'p2')];
    for (const p of pngs) {
      const { io } = fakeIo();
      expect(
        await runCli(['replay', config, rec, '--png-dir', p, '--from', '500ms', '--to', '1500ms'], io),
      ).toBe(0);
    }
    const names = readdirSync(pngs[0] as string).sort();
    expect(names.length).toBeGreaterThan(5);
    for (const n of names)
      expect(readFileSync(join(pngs[0] as string, n)).equals(readFileSync(join(pngs[1] as string, n)))).toBe(
        true,
      );
  });

  it('refuses a --from later than --to (usage, exit 2), naming both', async () => {
    const config = join(dir, 'range.yaml');
    writeFileSync(config, base.replace('dir: frames', `dir: "${join(dir, 'f-range')}"`));
    const rec = join(dir, 'range.ndjson');
    writeFileSync(rec, recording());
    const { io, stderr } = fakeIo();
    const args = ['replay', config, rec, '--png-dir', join(dir, 'p-range'), '--from', '5s', '--to', '1s'];
    expect(await runCli(args, io)).toBe(2);
    expect(stderr.text).toContain('--from "5s" is later than --to "1s"');
    expect(existsSync(join(dir, 'p-range'))).toBe(false);
  });

  it('refuses --png-dir with --gif (usage, exit 2)', async () => {
    const { io, stderr } = fakeIo();
    expect(await runCli(['replay', 'a.yaml', 'b.ndjson', '--gif', 'x.gif', '--png-dir', 'd'], io)).toBe(2);
    expect(stderr.text).toContain('exactly one of --png-dir DIR or --gif FILE');
  });
});

describe('tinydisplay run <config>', () => {
  it('keeps the display going on an invalid reload, swaps on a valid one, stops cleanly on SIGINT', async () => {
    const file = join(dir, 'live.yaml');
    const frames = join(dir, 'frames');
    writeFileSync(file, base.replace('dir: frames', `dir: "${frames}"`));
    const { io, stderr, signals } = fakeIo();
    const done = runCli(['run', file], io);
    await until(() => existsSync(frames) && readdirSync(frames).length > 2, 20_000);
    writeFileSync(file, base.replace('property: fill', 'property: fil'));
    await until(() => stderr.text.includes('reload refused'), 10_000);
    expect(stderr.text).toContain('bindings[0].property: progress-bar "bar" has no property "fil"');
    const count = readdirSync(frames).length;
    await until(() => readdirSync(frames).length > count + 2, 10_000); // still drawing
    writeFileSync(
      file,
      base.replace('dir: frames', `dir: "${frames}"`).replace('y: 10, w: 64, h: 6', 'y: 12, w: 64, h: 6'),
    );
    await until(() => stderr.text.includes('config reloaded'), 10_000);
    expect(signals.length).toBeGreaterThan(0);
    for (const s of [...signals]) s('SIGINT');
    expect(await done).toBe(0);
  });

  it('ends with exit 1 and a clear message when a file source does not exist', async () => {
    const file = join(dir, 'missing.yaml');
    writeFileSync(
      file,
      base
        .replace('url: "synthetic:7", interval: 50ms', 'url: "file:nowhere.ndjson"')
        .replace('dir: frames', `dir: "${join(dir, 'f2')}"`),
    );
    const { io, stderr } = fakeIo();
    expect(await runCli(['run', file, '--no-watch'], io)).toBe(1);
    expect(stderr.text).toMatch(/source synthetic: file ".*nowhere\.ndjson" does not exist/);
  });

  it('exits 1 (a runtime error, like a recording that cannot be read) for a config file that cannot be read', async () => {
    const file = join(dir, 'no-such-config.yaml');
    for (const args of [
      ['validate', file],
      ['run', file, '--no-watch'],
      ['replay', file, join(dir, 'x.ndjson'), '--png-dir', join(dir, 'never')],
    ]) {
      const { io, stderr } = fakeIo();
      expect(await runCli(args, io), args[0]).toBe(1);
      expect(stderr.text).toContain(`config ${JSON.stringify(file)}: cannot read it`);
      expect(stderr.text).not.toContain('--help');
    }
  });
});

describe('tinydisplay keys <source>', () => {
  it('prints each key the source produced with its latest value', async () => {
    const { io, stdout } = fakeIo();
    expect(await runCli(['keys', 'synthetic:3', '--duration', '0.5'], io)).toBe(0);
    const keys = stdout.text
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[0]);
    expect(keys).toEqual(['cpu', 'mem', 'net', 'temp']);
    expect(stdout.text).toMatch(/^cpu\t\d+(\.\d+)?$/m);
  });
});

describe('tinydisplay demo', () => {
  it('renders headless into a GIF with --gif, from the machine’s own metrics (no network)', async () => {
    const gif = join(dir, 'demo.gif');
    const { io, stderr } = fakeIo();
    expect(await runCli(['demo', '--gif', gif, '--seconds', '1500ms'], io), stderr.text).toBe(0);
    const bytes = readFileSync(gif);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(stderr.text).not.toContain('simulator at');
  });

  it('shows temperature only where the machine has a sensor: no key goes unseen, on any machine', async () => {
    const gif = join(dir, 'demo-keys.gif');
    const { io, stderr } = fakeIo();
    // The runtime looks for unseen keys every 3 s of ticks; 3.5 s covers one look with data in.
    expect(await runCli(['demo', '--gif', gif, '--seconds', '3500ms'], io), stderr.text).toBe(0);
    expect(stderr.text).not.toContain('has never been seen');
  });

  it('live, keeps the simulator URL line on the terminal under the picture while frames are drawn', async () => {
    // stdout and stderr go to one terminal, in the order they are written.
    const screen = new VirtualScreen(100, 30);
    const { io } = fakeIo();
    const toScreen = new Writable({
      write(chunk: Buffer, _enc, done) {
        screen.write(chunk.toString('utf8'));
        done();
      },
    });
    const shared = { ...io, stdout: toScreen, stderr: toScreen };
    expect(await runCli(['demo', '--frames', '12', '--port', '0'], shared)).toBe(0);
    // What the user saw last, before the terminal was given back on exit.
    const seen = screen.lastAlternate ?? [];
    expect(seen[0]).toBe(`┌${'─'.repeat(64)}┐`);
    expect(seen[17]).toBe(`└${'─'.repeat(64)}┘`);
    expect(seen[18]).toMatch(/fps · simulator http:\/\/127\.0\.0\.1:\d+\//);
    expect(seen[19]).toMatch(/^tinydisplay: simulator at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)$/);
    // The picture is drawn: some braille dots are set.
    expect(seen.slice(1, 17).join('')).toMatch(/[\u2801-\u28ff]/);
  });

  it('refuses a duration without a unit it understands (usage, exit 2)', async () => {
    const { io, stderr } = fakeIo();
    expect(await runCli(['demo', '--gif', 'x.gif', '--seconds', 'ten'], io)).toBe(2);
    expect(stderr.text).toContain('--seconds: expected a number of seconds > 0, got "ten"');
  });
});
