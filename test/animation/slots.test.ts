import { describe, expect, it } from 'vitest';
import { FrameSlots, TickAnimationEngine } from '../../src/animation/index.js';
import { ramp } from '../fixtures/ramp.js';

function engineWithRamp(): TickAnimationEngine {
  const engine = new TickAnimationEngine();
  engine.addAnimation(ramp('r', 'bar', 'fill', 4, 0, 1));
  engine.addAnimation({
    id: 'c',
    target: 'bar',
    tracks: {
      colour: [
        { at: 0, value: '#000000' },
        { at: 2, value: '#ff8000' },
      ],
    },
  });
  return engine;
}

describe('FrameSlots', () => {
  it('resolves a (target, property) pair to one slot, the same index when bound again', () => {
    const slots = new FrameSlots();
    const a = slots.bind('bar', 'fill');
    const b = slots.bind('bar', 'colour');
    expect(slots.bind('bar', 'fill')).toBe(a);
    expect(b).not.toBe(a);
    expect(slots.slotOf('bar', 'colour')).toBe(b);
    expect(slots.slotOf('bar', 'nothing')).toBe(-1);
    expect(slots.size).toBe(2);
  });

  it('holds numbers as numbers and colours as 0xRRGGBB, absent before a start', () => {
    const engine = engineWithRamp();
    const slots = new FrameSlots();
    const fill = slots.bind('bar', 'fill');
    const colour = slots.bind('bar', 'colour');
    expect(engine.writeFrame(0, slots)).toBe(0);
    expect(slots.kindOf(fill)).toBe('absent');
    expect(slots.numberOf(fill)).toBeNaN();
    engine.startAnimationAt('r', 1);
    engine.startAnimationAt('c', 1);
    expect(engine.writeFrame(2, slots)).toBe(2);
    expect(slots.numberOf(fill)).toBe(0.25);
    expect(slots.kindOf(colour)).toBe('colour');
    expect(slots.numberOf(colour)).toBe(0x804000);
    expect(slots.valueOf(colour)).toBe('#804000');
  });

  it('flags only the slots whose value changed, and none once everything holds', () => {
    const engine = engineWithRamp();
    engine.startAnimationAt('r', 0);
    engine.startAnimationAt('c', 0);
    const slots = new FrameSlots();
    const fill = slots.bind('bar', 'fill');
    const colour = slots.bind('bar', 'colour');
    engine.writeFrame(0, slots);
    engine.writeFrame(3, slots);
    // The colour track ended at tick 2 and holds; the ramp moves until tick 4.
    expect(engine.writeFrame(3, slots)).toBe(0);
    expect(engine.writeFrame(4, slots)).toBe(1);
    expect(slots.changed(fill)).toBe(true);
    expect(slots.changed(colour)).toBe(false);
    expect(slots.changedSlot(0)).toBe(fill);
    expect(engine.writeFrame(5, slots)).toBe(0);
    expect(engine.writeFrame(500, slots)).toBe(0);
  });

  it('a slot becomes absent, and changed, when its animation stops writing', () => {
    const engine = new TickAnimationEngine();
    engine.addAnimation({ ...ramp('r', 'bar', 'fill', 4, 0, 1), fill: 'none' });
    engine.startAnimationAt('r', 0);
    const slots = new FrameSlots();
    const fill = slots.bind('bar', 'fill');
    engine.writeFrame(3, slots);
    expect(slots.has(fill)).toBe(true);
    expect(engine.writeFrame(4, slots)).toBe(1);
    expect(slots.has(fill)).toBe(false);
    expect(slots.changed(fill)).toBe(true);
  });

  it('the later-added animation wins a slot both write, as in frameAt', () => {
    const engine = new TickAnimationEngine();
    engine.addAnimation(ramp('first', 'bar', 'fill', 4, 0, 1));
    engine.addAnimation(ramp('second', 'bar', 'fill', 4, 10, 20));
    engine.startAnimationAt('first', 0);
    engine.startAnimationAt('second', 0);
    const slots = new FrameSlots();
    const fill = slots.bind('bar', 'fill');
    engine.writeFrame(2, slots);
    expect(slots.numberOf(fill)).toBe(15);
    expect(engine.frameAt(2).bar?.fill).toBe(15);
  });

  it('a failing animation leaves its slots absent for that tick and is counted', () => {
    const errors: string[] = [];
    const engine = new TickAnimationEngine({ onError: (_e, { id }) => errors.push(id) });
    engine.addAnimation(ramp('ok', 'bar', 'fill', 4, 0, 1));
    engine.addAnimation({
      id: 'bad',
      target: 'bar',
      tracks: {
        fill: [
          { at: 0, value: 0 },
          { at: 4, value: 1, easing: () => Number.NaN },
        ],
      },
    });
    engine.startAnimationAt('ok', 0);
    engine.startAnimationAt('bad', 0);
    const slots = new FrameSlots();
    const fill = slots.bind('bar', 'fill');
    engine.writeFrame(2, slots);
    expect(slots.has(fill)).toBe(false);
    expect(engine.frameAt(2).bar?.fill).toBeUndefined();
    expect(errors).toEqual(['bad', 'bad']);
    expect(engine.stats.evaluationErrors).toBe(2);
  });

  it('tuples keep their channels', () => {
    const engine = new TickAnimationEngine();
    engine.addAnimation({
      id: 't',
      target: 'dot',
      tracks: {
        at: [
          { at: 0, value: [0, 10] },
          { at: 2, value: [4, 20] },
        ],
      },
    });
    engine.startAnimationAt('t', 0);
    const slots = new FrameSlots();
    const at = slots.bind('dot', 'at');
    engine.writeFrame(1, slots);
    expect(Array.from(slots.tupleOf(at) ?? [])).toEqual([2, 15]);
    expect(slots.valueOf(at)).toEqual([2, 15]);
    expect(engine.writeFrame(1, slots)).toBe(0);
    expect(engine.writeFrame(2, slots)).toBe(1);
  });
});
