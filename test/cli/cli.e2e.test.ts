import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../src/app/index.js';
import { dataOf, ROOT, runCli, startCli, useCliFiles } from './run-cli.js';

const files = useCliFiles();

// A child starts tsx and the CLI: seconds each when the machine's cores are busy with other suites.
describe('tinydisplay (child process)', { timeout: 120_000 }, () => {
  it('prints the version of package.json with --version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('prints usage with --help, and a command usage with <command> --help', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    for (const word of ['record', 'monitor', 'replay', 'tcp-listen://host:port', 'exit codes'])
      expect(main.stdout).toContain(word);
    const record = await runCli(['record', '--help']);
    expect(record.code).toBe(0);
    expect(record.stdout).toMatch(/^usage: tinydisplay record <source\|config> /);
    for (const option of ['-o, --out <FILE>', '--duration <TIME>', '--max-points <N>', 'exit codes'])
      expect(record.stdout).toContain(option);
  });

  it('exits 2 on a usage error, naming the argument and what was expected', async () => {
    const badDuration = await runCli(['record', 'synthetic', '--duration', 'soon']);
    expect(badDuration.code).toBe(2);
    expect(badDuration.stderr).toContain('--duration: expected a number of seconds > 0, got "soon"');
    expect(badDuration.stdout).toBe('');
    expect(badDuration.stderr).toContain('tinydisplay record --help');
    const badSpec = await runCli(['monitor', 'tcp://127.0.0.1:notaport']);
    expect(badSpec.code).toBe(2);
    expect(badSpec.stderr).toContain(
      'source "tcp://127.0.0.1:notaport": port: expected an integer in 1..65535',
    );
    const unknown = await runCli(['draw']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'draw'");
    expect((await runCli([])).code).toBe(2);
  }, 60_000); // four CLI processes in a row: a loaded 2-core machine needs more than the default

  it('exits 1 on a runtime error (a recording missing, an --out that cannot be written), 3 on refused lines', async () => {
    const missing = await runCli(['replay', join(files.dir, 'nope.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    const bad = join(files.dir, 'bad.ndjson');
    writeFileSync(
      bad,
      '{"v":1,"seq":1,"t":0,"src":"a","data":{"x":1}}\n{"v":1,"seq":2,"t":"late","src":"a"}\n',
    );
    // A bad line is refused and counted; the rest is replayed; the exit status says it was incomplete.
    const malformed = await runCli(['replay', bad]);
    expect(malformed.code).toBe(3);
    expect(malformed.stderr).toContain(
      'line 2 refused: recording: field "t" must be a finite number (ms), got "late"',
    );
    expect(malformed.stdout).toContain('refused   1 lines (not replayed)');
    const unwritable = await runCli([
      'record',
      'synthetic',
      '--duration',
      '0.1',
      '--out',
      join(files.dir, 'no', 'x.ndjson'),
    ]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain('cannot write --out');
  }, 60_000); // three CLI processes in a row

  it('records synthetic data for --duration into parseable NDJSON, and replays that file', async () => {
    const file = join(files.dir, 'synthetic.ndjson');
    const rec = await runCli([
      'record',
      'synthetic:7',
      '--duration',
      '0.3',
      '--sample',
      '0.05',
      '--out',
      file,
    ]);
    expect(rec.code).toBe(0);
    const summary = /recorded \d+ points and 0 gap markers from synthetic in (\d+\.\d\d) s \(duration\)/.exec(
      rec.stderr,
    );
    expect(summary, rec.stderr).not.toBeNull();
    const runMs = Number(summary?.[1]) * 1000;
    const entries = parseRecording(readFileSync(file, 'utf8'));
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    for (const e of entries) {
      expect(e.src).toBe('synthetic');
      expect(Object.keys((e as { data: object }).data)).toEqual(['cpu', 'mem', 'temp', 'net']);
    }
    // Arrival stamps are ms since the recording started, increasing, inside the run (whose length
    // the summary reports: a loaded machine may run late, so no fixed wall-time bound here).
    const times = entries.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[times.length - 1]).toBeLessThanOrEqual(runMs + 5);

    const replay = await runCli(['replay', file, '--json', '--fps', '50']);
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      entries: entries.length,
      points: entries.length,
      gaps: 0,
      missingSeqs: 0,
      fps: 50,
      mode: 'fast',
      sources: { synthetic: { points: entries.length, gaps: 0 } },
      buffer: { ingested: entries.length, rejectedPoints: 0 },
    });
    expect(report.spanMs).toBeCloseTo((times.at(-1) as number) - (times[0] as number), 6);
    expect(report.lastTick).toBe(Math.ceil(((times.at(-1) as number) * 50) / 1000));

    const text = await runCli(['replay', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`entries   ${entries.length} (${entries.length} points, 0 gap markers)`);
    expect(text.stdout).toMatch(/synthetic\s+\d+\s+0\s/);
  });

  it('records the same values for the same synthetic seed', async () => {
    const a = await runCli(['record', 'synthetic:3', '--max-points', '3', '--sample', '0.02']);
    const b = await runCli(['record', 'synthetic:3', '--max-points', '3', '--sample', '0.02']);
    expect(a.code).toBe(0);
    expect(a.stderr).toContain('(max-points)');
    const valuesA = dataOf(parseRecording(a.stdout));
    expect(valuesA).toHaveLength(3);
    expect(dataOf(parseRecording(b.stdout))).toEqual(valuesA);
  });

  it('records stdin fed by the test to stdout, counting a bad line, and ends with the input', async () => {
    const r = await runCli(['record', 'stdin'], '{"cpu":{"load":41.5}}\nnot json\n{"cpu":{"load":42}}\n');
    expect(r.code).toBe(0);
    expect(dataOf(parseRecording(r.stdout))).toEqual([
      { src: 'stdin', data: { cpu: { load: 41.5 } } },
      { src: 'stdin', data: { cpu: { load: 42 } } },
    ]);
    expect(r.stderr).toContain('refused (bad-json)');
    expect(r.stderr).toMatch(/recorded 2 points and 0 gap markers from stdin .* \(ended\); 1 refused/);
  });

  it('replays a recording piped on stdin (FILE -)', async () => {
    const lines = [
      '{"v":1,"seq":1,"t":0,"src":"a","data":{"x":1}}',
      '{"v":1,"seq":2,"t":100,"src":"a","marker":"gap-start"}',
      '{"v":1,"seq":3,"t":400,"src":"a","marker":"gap-end"}',
      '{"v":1,"seq":4,"t":500,"src":"b","data":{"y":2}}',
    ];
    const r = await runCli(['replay', '-', '--json'], `${lines.join('\n')}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      entries: 4,
      points: 2,
      gaps: 1,
      spanMs: 500,
      firstTick: 0,
      lastTick: 15,
      ticks: 16,
      sources: { a: { points: 1, gaps: 1, gapEnds: 1 }, b: { points: 1, gaps: 0 } },
    });
  });

  it('replays paced at --speed, taking about span / speed', async () => {
    const file = join(files.dir, 'paced.ndjson');
    writeFileSync(
      file,
      '{"v":1,"seq":1,"t":0,"src":"a","data":{"x":1}}\n{"v":1,"seq":2,"t":600,"src":"a","data":{"x":2}}\n',
    );
    const r = await runCli(['replay', file, '--speed', '4', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { mode: string; speed: number; ticks: number; wallMs: number };
    expect(report).toMatchObject({ mode: 'paced', speed: 4, ticks: 19 });
    // 600 ms at 4x is 150 ms of wall time; never less, and far below the unpaced 600 ms.
    expect(report.wallMs).toBeGreaterThanOrEqual(140);
  });

  it('prints monitor snapshots as JSON lines, the last one after the run', async () => {
    const r = await runCli([
      'monitor',
      'synthetic',
      '--duration',
      '0.5',
      '--interval',
      '0.2',
      '--sample',
      '0.05',
    ]);
    expect(r.code).toBe(0);
    const snapshots = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { ingest: { total: number }; sections: { sources: { sources: unknown[] } } },
      );
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    const last = snapshots.at(-1) as (typeof snapshots)[number];
    expect(last.ingest.total).toBeGreaterThan(0);
    expect(last.sections.sources.sources).toEqual([
      expect.objectContaining({
        id: 'synthetic',
        kind: 'synthetic',
        state: 'stopped',
        messages: last.ingest.total,
      }),
    ]);
  });

  it('prints the monitor as Prometheus text with --prometheus, source counters included', async () => {
    const r = await runCli(['monitor', 'synthetic', '--duration', '0.3', '--sample', '0.05', '--prometheus']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# TYPE tinydisplay_points_ingested_total counter');
    expect(r.stdout).toMatch(/^tinydisplay_points_ingested_total\{source="synthetic"\} [1-9]\d*$/m);
    expect(r.stdout).toContain(
      'tinydisplay_source_up{source="synthetic",kind="synthetic",state="stopped"} 1',
    );
    expect(r.stdout).toMatch(
      /^tinydisplay_source_messages_total\{source="synthetic",kind="synthetic"\} [1-9]/m,
    );
  });

  it('ends monitor with exit 0 once the reader of stdout went away (`monitor ... | head -c 50`)', async () => {
    const cli = startCli(['monitor', 'synthetic', '--interval', '0.1s'], 60_000);
    cli.child.stdin?.end();
    // Close the pipe after the first bytes: the next snapshot meets EPIPE and must end the run.
    cli.child.stdout?.once('data', () => cli.child.stdout?.destroy());
    const r = await cli.done;
    expect(r.signal).toBeNull(); // not killed at the timeout
    expect(r.code).toBe(0);
  });

  it('stops cleanly on SIGINT with a complete recording', async () => {
    const file = join(files.dir, 'sigint.ndjson');
    const cli = startCli(['record', 'synthetic', '--sample', '0.02', '--out', file]);
    // The recording file exists once the run started; wait for a first point in it.
    // Up to 60 s: on a busy machine the child takes a while to start (and to install its handler).
    for (let i = 0; i < 2_400; i++) {
      await new Promise((r) => setTimeout(r, 25));
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      if (text.includes('\n')) break;
    }
    cli.child.kill('SIGINT');
    const r = await cli.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('(signal)');
    const entries = parseRecording(readFileSync(file, 'utf8'));
    expect(entries.length).toBeGreaterThan(0);
    expect(r.stderr).toContain(`recorded ${entries.length} points`);
  });
});
