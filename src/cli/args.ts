/**
 * A tiny command-line parser: `--name value`, `--name=value`, boolean `--flag`, short aliases (`-o
 * FILE`), `--` to end the options. Every mistake is a `UsageError` naming the option and what it
 * expected. Values stay strings here; the typed readers below check ranges with the same wording.
 */
import { shown, UsageError } from './usage-error.js';

/** One option a command accepts. */
export interface OptionSpec {
  /** `flag`: takes no value. `value`: takes exactly one. */
  readonly kind: 'flag' | 'value';
  /** One-letter alias, without the dash (`o` for `-o`). */
  readonly short?: string;
  /** Placeholder shown in the help text (`SECONDS`, `FILE`). */
  readonly placeholder?: string;
  /** One line for the help text, with the unit and the default. */
  readonly help: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What `parseArgs` found: positionals in order, options by long name (flags are `true`). */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
}

function lookupShort(specs: OptionSpecs, letter: string): string | undefined {
  for (const name of Object.keys(specs)) if (specs[name]?.short === letter) return name;
  return undefined;
}

/**
 * Parse `argv` (without the node and script paths) against `specs`. A lone `-` is a positional (it
 * often means stdin). An option given twice is an error rather than a silent "last one wins".
 */
export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  let i = 0;
  const set = (name: string, value: string | true, typed: string): void => {
    if (options.has(name)) throw new UsageError(`option --${name} was given more than once`, typed);
    options.set(name, value);
  };
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      if (!Object.hasOwn(specs, name)) throw new UsageError(`unknown option ${shown(`--${name}`)}`, arg);
    } else {
      if (arg.length !== 2)
        throw new UsageError(`unknown option ${shown(arg)} (short options are one letter)`, arg);
      name = lookupShort(specs, arg.slice(1));
      if (name === undefined) throw new UsageError(`unknown option ${shown(arg)}`, arg);
    }
    const spec = specs[name] as OptionSpec;
    if (spec.kind === 'flag') {
      if (inline !== undefined)
        throw new UsageError(`option --${name} takes no value, got ${shown(inline)}`, `--${name}`);
      set(name, true, arg);
      continue;
    }
    if (inline !== undefined) {
      set(name, inline, arg);
      continue;
    }
    const next = argv[i + 1];
    // A negative number is a value; any other dash-word is the next option, so the value is missing.
    if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next)))
      throw new UsageError(
        `option --${name} expects a value (${spec.placeholder ?? 'VALUE'}), got ${next === undefined ? 'nothing' : shown(next)}`,
        `--${name}`,
      );
    set(name, next, arg);
    i++;
  }
  return { positionals, options };
}

/** A string option, or undefined when absent. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  if (v === true) throw new UsageError(`option --${name} expects a value`, `--${name}`);
  return v;
}

export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true;
}

/** What a number option must be. */
export interface NumberRule {
  /** Human words for the message: `a number of seconds > 0`. */
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

/** A number option, or undefined when absent. */
export function numberOption(args: ParsedArgs, name: string, rule: NumberRule): number | undefined {
  const v = stringOption(args, name);
  return v === undefined ? undefined : parseNumber(v, rule, `--${name}`);
}

/** Seconds > 0, the unit of every duration option. */
export const SECONDS: NumberRule = { expected: 'a number of seconds > 0', min: 0, exclusiveMin: true };
