import { describe, expect, it } from 'vitest';
import {
  type FieldValue,
  flattenPayload,
  PayloadError,
  parseJsonPayload,
  resolvePayloadLimits,
} from '../../src/data/index.js';

function collect(data: unknown, limits = {}): [string, FieldValue][] {
  const out: [string, FieldValue][] = [];
  flattenPayload(data, limits, (p, v) => out.push([p, v]));
  return out;
}

function refusal(fn: () => unknown): PayloadError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PayloadError) return err;
    throw err;
  }
  throw new Error('expected a PayloadError');
}

describe('flattenPayload', () => {
  it('visits leaves in key order with dotted paths for nested objects', () => {
    expect(collect({ a: 1, s: { cpu: { temp: 40.5 }, on: true }, name: 'x', nothing: null })).toEqual([
      ['a', 1],
      ['s.cpu.temp', 40.5],
      ['s.on', true],
      ['name', 'x'],
      ['nothing', null],
    ]);
  });

  it('refuses __proto__ from JSON without touching any prototype', () => {
    const data = JSON.parse('{"ok":1,"__proto__":{"polluted":true}}') as unknown;
    const err = refusal(() => collect(data));
    expect(err.reason).toBe('forbidden-key');
    expect(err.path).toBe('__proto__');
    expect(err.value).toEqual({ polluted: true });
    expect(err.message).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses constructor and prototype keys at any depth', () => {
    expect(refusal(() => collect({ a: { constructor: 1 } })).path).toBe('a.constructor');
    expect(refusal(() => collect({ prototype: 'x' })).reason).toBe('forbidden-key');
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('refuses the non-finite number %s, naming field and value', (v, shown) => {
    const err = refusal(() => collect({ cpu: { load: v } }));
    expect(err.reason).toBe('non-finite');
    expect(err.path).toBe('cpu.load');
    expect(err.message).toBe(`field "cpu.load" must be a finite number, got ${shown}`);
  });

  it.each([[[1, 2]], [undefined], [10n], [() => 1], [new Date(0)], [Symbol('s')]])(
    'refuses %s as wrong-type',
    (v) => {
      expect(refusal(() => collect({ v })).reason).toBe('wrong-type');
    },
  );

  it('refuses a payload that is not a plain object', () => {
    for (const v of [null, 3, 'x', [1], new Map()]) {
      const err = refusal(() => collect(v));
      expect(err.reason).toBe('not-an-object');
      expect(err.path).toBe('');
    }
  });

  it('refuses leaves deeper than maxDepth, and cycles', () => {
    expect(collect({ a: { b: 1 } }, { maxDepth: 2 })).toEqual([['a.b', 1]]);
    expect(refusal(() => collect({ a: { b: { c: 1 } } }, { maxDepth: 2 })).reason).toBe('too-deep');
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = cyclic;
    expect(refusal(() => collect(cyclic)).reason).toBe('too-deep');
  });

  it('refuses more fields than maxFields and strings over maxStringBytes (UTF-8)', () => {
    expect(refusal(() => collect({ a: 1, b: { c: 2, d: 3 } }, { maxFields: 2 })).reason).toBe(
      'too-many-fields',
    );
    expect(collect({ s: 'é'.repeat(5) }, { maxStringBytes: 10 })).toEqual([['s', 'ééééé']]);
    const err = refusal(() => collect({ s: 'é'.repeat(6) }, { maxStringBytes: 10 }));
    expect(err.reason).toBe('too-large');
    expect(err.path).toBe('s');
  });

  it('with onReject, reports each bad field and keeps the rest', () => {
    const kept: string[] = [];
    const bad: string[] = [];
    flattenPayload(
      { a: 1, b: Number.NaN, c: { __proto__: null, constructor: 2, d: 'ok' }, e: [1] },
      {},
      (p) => kept.push(p),
      (e) => bad.push(`${e.path}:${e.reason}`),
    );
    expect(kept).toEqual(['a', 'c.d']);
    expect(bad).toEqual(['b:non-finite', 'c.constructor:forbidden-key', 'e:wrong-type']);
  });
});

describe('parseJsonPayload', () => {
  it('parses a JSON object', () => {
    expect(parseJsonPayload('{"a":{"b":[1]}}')).toEqual({ a: { b: [1] } });
  });

  it('refuses text over maxPayloadBytes before parsing', () => {
    const err = refusal(() => parseJsonPayload(`"${'€'.repeat(10)}"`, { maxPayloadBytes: 20 }));
    expect(err.reason).toBe('too-large');
    expect(err.message).toContain('32 bytes');
  });

  it('refuses deep nesting without recursing, but ignores brackets inside strings', () => {
    expect(refusal(() => parseJsonPayload('['.repeat(100_000))).reason).toBe('too-deep');
    expect(parseJsonPayload('{"a":"[[[[[[[[[[[[\\"{{{{{{{{{{"}')).toEqual({ a: '[[[[[[[[[[[["{{{{{{{{{{' });
  });

  it('reports bad JSON as bad-json with the text', () => {
    const err = refusal(() => parseJsonPayload('{"a":'));
    expect(err.reason).toBe('bad-json');
    expect(err.value).toBe('{"a":');
  });
});

describe('resolvePayloadLimits', () => {
  it('fills defaults and names a bad option', () => {
    expect(resolvePayloadLimits()).toEqual({
      maxDepth: 8,
      maxFields: 256,
      maxStringBytes: 65536,
      maxPayloadBytes: 1048576,
    });
    expect(() => resolvePayloadLimits({ maxDepth: 0 })).toThrow(
      'option "maxDepth" must be a positive integer, got 0',
    );
  });
});
