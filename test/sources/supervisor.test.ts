import { describe, expect, it } from 'vitest';
import {
  type Source,
  type SourceContext,
  type SourceErrorReport,
  type SourceState,
  SourceSupervisor,
  type SupervisorOptions,
} from '../../src/sources/index.js';
import { FakeClock, flushPromises, RecordingSink } from './helpers.js';

/** A source the test drives by hand: each start() waits for `accept()` or `refuse()`. */
class ScriptedSource implements Source {
  readonly kind = 'scripted';
  ctx: SourceContext | undefined;
  starts = 0;
  stops = 0;
  private pending: { resolve: () => void; reject: (err: Error) => void } | undefined;
  constructor(readonly id = 'scripted') {}
  start(ctx: SourceContext): Promise<void> {
    this.starts++;
    this.ctx = ctx;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }
  accept(): void {
    this.pending?.resolve();
  }
  refuse(message = 'connection refused'): void {
    this.pending?.reject(new Error(message));
  }
  async stop(): Promise<void> {
    this.stops++;
  }
}

function setup(options: Partial<SupervisorOptions> = {}) {
  const clock = new FakeClock();
  const sink = new RecordingSink();
  const source = new ScriptedSource();
  const reports: SourceErrorReport[] = [];
  const sup = new SourceSupervisor(source, {
    sink,
    clock,
    random: () => 0.5,
    backoff: { initialDelayMs: 100, maxDelayMs: 1_000, resetAfterMs: 1_000 },
    onError: (r) => reports.push(r),
    ...options,
  });
  const states: SourceState[] = [];
  sup.on('state', (e) => states.push(e.to));
  return { clock, sink, source, sup, states, reports };
}

