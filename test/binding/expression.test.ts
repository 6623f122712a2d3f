import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError } from '../../src/binding/index.js';

function evalWith(src: string, values: Record<string, unknown>): boolean {
  const keys = Object.keys(values);
  return compileExpression(src, keys).test({ tick: 0, value: undefined, values, previous: {} });
}

describe('CEL expression conditions', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['cpu > 80 && mem > 85', { cpu: 90, mem: 90 }, true],
    ['cpu > 80 && mem > 85', { cpu: 90, mem: 80 }, false],
    ['any(cpu > 80, mem > 85, disk > 90)', { cpu: 10, mem: 10, disk: 95 }, true],
    ['any(cpu > 80, mem > 85, disk > 90)', { cpu: 10, mem: 10, disk: 10 }, false],
    ['all(cpu > 1, mem > 1)', { cpu: 2, mem: 2 }, true],
    ['all(cpu > 1, mem > 1)', { cpu: 2, mem: 0 }, false],
    ['cpu + 1 > 80 && cpu * 2 >= 160', { cpu: 80 }, true],
    ['cpu == 80', { cpu: 80 }, true],
    ['state == "playing" || state in ["paused", "buffering"]', { state: 'paused' }, true],
    ['sensors.cpu.temp >= 70.5', { 'sensors.cpu.temp': 71 }, true],
    ['!(cpu < 10) ? cpu > 50 : false', { cpu: 60 }, true],
  ])('%s over %j is %s', (src, values, expected) => {
    expect(evalWith(src, values)).toBe(expected);
  });

  function refused(src: string, keys: string[] = ['cpu', 'mem']): ExpressionError {
    try {
      compileExpression(src, keys);
    } catch (err) {
      expect(err).toBeInstanceOf(ExpressionError);
      return err as ExpressionError;
    }
    throw new Error(`expected ${src} to be refused`);
  }

  it('refuses an unknown key at registration, with its position', () => {
    const err = refused('cpu > 80 && disk > 90');
    expect(err.position).toBe(12);
    expect(err.message).toMatch(/unknown key "disk" at position 12; known keys: cpu, mem/);
  });

  it('refuses a syntax error at registration, with its position', () => {
    const err = refused('cpu > > 80');
    expect(err.position).toBe(6);
    expect(err.message).toMatch(/syntax error at position 6/);
  });

  it.each([
    ['this.constructor', /unknown key "this.constructor" at position 0/],
    ['cpu.constructor', /unknown key "cpu.constructor"/],
    ['cpu.__proto__ == null', /unknown key "cpu.__proto__"/],
    ['cpu["__proto__"] > 1', /"\[\]" is not allowed/],
    ['constructor.constructor("return process")()', /./],
    ['mem.size() > 1', /"rcall" is not allowed/],
    ['{"a": 1}.a > 0', /./],
    ['cpu + "x" > 1', /type error/],
    ['"abc" + "d"', /must give a bool, it gives string/],
  ])('refuses the hostile or wrong expression %s', (src, message) => {
    expect(refused(src).message).toMatch(message);
  });

  it('refuses very long input before parsing it', () => {
    const long = `cpu > 1${' && cpu > 1'.repeat(200)}`;
    expect(long.length).toBeGreaterThan(1000);
    expect(refused(long).message).toMatch(/characters long, the limit is 1000/);
    const deep = `${'('.repeat(200)}cpu > 1${')'.repeat(200)}`;
    expect(refused(deep, ['cpu']).message).toMatch(/maxDepth|syntax error/);
  });

  it('refuses keys that cannot be named, and overlapping keys', () => {
    expect(() => compileExpression('x > 1', ['cpu-temp'])).toThrow(/cannot be named in an expression/);
    expect(() => compileExpression('x > 1', ['in'])).toThrow(/cannot be named/);
    expect(() => compileExpression('a > 1', ['a', 'a.b'])).toThrow(/overlap/);
  });

  it('throws at evaluation when the result is not a boolean or a value has the wrong type', () => {
    const c = compileExpression('cpu > 1', ['cpu']);
    expect(() => c.test({ tick: 0, value: 'x', values: { cpu: 'x' }, previous: {} })).toThrow(
      /no such overload/,
    );
  });
});
