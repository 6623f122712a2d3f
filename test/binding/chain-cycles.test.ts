import { describe, expect, it } from 'vitest';
import {
  above,
  type BinderErrorReport,
  ChainCycleError,
  type DataAnimationBinderOptions,
  fireTrigger,
  formatReport,
} from '../../src/binding/index.js';
import { startAnimation } from '../../src/coordination/index.js';
import { setupBinder } from './fakes.js';

function setup(options: Partial<DataAnimationBinderOptions> = {}) {
  const s = setupBinder(options);
  return { ...s, cascadeReports: () => s.reports.filter((r) => r.stage === 'cascade') };
}

const never = () => false;

describe('DataAnimationBinder: cycles in 0-tick trigger chains', () => {
  it('runs a trigger that chains to itself once, and reports the cycle with its key, value, tick and path', () => {
    const { engine, input, fired, binder, run, cascadeReports } = setup();
    binder.addDataTrigger('cpu', above(4), [startAnimation('alert'), fireTrigger('self')], { id: 'self' });
    input.push(100, { cpu: 5 });
    run(0, 3);
    expect(fired).toEqual(['1:self']);
    expect(engine.starts).toEqual([{ tick: 1, id: 'alert' }]);
    const m = binder.metrics();
    expect(m.chainCycles).toBe(1);
    expect(m.cascadeErrors).toBe(0);
    expect(m.pendingChains).toBe(0);
    const [report, ...more] = cascadeReports();
    expect(more).toEqual([]);
    expect(report).toMatchObject({ owner: 'trigger:self', key: 'cpu', value: 5, tick: 1 });
    expect(report?.error).toBeInstanceOf(ChainCycleError);
    expect(report?.error).toMatchObject({ path: ['self', 'self'] });
    expect(formatReport(report as BinderErrorReport)).toMatch(
      /cascade error in trigger:self at tick 1, key cpu = 5: chain cycle self -> self/,
    );
  });

  it('runs each trigger of an A -> B -> A cycle once, and reports the path with the chaining trigger’s data', () => {
    const { fired, binder, input, run, cascadeReports } = setup();
    binder.addDataTrigger('cpu', above(80), fireTrigger('b'), { id: 'a' });
    binder.addDataTrigger('mem', never, fireTrigger('a'), { id: 'b' });
    input.push(100, { cpu: 90, mem: 40 });
    run(0, 3);
    expect(fired).toEqual(['1:a', '1:b']);
    expect(binder.metrics().chainCycles).toBe(1);
    expect(binder.metrics().cascadeErrors).toBe(0);
    const [report, ...more] = cascadeReports();
    expect(more).toEqual([]);
    expect(report).toMatchObject({ owner: 'trigger:b', key: 'mem', value: 40, tick: 1 });
    expect(report?.error).toBeInstanceOf(ChainCycleError);
    expect(report?.error).toMatchObject({ path: ['a', 'b', 'a'] });
  });

  it('counts a cycle at every tick it happens, reporting through the rate limit', () => {
    const { fired, binder, input, run, cascadeReports } = setup();
    binder.addDataTrigger('cpu', above(0), fireTrigger('self'), { id: 'self', mode: 'level' });
    input.push(100, { cpu: 1 });
    run(0, 4);
    expect(fired).toEqual(['1:self', '2:self', '3:self', '4:self']);
    expect(binder.metrics().chainCycles).toBe(4);
    expect(cascadeReports()).toHaveLength(1);
    expect(binder.metrics().errorReportsSuppressed).toBe(3);
  });

  it('is not a cycle when one trigger is reached twice by two branches of a cascade', () => {
    const { fired, binder, input, run } = setup();
    binder.addDataTrigger('cpu', above(80), [fireTrigger('b'), fireTrigger('c')], { id: 'a' });
    binder.addDataTrigger('cpu', never, fireTrigger('d'), { id: 'b' });
    binder.addDataTrigger('cpu', never, fireTrigger('d'), { id: 'c' });
    binder.addDataTrigger('cpu', never, startAnimation('flash'), { id: 'd' });
    input.push(100, { cpu: 90 });
    run(0, 2);
    expect(fired).toEqual(['1:a', '1:b', '1:c', '1:d', '1:d']);
    expect(binder.metrics().chainCycles).toBe(0);
  });

  it('does not take a delayed self-chain for a cycle; the depth bound stops it', () => {
    const { fired, binder, input, run, cascadeReports } = setup({ maxCascadeDepth: 3 });
    binder.addDataTrigger('cpu', above(4), fireTrigger('self', 5), { id: 'self' });
    input.push(100, { cpu: 5 });
    run(0, 40);
    expect(fired).toEqual(['1:self', '6:self', '11:self', '16:self']);
    const m = binder.metrics();
    expect(m.chainCycles).toBe(0);
    expect(m.cascadeErrors).toBe(1);
    expect(m.pendingChains).toBe(0);
    const [report, ...more] = cascadeReports();
    expect(more).toEqual([]);
    // The report carries the data value, not the depth.
    expect(report).toMatchObject({ owner: 'trigger:self', key: 'cpu', value: 5, tick: 16 });
    expect(String(report?.error)).toMatch(/deeper than maxCascadeDepth 3 \(depth 4\)/);
  });

  it('stops a long 0-tick cascade without a cycle at the depth bound', () => {
    const { fired, binder, input, run } = setup({ maxCascadeDepth: 3 });
    const ids = ['t0', 't1', 't2', 't3', 't4', 't5'];
    ids.forEach((id, i) => {
      const next = ids[i + 1];
      const actions = next === undefined ? startAnimation('flash') : fireTrigger(next);
      binder.addDataTrigger('cpu', i === 0 ? above(80) : never, actions, { id });
    });
    input.push(100, { cpu: 90 });
    run(0, 2);
    expect(fired).toEqual(['1:t0', '1:t1', '1:t2', '1:t3']);
    expect(binder.metrics().cascadeErrors).toBe(1);
    expect(binder.metrics().chainCycles).toBe(0);
  });

  it('starts a new cascade at a delayed link: a 0-tick link back to the trigger fired ticks ago is no cycle', () => {
    const { fired, binder, input, run } = setup({ maxCascadeDepth: 4 });
    binder.addDataTrigger('cpu', above(80), fireTrigger('b', 2), { id: 'a' });
    binder.addDataTrigger('cpu', never, fireTrigger('a'), { id: 'b' });
    input.push(100, { cpu: 90 });
    run(0, 20);
    // a@1 (depth 0) -> b@3 (1) -> a@3 (2) -> b@5 (3) -> a@5 (4) -> b (5) dropped at the bound.
    expect(fired).toEqual(['1:a', '3:b', '3:a', '5:b', '5:a']);
    expect(binder.metrics().chainCycles).toBe(0);
    expect(binder.metrics().cascadeErrors).toBe(1);
  });
});
