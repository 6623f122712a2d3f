import { describe, expect, it } from 'vitest';
import { above } from '../../src/binding/index.js';
import { startAnimation } from '../../src/coordination/index.js';
import { setupBinder } from './fakes.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected an error');
}

describe('addDataTrigger: keys that can never have data, and its messages', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'sensors.constructor'])(
    'refuses the key %s at registration with a clear message',
    (key) => {
      const { binder } = setupBinder();
      expect(messageOf(() => binder.addDataTrigger(key, above(1), startAnimation('bar')))).toBe(
        `addDataTrigger: key ${JSON.stringify(key)} can never have data: a key named (or with a dotted part named) __proto__, constructor or prototype is refused at ingest`,
      );
      expect(messageOf(() => binder.addDataTrigger(key, 'cpu > 1', startAnimation('bar')))).toContain(
        'can never have data',
      );
    },
  );

  it('refuses an expression alias named __proto__ with its own message, not the parser’s', () => {
    const { binder } = setupBinder();
    const message = messageOf(() =>
      binder.addDataTrigger(JSON.parse('{"__proto__":"cpu"}'), '__proto__ > 1', startAnimation('bar')),
    );
    expect(message).toContain('expression key "__proto__" cannot be used');
    expect(message).not.toContain('Invalid variable declaration');
  });

  it('says where an expression error is once, without a repeated prefix', () => {
    const { binder } = setupBinder();
    const message = messageOf(() => binder.addDataTrigger('cpu', 'cpu >', startAnimation('bar')));
    expect(message.startsWith('addDataTrigger: condition: ')).toBe(true);
    expect(message).not.toContain('addDataTrigger: addDataTrigger');
  });
});
