import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SourceSupervisor, StdinNdjsonSource } from '../../src/sources/index.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { RecordingSink, waitUntil } from './helpers.js';

function write(stream: PassThrough, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}

runSourceContract({
  name: 'stdin-ndjson',
  can: { sendHostile: true, interrupt: false },
  async setup(): Promise<ContractFixture> {
    const input = new PassThrough();
    return {
      source: new StdinNdjsonSource({ id: 'stdin', input }),
      sendValid: (n) => write(input, `{"level":${n}}\n`),
      expected: (n) => ({ level: n }),
      sendHostile: () => write(input, `${'['.repeat(10_000)}\n`),
      hostileReason: 'too-deep',
      teardown: async () => {
        input.destroy();
      },
    };
  },
});

describe('StdinNdjsonSource', () => {
  it('ends the source at the end of the stream, counting a last half line as lost', async () => {
    const input = new PassThrough();
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(new StdinNdjsonSource({ input }), { sink, onError: () => undefined });
    sup.start();
    await waitUntil('live', () => sup.state === 'live');
    input.end('{"a":1}\n{"a":2}\n{"a":');
    await waitUntil('stopped', () => sup.state === 'stopped');
    expect(sink.points.map((p) => [p.sourceId, p.data])).toEqual([
      ['stdin', { a: 1 }],
      ['stdin', { a: 2 }],
    ]);
    expect(sup.metrics().lost['partial-line']).toBe(1);
    expect(sink.markers).toEqual([]);
  });

  it('fails to start on a stream that already ended', async () => {
    const input = new PassThrough();
    input.end();
    input.resume();
    await new Promise((resolve) => input.once('end', resolve));
    const sup = new SourceSupervisor(new StdinNdjsonSource({ input }), {
      sink: new RecordingSink(),
      backoff: { initialDelayMs: 1, maxAttempts: 1 },
      onError: () => undefined,
    });
    sup.start();
    await waitUntil('failed', () => sup.state === 'failed');
    expect(sup.metrics().lastError).toMatch(/already ended/);
  });
});
