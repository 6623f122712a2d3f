/**
 * Chains of data triggers are coordination chains: a 0-tick `fireTrigger` fires at once as a link of
 * the chain, a link back into the chain is refused as a cycle, a chain deeper than the coordination
 * engine's `maxChainDepth` is refused, and a delayed link starts a new chain at its tick.
 */
import { describe, expect, it } from 'vitest';
import { above, fireTrigger } from '../../src/binding/index.js';
import { type CoordinationEvent, startAnimation } from '../../src/coordination/index.js';
import { setupBinder } from './fakes.js';

const never = () => false;

const cycles = (events: readonly CoordinationEvent[]) =>
  events.flatMap((e) => (e.type === 'cycle.error' ? [e] : []));

describe('data trigger chains: cycles, depth and delayed links', () => {
  it('runs a trigger that chains to itself once, and reports the cycle with its tick and path', () => {
    const { engine, input, fired, binder, coordination, events, errors, run } = setupBinder();
    binder.addDataTrigger('cpu', above(4), [startAnimation('alert'), fireTrigger('self')], { id: 'self' });
    input.push(100, { cpu: 5 });
    run(0, 3);
    expect(fired).toEqual(['1:self']);
    expect(engine.starts).toEqual([{ tick: 1, id: 'alert' }]);
    expect(coordination.stats.cycleErrors).toBe(1);
    expect(coordination.pendingCount).toBe(0);
    expect(cycles(events)).toEqual([
      { type: 'cycle.error', id: 'self', tick: 1, path: ['self', 'self'], reason: 'cycle' },
    ]);
    expect(errors.map((r) => r.event.type)).toEqual(['cycle.error']);
  });

  it('runs each trigger of an A -> B -> A cycle once, and reports the path', () => {
    const { fired, binder, coordination, events, input, run } = setupBinder();
    binder.addDataTrigger('cpu', above(80), fireTrigger('b'), { id: 'a' });
    binder.addDataTrigger('mem', never, fireTrigger('a'), { id: 'b' });
    input.push(100, { cpu: 90, mem: 40 });
    run(0, 3);
    expect(fired).toEqual(['1:a', '1:b']);
    expect(coordination.stats.cycleErrors).toBe(1);
    expect(cycles(events).map((e) => e.path)).toEqual([['a', 'b', 'a']]);
  });

  it('counts a cycle at every tick it happens, reporting each distinct path once', () => {
    const { fired, binder, coordination, events, input, run } = setupBinder();
    binder.addDataTrigger('cpu', above(0), fireTrigger('self'), { id: 'self', mode: 'level' });
    input.push(100, { cpu: 1 });
    run(0, 4);
    expect(fired).toEqual(['1:self', '2:self', '3:self', '4:self']);
    expect(coordination.stats.cycleErrors).toBe(4);
    expect(cycles(events)).toHaveLength(1);
  });

  it('is not a cycle when one trigger is reached twice by two branches of a chain: it fires once per tick', () => {
    const { fired, binder, coordination, input, run } = setupBinder();
    binder.addDataTrigger('cpu', above(80), [fireTrigger('b'), fireTrigger('c')], { id: 'a' });
    binder.addDataTrigger('cpu', never, fireTrigger('d'), { id: 'b' });
    binder.addDataTrigger('cpu', never, fireTrigger('d'), { id: 'c' });
    binder.addDataTrigger('cpu', never, startAnimation('flash'), { id: 'd' });
    input.push(100, { cpu: 90 });
    run(0, 2);
    // Depth first, as every coordination chain: a, its first link b and b's link d, then c.
    expect(fired).toEqual(['1:a', '1:b', '1:d', '1:c']);
    expect(coordination.stats.duplicateFires).toBe(1);
    expect(coordination.stats.cycleErrors).toBe(0);
  });

  it('does not take a delayed self-chain for a cycle: it repeats at its ticks', () => {
    const { fired, binder, coordination, input, run } = setupBinder();
    binder.addDataTrigger('cpu', above(4), fireTrigger('self', 5), { id: 'self' });
    input.push(100, { cpu: 5 });
    run(0, 17);
    expect(fired).toEqual(['1:self', '6:self', '11:self', '16:self']);
    expect(coordination.stats.cycleErrors).toBe(0);
    expect(coordination.pendingCount).toBe(1);
  });

  it('stops a long 0-tick chain without a cycle at maxChainDepth', () => {
    const { fired, binder, events, input, run } = setupBinder({}, { maxChainDepth: 3 });
    const ids = ['t0', 't1', 't2', 't3', 't4', 't5'];
    ids.forEach((id, i) => {
      const next = ids[i + 1];
      const actions = next === undefined ? startAnimation('flash') : fireTrigger(next);
      binder.addDataTrigger('cpu', i === 0 ? above(80) : never, actions, { id });
    });
    input.push(100, { cpu: 90 });
    run(0, 2);
    expect(fired).toEqual(['1:t0', '1:t1', '1:t2']);
    expect(cycles(events)).toEqual([
      { type: 'cycle.error', id: 't3', tick: 1, path: ['t0', 't1', 't2', 't3'], reason: 'depth' },
    ]);
  });

  it('starts a new chain at a delayed link: a 0-tick link back to the trigger fired ticks ago is no cycle', () => {
    const { fired, binder, coordination, input, run } = setupBinder();
    binder.addDataTrigger('cpu', above(80), fireTrigger('b', 2), { id: 'a' });
    binder.addDataTrigger('cpu', never, fireTrigger('a'), { id: 'b' });
    input.push(100, { cpu: 90 });
    run(0, 7);
    expect(fired).toEqual(['1:a', '3:b', '3:a', '5:b', '5:a', '7:b', '7:a']);
    expect(coordination.stats.cycleErrors).toBe(0);
  });
});
