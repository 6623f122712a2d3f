/**
 * The contract every source passes, run by each source's test file against real parts (sockets,
 * brokers, files): it delivers points under its id, refuses a hostile payload with a counted reason,
 * stops leaving no open handles, and (when the transport can drop) reconnects by itself.
 *
 * What a harness cannot drive is declared up front (`can`), and the test it would need shows as
 * skipped, with the reason in its name: a test never passes by returning early.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DataSink } from '../../src/data/sink.js';
import {
  type RefusalReason,
  type Source,
  SourceSupervisor,
  type SupervisorOptions,
} from '../../src/sources/index.js';
import { RecordingSink, waitUntil } from './helpers.js';

export interface ContractFixture {
  readonly source: Source;
  /**
   * Make the outside world send one valid payload carrying `n` (the n-th point). A source that makes
   * its own data (a generator, the machine's metrics) does nothing here.
   */
  sendValid(n: number): Promise<void>;
  /** The fields the sink receives as the n-th point; absent when they cannot be known (live metrics). */
  expected?(n: number): Record<string, unknown>;
  /** Make the outside world send one hostile payload; absent when nothing outside feeds the source. */
  sendHostile?(): Promise<void>;
  readonly hostileReason?: RefusalReason;
  /** Break the connection from the far side; absent when the transport cannot drop (a file). */
  interrupt?(): Promise<void>;
  /** Close the outside world. */
  teardown(): Promise<void>;
}

export interface ContractHarness {
  readonly name: string;
  /**
   * What the fixture can make the outside world do: send a hostile payload (`sendHostile` and
   * `hostileReason`), drop the connection (`interrupt`). A test needing what it cannot is skipped.
   */
  readonly can: { readonly sendHostile: boolean; readonly interrupt: boolean };
  setup(): Promise<ContractFixture>;
  /** Extra supervisor options. */
  readonly supervisor?: Partial<SupervisorOptions>;
}

/** Handles that are not timers: sockets, servers, pipes, files. */
function openHandles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r !== 'Timeout' && r !== 'Immediate' && r !== 'TTYWrap')
    .sort();
}

function countHandles(list: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of list) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

function noMoreThan(now: string[], before: string[]): boolean {
  const b = countHandles(before);
  for (const [k, n] of countHandles(now)) if (n > (b.get(k) ?? 0)) return false;
  return true;
}

export function runSourceContract(
  harness: ContractHarness,
  makeSink: () => DataSink = () => new RecordingSink(),
): void {
  describe(`source contract: ${harness.name}`, () => {
    let fixture: ContractFixture | undefined;
    let sup: SourceSupervisor | undefined;

    async function open(sink: DataSink): Promise<{ fixture: ContractFixture; sup: SourceSupervisor }> {
      fixture = await harness.setup();
      sup = new SourceSupervisor(fixture.source, {
        sink,
        backoff: { initialDelayMs: 20, maxDelayMs: 200 },
        onError: () => undefined,
        ...harness.supervisor,
      });
      const s = sup;
      s.start();
      await waitUntil(`${harness.name} to go live`, () => s.state === 'live');
      return { fixture, sup: s };
    }

    afterEach(async () => {
      await sup?.stop();
      await fixture?.teardown();
      sup = undefined;
      fixture = undefined;
    });

    it('delivers points under the source id', async () => {
      const sink = new RecordingSink();
      const { fixture: f } = await open(sink);
      await f.sendValid(1);
      await f.sendValid(2);
      await waitUntil('two points', () => sink.points.length >= 2);
      const two = sink.points.slice(0, 2);
      expect(two.map((p) => p.sourceId)).toEqual([f.source.id, f.source.id]);
      if (f.expected !== undefined) expect(two.map((p) => p.data)).toEqual([f.expected(1), f.expected(2)]);
      else for (const p of two) expect(Object.values(p.data).some((v) => typeof v === 'number')).toBe(true);
    });

    const hostileSkip = harness.can.sendHostile ? '' : ' (skipped: nothing outside feeds this source)';
    it.skipIf(!harness.can.sendHostile)(
      `refuses a hostile payload with a counted reason and goes on${hostileSkip}`,
      async () => {
        const sink = makeSink();
        const { fixture: f, sup: s } = await open(sink);
        if (f.sendHostile === undefined || f.hostileReason === undefined)
          throw new Error(
            `${harness.name}: declares can.sendHostile but its fixture has no sendHostile/hostileReason`,
          );
        await f.sendHostile();
        await f.sendValid(1);
        await waitUntil(
          'the refusal and the next point',
          () => s.metrics().refusedTotal >= 1 && s.metrics().messages >= 1,
        );
        expect(s.metrics().refused[f.hostileReason]).toBe(1);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    );

    it.skipIf(harness.can.sendHostile)(
      `makes only payloads that pass the checks${harness.can.sendHostile ? ' (skipped: fed from outside)' : ''}`,
      async () => {
        const { fixture: f, sup: s } = await open(new RecordingSink());
        await f.sendValid(1);
        await f.sendValid(2);
        await waitUntil('two points', () => s.metrics().messages >= 2);
        expect(s.metrics().refusedTotal).toBe(0);
      },
    );

    it('stops cleanly, leaving no open handles of its own', async () => {
      const before = openHandles();
      const { sup: s, fixture: f } = await open(new RecordingSink());
      await f.sendValid(1);
      await waitUntil('a point', () => s.metrics().messages >= 1);
      await s.stop();
      expect(s.state).toBe('stopped');
      await f.teardown();
      fixture = undefined;
      await waitUntil('handles to close', () => noMoreThan(openHandles(), before), 2_000);
      expect(noMoreThan(openHandles(), before)).toBe(true);
    });

    const dropSkip = harness.can.interrupt ? '' : ' (skipped: the test cannot drop this connection)';
    it.skipIf(!harness.can.interrupt)(
      `reconnects by itself after the far side drops, marking the gap${dropSkip}`,
      async () => {
        const sink = new RecordingSink();
        const { fixture: f, sup: s } = await open(sink);
        if (f.interrupt === undefined)
          throw new Error(`${harness.name}: declares can.interrupt but its fixture has no interrupt`);
        await f.sendValid(1);
        await waitUntil('first point', () => sink.points.length >= 1);
        await f.interrupt();
        await waitUntil('the reconnect', () => s.state === 'live' && s.metrics().reconnects >= 1);
        await f.sendValid(2);
        await waitUntil('a point after the reconnect', () => sink.points.length >= 2);
        expect(sink.markers).toEqual(['gap-start', 'gap-end']);
        expect(s.metrics().gaps).toBe(1);
        if (f.expected !== undefined) expect(sink.points.at(-1)?.data).toEqual(f.expected(2));
      },
    );
  });
}
