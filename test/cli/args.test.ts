import { describe, expect, it } from 'vitest';
import { numberOption, type OptionSpecs, parseArgs, SECONDS, UsageError } from '../../src/cli/index.js';

const specs: OptionSpecs = {
  out: { kind: 'value', short: 'o', placeholder: 'FILE', help: 'output' },
  duration: { kind: 'value', placeholder: 'SECONDS', help: 'duration' },
  offset: { kind: 'value', help: 'may be negative' },
  fast: { kind: 'flag', help: 'fast' },
};

const parse = (argv: string[]) => {
  const r = parseArgs(argv, specs);
  return { positionals: [...r.positionals], options: Object.fromEntries(r.options) };
};

describe('parseArgs', () => {
  const valid: [string[], ReturnType<typeof parse>][] = [
    [[], { positionals: [], options: {} }],
    [['synthetic'], { positionals: ['synthetic'], options: {} }],
    [['synthetic', '--out', 'a.ndjson'], { positionals: ['synthetic'], options: { out: 'a.ndjson' } }],
    [['--out=a.ndjson', 'synthetic'], { positionals: ['synthetic'], options: { out: 'a.ndjson' } }],
    [['-o', 'a.ndjson', 'x'], { positionals: ['x'], options: { out: 'a.ndjson' } }],
    [['--fast', 'x', '--duration', '0.5'], { positionals: ['x'], options: { fast: true, duration: '0.5' } }],
    [['--offset', '-3'], { positionals: [], options: { offset: '-3' } }],
    [['--out='], { positionals: [], options: { out: '' } }],
    [['-'], { positionals: ['-'], options: {} }],
    [['--out', '-'], { positionals: [], options: { out: '-' } }],
    [['--', '--fast', '-o'], { positionals: ['--fast', '-o'], options: {} }],
  ];
  it.each(valid)('parses %j', (argv, expected) => {
    expect(parse(argv)).toEqual(expected);
  });

  // [argv, the argument the error names, a phrase of the message]
  const invalid: [string[], string, string][] = [
    [['--bogus'], '--bogus', 'unknown option "--bogus"'],
    [['--bogus=1'], '--bogus=1', 'unknown option "--bogus"'],
    [['-x'], '-x', 'unknown option "-x"'],
    [['-ox'], '-ox', 'short options are one letter'],
    [['--out'], '--out', 'option --out expects a value (FILE), got nothing'],
    [['--out', '--fast'], '--out', 'option --out expects a value (FILE), got "--fast"'],
    [['--fast=yes'], '--fast', 'option --fast takes no value, got "yes"'],
    [['--fast', '--fast'], '--fast', 'option --fast was given more than once'],
    [['-o', 'a', '--out', 'b'], '--out', 'option --out was given more than once'],
  ];
  it.each(invalid)('refuses %j, naming %s', (argv, argument, phrase) => {
    let caught: unknown;
    try {
      parseArgs(argv, specs);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).argument).toBe(argument);
    expect((caught as UsageError).message).toContain(phrase);
  });
});

describe('numberOption', () => {
  const read = (value: string) => numberOption(parseArgs(['--duration', value], specs), 'duration', SECONDS);

  it.each([
    ['0.3', 0.3],
    ['10', 10],
    ['1e2', 100],
  ])('reads %s seconds as %d', (text, n) => {
    expect(read(text)).toBe(n);
  });

  it.each(['0', '-1', 'abc', '', ' ', 'Infinity', 'NaN', '1s'])(
    'refuses %j, naming the option and the value',
    (text) => {
      expect(() => read(text)).toThrow(
        new UsageError(
          `--duration: expected a number of seconds > 0, got ${JSON.stringify(text)}`,
          '--duration',
        ),
      );
    },
  );

  it('is undefined when the option is absent', () => {
    expect(numberOption(parseArgs([], specs), 'duration', SECONDS)).toBeUndefined();
  });
});
