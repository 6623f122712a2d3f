import { describe, expect, it } from 'vitest';
import { ReasonCounts } from '../../src/util/index.js';

describe('ReasonCounts', () => {
  it('counts by reason, keeps the sum, and snapshots every reason (zeros included) in list order', () => {
    const c = new ReasonCounts(['too-big', 'bad-json', 'wrong-type'] as const);
    c.add('bad-json', 2);
    c.add('too-big', 1);
    c.add('bad-json', 3);
    expect(c.get('bad-json')).toBe(5);
    expect(c.total).toBe(6);
    const snapshot = c.snapshot();
    expect(snapshot).toEqual({ 'too-big': 1, 'bad-json': 5, 'wrong-type': 0 });
    expect(Object.keys(snapshot)).toEqual(['too-big', 'bad-json', 'wrong-type']);
  });
});