describe('SourceSupervisor', () => {
  it('goes connecting -> live and writes points under the source id', async () => {
    const { sup, source, sink, states } = setup();
    sup.start();
    expect(sup.state).toBe('connecting');
    source.accept();
    await flushPromises();
    expect(sup.state).toBe('live');
    expect(source.ctx?.deliver({ temp: 21.5 }, 12)).toBe(0);
    expect(sink.points).toEqual([
      { kind: 'point', seq: 0, sourceId: 'scripted', data: { temp: 21.5 }, options: undefined },
    ]);
    expect(states).toEqual(['connecting', 'live']);
  });

  it('reconnects after a drop with backoff, and brackets the hole with gap markers', async () => {
    const { sup, source, sink, clock, states } = setup();
    sup.start();
    source.accept();
    await flushPromises();
    source.ctx?.deliver({ v: 1 }, 1);
    source.ctx?.disconnected(new Error('socket hang up'));
    expect(sup.state).toBe('backoff');
    expect(sink.markers).toEqual(['gap-start']);
    // attempt 0, random 0.5, initialDelayMs 100 -> 50 ms
    clock.advance(49);
    await flushPromises();
    expect(source.starts).toBe(1);
    clock.advance(1);
    await flushPromises();
    expect(source.starts).toBe(2);
    expect(sup.state).toBe('connecting');
    source.accept();
    await flushPromises();
    source.ctx?.deliver({ v: 2 }, 1);
    expect(sink.entries.map((e) => (e.kind === 'marker' ? e.marker : e.data.v))).toEqual([
      1,
      'gap-start',
      'gap-end',
      2,
    ]);
    expect(states).toEqual(['connecting', 'live', 'backoff', 'connecting', 'live']);
    const m = sup.metrics();
    expect(m.reconnects).toBe(1);
    expect(m.gaps).toBe(1);
    expect(m.lastError).toBe('socket hang up');
    expect(source.stops).toBe(1); // the dropped connection was closed before the next attempt
  });

  it('grows the delay per failed attempt and resets it after a stable connection', async () => {
    const { sup, source, clock } = setup();
    const delays: number[] = [];
    let backoffAt = 0;
    sup.on('state', (e) => {
      if (e.to === 'backoff') backoffAt = e.at;
      if (e.to === 'connecting' && e.from === 'backoff') delays.push(e.at - backoffAt);
    });
    sup.start();
    for (let i = 0; i < 5; i++) {
      source.refuse();
      await flushPromises();
      clock.advance(2_000);
      await flushPromises();
    }
    // 0.5 * min(1000, 100 * 2^n)
    expect(delays).toEqual([50, 100, 200, 400, 500]);
    source.accept();
    await flushPromises();
    clock.advance(1_000); // stable for resetAfterMs
    source.ctx?.disconnected();
    clock.advance(50);
    await flushPromises();
    expect(delays.at(-1)).toBe(50);
  });

  it('keeps the exponent when a connection drops before it was stable', async () => {
    const { sup, source, clock } = setup();
    sup.start();
    source.refuse();
    await flushPromises();
    clock.advance(50);
    await flushPromises();
    source.refuse();
    await flushPromises();
    clock.advance(100);
    await flushPromises();
    source.accept();
    await flushPromises();
    clock.advance(10);
    source.ctx?.disconnected();
    expect(sup.metrics().failedAttempts).toBe(3);
  });

  it('fails an attempt that does not resolve within connectTimeoutMs', async () => {
    const { sup, source, clock } = setup({ connectTimeoutMs: 300 });
    sup.start();
    clock.advance(300);
    await flushPromises();
    expect(sup.state).toBe('backoff');
    expect(sup.metrics().lastError).toMatch(/connect timed out after 300 ms/);
    source.accept(); // the late answer of the abandoned attempt is ignored
    await flushPromises();
    expect(sup.state).toBe('backoff');
  });

  it('gives up in state failed after maxAttempts consecutive failures', async () => {
    const { sup, source, clock } = setup({ backoff: { initialDelayMs: 10, maxAttempts: 2 } });
    sup.start();
    for (let i = 0; i < 3; i++) {
      source.refuse();
      await flushPromises();
      clock.advance(100);
      await flushPromises();
    }
    expect(sup.state).toBe('failed');
    expect(source.starts).toBe(3);
  });

  it('goes silent after silentAfterMs without data and live again with the next point', async () => {
    const { sup, source, clock, states } = setup({ silentAfterMs: 1_000 });
    sup.start();
    source.accept();
    await flushPromises();
    clock.advance(600);
    source.ctx?.deliver({ v: 1 }, 1);
    clock.advance(999);
    expect(sup.state).toBe('live');
    clock.advance(1);
    expect(sup.state).toBe('silent');
    source.ctx?.deliver({ v: 2 }, 1);
    expect(sup.state).toBe('live');
    clock.advance(500);
    source.ctx?.touch(); // alive without data (HTTP 304)
    clock.advance(999);
    expect(sup.state).toBe('live');
    expect(states).toEqual(['connecting', 'live', 'silent', 'live']);
  });

  it('refuses a hostile payload, counts it by reason and reports it once per interval', async () => {
    const { sup, source, sink, reports, clock } = setup({ reportIntervalMs: 1_000 });
    sup.start();
    source.accept();
    await flushPromises();
    const ctx = source.ctx as SourceContext;
    expect(ctx.deliverText('{"a":')).toBe(-1);
    expect(ctx.deliverText('{"a":1}')).toBe(0);
    expect(ctx.deliverText('NaN', 'temp')).toBe(-1);
    expect(ctx.deliverText('{"__proto__":{"polluted":1}}')).toBe(-1);
    expect(ctx.deliverText('{"b":1}')).toBe(1);
    expect(ctx.deliverText('{"c":')).toBe(-1);
    clock.advance(1_000);
    expect(ctx.deliverText('{"d":')).toBe(-1);
    const m = sup.metrics();
    expect(m.refused['bad-json']).toBe(3);
    expect(m.refused['non-finite']).toBe(1);
    expect(m.refused['forbidden-key']).toBe(1);
    expect(m.refusedTotal).toBe(5);
    expect(sink.points.map((p) => p.data)).toEqual([{ a: 1 }, { b: 1 }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const badJson = reports.filter((r) => r.kind === 'bad-json');
    expect(badJson.map((r) => r.suppressed)).toEqual([0, 1]);
    expect(badJson[0]?.message).toMatch(/payload must be valid JSON/);
    expect(reports.find((r) => r.kind === 'non-finite')?.field).toBe('temp');
    expect(m.reportsSuppressed).toBe(1);
  });

  it('counts a point the sink throws on as lost, not as accepted', async () => {
    const { sup, source } = setup({
      sink: {
        addDataPoint: () => {
          throw new Error('disk on fire');
        },
        addMarker: () => 0,
      },
    });
    sup.start();
    source.accept();
    await flushPromises();
    expect(source.ctx?.deliver({ a: 1 }, 3)).toBe(-1);
    const m = sup.metrics();
    expect(m.lost['sink-error']).toBe(1);
    expect(m.messages).toBe(0);
    expect(m.lastError).toBe('disk on fire');
  });

  it('stops gracefully: closes the source, cancels timers, ignores late calls', async () => {
    const { sup, source, clock, sink } = setup({ silentAfterMs: 100 });
    sup.start();
    source.accept();
    await flushPromises();
    await sup.stop();
    expect(sup.state).toBe('stopped');
    expect(source.stops).toBe(1);
    expect(clock.pending).toBe(0);
    source.ctx?.disconnected();
    expect(sup.state).toBe('stopped');
    expect(sink.markers).toEqual([]);
    await sup.stop(); // twice is fine
  });

  it('stops when a finite source ends', async () => {
    const { sup, source } = setup();
    sup.start();
    source.accept();
    await flushPromises();
    source.ctx?.ended();
    await flushPromises();
    expect(sup.state).toBe('stopped');
  });

  it('accounts time in each state and rates over the last seconds', async () => {
    const { sup, source, clock } = setup();
    sup.start();
    clock.advance(30);
    source.accept();
    await flushPromises();
    for (let i = 0; i < 50; i++) {
      source.ctx?.deliver({ i }, 10);
      clock.advance(100);
    }
    const m = sup.metrics();
    expect(m.timeInState.connecting).toBe(30);
    expect(m.timeInState.live).toBe(5_000);
    expect(m.messages).toBe(50);
    expect(m.bytes).toBe(500);
    expect(m.messagesPerSecond).toBeGreaterThanOrEqual(8);
    expect(m.messagesPerSecond).toBeLessThanOrEqual(10);
    expect(m.bytesPerSecond).toBeCloseTo(m.messagesPerSecond * 10);
  });

  it('names the option it refuses at construction', () => {
    const sink = new RecordingSink();
    expect(() => new SourceSupervisor(new ScriptedSource(''), { sink })).toThrow(/source\.id/);
    expect(() => new SourceSupervisor(new ScriptedSource(), { sink, silentAfterMs: -5 })).toThrow(
      /"silentAfterMs": expected a number of ms > 0, got -5/,
    );
    expect(
      () => new SourceSupervisor(new ScriptedSource(), { sink: {} as unknown as RecordingSink }),
    ).toThrow(/option "sink"/);
  });
});

describe('SourceSupervisor: counting what never arrived', () => {
  async function live(options: Partial<SupervisorOptions> = {}) {
    const s = setup(options);
    s.sup.start();
    s.source.accept();
    await flushPromises();
    const ctx = s.source.ctx as SourceContext;
    return { ...s, ctx };
  }

  it('counts numbers a sequence field skipped as lost and repeated ones as duplicates', async () => {
    const { sup, ctx, sink } = await live({ sequenceField: 'seq' });
    for (const n of [1, 2, 5, 6, 6, 7]) ctx.deliver({ seq: n, v: n }, 10);
    const m = sup.metrics();
    expect(m.lost['sequence-gap']).toBe(2);
    expect(m.lostTotal).toBe(2);
    expect(m.duplicates).toBe(1);
    expect(m.delivery).toBe('sequenced');
    // Duplicates are counted, not dropped: a sequence alone cannot tell them from a restart.
    expect(sink.points).toHaveLength(6);
    // sent (7 distinct numbers 1..7) = received distinct (5) + counted loss (2)
    expect(new Set(sink.points.map((p) => p.data.seq)).size + m.lostTotal).toBe(7);
  });

  it('takes a fall far below the highest number for a publisher that started again', async () => {
    const { sup, ctx } = await live({ sequenceField: 'meta.n' });
    for (const n of [5000, 5001, 1, 2]) ctx.deliver({ meta: { n }, v: 1 }, 10);
    const m = sup.metrics();
    expect(m.sequenceResets).toBe(1);
    expect(m.lostTotal).toBe(0);
    expect(m.duplicates).toBe(0);
  });

  it('says loss is not knowable without a sequence field, from what the transport guarantees', async () => {
    const { sup } = await live();
    expect(sup.metrics().delivery).toBe('at-most-once');
  });

  it('counts duplicates a transport recognised', async () => {
    const { sup, ctx } = await live();
    ctx.duplicate(3);
    expect(sup.metrics().duplicates).toBe(3);
  });

  it('names where a refused text payload came from (a topic) and the value', async () => {
    const { sup, ctx, reports } = await live();
    expect(ctx.deliverText('ON', { key: 'light', format: 'number', origin: 'topic "home/light"' })).toBe(-1);
    expect(sup.metrics().refused['wrong-type']).toBe(1);
    expect(reports.at(-1)?.message).toBe(
      'refused (wrong-type): topic "home/light": field "light" must be a number (format "number"), got "ON"',
    );
    expect(ctx.deliverText('ON', { key: 'light', origin: 'topic "home/light"' })).toBeGreaterThanOrEqual(0);
  });

  it('refuses and counts a payload whose only field is null', async () => {
    const { sup, ctx, sink } = await live();
    expect(ctx.deliver({ cpu: null }, 12)).toBe(-1);
    expect(ctx.deliverText('null', 'cpu')).toBe(-1);
    expect(sup.metrics().refused['no-value']).toBe(2);
    expect(sink.points).toHaveLength(0);
  });

  it('pauses a source that can pause, again after a reconnect, and says when one cannot', async () => {
    const calls: string[] = [];
    const s = setup();
    expect(s.sup.pause()).toBe(false);
    const source = s.source as ScriptedSource & { pause(): void; resume(): void };
    source.pause = () => calls.push('pause');
    source.resume = () => calls.push('resume');
    s.sup.start();
    source.accept();
    await flushPromises();
    expect(s.sup.pause()).toBe(true);
    (source.ctx as SourceContext).disconnected(new Error('dropped'));
    await flushPromises();
    s.clock.advance(1_000);
    await flushPromises();
    expect(source.starts).toBe(2);
    source.accept();
    await flushPromises();
    expect(s.sup.state).toBe('live');
    s.sup.resume();
    expect(calls).toEqual(['pause', 'pause', 'resume']);
  });
});
