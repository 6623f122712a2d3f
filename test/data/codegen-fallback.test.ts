import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/data/index.js';

function feed(rb: RingBuffer): void {
  for (let i = 0; i < 50; i++) rb.addDataPoint({ cpu: i, mem: i * 2 });
  for (let i = 0; i < 50; i++) rb.addDataPoint({ temp: i / 2 });
  rb.addDataPoint({ cpu: 99, label: 'x' });
}

describe('RingBuffer without compiled readers', () => {
  it('stores and reads exactly what a buffer with compiled readers does when compileReaders is false', () => {
    const compiled = new RingBuffer({ clock: () => 0 });
    const checked = new RingBuffer({ clock: () => 0, compileReaders: false });
    feed(compiled);
    feed(checked);
    expect([...checked]).toEqual([...compiled]);
    expect(compiled.stats.shapesCompiled).toBeGreaterThan(0);
    expect(checked.stats).toMatchObject({
      shapesCompiled: 0,
      readerCompileFailures: 0,
      ingested: 101,
    });
  });

  it('names the option and the value when compileReaders is not a boolean', () => {
    expect(() => new RingBuffer({ compileReaders: 'no' as unknown as boolean })).toThrow(
      /option "compileReaders" must be true or false, got no/,
    );
  });

  it('falls back for good under node --disallow-code-generation-from-strings, counted and reported once', () => {
    const script = fileURLToPath(new URL('./fixtures/codegen-refused.ts', import.meta.url));
    const child = spawnSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', script],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.status).toBe(0);
    const out = JSON.parse(child.stdout) as {
      counters: Record<string, number>;
      reports: string[];
      first: Record<string, number>;
      last: Record<string, number>;
      cpu: number[];
      schema: Record<string, number>[];
    };
    expect(out.counters).toMatchObject({ ingested: 100, shapesCompiled: 0, readerCompileFailures: 1 });
    expect(out.reports).toHaveLength(1);
    expect(out.reports[0]).toMatch(/cannot compile payload readers .* without compiled readers from now on/);
    expect(out.first).toEqual({ cpu: 0, mem: 0 });
    expect(out.last).toEqual({ temp: 24.5 });
    expect(out.cpu).toEqual([47, 48, 49]);
    expect(out.schema).toEqual([{ c: 100 }, { c: 20 }, { c: 30 }]);
  });
});
