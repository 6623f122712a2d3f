/** The CLI run in this process with a fake `CliIo`: fast checks of behaviour the child-process runs also see. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../src/app/index.js';
import { commandNames, LiveRun, runCli } from '../../src/cli/index.js';
import { RingBuffer } from '../../src/data/index.js';
import type { Source, SourceContext } from '../../src/sources/index.js';
import { fakeIo } from './fake-io.js';

/** A source that opens, delivers what it is told to, and ends or fails when told. */
class ScriptedSource implements Source {
  readonly kind = 'scripted';
  ctx: SourceContext | undefined;
  starts = 0;
  constructor(
    readonly id: string,
    private readonly opens = true,
  ) {}
  async start(ctx: SourceContext): Promise<void> {
    this.starts++;
    if (!this.opens) throw new Error('refused by the script');
    this.ctx = ctx;
  }
  async stop(): Promise<void> {
    this.ctx = undefined;
  }
}

describe('runCli in process', () => {
  it('records NDJSON from stdin to stdout and says why it stopped', async () => {
    const { io, stdout, stderr } = fakeIo('{"t":1}\n{"t":2}\n');
    expect(await runCli(['record', 'stdin', '--id', 'pipe'], io)).toBe(0);
    expect(parseRecording(stdout.text).map((e) => [e.src, 'data' in e ? e.data : e.marker])).toEqual([
      ['pipe', { t: 1 }],
      ['pipe', { t: 2 }],
    ]);
    expect(stderr.text).toMatch(/recorded 2 points and 0 gap markers from pipe .*\(ended\)/);
  });

  it('pauses stdin for a slow stdout and drops nothing: every line written, exit 0', async () => {
    const lines = 20_000;
    const input = Array.from({ length: lines }, (_, i) => `{"n":${i}}\n`).join('');
    const { io, stderr } = fakeIo(input);
    // A reader that takes a batch of lines per turn of the event loop: far slower than stdin.
    let text = '';
    const slow = new Writable({
      highWaterMark: 1024,
      writev(chunks, done) {
        for (const c of chunks) text += String(c.chunk);
        setTimeout(done, 1);
      },
    });
    const code = await runCli(['record', 'stdin', '--output-buffer', '16384'], { ...io, stdout: slow });
    expect(stderr.text).toMatch(
      /recorded 20000 points and 0 gap markers from stdin .*\(ended\); paused \d+ times/,
    );
    expect(stderr.text).not.toContain('dropped');
    expect(code).toBe(0);
    const entries = parseRecording(text);
    expect(entries).toHaveLength(lines);
    expect(entries.map((e) => ('data' in e ? e.data.n : -1))).toEqual(
      Array.from({ length: lines }, (_, i) => i),
    );
  });

  it('pauses stdin for an output that never drains, counts what it could not write, and exits 3', async () => {
    const lines = 3_000;
    const input = Array.from({ length: lines }, (_, i) => `{"n":${i}}\n`).join('');
    const { io, stderr } = fakeIo(input);
    // Never calls back: everything waits. The run ends by --duration; closing gives up on it.
    const stuck = new Writable({ highWaterMark: 1024, write: () => undefined });
    const code = await runCli(['record', 'stdin', '--output-buffer', '4096', '--duration', '0.3'], {
      ...io,
      stdout: stuck,
    });
    expect(stderr.text).toMatch(
      /recorded \d+ points .*\(duration\); \d+ bytes never written \(output stuck\), paused 1 times/,
    );
    expect(stderr.text).not.toContain('dropped');
    expect(code).toBe(3);
  });

  it("calls a connection's silence --silent-after (a key's staleness is the binding's staleAfter)", async () => {
    const ok = fakeIo('{"t":1}\n');
    expect(await runCli(['record', 'stdin', '--silent-after', '2s'], ok.io)).toBe(0);
    const old = fakeIo('{"t":1}\n');
    expect(await runCli(['record', 'stdin', '--stale-after', '2s'], old.io)).toBe(2);
    expect(old.stderr.text).toContain("unknown option '--stale-after'");
    const help = fakeIo();
    await runCli(['record', '--help'], help.io);
    expect(help.stdout.text).toMatch(/--silent-after <TIME>\s+the connection counts as silent/);
  });

  it('says that loss was counted from a sequence field, or that it is not knowable', async () => {
    const { io, stderr } = fakeIo('{"seq":1,"v":1}\n{"seq":4,"v":1}\n{"seq":4,"v":2}\n');
    const code = await runCli(['record', 'stdin', '--seq-field', 'seq'], io);
    expect(stderr.text).toContain('2 lost (2 sequence-gap), 1 duplicates');
    expect(stderr.text).toContain('loss counted from the sequence field "seq"');
    expect(code).toBe(3);
  });

  it("stamps the monitor snapshot and the source's lastErrorAt with one clock", async () => {
    const { io, stdout } = fakeIo();
    // Nothing listens on port 9 of loopback: every attempt fails at once.
    const code = await runCli(['monitor', 'tcp://127.0.0.1:9', '--retries', '1', '--interval', '10'], io);
    expect(code).toBe(1);
    const last = JSON.parse(stdout.text.trim().split('\n').at(-1) as string) as {
      time: number;
      sections: { sources: { sources: { lastErrorAt: number | null }[] } };
    };
    const at = last.sections.sources.sources[0]?.lastErrorAt;
    expect(at).not.toBeNull();
    // On one time base (ms since the run started), the error came before the snapshot, by less than 60 s.
    expect(at as number).toBeLessThanOrEqual(last.time);
    expect(last.time - (at as number)).toBeLessThan(60_000);
  });

  it('replays a recording with hostile lines: each refused and counted, the rest replayed, exit 3', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const { io, stdout, stderr } = fakeIo(
      [
        '{"v":1,"seq":1,"t":0,"src":"a","data":{"x":1}}',
        `{"v":1,"seq":2,"t":1,"src":"a","data":${deep}}`,
        '{"v":1,"seq":3,"t":2,"src":"a","data":{"__proto__":{"polluted":1}}}',
        '{"v":1,"seq":4,"t":3,"src":"a","data":{"__proto__.polluted":1}}',
        '{"v":1,"seq":5,"t":4,"src":"a","data":{"x":2}}',
        '',
      ].join('\n'),
    );
    const code = await runCli(['replay', '-', '--json'], io);
    const report = JSON.parse(stdout.text) as { points: number; refusedLines: number };
    expect(report.points).toBe(2);
    expect(report.refusedLines).toBe(3);
    expect(stderr.text).toContain('line 2 refused: recording: line must nest at most 64 levels deep');
    expect(stderr.text).toContain('line 3 refused: field "__proto__" must not be named');
    expect(stderr.text).toContain('line 4 refused: field "__proto__.polluted" must not be named');
    expect(stderr.text).not.toContain('Maximum call stack');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(code).toBe(3);
  });

  it('says loss was not knowable for a transport that keeps nothing while disconnected, not for stdin', async () => {
    const tcp = fakeIo();
    expect(await runCli(['record', 'tcp-listen://127.0.0.1:0', '--duration', '0.2'], tcp.io)).toBe(0);
    expect(tcp.stderr.text).toContain(
      'loss not knowable: a tcp-ndjson source keeps nothing sent while it is disconnected (0 gaps); --seq-field FIELD counts every loss',
    );
    const stdin = fakeIo('{"t":1}\n');
    expect(await runCli(['record', 'stdin'], stdin.io)).toBe(0);
    expect(stdin.stderr.text).not.toContain('loss');
  });

  it('stops a run on a signal, unsubscribing from signals afterwards', async () => {
    const { io, stdout, signals } = fakeIo();
    const running = runCli(['monitor', 'synthetic', '--sample', '0.01'], io);
    // The run subscribes synchronously once the command started; wait for it without a timer race.
    while (signals.length === 0) await new Promise((r) => setImmediate(r));
    (signals[0] as (s: NodeJS.Signals) => void)('SIGINT');
    expect(await running).toBe(0);
    expect(signals).toHaveLength(0);
    const last = JSON.parse(stdout.text.trim().split('\n').at(-1) as string) as {
      sections: { sources: { sources: { state: string }[] } };
    };
    expect(last.sections.sources.sources[0]?.state).toBe('stopped');
  });

  it('answers --help for every command, and exit 2 with the argument named for a bad option', async () => {
    const names = commandNames();
    expect(names).toEqual(['demo', 'run', 'validate', 'record', 'replay', 'keys', 'monitor']);
    for (const name of names) {
      const { io, stdout } = fakeIo();
      expect(await runCli([name, '--help'], io)).toBe(0);
      expect(stdout.text).toMatch(new RegExp(`^usage: tinydisplay ${name} `));
      expect(stdout.text).toContain('-h, --help');
      expect(stdout.text).toContain('exit codes:\n  0  done as asked');
    }
    const { io, stderr } = fakeIo();
    expect(await runCli(['replay', 'x.ndjson', '--fps', '0'], io)).toBe(2);
    expect(stderr.text).toContain('--fps: expected a number of frames per second > 0, got "0"');
    // One meaning per flag name: --interval is monitor's time between snapshots; a source samples at --sample.
    const interval = fakeIo();
    expect(await runCli(['record', 'synthetic', '--interval', '1'], interval.io)).toBe(2);
    expect(interval.stderr.text).toContain("unknown option '--interval'");
    expect(interval.stderr.text).toContain('(see: tinydisplay record --help)');
    const twice = fakeIo();
    expect(await runCli(['record', 'synthetic', '--sample', '1', '--sample', '2'], twice.io)).toBe(2);
    expect(twice.stderr.text).toContain('option --sample was given more than once');
    const missing = fakeIo();
    expect(await runCli(['keys'], missing.io)).toBe(2);
    expect(missing.stderr.text).toContain("missing required argument 'source'");
    const bare = fakeIo();
    expect(await runCli([], bare.io)).toBe(2);
    expect(bare.stderr.text).toContain('usage: tinydisplay <command>');
    expect(bare.stdout.text).toBe('');
  });

  it('says which command is unknown on `help <command>` (exit 2), then the commands', async () => {
    const { io, stdout, stderr } = fakeIo();
    expect(await runCli(['help', 'nope'], io)).toBe(2);
    expect(stderr.text).toMatch(/^tinydisplay: unknown command 'nope'\nusage: tinydisplay <command>/);
    expect(stdout.text).toBe('');
    const known = fakeIo();
    expect(await runCli(['help', 'record'], known.io)).toBe(0);
    expect(known.stdout.text).toMatch(/^usage: tinydisplay record /);
    expect(known.stderr.text).toBe('');
  });
});

