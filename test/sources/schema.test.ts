import { describe, expect, it } from 'vitest';
import {
  CompiledSchema,
  PayloadGate,
  type SourceContext,
  type SourceSchema,
  SourceSupervisor,
} from '../../src/sources/index.js';
import { flushPromises, RecordingSink } from './helpers.js';

const SCHEMA: SourceSchema = {
  fields: {
    'cpu.load': { type: 'number', min: 0, max: 100, onOutOfRange: 'clamp', rename: 'cpu', required: true },
    temp: { type: 'number', min: -40, max: 125 },
    label: { type: 'string' },
    on: { type: 'boolean' },
  },
  unknownFields: 'drop',
};

/** A supervised source whose context the test writes through, as a transport would. */
async function gated(schema: SourceSchema) {
  const sink = new RecordingSink();
  let ctx: SourceContext | undefined;
  const sup = new SourceSupervisor(
    {
      id: 'sensor',
      kind: 'test',
      start: async (c) => {
        ctx = c;
      },
      stop: async () => undefined,
    },
    { sink, schema, onError: () => undefined },
  );
  sup.start();
  await flushPromises();
  return { sink, sup, ctx: ctx as SourceContext };
}

describe('per-source schema', () => {
  it('checks types and ranges, clamps or rejects, renames, and drops unknown fields', async () => {
    const { sink, sup, ctx } = await gated(SCHEMA);
    expect(ctx.deliver({ cpu: { load: 150 }, temp: 20, extra: 'x' }, 1)).toBe(0);
    expect(ctx.deliver({ cpu: { load: -3 }, label: 'kitchen', on: true }, 1)).toBe(1);
    expect(ctx.deliver({ cpu: { load: 50 }, temp: 300 }, 1)).toBe(-1);
    expect(ctx.deliver({ cpu: { load: '50' } }, 1)).toBe(-1);
    expect(ctx.deliver({ temp: 20 }, 1)).toBe(-1);
    expect(ctx.deliver({ cpu: { load: 10 }, on: 'yes' }, 1)).toBe(-1);
    expect(sink.points.map((p) => p.data)).toEqual([
      { cpu: 100, temp: 20 },
      { cpu: 0, label: 'kitchen', on: true },
    ]);
    const m = sup.metrics();
    expect(m.refused['out-of-range']).toBe(1);
    expect(m.refused['wrong-type']).toBe(2);
    expect(m.refused['missing-field']).toBe(1);
  });

  it('rejects unknown fields with unknownFields: reject, naming the field', async () => {
    const events: string[] = [];
    const { sup, ctx } = await gated({ fields: { a: { type: 'number' } }, unknownFields: 'reject' });
    sup.on('refused', (e) => events.push(`${e.reason} ${e.field} ${e.message}`));
    expect(ctx.deliver({ a: 1, b: 2 }, 1)).toBe(-1);
    expect(events).toEqual(['unknown-field b field "b" is not in the schema, got 2']);
  });

  it('still refuses what the generic checks refuse before the schema sees it', async () => {
    const { sup, ctx } = await gated(SCHEMA);
    const hostile = JSON.parse('{"__proto__":{"polluted":1},"cpu":{"load":1}}') as unknown;
    expect(ctx.deliver(hostile, 1)).toBe(-1);
    expect(ctx.deliver({ cpu: { load: Number.NaN } }, 1)).toBe(-1);
    expect(sup.metrics().refused['forbidden-key']).toBe(1);
    expect(sup.metrics().refused['non-finite']).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a bad schema at construction, naming the option and the value', () => {
    expect(() => new CompiledSchema({ fields: { a: { type: 'date' as 'number' } } })).toThrow(
      /schema\.fields\["a"\]\.type: expected "number", "string" or "boolean", got "date"/,
    );
    expect(() => new CompiledSchema({ fields: { a: { type: 'number', min: 5, max: 1 } } })).toThrow(
      /\.max: expected a number >= min/,
    );
    expect(() => new CompiledSchema({ fields: { a: { type: 'number', rename: '__proto__' } } })).toThrow(
      /\.rename/,
    );
    expect(() => new CompiledSchema({ fields: { 'a.__proto__': { type: 'number' } } })).toThrow(
      /prototype segments/,
    );
    expect(() => new CompiledSchema({ fields: {}, unknownFields: 'maybe' as 'keep' })).toThrow(
      /unknownFields/,
    );
  });
});

describe('PayloadGate.decode', () => {
  const gate = new PayloadGate({ maxPayloadBytes: 64, maxDepth: 3 });
  it.each([
    ['21.5', 'temp', { temp: 21.5 }],
    [' -1e3 ', 'temp', { temp: -1000 }],
    ['{"a":1}', undefined, { a: 1 }],
    ['{"a":1}', 'k', { k: { a: 1 } }],
    ['"on"', 'k', { k: 'on' }],
  ])('decodes %j under key %s', (text, key, expected) => {
    expect(gate.decode(text, key)).toEqual(expected);
  });

  it.each([
    ['NaN', 'temp', 'non-finite'],
    ['-Infinity', 'temp', 'non-finite'],
    ['{"a":', undefined, 'bad-json'],
    [`{"a":"${'x'.repeat(100)}"}`, undefined, 'too-large'],
    ['[[[[1]]]]', undefined, 'too-deep'],
  ])('refuses %j under key %s as %s', (text, key, reason) => {
    expect(() => gate.decode(text, key)).toThrow(expect.objectContaining({ reason }));
  });
});
