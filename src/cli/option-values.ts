/**
 * Typed readers of option values, used as commander `argParser`s: numbers with their range, and
 * times with their unit. Every mistake is a `UsageError` naming the option, what it expected and what
 * it got. An option given twice is an error rather than a silent "last one wins".
 */
import { parseDuration } from '../config/duration.js';
import { shown, UsageError } from './usage-error.js';

/** What a number option must be. */
export interface NumberRule {
  /** Human words for the message: `a whole number > 0`. */
  readonly expected: string;
  /** Smallest allowed value. */
  readonly min?: number;
  /** `min` itself is not allowed. Default false. */
  readonly exclusiveMin?: boolean;
  readonly max?: number;
  /** Only whole numbers. Default false. */
  readonly integer?: boolean;
}

/** Parse a number against a rule; the error names `what` (an option or a spec part). */
export function parseNumber(text: string, rule: NumberRule, what: string): number {
  const n = text.trim() === '' ? Number.NaN : Number(text);
  const ok =
    Number.isFinite(n) &&
    (rule.integer !== true || Number.isInteger(n)) &&
    (rule.min === undefined || (rule.exclusiveMin === true ? n > rule.min : n >= rule.min)) &&
    (rule.max === undefined || n <= rule.max);
  if (!ok) throw new UsageError(`${what}: expected ${rule.expected}, got ${shown(text)}`, what);
  return n;
}

/**
 * A wall-clock time > 0 in ms: a bare number is seconds (`10`, `0.5`), or the unit is in the value
 * (`500ms`, `10s`, `2min`). Ticks are refused: they are not a wall-clock time.
 */
export function parseTime(text: string, what: string): number {
  const trimmed = text.trim();
  let ms = Number.NaN;
  try {
    const d = parseDuration(/^\d+(\.\d+)?$/.test(trimmed) ? `${trimmed}s` : trimmed);
    if (typeof d !== 'number') ms = d.ms;
  } catch {}
  if (!(ms > 0) || !Number.isFinite(ms))
    throw new UsageError(
      `${what}: expected a number of seconds > 0, got ${shown(text)} (or a time with its unit: 500ms, 10s, 2min)`,
      what,
    );
  return ms;
}

/** A commander argument parser: `(value, previous)`; `previous` is set when the option came before. */
export type ValueParser<T> = (value: string, previous: T | undefined) => T;

function once<T>(option: string, read: (text: string) => T): ValueParser<T> {
  return (value, previous) => {
    if (previous !== undefined) throw new UsageError(`option ${option} was given more than once`, option);
    return read(value);
  };
}

/** `--name N`: a number checked against `rule`. */
export const numberValue = (option: string, rule: NumberRule): ValueParser<number> =>
  once(option, (text) => parseNumber(text, rule, option));

/** `--name TIME`: ms, from `10`, `0.5`, `500ms`, `10s` or `2min`. */
export const timeValue = (option: string): ValueParser<number> =>
  once(option, (text) => parseTime(text, option));

/** `--name TEXT`: a non-empty string (`expected` says what it is: `a file path`). */
export const textValue = (option: string, expected: string): ValueParser<string> =>
  once(option, (text) => {
    if (text === '') throw new UsageError(`${option}: expected ${expected}, got ""`, option);
    return text;
  });
