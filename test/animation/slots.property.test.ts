import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Frame, FrameSlots, type FrameValue } from '../../src/animation/index.js';
import { apply, type Cmd, definitions, fresh, HORIZON, scenario } from '../fixtures/random-animations.js';

const targets = ['a', 'b', 'c', 'unanimated'];
const properties = ['p0', 'p1', 'p2', 'p3', 'p4', 'q', 'missing'];

describe('writeFrame into bound slots', () => {
  it('gives the values frameAt gives, with changed flags, at every tick of a random scene', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), (s, bindEarly) => {
        const defs = definitions(s);
        const commands = [...s.commands].sort((x, y) => x.tick - y.tick);
        const withSlots = fresh(defs);
        const withFrames = fresh(defs);
        const slots = new FrameSlots();
        const bindAll = () => {
          for (const t of targets) for (const p of properties) slots.bind(t, p);
        };
        if (bindEarly) bindAll();
        let previous: Frame = {};
        let k = 0;
        for (let t = 0; t <= HORIZON; t++) {
          while (k < commands.length && (commands[k] as Cmd).tick === t) {
            apply(withSlots, defs, commands[k] as Cmd);
            apply(withFrames, defs, commands[k++] as Cmd);
          }
          // Binding in the middle of a run re-resolves the engine's cached track maps.
          // A newly bound slot starts absent: it changes at its first tick only if it gets a value.
          if (!bindEarly && t === 7) {
            bindAll();
            previous = {};
          }
          const changed = withSlots.writeFrame(t, slots);
          const frame = withFrames.frameAt(t);
          const got: unknown[] = [];
          const want: unknown[] = [];
          let expectChanged = 0;
          for (let slot = 0; slot < slots.size; slot++) {
            const target = slots.targetOf(slot);
            const property = slots.propertyOf(slot);
            const value: FrameValue | undefined = frame[target]?.[property];
            const before: FrameValue | undefined = previous[target]?.[property];
            const differs = JSON.stringify(value) !== JSON.stringify(before);
            if (differs) expectChanged++;
            got.push([slots.valueOf(slot), slots.has(slot), slots.changed(slot)]);
            want.push([value, value !== undefined, differs]);
          }
          expect(got).toEqual(want);
          expect(changed).toBe(expectChanged);
          expect(slots.changedCount).toBe(expectChanged);
          previous = frame;
        }
      }),
      { numRuns: 100 },
    );
  });
});