describe('LiveRun', () => {
  it('ends with "ended" when a finite source reaches its end, and stops the source', async () => {
    const source = new ScriptedSource('s');
    const buffer = new RingBuffer({ capacity: 8 });
    const { io } = fakeIo();
    const run = new LiveRun({
      source,
      sink: buffer,
      io,
      onLive: () => {
        source.ctx?.deliver({ v: 1 }, 7);
        source.ctx?.ended();
      },
    });
    expect(await run.run()).toBe('ended');
    expect(run.state).toBe('ended');
    expect(buffer.count).toBe(1);
    expect(run.supervisor.state).toBe('stopped');
  });

  it('keeps the first reason when several arrive', async () => {
    const source = new ScriptedSource('s');
    const { io } = fakeIo();
    const run = new LiveRun({
      source,
      sink: new RingBuffer({ capacity: 8 }),
      io,
      onLive: () => {
        run.finish('max-points');
        run.finish('signal');
      },
    });
    expect(await run.run()).toBe('max-points');
  });

  it('ends at once when finished before it ran', async () => {
    const source = new ScriptedSource('s');
    const { io } = fakeIo();
    const run = new LiveRun({ source, sink: new RingBuffer({ capacity: 8 }), io });
    run.finish('output-error');
    expect(await run.run()).toBe('output-error');
    expect(source.starts).toBe(0);
  });

  it('ends with "failed" once the supervisor gives up, reporting on stderr', async () => {
    const source = new ScriptedSource('s', false);
    const { io, stderr } = fakeIo();
    const run = new LiveRun({ source, sink: new RingBuffer({ capacity: 8 }), io, maxAttempts: 1 });
    expect(await run.run()).toBe('failed');
    expect(source.starts).toBe(2);
    expect(run.supervisor.metrics().lastError).toBe('refused by the script');
    expect(stderr.text).toContain('tinydisplay: source s: scripted: refused by the script');
  });
});
