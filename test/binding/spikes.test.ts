import { describe, expect, it } from 'vitest';
import { above, RingBufferInput } from '../../src/binding/index.js';
import { RingBuffer } from '../../src/data/index.js';
import { setupBinder } from './fakes.js';

/** A ring buffer on a hand-set clock feeding a 10 fps binder (tick n at n * 100 ms). */
function setup() {
  let now = 0;
  const buffer = new RingBuffer({ capacity: 64, clock: () => now });
  const { binder, fired, run } = setupBinder({ input: new RingBufferInput(buffer) });
  const pushAt = (ms: number, data: Record<string, unknown>) => {
    now = ms;
    buffer.addDataPoint(data);
  };
  return { buffer, binder, fired, run, pushAt };
}

describe('DataAnimationBinder: sampling at tick boundaries', () => {
  it('does not see a spike overwritten within the tick; a stats read of the ring buffer does', () => {
    const { buffer, binder, fired, run, pushAt } = setup();
    binder.addDataTrigger('cpu', above(90), [() => undefined], { id: 'latest' });
    // Points per tick are at most 4 here: read the last 4 values of the key.
    binder.addDataTrigger('cpu', () => buffer.windowStats('cpu', 4).max > 90, [() => undefined], {
      id: 'spike',
    });
    pushAt(110, { cpu: 40 });
    pushAt(140, { cpu: 99 }); // the spike, overwritten 20 ms later
    pushAt(160, { cpu: 41 });
    run(1, 3);
    expect(fired).toEqual(['2:spike']);
    expect(binder.metrics().pointsApplied).toBe(3);
  });

  it('sees a spike that is still the latest value at a tick boundary', () => {
    const { binder, fired, run, pushAt } = setup();
    binder.addDataTrigger('cpu', above(90), [() => undefined], { id: 'latest' });
    pushAt(90, { cpu: 40 });
    pushAt(100, { cpu: 99 }); // still the latest value at tick 1's boundary
    pushAt(120, { cpu: 41 });
    run(1, 3);
    expect(fired).toEqual(['1:latest']);
  });
});
