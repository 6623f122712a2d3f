import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../src/data/index.js';
import { PayloadGate, parsePlainNumber, type ScanMeter, SourceRefusal } from '../../src/sources/index.js';

/** The pattern the gate used before (kept here as the reference for what a plain number is). */
const OLD_NUMBER_TEXT = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|NaN|Infinity)\s*$/;

function refusal(fn: () => unknown): PayloadError | SourceRefusal {
  try {
    fn();
  } catch (err) {
    if (err instanceof PayloadError || err instanceof SourceRefusal) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

function reasonOf(err: PayloadError | SourceRefusal): string {
  return err.reason;
}

describe('PayloadGate.decode: size first, no backtracking', () => {
  it('refuses text over the payload limit before reading it as a number or JSON', () => {
    const gate = new PayloadGate({ maxPayloadBytes: 1024 });
    // All digits: the number scan would accept it, so only a size check made first can refuse it.
    const digits = '0'.repeat(1025);
    expect(reasonOf(refusal(() => gate.decode(digits, 'cpu')))).toBe('too-large');
    expect(reasonOf(refusal(() => gate.decode(`${'9'.repeat(1025)}x`, 'cpu')))).toBe('too-large');
    expect(gate.decode('0'.repeat(1024), 'cpu')).toEqual({ cpu: 0 });
  });

  it('reads the ReDoS input of the old pattern (320k digits and an x) in one pass', () => {
    const text = `${'9'.repeat(320_000)}x`;
    const meter: ScanMeter = { steps: 0 };
    expect(parsePlainNumber(text, meter)).toBeUndefined();
    expect(meter.steps).toBeLessThanOrEqual(text.length + 1);
    const gate = new PayloadGate();
    // Under the 1 MiB limit, not a number, not JSON-like: a string under the key.
    expect(gate.decode(text, 'k')).toEqual({ k: text });
  });

  it('bounds the work of the number scan by the length of the text (property, counted steps)', () => {
    const alphabet = fc.constantFrom('9', '0', '.', 'e', 'E', '+', '-', ' ', '\t', 'x', 'N', 'a', 'I');
    const adversarial = fc.oneof(
      fc.string({ unit: alphabet, maxLength: 400 }),
      fc
        .tuple(fc.nat({ max: 5000 }), fc.constantFrom('x', '.', 'e', 'e+', '.e', ' x', '..'))
        .map(([n, tail]) => `${'9'.repeat(n)}${tail}`),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(adversarial, (text) => {
        const meter: ScanMeter = { steps: 0 };
        parsePlainNumber(text, meter);
        return meter.steps <= text.length + 1;
      }),
      { numRuns: 500 },
    );
  });

  it('accepts exactly what the old pattern accepted, with the value Number() gives (short inputs)', () => {
    const alphabet = fc.constantFrom('1', '0', '.', 'e', 'E', '+', '-', ' ', 'x', 'N', 'a', 'I', 'n');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: alphabet, maxLength: 12 }),
          fc.constantFrom('NaN', ' Infinity ', '-Infinity', '.5', '1.', '1e', '1e+', '+.5e-3'),
        ),
        (text) => {
          const got = parsePlainNumber(text);
          if (!OLD_NUMBER_TEXT.test(text)) return got === undefined;
          return Object.is(got, Number(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('PayloadGate.decode: payload formats', () => {
  const gate = new PayloadGate();

  it('auto: a plain number, JSON, or else the text as a string', () => {
    expect(gate.decode('23.5', 'temp')).toEqual({ temp: 23.5 });
    expect(gate.decode('ON', 'light')).toEqual({ light: 'ON' });
    expect(gate.decode(' on \n', 'light')).toEqual({ light: 'on' });
    expect(gate.decode('true', 'door')).toEqual({ door: true });
    expect(gate.decode('{"t":1}', 'room')).toEqual({ room: { t: 1 } });
    // Starts like JSON but is not: refused, not silently a string.
    expect(reasonOf(refusal(() => gate.decode('{"t":1', 'room')))).toBe('bad-json');
  });

  it('number: refuses what is not a plain number, naming the field and the value', () => {
    const err = refusal(() => gate.decode('ON', 'light', 'number'));
    expect(err.reason).toBe('wrong-type');
    expect(err.message).toBe('field "light" must be a number (format "number"), got "ON"');
    expect(reasonOf(refusal(() => gate.decode('NaN', 'light', 'number')))).toBe('non-finite');
  });

  it('string: the text as it is; json: only JSON', () => {
    expect(gate.decode(' 42 ', 'k', 'string')).toEqual({ k: ' 42 ' });
    expect(gate.decode('42', 'k', 'json')).toEqual({ k: 42 });
    expect(reasonOf(refusal(() => gate.decode('ON', 'k', 'json')))).toBe('bad-json');
  });
});

describe('PayloadGate.check', () => {
  const gate = new PayloadGate();

  it('refuses a payload with no field holding a value: {}, {"cpu": null}, a bare null', () => {
    expect(reasonOf(refusal(() => gate.check({})))).toBe('no-value');
    expect(reasonOf(refusal(() => gate.check({ cpu: null })))).toBe('no-value');
    expect(reasonOf(refusal(() => gate.check(gate.decode('null', 'cpu'))))).toBe('no-value');
    expect(gate.check({ cpu: null, temp: 2 })).toEqual({ cpu: null, temp: 2 });
  });

  it('refuses a key with a forbidden dotted segment, whole or nested', () => {
    for (const payload of [
      JSON.parse('{"__proto__.polluted": 1}'),
      { 'a.constructor.b': 1 },
      { a: { 'x.prototype': 1 } },
    ]) {
      const err = refusal(() => gate.check(payload));
      expect(err.reason).toBe('forbidden-key');
    }
    expect(gate.check({ 'a.protocol': 1, proto: 2 })).toEqual({ 'a.protocol': 1, proto: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps the sequence field of the payload it accepted', () => {
    const seq = new PayloadGate({}, undefined, 'meta.n');
    seq.check({ meta: { n: 7 }, v: 1 });
    expect(seq.sequence).toBe(7);
    seq.check({ v: 1 });
    expect(seq.sequence).toBeUndefined();
  });
});
