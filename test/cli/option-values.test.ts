import { describe, expect, it } from 'vitest';
import { numberValue, parseTime, textValue, timeValue, UsageError } from '../../src/cli/index.js';

describe('timeValue', () => {
  const read = timeValue('--duration');

  it.each([
    ['0.3', 300],
    ['10', 10_000],
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5min', 90_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(read(text, undefined)).toBe(ms);
  });

  it.each(['0', '0s', '-1', 'abc', '', ' ', 'Infinity', 'NaN', '1e2', '12ticks', '5h'])(
    'refuses %j, naming the option and the value',
    (text) => {
      expect(() => read(text, undefined)).toThrow(
        new UsageError(
          `--duration: expected a number of seconds > 0, got ${JSON.stringify(text)} (or a time with its unit: 500ms, 10s, 2min)`,
          '--duration',
        ),
      );
    },
  );

  it('refuses an option given twice', () => {
    expect(() => read('1s', 1000)).toThrow(
      new UsageError('option --duration was given more than once', '--duration'),
    );
  });
});

describe('numberValue and textValue', () => {
  const port = numberValue('--port', { expected: 'a port 0..65535', min: 0, max: 65535, integer: true });

  it('reads a number in its range, refuses one outside it, naming the option', () => {
    expect(port('4280', undefined)).toBe(4280);
    for (const bad of ['-1', '65536', '1.5', 'x', ''])
      expect(() => port(bad, undefined)).toThrow(
        new UsageError(`--port: expected a port 0..65535, got ${JSON.stringify(bad)}`, '--port'),
      );
    expect(() => port('1', 2)).toThrow('option --port was given more than once');
  });

  it('refuses an empty text value', () => {
    expect(textValue('--out', 'a file path')('a.ndjson', undefined)).toBe('a.ndjson');
    expect(() => textValue('--out', 'a file path')('', undefined)).toThrow(
      new UsageError('--out: expected a file path, got ""', '--out'),
    );
  });

  it('parseTime names what it reads', () => {
    expect(() => parseTime('soon', 'interval')).toThrow(/^interval: expected a number of seconds > 0/);
  });
});
